"""The cells of the 检查结果 sheet, for every writer of it.

The macro 检查全部 writes these cells through xlwings and `jixiao audit --report` through
openpyxl; both get them from :func:`result_cells`, laid out by :mod:`workbook.layout.results`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pyfuncs.engine.findings import Located

from .cells import Formula
from .layout import results as R
from .names import quoted

_ADDRESS = re.compile(r"\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6}")


def is_address(text: object) -> bool:
    """Whether `text` is one cell's address (`H19`), not a place in a data file."""
    return isinstance(text, str) and _ADDRESS.fullmatch(text) is not None


def link(sheet: str, cell: str) -> Formula:
    """A HYPERLINK formula that jumps to `cell` on `sheet` (works in every Excel and in WPS)."""
    target = f"#{quoted(sheet)}!{cell}".replace('"', '""')
    return Formula(f'=HYPERLINK("{target}","{cell}")')


def result_cells(found: Sequence[Located], summary: str, *,
                 linked_file: str | None = None) -> dict[str, object]:
    """Address → value for the whole sheet: `summary`, the header, one line per finding.

    Args:
        found: the findings, in the order they are listed.
        summary: the line above the header (how many projects, errors, warnings …).
        linked_file: the workbook the sheet is in: a finding on a cell of this file gets a
            link that jumps to the cell. Findings in other files show the cell as text.
    """
    cells: dict[str, object] = {R.SUMMARY_CELL: summary}
    cells.update({f"{col}{R.HEADER_ROW}": title for title, col in R.COLUMNS.items()})
    for k, f in enumerate(found):
        here = linked_file is not None and f.file == linked_file and f.sheet and is_address(f.cell)
        line = {"文件": f.file, "工作表": f.sheet, "项目": f.project,
                "单元格": link(f.sheet, f.cell) if here else f.cell, "代码": f.code,
                "严重程度": f.severity_label, "说明": f.message}
        r = R.FIRST_ROW + k
        cells.update({f"{R.COLUMNS[title]}{r}": value for title, value in line.items()})
    return cells
