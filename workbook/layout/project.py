"""A project sheet: the official form's grid (columns A–I print), its formulas, and the clerk's
helper columns (J onwards) — every cell described once.

::

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

from functools import lru_cache

from pyfuncs.engine import Profile
from pyfuncs.engine.findings import ERROR, NO_FINDINGS, SEVERITY_LABELS
from pyfuncs.engine.model import FUND_COLUMNS, FUND_ROWS, INDICATOR_FIELDS
from pyfuncs.engine.record import replace

from ..formula import Expr, F, Name, Ref, col_letter, parse_ref
from ..formula.tree import col_number
from .sheet import (
    FORMULA,
    HELPER,
    INPUT,
    LABEL,
    Conditional,
    Locking,
    Look,
    PageSetup,
    SheetSpec,
    Validation,
    span,
)

TITLE = "项目支出绩效自评表"
PRINT_COLUMNS = "ABCDEFGHI"
# A–I print at PRINT_SCALE on A4 portrait: 117 units, 819 pixels in Excel (7 a unit) and 869 in
# LibreOffice (7.43, Carlito's unrounded digit), 521 points at 80 % of the 537 between the
# margins. A: four characters of label; B: 其中：本年财政拨款 on one line; F: 达成预期指标 on one
# line; G: 100.0% even in a fallback font wider than 宋体; the rest to the texts (三级指标,
# 偏差原因).
COLUMN_WIDTHS = {"A": 9, "B": 18, "C": 11, "D": 20, "E": 12, "F": 14, "G": 8, "H": 7, "I": 18,
                 "J": 60, "K": 12, "L": 28, "M": 18, "N": 2, "O": 16, "P": 10, "Q": 10}

TITLE_CELL = "A1"
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

# Long texts and the merged spans they wrap in (fill sets row heights from their widths).
NAME_ROW = 3
TEXT_SPANS = {"项目名称": "B3:I3", "预期目标": f"B{GOAL_ROW}:E{GOAL_ROW}",
              "实际完成情况": f"F{GOAL_ROW}:I{GOAL_ROW}"}


def span_width(field: str) -> float:
    """The width (Excel units) of the merged span a long text field wraps in."""
    first, last = (parse_ref(a) for a in TEXT_SPANS[field].split(":"))
    return float(sum(COLUMN_WIDTHS[col_letter(c)] for c in range(first.col, last.col + 1)))


def column_width(field: str) -> float:
    """The width of an indicator field's column."""
    return float(COLUMN_WIDTHS[INDICATOR_COLUMN_OF[field]])


# Cells a clerk types into (the rest is labels or formulas and stays locked).
INPUT_CELLS: tuple[str, ...] = (
    "项目名称", "主管部门", "实施单位", "年度", "预期目标", "实际完成情况", "资金.分值",
    *(f"资金.{r}.{c}" for r in FUND_ROWS[1:] for c in FUND_COLUMNS),
)
# The 一级/二级 names stand on a group's first row only, as on the printed form.
FUND_LABELS = {"年度资金总额": "年度资金总额：", "本年财政拨款": "其中：本年财政拨款",
               "上年结转资金": "上年结转资金", "其他资金": "其他资金"}
HEADERS = {"一级": "一级指标", "二级": "二级指标", "三级": "三级指标", "年度指标值": "年度指标值",
           "实际完成值": "实际完成值", "分值": "分值", "得分": "得分",
           "偏差原因": "偏差原因分析及改进措施"}
HELPER_TITLES = {CHECK_COLUMN: "检查结果", BAND_COLUMN: "可得分范围",
                 PARSE_COLUMN: "年度指标值理解为", GROUP_COLUMN: "所属一级指标"}
FORM_CHECK_TITLE = "整表检查结果"
SUBTOTAL_TITLES = ("一级指标", "分值合计", "得分合计")
LIST_NAMES = {"一级": "一级指标", "二级": "二级指标", "实际完成值": "完成档次"}

