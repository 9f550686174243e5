"""What an action tells the clerk: a result object, shown where the runtime can show it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyfuncs.engine.findings import Located

TITLE = "绩效自评表助手"


@dataclass
class Report:
    """The outcome of one action.

    Attributes:
        action: the action's Chinese name (检查全部 …).
        message: what the clerk is told, in Chinese.
        ok: False when the action refused or could not finish.
        counts: numbers worth asserting on (项目, 错误, 警告, 提示, 导入 …).
        details: further lines (problems of a data file, projects left out …).
        path: the file written or read, if any.
        sheet: the sheet created, if any.
        findings: what 检查全部 found, each placed on its cell.
    """

    action: str
    message: str
    ok: bool = True
    counts: dict[str, int] = field(default_factory=dict)
    details: list[str] = field(default_factory=list)
    path: Path | None = None
    sheet: str | None = None
    findings: list[Located] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The message with up to ten detail lines, as the alert shows it."""
        lines = [self.message, *self.details[:10]]
        if len(self.details) > 10:
            lines.append(f"……另有 {len(self.details) - 10} 条。")
        return "\n".join(lines)


def tell(book: Any, report: Report) -> Report:
    """Show the report: printed (xlwings Lite shows it in its output pane) and as a message box
    where the runtime has one (desktop Excel; the remote engine queues an `alert` action)."""
    print(report.text)
    with contextlib.suppress(Exception):   # no UI to show it in: the return value still has it
        book.app.alert(report.text, title=f"{TITLE} · {report.action}", buttons="ok",
                       mode="info" if report.ok else "critical")
    return report


def refused(book: Any, action: str, message: str, **kwargs: Any) -> Report:
    """A Chinese refusal, shown and returned (bad input never raises at the clerk)."""
    return tell(book, Report(action, message, ok=False, **kwargs))
