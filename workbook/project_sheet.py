"""One project sheet: the official form's grid, its formulas and a clerk's comforts.

Everything is placed through :mod:`workbook.layout`; the formulas call the JX_ worksheet
functions, so every number goes through the engine, and native SUM does the adding up.
"""

from __future__ import annotations

from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, Profile
from pyfuncs.engine.findings import fmt

from . import layout as L
from . import styles as S

FIRST, LAST, TOTAL = L.FIRST_ROW, L.LAST_ROW, L.TOTAL_ROW
P = L.PROFILE_NAME
_FUND_LABELS = {"年度资金总额": "年度资金总额：", "本年财政拨款": "其中：本年财政拨款",
                "上年结转资金": "上年结转资金", "其他资金": "其他资金"}
_HEADERS = {"一级": "一级指标", "二级": "二级指标", "三级": "三级指标", "年度指标值": "年度指标值",
            "实际完成值": "实际完成值", "分值": "分值", "得分": "得分",
            "偏差原因": "偏差原因分析及改进措施"}


def score_formula(r: int) -> str:
    """The 得分 cell's own formula on row `r`: the suggested score, until a clerk types one."""
    return f"=JX_SCORE(E{r},F{r},G{r},{P})"


def group_label(name: str, weight: float) -> str:
    """`产出指标 (50 分)`, as the seed writes a first-level label."""
    return f"{name} ({fmt(weight)} 分)"


def write_project_sheet(ws: Worksheet, profile: Profile) -> None:
    """Lay out an empty project form on `ws`: labels, formulas, styles, checks, print set-up.

    Args:
        ws: a new, empty worksheet.
        profile: decides the 执行率 denominator, the funding 分值 and the group labels.
    """
    for col, width in L.COLUMN_WIDTHS.items():
        ws.column_dimensions[col].width = width
    _frame(ws)
    _header(ws, profile)
    _funding(ws, profile)
    _goals(ws)
    _indicators(ws)
    _total(ws)
    _helpers(ws, profile)
    _validation(ws, profile)
    _conditional_formats(ws)
    _print_setup(ws)
    ws.protection.sheet = True           # no password: 审阅 → 撤销工作表保护
    ws.protection.insertRows = False     # clerks may insert indicator rows
    ws.protection.deleteRows = False
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.formatCells = False    # 检查全部 may colour cells without unprotecting


def _frame(ws: Worksheet) -> None:
    """Font, border and lock state of every cell of the printed grid."""
    for row in ws.iter_rows(min_row=3, max_row=TOTAL, max_col=len(L.PRINT_COLUMNS)):
        for cell in row:
            cell.font, cell.border, cell.alignment = S.BODY, S.GRID, S.CENTER
            cell.protection = S.LOCKED


def _label(ws: Worksheet, ref: str, text: str, *, bold: bool = False, fill: bool = True) -> None:
    cell = ws[ref]
    cell.value = text
    cell.font = S.BOLD if bold else S.BODY
    if fill:
        cell.fill = S.HEADER_FILL


def _input(ws: Worksheet, ref: str, *, align=S.CENTER, number_format: str | None = None) -> None:
    cell = ws[ref]
    cell.fill, cell.protection, cell.alignment = S.INPUT_FILL, S.UNLOCKED, align
    if number_format:
        cell.number_format = number_format


def _merge(ws: Worksheet, span: str) -> None:
    ws.merge_cells(span)


def _header(ws: Worksheet, profile: Profile) -> None:
    ws["A1"] = L.TITLE
    ws["A1"].font, ws["A1"].alignment = S.TITLE, S.CENTER
    _merge(ws, "A1:I1")
    year = ws[L.YEAR_CELL]
    year.font, year.number_format = S.SUBTITLE, S.YEAR
    _input(ws, L.YEAR_CELL, number_format=S.YEAR)
    _merge(ws, "A2:I2")
    ws.row_dimensions[1].height = 32
    ws.row_dimensions[2].height = 22
    _label(ws, "A3", "项目名称", bold=True)
    _input(ws, L.CELLS["项目名称"], align=S.LEFT)
    _merge(ws, "B3:I3")
    _label(ws, "A4", "主管部门", bold=True)
    _input(ws, L.CELLS["主管部门"], align=S.LEFT)
    _merge(ws, "B4:D4")
    _label(ws, "E4", "实施单位", bold=True)
    _input(ws, L.CELLS["实施单位"], align=S.LEFT)
    _merge(ws, "F4:I4")
    for r in (3, 4):
        ws.row_dimensions[r].height = 24


