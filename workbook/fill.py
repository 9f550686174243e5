"""Typing forms into the workbook, as a clerk would: every input cell of the layout, nothing else.

A stated 得分 is typed over the row's =JX_SCORE formula; a blank one leaves the formula, so the
suggested score shows. Text is always stored as text — a target such as `=10 万元` never
becomes a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, Form, Profile, load_profile, read_number

from . import layout as L
from .build import new_workbook, project_refs
from .cells import set_value
from .heights import row_height


class FormTooLarge(ValueError):
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
    if form.funding.weight is not None:
        cells[c["资金.分值"]] = form.funding.weight
    previous = ("", "")
    for i, ind in enumerate(form.indicators):
        # as on the printed form, a group's names stand on its first row only
        level1 = ind.level1 if ind.level1 != previous[0] else ""
        level2 = ind.level2 if level1 or ind.level2 != previous[1] else ""
        previous = (ind.level1 or previous[0], ind.level2 or previous[1])
        for field, value in (("一级", level1), ("二级", level2), ("三级", ind.level3),
                             ("年度指标值", ind.target), ("实际完成值", ind.actual),
                             ("分值", ind.weight), ("偏差原因", ind.remark)):
            cells[L.indicator_cell(field, i)] = value
        if ind.score is not None and ind.score != "":
            cells[L.indicator_cell("得分", i)] = ind.score
    return cells


def write_form(ws: Worksheet, form: Form) -> None:
    """Type one form into a project sheet laid out by :func:`write_project_sheet`."""
    for ref, value in form_cells(form).items():
        set_value(ws[ref], value)
    fit_rows(ws, form)


def fit_rows(ws: Worksheet, form: Form) -> None:
    """Row heights for the texts just typed, so nothing is cut off in print."""
    widths = L.COLUMN_WIDTHS
    span = {"B": sum(widths[x] for x in "BCDE"), "F": sum(widths[x] for x in "FGHI")}
    ws.row_dimensions[L.GOAL_ROW].height = max(60.0, row_height(
        {"B": form.goal, "F": form.outcome}, span))
    ws.row_dimensions[3].height = row_height({"B": form.name},
                                             {"B": sum(widths[x] for x in "BCDEFGHI")})
    for i, ind in enumerate(form.indicators):
        texts = {L.INDICATOR_COLUMN_OF[f]: str(v) for f, v in (
            ("一级", ind.level1), ("二级", ind.level2), ("三级", ind.level3),
            ("年度指标值", ind.target), ("实际完成值", ind.actual), ("偏差原因", ind.remark))
            if v is not None}
        ws.row_dimensions[L.FIRST_ROW + i].height = row_height(texts, widths)


def fill_workbook(forms: Sequence[Form], *, profile: Profile | None = None, unit: str = "",
                  notes: Sequence[str] = ()) -> Workbook:
    """A workbook with one project sheet per form, each typed in.

    Args:
        forms: the forms, in cover-list order.
        profile: the scoring profile (default national-2020).
        unit: the 单位 above the cover list.
        notes: 备注 per form, for the cover list.
    """
    profile = profile or load_profile()
    refs = project_refs([f.name for f in forms], notes or [f.note for f in forms])
    wb = new_workbook(refs, profile, unit)
    for ref, form in zip(refs, forms, strict=True):
        write_form(wb[ref.sheet], form)
    return wb


def save(wb: Workbook, path: Path) -> Path:
    """Save as `.xlsm` with the VBA, or `.xlsx` without it."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        wb.vba_archive = None
        wb.is_template = False
    wb.save(path)
    return path