# Every JX_ formula names the scoring profile through this defined name (a cell on 选项), so a
# workbook keeps the rules it was built for, and a bureau can switch them in one place.
PROFILE_NAME = "评分配置"
PROFILE = Name(PROFILE_NAME)

# Looks (names of the styles in workbook.styles).
FRAME = Look(font="body", align="center", border=True, locked=True)
TYPE_HERE = {"fill": "input", "locked": False}
HELPER_HEADER = Look(font="bold", fill="header", align="center", border=True)
HELPER_CELL = Look(font="helper", fill="helper", align="left")


def _form_block() -> str:
    """`A1:…` over every cell of the form the layout names: what a reader reads in one go."""
    refs = [parse_ref(a) for a in (*CELLS.values(), f"{PRINT_COLUMNS[-1]}{LAST_ROW}")]
    return f"A1:{col_letter(max(r.col for r in refs))}{max(r.row for r in refs)}"


@lru_cache(maxsize=4096)
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


FORM_BLOCK = _form_block()
SCORE_BLOCK = f"{indicator_cell('得分', 0)}:{indicator_cell('得分', ROOM - 1)}"


def ref(field: str) -> Ref:
    """The cell of a logical field as a formula reference."""
    return parse_ref(CELLS[field])


def _row(field: str, r: int) -> Ref:
    """The cell of an indicator field on sheet row `r`."""
    return Ref(r, col_number(INDICATOR_COLUMN_OF[field]))


def column_span(field_or_column: str, first: int = FIRST_ROW, last: int = LAST_ROW):
    """An indicator-table column (by field or letter) from `first` to `last`."""
    col = INDICATOR_COLUMN_OF.get(field_or_column, field_or_column)
    return span(f"{col}{first}", f"{col}{last}")


def _typed_on(r: int, *fields: str) -> Expr:
    """How many of the row's cells (by field) hold something typed; 得分 counts only a number,
    since its own formula shows "" on an empty row."""
    inputs = [_row(f, r) for f in fields if f != "得分"]
    spans = _runs(inputs)
    count = F.COUNTA(*spans)
    return count + F.COUNT(_row("得分", r)) if "得分" in fields else count


def _runs(refs: list[Ref]) -> list[Expr]:
    """Neighbouring cells of a row joined into spans (`E13:G13`, `I13`)."""
    out: list[Expr] = []
    start = prev = refs[0]
    for ref_ in [*refs[1:], None]:
        if ref_ is not None and ref_.col == prev.col + 1:
            prev = ref_
            continue
        out.append(start if start == prev else start.to(prev))
        if ref_ is not None:
            start = prev = ref_
    return out


def when_typed(r: int, fields: tuple[str, ...], expr: Expr) -> Expr:
    """`expr` on a row where any of `fields` holds something, else "" — a native guard, so an
    empty row of the table calls no worksheet function at all."""
    return F.IF(_typed_on(r, *fields).eq(0), "", expr)


SCORED_BY = ("年度指标值", "实际完成值", "分值")
# Kept as typed (text format): Excel and Calc would store a typed `95%` as 0.95 in a General
# cell, and `1/2` as a date.
TYPED_AS_TEXT = ("年度指标值", "实际完成值")
CHECKED_BY = ("年度指标值", "实际完成值", "分值", "得分", "偏差原因")
ANY_FIELD = ("一级", "二级", "三级", *CHECKED_BY)


def score_formula(r: int) -> Expr:
    """The 得分 cell's own formula on row `r`: the suggested score, until a clerk types one."""
    return when_typed(r, SCORED_BY, F.JX_SCORE(*(_row(f, r) for f in SCORED_BY), PROFILE))


