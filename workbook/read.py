"""Reading a project sheet of our template back into a :class:`Form`.

A cell still holding its formula (得分 = JX_SCORE, 执行率, 总分) means "not stated": the form
uses the computed value. A number typed over it is the clerk's stated value.

The reader asks for one cell at a time through a `Typed` function (address → what was typed),
so the same code reads an openpyxl worksheet (:func:`openpyxl_typed`) and an open Excel
workbook through xlwings (the macros).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from openpyxl.worksheet.worksheet import Worksheet

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, Form, Funding, Indicator
from pyfuncs.engine.model import cell_text

from . import layout as L
from .formula import parse_ref
from .numformats import as_shown

Typed = Callable[[str], object]
"""Address (`B3`) → what the clerk typed there; None for a blank or a formula cell."""


def typed_value(v: object, is_formula: bool) -> object:
    """A cell's content as typed input: formulas and blank text count as nothing typed."""
    if is_formula or (isinstance(v, str) and not v.strip()):
        return None
    return v


def split_ref(ref: str) -> tuple[int, int]:
    """`H19` → (19, 8): row and column numbers (the formula trees' own parser, cached)."""
    r = parse_ref(ref)
    return r.row, r.col


class Grid:
    """A block of cell values starting at A1 (as python-calamine or xlwings read a sheet),
    looked up by address."""

    def __init__(self, rows: Iterable[Iterable[object]] | None) -> None:
        self.rows = [list(r) for r in rows or []]

    def get(self, ref: str) -> object:
        r, c = split_ref(ref)
        try:
            return self.rows[r - 1][c - 1]
        except IndexError:
            return None


def openpyxl_typed(ws: Worksheet) -> Typed:
    """Read an openpyxl worksheet (loaded with formulas, not data_only)."""
    def typed(ref: str) -> object:
        cell = ws[ref]
        return typed_value(as_shown(cell.value, cell.number_format), cell.data_type == "f")

    return typed


def read_form(sheet: Worksheet | Typed) -> Form:
    """The form typed into a project sheet (see :mod:`workbook.layout`).

    Args:
        sheet: an openpyxl worksheet, or a :data:`Typed` function over any sheet.
    """
    value: Typed = sheet if callable(sheet) else openpyxl_typed(sheet)

    def text(ref: str) -> str:
        return cell_text(value(ref))

    c = L.CELLS
    amounts: dict[str, list[object]] = {}
    for row in FUND_ROWS:
        amounts[row] = [value(c[f"资金.{row}.{col}"]) for col in FUND_COLUMNS]
    amounts[FUND_ROWS[0]] = [
        stated if stated is not None else _sum(amounts, i)
        for i, stated in enumerate(amounts[FUND_ROWS[0]])]
    funding = Funding(amounts, value(c["资金.分值"]), value(c["资金.执行率"]),
                      value(c["资金.得分"]))
    return Form(
        name=text(c["项目名称"]), department=text(c["主管部门"]), unit=text(c["实施单位"]),
        year=value(c["年度"]), funding=funding, goal=text(c["预期目标"]),
        outcome=text(c["实际完成情况"]), indicators=read_indicators(value),
        stated_total=value(c["总分.得分"]), stated_grade=text(c["等级"]),
    )


def _sum(amounts: dict[str, list[object]], i: int) -> float | None:
    """The total row's formula, done here: the sum of the three rows below it."""
    parts = [amounts[r][i] for r in FUND_ROWS[1:]]
    numbers = [p for p in parts if isinstance(p, int | float)]
    if not numbers:
        return None
    return round(sum(numbers), 6)


def read_indicators(value: Typed) -> list[Indicator]:
    """The used indicator rows, 一级/二级 carried down over the blanks of a group."""
    rows: list[Indicator] = []
    level1 = level2 = ""
    for i in range(L.ROOM):
        cells = {f: value(L.indicator_cell(f, i)) for f in L.INDICATOR_COLUMN_OF}
        ind = Indicator(
            level1=cell_text(cells["一级"]), level2=cell_text(cells["二级"]), level3=cell_text(cells["三级"]),
            target=cells["年度指标值"], actual=cells["实际完成值"], weight=cells["分值"],
            score=cells["得分"], remark=cell_text(cells["偏差原因"]))
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