def _funding(ws: Worksheet, profile: Profile) -> None:
    head = L.FUND_HEADER_ROW
    _label(ws, f"A{head}", "项目资金（万元）", bold=True)
    _merge(ws, f"A{head}:A{head + len(FUND_ROWS)}")
    _label(ws, f"B{head}", "")
    for name, col in L.FUND_COLUMN_OF.items():
        _label(ws, f"{col}{head}", name, bold=True)
    for ref, text in (("F", "分值"), ("G", "执行率"), ("H", "得分")):
        _label(ws, f"{ref}{head}", text, bold=True)
    _merge(ws, f"H{head}:I{head}")
    ws.row_dimensions[head].height = 24

    total_row = L.FUND_ROW_OF["年度资金总额"]
    parts = [L.FUND_ROW_OF[n] for n in FUND_ROWS[1:]]
    for name, r in L.FUND_ROW_OF.items():
        ws[f"B{r}"] = _FUND_LABELS[name]
        ws[f"B{r}"].alignment = S.LEFT
        for col in L.FUND_COLUMN_OF.values():
            if r == total_row:
                rows = f"{col}{parts[0]}:{col}{parts[-1]}"   # blank until something is typed
                ws[f"{col}{r}"] = f'=IF(COUNT({rows})=0,"",SUM({rows}))'
                ws[f"{col}{r}"].number_format = S.AMOUNT
            else:
                _input(ws, f"{col}{r}", number_format=S.AMOUNT)
        if r != total_row:
            ws[f"F{r}"] = "—"
        _merge(ws, f"H{r}:I{r}")
        ws.row_dimensions[r].height = 20

    executed = L.CELLS["资金.年度资金总额.全年执行数"]
    budget = L.CELLS[f"资金.年度资金总额.{profile.denominator}"]
    weight = L.CELLS["资金.分值"]
    ws[weight] = profile.funding_weight
    _input(ws, weight)
    ws[L.CELLS["资金.执行率"]] = f"=JX_EXEC_RATE({executed},{budget},{P})"
    ws[L.CELLS["资金.执行率"]].number_format = S.PERCENT
    ws[L.CELLS["资金.得分"]] = f"=JX_FUND_SCORE({executed},{budget},{weight},{P})"
    ws[L.CELLS["资金.得分"]].number_format = S.SCORE


def _goals(ws: Worksheet) -> None:
    head, row = L.GOAL_HEADER_ROW, L.GOAL_ROW
    _label(ws, f"A{head}", "年度总体目标", bold=True)
    _merge(ws, f"A{head}:A{row}")
    _label(ws, f"B{head}", "预期目标", bold=True)
    _merge(ws, f"B{head}:E{head}")
    _label(ws, f"F{head}", "实际完成情况", bold=True)
    _merge(ws, f"F{head}:I{head}")
    _input(ws, L.CELLS["预期目标"], align=S.LEFT_TOP)
    _merge(ws, f"B{row}:E{row}")
    _input(ws, L.CELLS["实际完成情况"], align=S.LEFT_TOP)
    _merge(ws, f"F{row}:I{row}")
    ws.row_dimensions[head].height = 20
    ws.row_dimensions[row].height = 60


def _indicators(ws: Worksheet) -> None:
    head = L.TABLE_HEADER_ROW
    _label(ws, f"A{head}", "绩效指标", bold=True)
    ws[f"A{head}"].alignment = S.CENTER_TOP     # on the first printed page, not the middle one
    _merge(ws, f"A{head}:A{LAST}")
    for field, col in L.INDICATOR_COLUMN_OF.items():
        _label(ws, f"{col}{head}", _HEADERS[field], bold=True)
    ws.row_dimensions[head].height = 28
    left = {"三级", "偏差原因"}
    for r in range(FIRST, LAST + 1):
        for field, col in L.INDICATOR_COLUMN_OF.items():
            if field == "得分":
                continue
            _input(ws, f"{col}{r}", align=S.LEFT if field in left else S.CENTER)
        score = ws[f"H{r}"]
        score.value = score_formula(r)
        score.number_format = S.SCORE
        score.fill, score.protection = S.INPUT_FILL, S.UNLOCKED   # a clerk may type over it
        ws.row_dimensions[r].height = 20


