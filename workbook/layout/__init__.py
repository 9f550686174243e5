"""Where everything sits in the workbook: the one description every other part reads.

The builder lays the sheets out from it, the filler writes into it, the reader reads back from
it, and the macros and the audit turn an engine finding (a logical field such as `得分` on
indicator row 6) into a cell address with :func:`finding_cell`. No other module names a cell.

A project sheet (columns A–I print as the official form; J onwards are the clerk's helpers)::

    1   项目支出绩效自评表
    2   （2023 年度）
    3   项目名称 | …
    4   主管部门 | … | 实施单位 | …
    5   项目资金（万元） |  | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
    6–9 年度资金总额 / 其中：本年财政拨款 / 上年结转资金 / 其他资金
    10  年度总体目标 | 预期目标 | 实际完成情况
    11  (the two goal texts)
    12  绩效指标 | 一级 | 二级 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…
    13–87  75 indicator rows
    88  总分 | 分值合计 | 总分 | 等级
"""

from __future__ import annotations

from dataclasses import dataclass

from pyfuncs.engine.model import FUND_COLUMNS, FUND_ROWS, INDICATOR_FIELDS

# --- project sheet ----------------------------------------------------------------------------
TITLE = "项目支出绩效自评表"
PRINT_COLUMNS = "ABCDEFGHI"
COLUMN_WIDTHS = {"A": 6, "B": 17, "C": 15, "D": 28, "E": 17, "F": 17, "G": 8, "H": 9, "I": 28,
                 "J": 60, "K": 12, "L": 28, "M": 18, "N": 2, "O": 16, "P": 10, "Q": 10}

YEAR_CELL = "A2"
FUND_HEADER_ROW = 5
FUND_ROW_OF = {name: 6 + i for i, name in enumerate(FUND_ROWS)}      # 年度资金总额 → 6 …
FUND_COLUMN_OF = dict(zip(FUND_COLUMNS, "CDE", strict=True))         # 年初预算数 → C …
GOAL_HEADER_ROW, GOAL_ROW = 10, 11
TABLE_HEADER_ROW = 12
FIRST_ROW = 13
ROOM = 75                                                            # the seed's largest form
LAST_ROW = FIRST_ROW + ROOM - 1
TOTAL_ROW = LAST_ROW + 1
INDICATOR_COLUMN_OF = dict(zip(INDICATOR_FIELDS, "BCDEFGHI", strict=True))  # 一级 → B …

# Helper columns, outside the print area.
CHECK_COLUMN = "J"        # =JX_CHECK(…) per indicator row
BAND_COLUMN = "K"         # =JX_BAND(…)
PARSE_COLUMN = "L"        # =JX_PARSE(年度指标值)
GROUP_COLUMN = "M"        # the row's 一级 label, carried down over blank labels
FORM_CHECK_CELL = "J6"    # =JX_FORM_CHECK(…): funding block, group and total weights
SUBTOTAL_COLUMNS = ("O", "P", "Q")   # 一级指标 | 分值合计 | 得分合计
# above the indicator table, so copying an indicator row never copies a subtotal line
SUBTOTAL_HEADER_ROW, SUBTOTAL_FIRST_ROW = 5, 6

# Logical fields (the engine's Finding.field and the data format's keys) → cells.
CELLS: dict[str, str] = {
    "项目名称": "B3",
    "主管部门": "B4",
    "实施单位": "F4",
    "年度": YEAR_CELL,
    "预期目标": f"B{GOAL_ROW}",
    "实际完成情况": f"F{GOAL_ROW}",
    "资金.分值": "F6",
    "资金.执行率": "G6",
    "资金.得分": "H6",
    "总分.分值": f"G{TOTAL_ROW}",
    "总分.得分": f"H{TOTAL_ROW}",
    "等级": f"I{TOTAL_ROW}",
}
for _row, _r in FUND_ROW_OF.items():
    for _col, _c in FUND_COLUMN_OF.items():
        CELLS[f"资金.{_row}.{_col}"] = f"{_c}{_r}"

