"""Typing forms into the workbook, as a clerk would: every input cell of the layout, nothing else.

A stated 得分 is typed over the row's =JX_SCORE formula; a blank one leaves the formula, so the
suggested score shows. Text is always stored as text — a target such as `=10 万元` never
becomes a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, Form, Profile, load_profile, read_number
from pyfuncs.engine.errors import JixiaoError
from pyfuncs.engine.text import is_blank

from . import layout as L
from .build import new_workbook, project_refs, show_lines
from .cached import save_workbook
from .cells import Formula, set_value
from .heights import row_height
from .pages import breaks, page_room, printed_rows, set_breaks
from .read import split_ref
from .sheet_writer import row_dimension


class FormTooLarge(JixiaoError, ValueError):
    """A form with more indicator rows than the template has room for."""


def form_cells(form: Form) -> dict[str, object]:
    """Every cell a clerk types for this form, address → value, as :data:`layout` places it.

    A blank 得分 is left out, so the row keeps its =JX_SCORE formula.

    Raises:
        FormTooLarge: the form has more indicator rows than :data:`layout.ROOM`.
    """
    if len(form.indicators) > L.ROOM:
        raise FormTooLarge(
            f"项目“{form.name}”有 {len(form.indicators)} 行绩效指标，模板最多 {L.ROOM} 行。")
    c = L.CELLS
    year, ok = read_number(form.year)
    cells: dict[str, object] = {
        c["项目名称"]: form.name, c["主管部门"]: form.department, c["实施单位"]: form.unit,
        c["预期目标"]: form.goal, c["实际完成情况"]: form.outcome,
        c["年度"]: int(year) if ok and year is not None and year.is_integer() else form.year,
    }
    for row in FUND_ROWS[1:]:
        for col in FUND_COLUMNS:
            cells[c[f"资金.{row}.{col}"]] = form.funding.cell(row, col)
    for col in FUND_COLUMNS:
        total = form.funding.cell(FUND_ROWS[0], col)
        if not _shown_by_formula(total, [form.funding.cell(r, col) for r in FUND_ROWS[1:]]):
            cells[c[f"资金.{FUND_ROWS[0]}.{col}"]] = total
    if form.funding.weight is not None:
        cells[c["资金.分值"]] = form.funding.weight
    # what the form states is typed over the formula that would compute it, so an audit of the
    # form finds what an audit of the data finds
    for field, stated in STATED.items():
        value = getattr(form.funding, stated[1]) if stated[0] == "funding" else \
            getattr(form, stated[1])
        if not is_blank(value):
            cells[c[field]] = value
    previous = ""
    for i, ind in enumerate(form.indicators):
        # as on the printed form, a group's 一级 stands on its first row only (a reader carries
        # it down); the 二级 stands as typed, repeated or not
        level1 = ind.level1 if ind.level1 != previous else ""
        previous = ind.level1 or previous
        for field, value in (("一级", level1), ("二级", ind.level2), ("三级", ind.level3),
                             ("年度指标值", ind.target), ("实际完成值", ind.actual),
                             ("分值", ind.weight), ("偏差原因", ind.remark)):
            cells[L.indicator_cell(field, i)] = value
        if ind.score is not None and ind.score != "":
            cells[L.indicator_cell("得分", i)] = ind.score
    return cells


STATED = {"资金.执行率": ("funding", "stated_rate"), "资金.得分": ("funding", "stated_score"),
          "总分.得分": ("form", "stated_total"), "等级": ("form", "stated_grade")}
"""Cells holding a formula over which a form's stated figure is typed → where the form keeps it."""


def _shown_by_formula(total: object, parts: list[object]) -> bool:
    """Whether the 年度资金总额 formula (the sum of the rows below, blank when they are) shows
    `total` already; otherwise the total is typed over it — alone, or disagreeing with its
    rows, as the data says."""
    numbers = [p for p in parts if isinstance(p, int | float) and not isinstance(p, bool)]
    if not numbers:
        return is_blank(total)
    value, ok = read_number(total)
    return ok and value is not None and abs(value - sum(numbers)) < 1e-9


@lru_cache(maxsize=8)
def blank_cells(profile: Profile) -> dict[str, object]:
    """Every input cell as the empty template holds it: blank, the profile's funding 分值,
    and each 得分 back on its formula — so nothing typed for one form leaks into the next."""
    cells: dict[str, object] = {L.CELLS[k]: None for k in L.INPUT_CELLS}
    cells[L.CELLS["资金.分值"]] = profile.funding_weight
    formulas = L.project_spec(profile).formulas()
    for field in (*STATED, *(f"资金.{FUND_ROWS[0]}.{col}" for col in FUND_COLUMNS)):
        at = L.CELLS[field]
        cells[at] = Formula.of(formulas[split_ref(at)])
    for i in range(L.ROOM):
        for field in L.INDICATOR_COLUMN_OF:
            cells[L.indicator_cell(field, i)] = None
        cells[L.indicator_cell("得分", i)] = Formula.of(L.score_formula(L.FIRST_ROW + i))
    return cells


