"""The corpus of published forms (tests/data/real_forms/) as workbooks, and the ways a clerk's
copy of a form differs from the published one (mutations): shifted to another row and column,
relabelled with other spellings of the same labels, columns added. Shared by the reader's tests
and benchmarks/real_forms.py."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries

from workbook.labels import key

CORPUS = Path(__file__).parent / "data" / "real_forms"
FORMS = sorted(CORPUS.glob("*.json"))
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_A1 = re.compile(r"^([A-Z]+)(\d+)$")

Doc = dict
CellMap = Callable[[str], str]


def load(path: Path) -> Doc:
    return json.loads(path.read_text(encoding="utf-8"))


def as_workbook(doc: Doc, path: Path) -> Path:
    """The transcribed grid as a one-sheet workbook, as a unit's clerk would have kept it:
    plain numbers as numbers, everything else as text, merges as transcribed."""
    wb = Workbook()
    ws = wb.active
    ws.title = "自评表"
    for r, row in enumerate(doc["grid"], start=1):
        for c, text in enumerate(row, start=1):
            if text == "":
                continue
            cell = ws.cell(r, c)
            cell.value = float(text) if _NUMBER.match(text.strip()) else text
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"
    for span in doc["merged"]:
        ws.merge_cells(span)
    wb.save(path)
    return path


def _move(a1: str, dr: int, dc: int, at_col: int | None = None) -> str:
    """A cell moved down `dr` rows and right `dc` columns (only columns ≥ `at_col`, if given)."""
    m = _A1.match(a1)
    if not m:
        return a1
    col = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(m.group(1))))
    if at_col is None or col >= at_col:
        col += dc
    return f"{get_column_letter(col)}{int(m.group(2)) + dr}"


def _span(span: str, dr: int, dc: int, at_col: int | None = None) -> str:
    c0, r0, c1, r1 = range_boundaries(span)
    return (f"{_move(f'{get_column_letter(c0)}{r0}', dr, dc, at_col)}:"
            f"{_move(f'{get_column_letter(c1)}{r1}', dr, dc, at_col)}")


def shifted(doc: Doc, rows: int = 3, cols: int = 2) -> tuple[Doc, CellMap]:
    """The form pasted lower and further right on the sheet."""
    out = copy.deepcopy(doc)
    width = len(doc["grid"][0]) + cols
    out["grid"] = [[""] * width for _ in range(rows)] + [[""] * cols + r for r in doc["grid"]]
    out["merged"] = [_span(s, rows, cols) for s in doc["merged"]]
    return out, lambda a1: _move(a1, rows, cols)


# Other spellings of our own labels, as clerks and other provinces write them.
RELABEL = {
    "项目名称": "1.项目名称:", "年初预算数": "①年初预算数(A)", "全年预算数": "全年\n预算数（B）",
    "全年执行数": "全年 执行数(C)", "分值": "分 值", "执行率": "执行率(C/B)", "得分": "得分：",
    "一级指标": "一级\n指标", "三级指标": "(三)三级指标", "年度指标值": "年度指标值（A）",
    "实际完成值": "实际完成值(B)", "偏差原因分析及改进措施": "偏差原因分析\n及改进措施",
    "年度资金总额": "年度资金总额：", "总分": "总 分",
}


def relabelled(doc: Doc) -> tuple[Doc, CellMap]:
    """Labels respelt: numbering, suffixes, full-width brackets, spaces and line breaks."""
    out = copy.deepcopy(doc)
    by_key = {key(k): v for k, v in RELABEL.items()}
    for row in out["grid"]:
        for c, text in enumerate(row):
            if text and key(text) in by_key and len(text) <= 16:
                row[c] = by_key[key(text)]
    return out, lambda a1: a1


def _header_row(doc: Doc) -> int:
    return next(r for r, row in enumerate(doc["grid"])
                if any(key(t) in ("一级指标", "三级指标") for t in row))


def with_columns(doc: Doc) -> tuple[Doc, CellMap]:
    """A method column before the table's 得分 (or its last) column, and a blank column and a
    备注 column at the right: none of them is data."""
    out = copy.deepcopy(doc)
    head = _header_row(doc)
    width = len(doc["grid"][0])
    labels = [key(t) for t in doc["grid"][head]]
    at = labels.index("得分") if "得分" in labels else width - 1        # 0-based
    for r, row in enumerate(out["grid"]):
        method = ""
        if r == head:
            method = "评分标准"
        elif r > head and any(row):
            method = "完成值达到指标值记满分，未达到按比例计分"
        row.insert(at, method)
        row.extend(["", "备注" if r == head else ""])
    out["merged"] = [_span(s, 0, 1, at + 1) for s in doc["merged"]]
    return out, lambda a1: _move(a1, 0, 1, at + 1)


MUTATIONS: dict[str, Callable[[Doc], tuple[Doc, CellMap]]] = {
    "shifted": shifted, "relabelled": relabelled, "extra-columns": with_columns,
}
