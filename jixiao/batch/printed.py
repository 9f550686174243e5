"""What `jixiao audit` prints, as the results come: the table or the JSON document.

A few inputs are printed at the end, as one table aligned to its contents (or one JSON
document), exactly as before. Past :data:`STREAM_FROM` inputs — a folder of received forms —
the results are printed as each file is done: the table in fixed column widths (the widest the
short table allows), file by file, and the JSON document with its findings written as they
come, the project lines kept in a temporary file until the findings are all out, and 单位 and
年度 last (they are known only at the end). Memory then stays flat however many files there
are.
"""

from __future__ import annotations

import sys
from typing import TextIO

from pyfuncs.engine.findings import CATALOGUE, SEVERITY_LABELS
from pyfuncs.engine.record import asdict
from services.formats import INPUT

from ..terminal import lines, width
from .audit import NAME_COLUMNS, PLACE_COLUMNS, format_table, place
from .report import as_json, sort_key
from .results import AuditResult

STREAM_FROM = 20
"""Inputs printed together at the end; from one more on, results are printed as they come."""

HEADERS = ("文件", "项目", "位置", "代码", "严重程度", "说明")
WIDTHS = (NAME_COLUMNS, NAME_COLUMNS, PLACE_COLUMNS,
          max(width(c) for c in [*CATALOGUE, INPUT, "代码"]),
          max(width(s) for s in [*SEVERITY_LABELS.values(), "严重程度"]), 0)


class Printer:
    """Hand it each input's result (`printer(part)`), then `close(total)`."""

    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.held: list[AuditResult] | None = []      # None once streaming

    def __call__(self, part: AuditResult) -> None:
        if self.held is not None:
            self.held.append(part)
            if len(self.held) <= STREAM_FROM:
                return
            held, self.held = self.held, None
            self.start()
            for p in held:
                self.write(p)
            return
        self.write(part)

    def close(self, total: AuditResult) -> None:
        if self.held is not None:
            whole = AuditResult(unit=total.unit, year=total.year, profile=total.profile)
            for p in self.held:
                whole.add(p)
            print(self.whole(whole), file=self.out)      # print, as before
        else:
            self.finish(total)
        self.out.flush()

    def _clear_progress(self) -> None:
        """The progress bar's line on a terminal, cleared before lines are printed under it."""
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")

    # one way of printing each
    def whole(self, result: AuditResult) -> str:
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError

    def write(self, part: AuditResult) -> None:
        raise NotImplementedError

    def finish(self, total: AuditResult) -> None:
        raise NotImplementedError


class TablePrinter(Printer):
    """The findings table, with a 文件 column when printed as it comes."""

    def whole(self, result: AuditResult) -> str:
        return format_table(result)

    def start(self) -> None:
        self._clear_progress()
        self.out.write(lines([HEADERS], WIDTHS)[0] + "\n")

    def write(self, part: AuditResult) -> None:
        if not part.rows:
            return
        rows = [[r.file, r.project or "—", place(r), r.code, r.severity_label, r.message]
                for r in sorted(part.rows, key=sort_key)]
        self._clear_progress()
        self.out.write("\n".join(lines(rows, WIDTHS)) + "\n")
        self.out.flush()

    def finish(self, total: AuditResult) -> None:
        self._clear_progress()
        self.out.write(total.totals + "\n")


class JsonPrinter(Printer):
    """The JSON document of :func:`jixiao.batch.report.as_json`; as it comes, its keys in
    another order: 评分配置, 检查结果, 项目, 单位, 年度."""

    def whole(self, result: AuditResult) -> str:
        return as_json(result)

    def start(self) -> None:
        import tempfile  # (random, shutil…) only for --json

        self.findings = 0
        self.projects = 0
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (closed in finish)
        self.out.write(f"{{\n  \"评分配置\": {_dump(self.profile)},\n  \"检查结果\": [")

    def __init__(self, profile: str, out: TextIO | None = None) -> None:
        super().__init__(out)
        self.profile = profile

    def write(self, part: AuditResult) -> None:
        for r in part.rows:
            self.out.write(("," if self.findings else "") + "\n" + _item(asdict(r)))
            self.findings += 1
        for p in part.projects:
            self.spool.write(("," if self.projects else "") + "\n" + _item(asdict(p)))
            self.projects += 1
        self.out.flush()

    def finish(self, total: AuditResult) -> None:
        self.out.write("\n  ]," if self.findings else "],")
        self.out.write("\n  \"项目\": [")
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 16):
            self.out.write(chunk)
        self.spool.close()
        self.out.write("\n  ]," if self.projects else "],")
        self.out.write(f"\n  \"单位\": {_dump(total.unit)},\n  \"年度\": {_dump(total.year)}\n}}\n")


def _dump(value: object) -> str:
    import json  # --json only: the table on the terminal does without it

    return json.dumps(value, ensure_ascii=False)


def _item(value: object) -> str:
    """One element of a list two levels down, as `json.dumps(..., indent=2)` lays it out."""
    import json

    text = json.dumps(value, ensure_ascii=False, indent=2)
    return "\n".join("    " + line for line in text.split("\n"))   # "\n" only: see Spool