def _total(ws: Worksheet) -> None:
    _label(ws, f"A{TOTAL}", "总分", bold=True)
    _merge(ws, f"A{TOTAL}:F{TOTAL}")
    fund_weight, fund_score = L.CELLS["资金.分值"], L.CELLS["资金.得分"]
    ws[L.CELLS["总分.分值"]] = f"={fund_weight}+SUM(G{FIRST}:G{LAST})"
    ws[L.CELLS["总分.得分"]] = (
        f'=IF(ISNUMBER({fund_score}),{fund_score}+SUM(H{FIRST}:H{LAST}),"")')
    ws[L.CELLS["总分.得分"]].number_format = S.SCORE
    grade = ws[L.CELLS["等级"]]
    grade.value = f"=JX_GRADE({L.CELLS['总分.得分']},{P})"
    grade.number_format = S.GRADE
    for ref in (L.CELLS["总分.分值"], L.CELLS["总分.得分"], L.CELLS["等级"]):
        ws[ref].font = S.BOLD
    ws.row_dimensions[TOTAL].height = 24


def _helpers(ws: Worksheet, profile: Profile) -> None:
    """Columns beyond the print area: each row's check, band, reading and group."""
    head = L.TABLE_HEADER_ROW
    titles = {L.CHECK_COLUMN: "检查结果", L.BAND_COLUMN: "可得分范围",
              L.PARSE_COLUMN: "年度指标值理解为", L.GROUP_COLUMN: "所属一级指标"}
    for col, text in titles.items():
        _helper_header(ws, f"{col}{head}", text)
    _helper_header(ws, f"{L.CHECK_COLUMN}{L.FUND_HEADER_ROW}", "整表检查结果")
    # amounts and 分值 only: 执行率 and 得分 are our own formulas, and an error there (a budget
    # of 0) would keep LibreOffice from calling the check that explains it
    block = f"{L.CELLS['资金.年度资金总额.年初预算数']}:F{L.FUND_ROW_OF['其他资金']}"
    table = f"B{FIRST}:I{LAST}"
    form_check = ws[L.FORM_CHECK_CELL]
    form_check.value = f"=JX_FORM_CHECK({block},{table},{L.CELLS['总分.得分']},{P})"
    _helper_cell(form_check)
    ws.merge_cells(f"{L.FORM_CHECK_CELL}:{L.CHECK_COLUMN}{L.GOAL_ROW}")
    g = L.GROUP_COLUMN
    for r in range(FIRST, LAST + 1):
        ws[f"{L.CHECK_COLUMN}{r}"] = f"=JX_CHECK(E{r},F{r},G{r},H{r},I{r},{P})"
        ws[f"{L.BAND_COLUMN}{r}"] = f"=JX_BAND(E{r},F{r},G{r},{P})"
        ws[f"{L.PARSE_COLUMN}{r}"] = f"=JX_PARSE(E{r},{P})"
        # the last label from the top down to this row: right after rows are inserted by hand
        ws[f"{g}{r}"] = f"=JX_GROUP($B${FIRST}:B{r},{P})"
        for col in (L.CHECK_COLUMN, L.BAND_COLUMN, L.PARSE_COLUMN, g):
            _helper_cell(ws[f"{col}{r}"])

    label, weights, scores = L.SUBTOTAL_COLUMNS
    for col, text in zip(L.SUBTOTAL_COLUMNS, ("一级指标", "分值合计", "得分合计"), strict=True):
        _helper_header(ws, f"{col}{L.SUBTOTAL_HEADER_ROW}", text)
    groups = f"${g}${FIRST}:${g}${LAST}"
    for i, group in enumerate(profile.groups):
        r = L.SUBTOTAL_FIRST_ROW + i
        ws[f"{label}{r}"] = group.name
        ws[f"{weights}{r}"] = f"=SUMIF({groups},{label}{r},$G${FIRST}:$G${LAST})"
        ws[f"{scores}{r}"] = f"=SUMIF({groups},{label}{r},$H${FIRST}:$H${LAST})"
        ws[f"{scores}{r}"].number_format = S.SCORE
        for col in L.SUBTOTAL_COLUMNS:
            _helper_cell(ws[f"{col}{r}"])