@lru_cache(maxsize=8)
def project_spec(profile: Profile) -> SheetSpec:
    """The description of an empty project sheet for `profile` (its funding 分值, 执行率
    denominator and first-level groups)."""
    s = SheetSpec(widths=dict(COLUMN_WIDTHS))
    for r in range(3, TOTAL_ROW + 1):
        for c in PRINT_COLUMNS:
            s.put(f"{c}{r}", look=FRAME)
    _header(s)
    _funding(s, profile)
    _goals(s)
    _indicators(s)
    _total(s)
    _helpers(s, profile)
    _validations(s)
    _conditionals(s)
    s.page = PageSetup(area=PRINT_AREA, title_rows=(TABLE_HEADER_ROW, TABLE_HEADER_ROW),
                       landscape=False, scale=PRINT_SCALE, centered=True, margins=MARGINS,
                       footer=footer(None), zoom=90, first_page_number=1)
    # (False: not locked) a clerk may show the indicator rows fill hid, or fit a row's height
    s.locking = Locking(sheet=True, insert_rows=False, delete_rows=False, format_rows=False,
                        format_columns=False, format_cells=False)
    return s


@lru_cache(maxsize=8)
def header_spec(profile: Profile) -> SheetSpec:
    """The title, the funding block and the indicator table's header row of a project sheet,
    as :func:`project_spec` describes them, without the indicator rows and their formulas:
    what a reader recognises a project sheet by, at a small part of the whole description's
    cost (one audited file need not build it)."""
    s = SheetSpec(widths=dict(COLUMN_WIDTHS))
    _header(s)
    _funding(s, profile)
    _indicator_header(s)
    return s


@lru_cache(maxsize=8)
def blank_spec(profile: Profile) -> SheetSpec:
    """空白项目, the sheet 新增项目 copies: a project sheet that is hidden and has no print area,
    so it never prints (LibreOffice prints a hidden sheet that has a print area)."""
    spec = project_spec(profile)
    return replace(spec, page=replace(spec.page, area=None), hidden=True)


# --- printing ------------------------------------------------------------------------------------

PRINT_AREA = f"A1:{PRINT_COLUMNS[-1]}{TOTAL_ROW}"
MARGINS = (0.4, 0.4, 0.5, 0.5, 0.3, 0.3)        # inches: left right top bottom header footer
# A4 portrait like the official form, at a stated scale rather than "one page wide": the scale
# is then the same in Excel and LibreOffice whatever their fonts measure, and fill plans the
# pages at it (workbook.pages). 80 % prints the 10-point text at 8 points (小五 is 9, 六号 7.5):
# still read comfortably on paper, and a project of 15–20 indicator rows fits on one page.
PRINT_SCALE = 80


def footer(pages: int | None) -> str:
    """The page footer: `第 N 页 共 M 页` of this project. With `pages` unknown, M is the
    program's own page count (&N), which LibreOffice counts over the whole workbook."""
    return f"第 &P 页 共 {'&N' if pages is None else pages} 页"


def unused_rows(used: int) -> tuple[int, ...]:
    """The indicator rows past the `used` ones: hidden, so 总分 prints right after the last
    row in use. An empty form keeps its first row, so the table shows where to type."""
    return tuple(range(FIRST_ROW + max(used, 1), LAST_ROW + 1))


def indicator_rows() -> range:
    """Every sheet row of the indicator table."""
    return range(FIRST_ROW, LAST_ROW + 1)


def _label(s: SheetSpec, at: str, text: str, *, bold: bool = False) -> None:
    s.put(at, role=LABEL, value=text, look={"font": "bold" if bold else "body", "fill": "header"})


def _input(s: SheetSpec, at: str, field: str | None, *, align: str = "center",
           number_format: str | None = None) -> None:
    s.put(at, role=INPUT, field=field, look={**TYPE_HERE, "align": align})
    if number_format:
        s.put(at, number_format=number_format)


def _header(s: SheetSpec) -> None:
    s.put(TITLE_CELL, role=LABEL, value=TITLE, look={"font": "title", "align": "center"})
    s.merge("A1:I1")
    s.put(YEAR_CELL, look={"font": "subtitle"})
    _input(s, YEAR_CELL, "年度", number_format="year")
    s.merge("A2:I2")
    s.heights.update({1: 32, 2: 22, 3: 24, 4: 24})
    _label(s, "A3", "项目名称", bold=True)
    _input(s, CELLS["项目名称"], "项目名称", align="left")
    s.merge(TEXT_SPANS["项目名称"])
    _label(s, "A4", "主管部门", bold=True)
    _input(s, CELLS["主管部门"], "主管部门", align="left")
    s.merge("B4:D4")
    _label(s, "E4", "实施单位", bold=True)
    _input(s, CELLS["实施单位"], "实施单位", align="left")
    s.merge("F4:I4")