# Cells a clerk types into (the rest is labels or formulas and stays locked).
INPUT_CELLS: tuple[str, ...] = (
    "项目名称", "主管部门", "实施单位", "年度", "预期目标", "实际完成情况", "资金.分值",
    *(f"资金.{r}.{c}" for r in FUND_ROWS[1:] for c in FUND_COLUMNS),
)


def indicator_cell(field: str, index: int) -> str:
    """The cell of `field` (一级 … 偏差原因) on indicator row `index` (0-based)."""
    return f"{INDICATOR_COLUMN_OF[field]}{FIRST_ROW + index}"


def finding_cell(field: str, row: int | None) -> str:
    """The cell an engine finding points at.

    Args:
        field: `Finding.field` (`得分`, `资金.年度资金总额.全年预算数`, `总分.分值`…).
        row: `Finding.row`, the indicator index, or None.
    """
    if row is not None and field in INDICATOR_COLUMN_OF:
        return indicator_cell(field, row)
    return CELLS.get(field, CELLS["项目名称"])


# --- 目录 (the cover list) --------------------------------------------------------------------
INDEX_SHEET = "目录"
INDEX_UNIT_CELL = "A1"             # 安庆市经济和信息化局本级
INDEX_HEADER_ROW = 3
INDEX_FIRST_ROW = 4
PROJECT_ROOM = 30
INDEX_COLUMNS = {"序号": "A", "项目名称": "B", "备注": "C",
                 "工作表": "E", "执行率": "F", "总分": "G", "等级": "H"}
INDEX_WIDTHS = {"A": 8, "B": 60, "C": 24, "D": 2, "E": 24, "F": 10, "G": 10, "H": 8}

# --- 汇总 (one row per project) ----------------------------------------------------------------
SUMMARY_SHEET = "汇总"
SUMMARY_HEADER_ROW = 2
SUMMARY_FIRST_ROW = 3
SUMMARY_COLUMNS = {"序号": "A", "项目名称": "B", "全年预算数": "C", "全年执行数": "D",
                   "执行率": "E", "资金得分": "F", "总分": "G", "等级": "H", "错误": "I",
                   "警告": "J"}
SUMMARY_WIDTHS = {"A": 6, "B": 48, "C": 12, "D": 12, "E": 10, "F": 10, "G": 10, "H": 8,
                  "I": 8, "J": 8}
SUMMARY_TOTAL_ROW = SUMMARY_FIRST_ROW + PROJECT_ROOM

# --- the other sheets --------------------------------------------------------------------------
BLANK_SHEET = "空白项目"            # copied by 新增项目
LISTS_SHEET = "选项"                # dropdown lists (hidden)
CONF_SHEET = "xlwings.conf"         # read by the xlwings add-in (hidden)
UDF_MODULE = "pyfuncs.udfs"

# Every sheet of a workbook that is not a project form.
NOT_PROJECT_SHEETS = frozenset({INDEX_SHEET, SUMMARY_SHEET, BLANK_SHEET, LISTS_SHEET, CONF_SHEET})
# What a final, values-only copy leaves out: the sheet to copy and xlwings' settings.
NOT_IN_FINAL_COPY = (BLANK_SHEET, CONF_SHEET)

LIST_NAMES = {"一级": "一级指标", "二级": "二级指标", "实际完成值": "完成档次"}

# Every JX_ formula names the scoring profile through this defined name (a cell on 选项), so a
# workbook keeps the rules it was built for, and a bureau can switch them in one place.
PROFILE_NAME = "评分配置"
PROFILE_LABEL_CELL, PROFILE_CELL = "E1", "E2"


@dataclass(frozen=True)
class ProjectRef:
    """A project sheet as the cover list and the summary refer to it."""

    sheet: str
    name: str
    note: str = ""
