"""Reading a project sheet of our template back into a :class:`Form`.

A cell still holding its formula (得分 = JX_SCORE, 执行率, 总分) means "not stated": the form
uses the computed value. A number typed over it is the clerk's stated value.

The reader asks for one cell at a time through a `Typed` function (address → what was typed),
so the same code reads an openpyxl worksheet (:func:`openpyxl_typed`) and an open Excel
workbook through xlwings (the macros).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, Form, Funding, Indicator, load_profile
from pyfuncs.engine.model import cell_text
from pyfuncs.engine.record import field, record

from . import layout as L
from .formula import parse_ref
from .layout.sheet import LABEL
from .numformats import as_shown

if TYPE_CHECKING:                   # the audit reads values without loading openpyxl
    from openpyxl.worksheet.worksheet import Worksheet

Typed = Callable[[str], object]
"""Address (`B3`) → what the clerk typed there; None for a blank or a formula cell."""


def typed_value(v: object, is_formula: bool) -> object:
    """A cell's content as typed input: formulas and blank text count as nothing typed."""
    if is_formula or (isinstance(v, str) and not v.strip()):
        return None
    return v


@lru_cache(maxsize=4096)
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


def openpyxl_typed(ws: Worksheet, cached: Callable[[], Worksheet | None] | None = None) -> Typed:
    """Read an openpyxl worksheet (loaded with formulas, not data_only).

    Args:
        ws: the sheet.
        cached: gives the same sheet loaded with its cached values (data_only), asked only
            when a clerk typed a formula of their own (`=1+2` in an amount): it is read as
            its value. One of the layout's own formulas is never a typed value.
    """
    def typed(ref: str) -> object:
        cell = ws[ref]
        value = cell.value
        if cell.data_type == "f":
            values = None if is_own_formula(ref, str(value)) or cached is None else cached()
            value = values[ref].value if values is not None else None
        if is_text_cell(cell.row, cell.col_idx):
            value = as_shown(value, cell.number_format)
        return typed_value(value, False)

    return typed


TEXT_COLUMNS = frozenset(split_ref(L.indicator_cell(f, 0))[1] for f in L.TYPED_AS_TEXT)


def is_text_cell(row: int, col: int) -> bool:
    """A cell of the texts a clerk types (年度指标值, 实际完成值): a number there in a
    %-formatted cell is the percentage typed (`95%`); elsewhere a number is the number it is."""
    return col in TEXT_COLUMNS and L.FIRST_ROW <= row <= L.LAST_ROW


@lru_cache(maxsize=1)
def _own_formulas() -> dict[tuple[int, int], str]:
    return {k: e.formula() for k, e in L.project_spec(load_profile()).formulas().items()}


@lru_cache(maxsize=1)
def _labels() -> dict[str, str]:
    """The title and the labels of the funding and indicator header rows, from the layout."""
    spec = L.header_spec(load_profile())
    rows = {L.FUND_HEADER_ROW, L.TABLE_HEADER_ROW, split_ref(L.TITLE_CELL)[0]}
    return {a: str(c.value) for a, c in spec.cells.items()
            if c.role == LABEL and c.value and split_ref(a)[0] in rows}


def is_project_sheet(value: Callable[[str], object]) -> bool:
    """Whether a sheet is one of our project sheets — live, or the values-only copy that has
    no formulas and no xlwings settings — by the labels the layout puts on its headers."""
    return all(cell_text(value(a)).strip() == text.strip() for a, text in _labels().items())


def is_index_sheet(value: Callable[[str], object]) -> bool:
    """Whether a sheet is our 目录, by its column headers."""
    return all(cell_text(value(f"{col}{L.INDEX_HEADER_ROW}")).strip() == title
               for title, col in L.INDEX_COLUMNS.items())


def is_own_formula(ref: str, text: str) -> bool:
    """Whether the formula in cell `ref` of a project sheet is the layout's own (for any
    profile: its worksheet functions, or the very text the layout writes there)."""
    return "JX_" in text.upper() or _own_formulas().get(split_ref(ref)) == text


