"""导出定稿: a values-only .xlsx whose every computed cell holds the engine's value.

The remote engine cannot save a copy of the book (Book.save takes no path there), so the copy
is built with openpyxl from the forms read through the book; this file is checked for real.
"""

from __future__ import annotations

import copy
import math
import zipfile

import pytest
import xlwings as xw
from openpyxl import load_workbook
from remote_book import actions

from macros import export_final
from macros.book import template
from pyfuncs.engine import evaluate_form
from pyfuncs.engine.findings import NO_FINDINGS, check_text
from workbook import layout as L


@pytest.fixture(scope="module")
def final(tmp_path_factory, seed_payload):
    book = xw.Book(json=copy.deepcopy(seed_payload))
    path = tmp_path_factory.mktemp("final") / "绩效自评表-定稿.xlsx"
    report = export_final(book, path)
    return book, report, path


def test_saved_with_no_formula_and_no_vba(final) -> None:
    book, report, path = final
    assert report.ok and report.path == path and report.counts == {"项目": 15}
    with zipfile.ZipFile(path) as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]
    wb = load_workbook(path)
    formulas = [(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows()
                for c in row if c.data_type == "f"]
    assert formulas == []
    assert L.BLANK_SHEET not in wb.sheetnames and L.CONF_SHEET not in wb.sheetnames
    assert [a["func"] for a in actions(book)] == ["alert"]      # the open workbook untouched


def test_every_computed_cell_holds_the_engines_value(final, seed_forms, profile) -> None:
    _, _, path = final
    wb = load_workbook(path, data_only=True)
    c = L.CELLS
    for k, form in enumerate(seed_forms):
        ws = wb.worksheets[1 + k]
        result = evaluate_form(form, profile)
        assert ws[c["项目名称"]].value == form.name
        assert math.isclose(ws[c["资金.执行率"]].value, result.funding.rate)
        assert ws[c["资金.得分"]].value == result.funding.score
        assert ws[c["总分.得分"]].value == pytest.approx(result.total)
        assert ws[c["等级"]].value == result.grade
        assert ws[c["总分.分值"]].value == result.weight_total
        for row in result.rows:
            assert ws[L.indicator_cell("得分", row.index)].value == row.used, (form.name, row)
            check = ws[f"{L.CHECK_COLUMN}{L.FIRST_ROW + row.index}"].value
            assert check == check_text(row.findings), (form.name, row.index)
        in_rows = {id(f) for r in result.rows for f in r.findings}
        form_level = [f for f in result.findings if id(f) not in in_rows]
        assert ws[L.FORM_CHECK_CELL].value == check_text(form_level)
        if not form_level:
            assert ws[L.FORM_CHECK_CELL].value == NO_FINDINGS
        # every cell the template computes on the form holds a value
        shown = {ref: ws[ref].value for ref in template().formulas}
        used = {L.indicator_cell("得分", i) for i in range(len(form.indicators))}
        empty = {ref for ref, v in shown.items() if v in (None, "")}
        assert not empty & (used | {c["资金.执行率"], c["资金.得分"], c["总分.得分"], c["等级"]})


def test_index_and_summary_hold_values(final, seed_forms, profile) -> None:
    _, _, path = final
    wb = load_workbook(path, data_only=True)
    index, summary = wb[L.INDEX_SHEET], wb[L.SUMMARY_SHEET]
    for k, form in enumerate(seed_forms):
        result = evaluate_form(form, profile)
        assert index[f"{L.INDEX_COLUMNS['项目名称']}{L.INDEX_FIRST_ROW + k}"].value == form.name
        r = L.SUMMARY_FIRST_ROW + k
        assert summary[f"{L.SUMMARY_COLUMNS['总分']}{r}"].value == pytest.approx(result.total)
        assert summary[f"{L.SUMMARY_COLUMNS['错误']}{r}"].value == result.errors


def test_a_remote_book_has_no_folder_to_save_beside(seed_book) -> None:
    report = export_final(seed_book)
    assert not report.ok and "不知道工作簿保存在哪个文件夹" in report.message
    assert [a["func"] for a in actions(seed_book)] == ["alert"]


def test_only_xlsx(seed_book, tmp_path) -> None:
    report = export_final(seed_book, tmp_path / "定稿.xlsm")
    assert not report.ok and ".xlsx" in report.message
    assert not (tmp_path / "定稿.xlsm").exists()