def _funding(s: SheetSpec, profile: Profile) -> None:
    head = FUND_HEADER_ROW
    _label(s, f"A{head}", "项目资金（万元）", bold=True)
    s.merge(f"A{head}:A{head + len(FUND_ROWS)}")
    _label(s, f"B{head}", "")
    for name, col in FUND_COLUMN_OF.items():
        _label(s, f"{col}{head}", name, bold=True)
    for col, text in (("F", "分值"), ("G", "执行率"), ("H", "得分")):
        _label(s, f"{col}{head}", text, bold=True)
    s.merge(f"H{head}:I{head}")
    s.heights[head] = 24

    total_row = FUND_ROW_OF[FUND_ROWS[0]]
    first, last = FUND_ROW_OF[FUND_ROWS[1]], FUND_ROW_OF[FUND_ROWS[-1]]
    for name, r in FUND_ROW_OF.items():
        s.put(f"B{r}", role=LABEL, value=FUND_LABELS[name], look={"align": "left"})
        for col_name, col in FUND_COLUMN_OF.items():
            at = f"{col}{r}"
            if r == total_row:     # blank until something is typed below
                parts = span(f"{col}{first}", f"{col}{last}")
                s.put(at, role=FORMULA, expr=F.IF(F.COUNT(parts).eq(0), "", F.SUM(parts)),
                      number_format="General")
            else:
                _input(s, at, f"资金.{name}.{col_name}", number_format="General")
        if r != total_row:
            s.put(f"F{r}", role=LABEL, value="—")
        s.merge(f"H{r}:I{r}")
        s.heights[r] = 20

    executed = ref("资金.年度资金总额.全年执行数")
    budget = ref(f"资金.年度资金总额.{profile.denominator}")
    weight = ref("资金.分值")
    s.put(CELLS["资金.分值"], value=profile.funding_weight)
    _input(s, CELLS["资金.分值"], "资金.分值")
    # native guards: with both amounts blank the functions show "" anyway, so an untouched
    # sheet (空白项目) calls none of them
    amounts = F.COUNT(executed, budget).eq(0)
    s.put(CELLS["资金.执行率"], role=FORMULA, number_format="percent",
          expr=F.IF(amounts, "", F.JX_EXEC_RATE(executed, budget, PROFILE)))
    s.put(CELLS["资金.得分"], role=FORMULA, number_format="score",
          expr=F.IF(amounts, "", F.JX_FUND_SCORE(executed, budget, weight, PROFILE)))


def _goals(s: SheetSpec) -> None:
    head, row = GOAL_HEADER_ROW, GOAL_ROW
    _label(s, f"A{head}", "年度总体目标", bold=True)
    s.merge(f"A{head}:A{row}")
    _label(s, f"B{head}", "预期目标", bold=True)
    s.merge(f"B{head}:E{head}")
    _label(s, f"F{head}", "实际完成情况", bold=True)
    s.merge(f"F{head}:I{head}")
    for field in ("预期目标", "实际完成情况"):
        _input(s, CELLS[field], field, align="left_top")
        s.merge(TEXT_SPANS[field])
    s.heights.update({head: 20, row: 60})


def _indicator_header(s: SheetSpec) -> None:
    head = TABLE_HEADER_ROW
    _label(s, f"A{head}", "绩效指标", bold=True)
    s.put(f"A{head}", look={"align": "center_top"})    # on the first printed page
    s.merge(f"A{head}:A{LAST_ROW}")
    for field, col in INDICATOR_COLUMN_OF.items():
        _label(s, f"{col}{head}", HEADERS[field], bold=True)
    s.heights[head] = 28