def read_form(sheet: Worksheet | Typed, row_values: RowValues | None = None) -> Form:
    """The form typed into a project sheet (see :mod:`workbook.layout`).

    Args:
        sheet: an openpyxl worksheet, or a :data:`Typed` function over any sheet.
        row_values: the indicator rows, for a reader that has them at hand (see
            :func:`read_indicators`).
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
        outcome=text(c["实际完成情况"]), indicators=read_indicators(value, row_values),
        stated_total=value(c["总分.得分"]), stated_grade=text(c["等级"]),
    )


def _sum(amounts: dict[str, list[object]], i: int) -> float | None:
    """The total row's formula, done here: the sum of the three rows below it."""
    parts = [amounts[r][i] for r in FUND_ROWS[1:]]
    numbers = [p for p in parts if isinstance(p, int | float)]
    if not numbers:
        return None
    return round(sum(numbers), 6)


RowValues = Callable[[int], Sequence[object]]
"""Indicator row `index` (0-based) → what was typed in its cells, in the order of
:data:`~workbook.layout.INDICATOR_COLUMN_OF` (None for nothing typed)."""


def rows_by_address(value: Typed) -> RowValues:
    """Indicator rows read cell by cell through a :data:`Typed` function."""
    fields = tuple(L.INDICATOR_COLUMN_OF)
    return lambda i: [value(L.indicator_cell(f, i)) for f in fields]


def read_indicators(value: Typed, row_values: RowValues | None = None) -> list[Indicator]:
    """The used indicator rows: 一级 carried down over the blanks of a group (a group's label
    stands on its first row), 二级 as typed.

    Args:
        value: the sheet, cell by cell.
        row_values: the same sheet row by row, where the reader has rows at hand (a values
            grid); by default read through `value`.
    """
    row_of = row_values or rows_by_address(value)
    typed_rows = [row_of(i) for i in range(L.ROOM)]
    used = next((i + 1 for i in range(L.ROOM - 1, -1, -1)
                 if typed_rows[i].count(None) < len(typed_rows[i])), 0)
    rows: list[Indicator] = []
    level1 = ""
    for cells in typed_rows[:used]:
        one, two, three, target, actual, weight, score, remark = cells
        ind = Indicator(
            level1=cell_text(one), level2=cell_text(two), level3=cell_text(three),
            target=target, actual=actual, weight=weight, score=score, remark=cell_text(remark))
        level1 = ind.level1 = ind.level1 or level1
        rows.append(ind)
    return rows


@record
class IndexFacts:
    """What 目录 holds that is not computed: the unit and each project's 备注."""

    unit: str = ""
    notes_by_sheet: dict[str, str] = field(default_factory=dict)
    notes_by_name: dict[str, str] = field(default_factory=dict)

    def note(self, sheet: str, name: str) -> str:
        if sheet in self.notes_by_sheet:
            return self.notes_by_sheet[sheet]
        return self.notes_by_name.get(name, "")


def index_facts(value: Callable[[str], object],
                is_error: Callable[[object], bool] = lambda v: False) -> IndexFacts:
    """The unit and the notes of 目录 (`value`: address → what the cell shows), matched to
    sheets by the 工作表 column, or by project name when a sheet was renamed since 目录 was
    last rebuilt. `is_error`: what an error value looks like to this reader."""
    unit = typed_value(value(L.INDEX_UNIT_CELL), False)
    facts = IndexFacts(unit="" if unit is None else str(unit).strip())
    cols = L.INDEX_COLUMNS
    for r in range(L.INDEX_FIRST_ROW, L.INDEX_LAST_ROW + 1):
        note = value(f"{cols['备注']}{r}")
        if note in (None, "") or is_error(note):
            continue
        note = str(note)
        on_sheet, name = value(f"{cols['工作表']}{r}"), value(f"{cols['项目名称']}{r}")
        if isinstance(on_sheet, str) and on_sheet:
            facts.notes_by_sheet.setdefault(on_sheet, note)
        if isinstance(name, str) and name and not is_error(name):
            facts.notes_by_name.setdefault(name, note)
    return facts
