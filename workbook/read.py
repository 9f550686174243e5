"""Reading a project sheet of our template back into a :class:`Form`.

A cell still holding its formula (得分 = JX_SCORE, 执行率, 总分) means "not stated": the form
uses the computed value. A number typed over it is the clerk's stated value.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, Form, Funding, Indicator

from . import layout as L


def value(cell: Cell) -> object:
    """What the clerk typed: None for a blank or for a cell that still holds our formula."""
    if cell.data_type == "f":
        return None
    v = cell.value
    if isinstance(v, str) and not v.strip():
        return None
    return v


def text(cell: Cell) -> str:
    v = value(cell)
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def read_form(ws: Worksheet) -> Form:
    """The form typed into a project sheet (see :mod:`workbook.layout`)."""
    c = L.CELLS
    amounts: dict[str, list[object]] = {}
    for row in FUND_ROWS:
        amounts[row] = [value(ws[c[f"资金.{row}.{col}"]]) for col in FUND_COLUMNS]
    amounts[FUND_ROWS[0]] = [
        stated if stated is not None else _sum(amounts, i)
        for i, stated in enumerate(amounts[FUND_ROWS[0]])]
    funding = Funding(amounts, value(ws[c["资金.分值"]]), value(ws[c["资金.执行率"]]),
                      value(ws[c["资金.得分"]]))
    return Form(
        name=text(ws[c["项目名称"]]), department=text(ws[c["主管部门"]]),
        unit=text(ws[c["实施单位"]]), year=value(ws[c["年度"]]), funding=funding,
        goal=text(ws[c["预期目标"]]), outcome=text(ws[c["实际完成情况"]]),
        indicators=read_indicators(ws), stated_total=value(ws[c["总分.得分"]]),
        stated_grade=text(ws[c["等级"]]),
    )


def _sum(amounts: dict[str, list[object]], i: int) -> float | None:
    """The total row's formula, done here: the sum of the three rows below it."""
    parts = [amounts[r][i] for r in FUND_ROWS[1:]]
    numbers = [p for p in parts if isinstance(p, int | float)]
    if not numbers:
        return None
    return round(sum(numbers), 6)


def read_indicators(ws: Worksheet) -> list[Indicator]:
    """The used indicator rows, 一级/二级 carried down over the blanks of a group."""
    rows: list[Indicator] = []
    level1 = level2 = ""
    for i in range(L.ROOM):
        cells = {f: ws[L.indicator_cell(f, i)] for f in L.INDICATOR_COLUMN_OF}
        ind = Indicator(
            level1=text(cells["一级"]), level2=text(cells["二级"]), level3=text(cells["三级"]),
            target=value(cells["年度指标值"]), actual=value(cells["实际完成值"]),
            weight=value(cells["分值"]), score=value(cells["得分"]),
            remark=text(cells["偏差原因"]))
        if ind.level1:
            level1, level2 = ind.level1, ""
        if ind.level2:
            level2 = ind.level2
        ind.level1, ind.level2 = level1, level2
        rows.append(ind)
    while rows and _unused(rows[-1]):
        rows.pop()
    return rows


def _unused(ind: Indicator) -> bool:
    return not (ind.level3 or ind.remark) and all(
        v is None for v in (ind.target, ind.actual, ind.weight, ind.score))