def _indicators(s: SheetSpec) -> None:
    _indicator_header(s)
    left = {"三级", "偏差原因"}
    for r in range(FIRST_ROW, LAST_ROW + 1):
        for field, col in INDICATOR_COLUMN_OF.items():
            if field == "得分":
                continue
            _input(s, f"{col}{r}", field, align="left" if field in left else "center",
                   number_format="text" if field in TYPED_AS_TEXT else None)
        # a clerk may type over the suggested score
        s.put(f"{INDICATOR_COLUMN_OF['得分']}{r}", role=FORMULA, field="得分",
              expr=score_formula(r), number_format="score", look=FRAME.but(**TYPE_HERE))
        # no height: the row grows as the clerk types (fill sets heights for what it wrote)


def _total(s: SheetSpec) -> None:
    _label(s, f"A{TOTAL_ROW}", "总分", bold=True)
    s.merge(f"A{TOTAL_ROW}:F{TOTAL_ROW}")
    fund_weight, fund_score = ref("资金.分值"), ref("资金.得分")
    weights, scores = column_span("分值"), column_span("得分")
    s.put(CELLS["总分.分值"], role=FORMULA, expr=fund_weight + F.SUM(weights))
    s.put(CELLS["总分.得分"], role=FORMULA,
          expr=F.IF(F.ISNUMBER(fund_score), fund_score + F.SUM(scores), ""),
          number_format="score")
    total = ref("总分.得分")
    s.put(CELLS["等级"], role=FORMULA, number_format="grade",
          expr=F.IF(total.eq(""), "", F.JX_GRADE(total, PROFILE)))
    for field in ("总分.分值", "总分.得分", "等级"):
        s.put(CELLS[field], look={"font": "bold"})
    s.heights[TOTAL_ROW] = 24


def _helpers(s: SheetSpec, profile: Profile) -> None:
    """Columns beyond the print area: each row's check, band, reading and group."""
    for col, text in HELPER_TITLES.items():
        s.put(f"{col}{TABLE_HEADER_ROW}", role=HELPER, value=text, look=HELPER_HEADER)
    s.put(f"{CHECK_COLUMN}{FUND_HEADER_ROW}", role=HELPER, value=FORM_CHECK_TITLE,
          look=HELPER_HEADER)
    # amounts and 分值 only: 执行率 and 得分 are our own formulas, and an error there (a budget
    # of 0) would keep LibreOffice from calling the check that explains it
    block = span(CELLS["资金.年度资金总额.年初预算数"], f"F{FUND_ROW_OF[FUND_ROWS[-1]]}")
    table = span(f"B{FIRST_ROW}", f"I{LAST_ROW}")
    # nothing typed in the amounts or the table (the 分值 holds the profile's): no check, and
    # no call
    amounts = span(CELLS[f"资金.{FUND_ROWS[1]}.{FUND_COLUMNS[0]}"],
                   CELLS[f"资金.{FUND_ROWS[-1]}.{FUND_COLUMNS[-1]}"])
    labels_to_weights = span(indicator_cell("一级", 0), indicator_cell("分值", ROOM - 1))
    typed = F.COUNTA(amounts, labels_to_weights, column_span("偏差原因")) + \
        F.COUNT(column_span("得分"))
    s.put(FORM_CHECK_CELL, role=HELPER, look=HELPER_CELL,
          expr=F.IF(typed.eq(0), "",
                    F.JX_FORM_CHECK(block, table, ref("总分.得分"), PROFILE)))
    s.merge(f"{FORM_CHECK_CELL}:{CHECK_COLUMN}{GOAL_ROW}")
    labels_top = parse_ref(f"B{FIRST_ROW}").fixed()
    for r in range(FIRST_ROW, LAST_ROW + 1):
        e, f, g, h, i = (_row(x, r) for x in ("年度指标值", "实际完成值", "分值", "得分", "偏差原因"))
        cells = {
            # 得分 passed through IFERROR: JX_CHECK reads an error there as "not computed" anyway,
            # and LibreOffice would not call it at all with an error among its arguments
            CHECK_COLUMN: when_typed(r, CHECKED_BY,
                                     F.JX_CHECK(e, f, g, F.IFERROR(h, ""), i, PROFILE)),
            BAND_COLUMN: when_typed(r, SCORED_BY, F.JX_BAND(e, f, g, PROFILE)),
            PARSE_COLUMN: when_typed(r, ("年度指标值",), F.JX_PARSE(e, PROFILE)),
            # the last label from the top down to this row: right after rows are inserted
            GROUP_COLUMN: when_typed(r, ANY_FIELD,
                                     F.JX_GROUP(labels_top.to(_row("一级", r)), PROFILE)),
        }
        for col, expr in cells.items():
            s.put(f"{col}{r}", role=HELPER, expr=expr, look=HELPER_CELL)

    label, weights, scores = SUBTOTAL_COLUMNS
    for col, text in zip(SUBTOTAL_COLUMNS, SUBTOTAL_TITLES, strict=True):
        s.put(f"{col}{SUBTOTAL_HEADER_ROW}", role=HELPER, value=text, look=HELPER_HEADER)
    groups = column_span(GROUP_COLUMN).fixed()
    for i, group in enumerate(profile.groups):
        r = SUBTOTAL_FIRST_ROW + i
        name = parse_ref(f"{label}{r}")
        s.put(f"{label}{r}", role=HELPER, value=group.name, look=HELPER_CELL)
        s.put(f"{weights}{r}", role=HELPER, look=HELPER_CELL,
              expr=F.SUMIF(groups, name, column_span("分值").fixed()))
        s.put(f"{scores}{r}", role=HELPER, look=HELPER_CELL, number_format="score",
              expr=F.SUMIF(groups, name, column_span("得分").fixed()))