def write_form(ws: Worksheet, form: Form, profile: Profile) -> None:
    """Type one form into a project sheet, over whatever was typed there before."""
    cells = ws._cells
    for ref, value in {**blank_cells(profile), **form_cells(form)}.items():
        at = split_ref(ref)
        cell = cells.get(at)
        if cell is None:
            cell = ws.cell(*at)
        if cell._value == value and cell.data_type == ("n" if value is None else "f") and (
                value is None or isinstance(value, Formula)):       # already so (a new layout)
            continue
        set_value(cell, value)
    fit_rows(ws, form)
    lay_out_pages(ws, len(form.indicators))


def lay_out_pages(ws: Worksheet, used: int) -> int:
    """Print the form's `used` indicator rows and no more, 总分 right after them, on pages
    broken here (:mod:`workbook.pages`), the footer counting this project's pages.

    Returns:
        How many pages the project prints on.
    """
    hidden = set(L.unused_rows(used))
    dims = ws.row_dimensions
    for r in L.indicator_rows():
        dim = dims.get(r)
        if (dim is not None and dim.hidden) != (r in hidden):   # openpyxl checks each set
            row_dimension(ws, r).hidden = r in hidden
    rows = printed_rows(ws, 1, L.TOTAL_ROW)
    title = dict(rows).get(L.TABLE_HEADER_ROW, 0.0)
    after = breaks(rows, page_room(ws, L.PRINT_COLUMNS), title)
    set_breaks(ws, after)
    ws.oddFooter.center.text = L.footer(len(after) + 1)
    return len(after) + 1


def fit_rows(ws: Worksheet, form: Form) -> None:
    """Row heights for the texts just typed, so nothing is cut off in print."""
    goals = {"预期目标": form.goal, "实际完成情况": form.outcome}
    row_dimension(ws, L.GOAL_ROW).height = max(60.0, row_height(
        goals, {k: L.span_width(k) for k in goals}))
    row_dimension(ws, L.NAME_ROW).height = row_height({"项目名称": form.name},
                                                      {"项目名称": L.span_width("项目名称")})
    widths = {f: L.column_width(f) for f in L.INDICATOR_COLUMN_OF}
    for i, ind in enumerate(form.indicators):
        texts = {f: str(v) for f, v in (
            ("一级", ind.level1), ("二级", ind.level2), ("三级", ind.level3),
            ("年度指标值", ind.target), ("实际完成值", ind.actual), ("偏差原因", ind.remark))
            if v is not None}
        row_dimension(ws, L.FIRST_ROW + i).height = row_height(texts, widths)
    for r in L.indicator_rows()[len(form.indicators):]:
        dim = ws.row_dimensions.get(r)
        if dim is not None and dim.height is not None:
            dim.height = None                   # not written: the spreadsheet's own height


class Filler:
    """Fills workbooks from forms, laying a workbook out once per number of projects and
    typing each new set of forms over it (every input cell is overwritten each time)."""

    def __init__(self, profile: Profile | None = None, unit: str = "") -> None:
        self.profile = profile or load_profile()
        self.unit = unit
        self._laid_out: dict[int, Workbook] = {}

    def fill(self, forms: Sequence[Form], notes: Sequence[str] = (),
             refs: Sequence[L.ProjectRef] | None = None) -> tuple[Workbook, list[L.ProjectRef]]:
        """The workbook for `forms` and the project sheets it holds, in order.

        Args:
            forms: the forms, in cover-list order.
            notes: 备注 per form (default: each form's own).
            refs: the sheets to put them on (default: named after the projects), e.g. the
                sheets an open workbook already has.

        Raises:
            FormTooLarge: a form has more rows than the template holds.
            ValueError: more projects than :data:`layout.PROJECT_ROOM`.
        """
        for form in forms:
            form_cells(form)            # refuse an oversized form before touching anything
        if refs is None:
            refs = project_refs([f.name for f in forms], notes or [f.note for f in forms])
        refs = list(refs)
        n = len(forms)
        if n not in self._laid_out:
            placeholders = project_refs([f"项目{i + 1}" for i in range(n)])
            self._laid_out[n] = new_workbook(placeholders, self.profile, self.unit)
        wb = self._laid_out[n]
        sheets = wb.worksheets[1:n + 1]
        for k, ws in enumerate(sheets):          # two steps, so no new name clashes with an old
            ws.title = f"~{k}"
        for ws, ref, form in zip(sheets, refs, forms, strict=True):
            ws.title = ref.sheet
            write_form(ws, form, self.profile)
        set_value(wb[L.INDEX_SHEET][L.INDEX_UNIT_CELL], self.unit)
        show_lines(wb, n)
        for sheet, cells in L.line_cells(refs, room=n).items():   # lines past n never written
            ws = wb[sheet]
            for cell_ref, value in cells.items():
                set_value(ws[cell_ref], value)
        return wb, refs


def fill_workbook(forms: Sequence[Form], *, profile: Profile | None = None, unit: str = "",
                  notes: Sequence[str] = ()) -> Workbook:
    """A workbook with one project sheet per form, each typed in.

    Args:
        forms: the forms, in cover-list order.
        profile: the scoring profile (default national-2020).
        unit: the 单位 above the cover list.
        notes: 备注 per form, for the cover list.
    """
    return Filler(profile, unit).fill(forms, notes)[0]


def save(wb: Workbook, path: Path) -> Path:
    """Save formulas only (no cached values): `.xlsm` with the VBA, `.xlsx` without."""
    return save_workbook(wb, path)
