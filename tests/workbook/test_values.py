"""Cached values: what we compute for every formula cell equals what a real spreadsheet engine
computes, and a saved workbook carries those values for readers that do not recalculate."""

from __future__ import annotations

import math

import openpyxl
import pytest

from pyfuncs.engine import load_profile
from workbook import layout as L
from workbook.build import project_refs
from workbook.cached import save_workbook
from workbook.fill import fill_workbook, save
from workbook.values import workbook_values

formulas = pytest.importorskip("formulas")
from formulas_recalc.formulas_model import FormulasWorkbook  # noqa: E402


@pytest.fixture(scope="module")
def filled(seed, live_seed_forms, tmp_path_factory):
    seed_forms = live_seed_forms
    folder = tmp_path_factory.mktemp("values")
    wb = fill_workbook(seed_forms, unit=seed["单位"])
    plain = save(wb, folder / "plain.xlsx")
    values = workbook_values(project_refs([f.name for f in seed_forms]), seed_forms,
                             load_profile())
    cached = folder / "cached.xlsx"
    save_workbook(fill_workbook(seed_forms, unit=seed["单位"]), cached, values)
    return plain, cached, values


def same(ours: object, theirs: object) -> bool:
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9)
    return ours == theirs or (ours in ("", None) and theirs in ("", None))


def test_every_formula_cell_agrees_with_the_formulas_engine(filled) -> None:
    plain, _, values = filled
    engine = FormulasWorkbook(plain).calculate_all()
    assert len(engine) > 6000           # 16 project-shaped sheets of ~380 formulas, 目录, 汇总
    ours = {(sheet, ref): v for sheet, cells in values.items() for ref, v in cells.items()}
    assert set(ours) == set(engine)
    wrong = {k: (ours[k], engine[k]) for k in engine if not same(ours[k], engine[k])}
    assert not wrong, list(wrong.items())[:5]


def test_a_saved_workbook_reads_right_without_recalculation(filled, seed) -> None:
    _, cached, values = filled
    formulas_wb = openpyxl.load_workbook(cached)
    values_wb = openpyxl.load_workbook(cached, data_only=True)
    missing = []
    for ws in formulas_wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    shown = values_wb[ws.title][cell.coordinate].value
                    if shown is None and values[ws.title][cell.coordinate] not in ("", None):
                        missing.append((ws.title, cell.coordinate))
    assert not missing
    ws = values_wb["数字化诊断监理招标专项工作经费"]
    assert (round(ws["G6"].value, 4), ws["H6"].value, ws["H88"].value, ws["I88"].value) == (
        0.2027, 2.03, 86.53, "良")
    assert formulas_wb["数字化诊断监理招标专项工作经费"]["H88"].value.startswith("=IF(")
    summary = values_wb[L.SUMMARY_SHEET]
    errors = {summary[f"B{r}"].value: summary[f"I{r}"].value
              for r in range(L.SUMMARY_FIRST_ROW, L.SUMMARY_FIRST_ROW + 15)}
    assert errors["推进工业互联网建设工作经费"] == 3 and errors["退役军人事务管理经费"] == 3
    assert errors["数字化诊断监理招标专项工作经费"] == 0


def test_calamine_reads_the_values(filled) -> None:
    from python_calamine import CalamineWorkbook

    _, cached, _ = filled
    rows = CalamineWorkbook.from_path(str(cached)).get_sheet_by_name(
        "推进工业互联网建设工作经费").to_python()
    assert rows[5][6:8] == [1.0, 10.0]                   # 执行率, 资金得分
    assert rows[L.FIRST_ROW + 5][9].startswith("【错误】得分 8 超过分值 5")


def test_a_workbook_with_values_is_not_recalculated_on_opening(filled) -> None:
    """Every formula's value is in the file, so Excel need not recalculate when it opens it:
    without Python (WPS, macros off) the clerk sees the numbers instead of #NAME?. A workbook
    saved without values (the template) still asks for the recalculation."""
    import zipfile

    plain, cached, _ = filled
    def calc(path) -> str:
        xml = zipfile.ZipFile(path).read("xl/workbook.xml").decode()
        return xml[xml.index("<calcPr"):].split(">")[0]

    assert 'fullCalcOnLoad="1"' not in calc(cached)
    assert 'fullCalcOnLoad="1"' in calc(plain)
