"""The 检查结果 sheet: a summary line, a header, then one line per finding.

检查全部 (the macro) writes it into the open workbook and `jixiao audit --report` into its
report workbook, from the same description and the same cells
(:func:`workbook.results_sheet.result_cells`), so the two read alike and a clerk who knows one
knows the other. The 文件 column names the workbook a finding is in: the open workbook itself
for the macro, each audited file for the report.
"""

from __future__ import annotations

from ..formula import col_letter

SHEET = "检查结果"
SUMMARY_CELL = "A1"
HEADER_ROW = 2
FIRST_ROW = 3
COLUMNS = {"文件": "A", "工作表": "B", "项目": "C", "单元格": "D", "代码": "E", "严重程度": "F",
           "说明": "G"}
WIDTHS = {"A": 24, "B": 24, "C": 40, "D": 12, "E": 24, "F": 10, "G": 100}
LAST_COLUMN = "G"


def block(last_row: int) -> str:
    """The sheet's cells from the top down to `last_row`, for one read."""
    return f"A1:{LAST_COLUMN}{last_row}"


# A plain table (the audit report's 项目汇总): titles on row 1, frozen below them.
TABLE_FREEZE = "A2"


def table_span(columns: int, rows: int) -> str:
    """The titles and `rows` lines of a plain table `columns` wide (its auto-filter)."""
    return f"A1:{column_letter(columns)}{max(1, rows + 1)}"


def column_letter(k: int) -> str:
    """Column `k` (1-based) as its letter."""
    return col_letter(k)


# The audit report (`jixiao audit --report`): its 检查结果 carries the same columns, a title
# line on top (unit, year, date, profile), and prints A4 landscape, one page wide.
REPORT_TITLE_ROW = 1          # the 检查结果 summary cell holds the report's title line
REPORT_COLUMN_WIDTHS = {"A": 20, "B": 16, "C": 34, "D": 10, "E": 22, "F": 9, "G": 80}
PROJECTS_SHEET = "项目汇总"
CODES_SHEET = "问题分类"
CHART_ANCHOR_GAP = 2          # columns between a table and the chart beside it


def title_span() -> str:
    """The report's title line, across every column (so it shows when a column is hidden)."""
    return f"{SUMMARY_CELL}:{LAST_COLUMN}{REPORT_TITLE_ROW}"


def cell(row: int, col: int) -> str:
    """The address of (row, col), 1-based."""
    return f"{column_letter(col)}{row}"


def print_titles(row: int) -> str:
    """The rows repeated on every printed page: `row` alone."""
    return f"{row}:{row}"