def _validations(s: SheetSpec) -> None:
    """Dropdowns (free text still accepted) and number checks on the input cells."""
    for field, name in LIST_NAMES.items():
        s.validations.append(Validation(column_span(field).address, "list", name))
    s.validations += [
        Validation(column_span("分值").address, "decimal", "0", "greaterThanOrEqual", "分值",
                   "分值应为不小于 0 的数字。"),
        Validation(column_span("得分").address, "decimal", "0", "greaterThanOrEqual", "得分",
                   "得分应为不小于 0 的数字，且不超过分值。"),
        Validation(f"{CELLS[f'资金.{FUND_ROWS[1]}.{FUND_COLUMNS[0]}']}:"
                   f"{CELLS[f'资金.{FUND_ROWS[-1]}.{FUND_COLUMNS[-1]}']}", "decimal", "0",
                   "greaterThanOrEqual", "项目资金", "资金栏填写金额（万元），应为不小于 0 的数字。"),
    ]


ERROR_MARK = f"【{SEVERITY_LABELS[ERROR]}】"


def reports_findings(check: Expr) -> Expr:
    """Whether a check cell reports something: neither blank (nothing to check) nor
    NO_FINDINGS — the sheet's side of :func:`pyfuncs.engine.findings.has_findings`."""
    return F.AND(check.ne(""), check.ne(NO_FINDINGS))


def _conditionals(s: SheetSpec) -> None:
    """Red for a score above its weight or an error in the row's check; yellow for a row with
    any finding, and for 执行率/得分 when the form check has an error."""
    score, weight = _row("得分", FIRST_ROW), _row("分值", FIRST_ROW)
    check = parse_ref(f"{CHECK_COLUMN}{FIRST_ROW}")
    over = F.AND(F.ISNUMBER(score), F.ISNUMBER(weight), score.gt(weight))
    s.conditionals += [
        Conditional(column_span("得分").address,
                    F.OR(over, F.ISNUMBER(F.SEARCH(ERROR_MARK, check))), "error",
                    font="error", stop=True),
        Conditional(f"B{FIRST_ROW}:I{LAST_ROW}",
                    reports_findings(Ref(check.row, check.col, abs_col=True)), "finding"),
        Conditional(f"{CELLS['资金.执行率']}:{CELLS['资金.得分']}",
                    F.ISNUMBER(F.SEARCH(ERROR_MARK, parse_ref(FORM_CHECK_CELL).fixed())),
                    "finding"),
    ]
