"""Rows grow as the clerk types: the template leaves its indicator rows to the spreadsheet's own
height, so a long drop-down value typed in LibreOffice shows whole (fill still sets heights for
what it writes itself)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from tests_support import needs_lo

from localc.edits import SetCells
from localc.jobs import edit_and_recalculate
from pyfuncs.engine import load_profile
from workbook import layout as L
from workbook.build import build_template
from workbook.heights import lines_needed

LONG = next(t.label for t in load_profile().tiers if len(t.label) > 12)   # the list's longest


def test_the_template_fixes_no_indicator_row_height(tmp_path: Path) -> None:
    ws = load_workbook(build_template(tmp_path / "t.xlsm"))["项目1"]
    assert all(ws.row_dimensions[r].height is None for r in L.indicator_rows())
    assert ws.protection.formatRows is False   # not locked: rows may be shown, fitted


@needs_lo
def test_a_long_dropdown_value_shows_whole_in_libreoffice(tmp_path: Path) -> None:
    template = build_template(tmp_path / "t.xlsm")
    long_cell, short_cell = (L.indicator_cell("实际完成值", i) for i in (0, 1))
    out = edit_and_recalculate(template, tmp_path / "typed.xlsx",
                               [SetCells("项目1", {long_cell: LONG, short_cell: "达成"})])
    ws = load_workbook(out)["项目1"]
    grown, short = (ws.row_dimensions[r].height for r in (L.FIRST_ROW, L.FIRST_ROW + 1))
    lines = lines_needed(LONG, L.column_width("实际完成值"))
    assert lines >= 2
    assert grown >= lines * 12 > short          # every line of 10-point text, not one