def _helper_header(ws: Worksheet, ref: str, text: str) -> None:
    cell = ws[ref]
    cell.value = text
    cell.font, cell.fill, cell.alignment, cell.border = S.BOLD, S.HEADER_FILL, S.CENTER, S.GRID


def _helper_cell(cell) -> None:
    cell.font, cell.alignment, cell.fill = S.HELPER, S.LEFT, S.HELPER_FILL


def _validation(ws: Worksheet, profile: Profile) -> None:
    """Dropdowns (free text still accepted) and number checks on the input cells."""
    def add(dv: DataValidation, cells: str) -> None:
        dv.sqref = MultiCellRange(cells)
        ws.add_data_validation(dv)

    lists = {"一级": L.LIST_NAMES["一级"], "二级": L.LIST_NAMES["二级"],
             "实际完成值": L.LIST_NAMES["实际完成值"]}
    for field, name in lists.items():
        col = L.INDICATOR_COLUMN_OF[field]
        add(DataValidation(type="list", formula1=name, allow_blank=True, showErrorMessage=False,
                           showInputMessage=False), f"{col}{FIRST}:{col}{LAST}")
    add(DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                       allow_blank=True, showErrorMessage=True, errorStyle="warning",
                       errorTitle="分值", error="分值应为不小于 0 的数字。"),
        f"G{FIRST}:G{LAST}")
    add(DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                       allow_blank=True, showErrorMessage=True, errorStyle="warning",
                       errorTitle="得分", error="得分应为不小于 0 的数字，且不超过分值。"),
        f"H{FIRST}:H{LAST}")
    first = L.CELLS[f"资金.{FUND_ROWS[1]}.{FUND_COLUMNS[0]}"]
    amounts = f"{first}:{L.CELLS[f'资金.{FUND_ROWS[-1]}.{FUND_COLUMNS[-1]}']}"
    add(DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                       allow_blank=True, showErrorMessage=True, errorStyle="warning",
                       errorTitle="项目资金",
                       error="资金栏填写金额（万元），应为不小于 0 的数字。"),
        amounts)


def _conditional_formats(ws: Worksheet) -> None:
    check, red, yellow = L.CHECK_COLUMN, S.ERROR_FILL, S.FINDING_FILL
    score_rule = FormulaRule(
        formula=[f'OR(AND(ISNUMBER(H{FIRST}),ISNUMBER(G{FIRST}),H{FIRST}>G{FIRST}),'
                 f'ISNUMBER(SEARCH("【错误】",{check}{FIRST})))'],
        fill=red, font=S.ERROR_FONT, stopIfTrue=True)
    ws.conditional_formatting.add(f"H{FIRST}:H{LAST}", score_rule)
    ws.conditional_formatting.add(
        f"B{FIRST}:I{LAST}", FormulaRule(formula=[f'${check}{FIRST}<>""'], fill=yellow))
    fund = L.FORM_CHECK_CELL
    ws.conditional_formatting.add(
        f"{L.CELLS['资金.执行率']}:{L.CELLS['资金.得分']}",
        FormulaRule(formula=[f'ISNUMBER(SEARCH("【错误】",${fund[0]}${fund[1:]}))'], fill=yellow))


def _print_setup(ws: Worksheet) -> None:
    ws.print_area = f"A1:I{TOTAL}"
    ws.print_title_rows = f"{L.TABLE_HEADER_ROW}:{L.TABLE_HEADER_ROW}"
    S.a4_one_page_wide(ws, landscape=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.3,
                                  footer=0.3)
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.sheet_view.zoomScale = 90
