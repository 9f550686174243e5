"""The data workbook (`jixiao data-template`, `extract -o x.xlsx`): its 说明 sheet's cells and the
shape of its two tables, 项目 and 指标 (titles on row 1, one record a line below)."""

from __future__ import annotations

from ..formula import col_letter

PROJECTS, INDICATORS, NOTES = "项目", "指标", "说明"

NOTES_TITLE_CELL = "A1"
NOTES_UNIT_LABEL_CELL = "A3"
UNIT_CELL = "B3"
NOTES_FIRST_LINE_ROW = 5
NOTES_LABEL_COLUMN, NOTES_TEXT_COLUMN = "A", "B"
NOTES_WIDTHS = {NOTES_LABEL_COLUMN: 12, NOTES_TEXT_COLUMN: 60}

HEADER_ROW = 1
TABLE_FREEZE = "B2"        # titles and the project name stay in view


def column_letter(k: int) -> str:
    """Column `k` (0-based, as the tables count their titles) as its letter."""
    return col_letter(k + 1)


def notes_line(k: int) -> str:
    """The cell of the `k`-th line (0-based) of the filling-in notes."""
    return f"{NOTES_LABEL_COLUMN}{NOTES_FIRST_LINE_ROW + k}"
