"""Where everything sits in the workbook: the one description every other part reads.

Each sheet has a module describing every cell it holds — role, label text or logical field or
formula (as a tree, :mod:`workbook.formula`), look, merges, number formats, print set-up:
:mod:`.project` (a project form), :mod:`.lists` (目录 and 汇总), :mod:`.options` (the hidden
选项 sheet and the sheet names), :mod:`.results` (检查结果). The builder lays sheets out from
it, fill writes into it, readers read back from it, cached values are evaluated from its
formulas, and the macros and the audit turn an engine finding (a logical field such as `得分`
on indicator row 6) into a cell address with :func:`finding_cell`. No other module names a cell.
"""

from __future__ import annotations

from .lists import (
    INDEX_COLUMNS,
    INDEX_FIRST_ROW,
    INDEX_BLOCK,
    INDEX_HEADER_ROW,
    INDEX_LAST_ROW,
    INDEX_SHEET,
    INDEX_UNIT_CELL,
    INDEX_WIDTHS,
    PROJECT_ROOM,
    SUMMARY_COLUMNS,
    SUMMARY_FIRST_ROW,
    SUMMARY_HEADER_ROW,
    SUMMARY_SHEET,
    SUMMARY_TOTAL_ROW,
    SUMMARY_WIDTHS,
    ProjectRef,
    index_row_cells,
    index_spec,
    line_cells,
    summary_row_cells,
    summary_spec,
)
from .options import (
    BLANK_SHEET,
    CONF_SHEET,
    CONF_UDF_KEY,
    LISTS_SHEET,
    NOT_IN_FINAL_COPY,
    NOT_PROJECT_SHEETS,
    PROFILE_CELL,
    PROFILE_LABEL_CELL,
    UDF_MODULE,
    options_spec,
)
from .project import (
    BAND_COLUMN,
    CELLS,
    CHECK_COLUMN,
    COLUMN_WIDTHS,
    FIRST_ROW,
    FORM_BLOCK,
    FORM_CHECK_CELL,
    FUND_COLUMN_OF,
    FUND_HEADER_ROW,
    FUND_ROW_OF,
    GOAL_HEADER_ROW,
    GOAL_ROW,
    GROUP_COLUMN,
    INDICATOR_COLUMN_OF,
    INPUT_CELLS,
    LAST_ROW,
    LIST_NAMES,
    NAME_ROW,
    PARSE_COLUMN,
    PRINT_COLUMNS,
    PROFILE_NAME,
    ROOM,
    SCORE_BLOCK,
    SUBTOTAL_COLUMNS,
    SUBTOTAL_FIRST_ROW,
    SUBTOTAL_HEADER_ROW,
    TABLE_HEADER_ROW,
    TITLE,
    TOTAL_ROW,
    YEAR_CELL,
    column_width,
    finding_cell,
    indicator_cell,
    project_spec,
    score_formula,
    span_width,
)

__all__ = [
    "BAND_COLUMN", "BLANK_SHEET", "CELLS", "CHECK_COLUMN", "COLUMN_WIDTHS", "CONF_SHEET",
    "CONF_UDF_KEY", "FIRST_ROW", "FORM_BLOCK", "FORM_CHECK_CELL", "FUND_COLUMN_OF", "FUND_HEADER_ROW",
    "FUND_ROW_OF", "GOAL_HEADER_ROW", "GOAL_ROW", "GROUP_COLUMN", "INDEX_COLUMNS",
    "INDEX_BLOCK", "INDEX_FIRST_ROW", "INDEX_HEADER_ROW", "INDEX_LAST_ROW", "INDEX_SHEET", "INDEX_UNIT_CELL", "INDEX_WIDTHS",
    "INDICATOR_COLUMN_OF", "INPUT_CELLS", "LAST_ROW", "LISTS_SHEET", "LIST_NAMES", "NAME_ROW",
    "NOT_IN_FINAL_COPY", "NOT_PROJECT_SHEETS", "PARSE_COLUMN", "PRINT_COLUMNS", "PROFILE_CELL",
    "PROFILE_LABEL_CELL", "PROFILE_NAME", "PROJECT_ROOM", "ROOM", "SCORE_BLOCK", "SUBTOTAL_COLUMNS",
    "SUBTOTAL_FIRST_ROW", "SUBTOTAL_HEADER_ROW", "SUMMARY_COLUMNS", "SUMMARY_FIRST_ROW",
    "SUMMARY_HEADER_ROW", "SUMMARY_SHEET", "SUMMARY_TOTAL_ROW", "SUMMARY_WIDTHS",
    "TABLE_HEADER_ROW", "TITLE", "TOTAL_ROW", "UDF_MODULE", "YEAR_CELL", "ProjectRef",
    "column_width", "finding_cell", "index_row_cells", "index_spec", "indicator_cell", "line_cells",
    "options_spec", "project_spec", "score_formula", "span_width", "summary_row_cells", "summary_spec",
]
