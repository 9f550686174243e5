"""Values as clerks type them (issue 9): text inputs keep `95%`, a number in a %-formatted cell
reads as the percentage typed, a clerk's own formula reads as its value, `10分` is flagged where
the sheet's sums skip it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from tests_support import DATA

from jixiao.batch.audit import audit
from jixiao.batch.extract import extract
from pyfuncs.engine import load_profile
from services.formats import DataSet, read_data, write_data
from services.formats.xlsx_data import INDICATOR_HEADERS, INDICATORS
from workbook import layout as L
from workbook.cached import save_workbook
from workbook.cells import Formula
from workbook.fill import Filler
from workbook.layout.data_book import column_letter
from workbook.numformats import is_percent_format, percent_text
from workbook.values import project_values, workbook_values

TEMPLATE = Path(__file__).parents[2] / "workbook" / "template" / "jixiao.xlsm"
TYPED = DATA / "typed-by-clerks.json"


def test_the_template_keeps_typed_targets_and_actuals_as_text() -> None:
    ws = openpyxl.load_workbook(TEMPLATE)[L.BLANK_SHEET]
    for field in L.TYPED_AS_TEXT:
        assert {ws[L.indicator_cell(field, i)].number_format for i in range(L.ROOM)} == {"@"}
    assert ws[L.indicator_cell("分值", 0)].number_format == "General"


def test_the_data_workbook_keeps_them_as_text_too(tmp_path) -> None:
    write_data(read_data(TYPED), tmp_path / "data.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "data.xlsx")[INDICATORS]
    for field in L.TYPED_AS_TEXT:
        col = column_letter(INDICATOR_HEADERS.index(field))
        assert ws.column_dimensions[col].number_format == "@"
        assert ws[f"{col}2"].number_format == "@"


@pytest.mark.parametrize(("code", "percent"), [
    ("0%", True), ("0.0%", True), ("#,##0.00%", True), ('0.0"%"', False), ("General", False),
    ("0.00", False), (None, False), (r"0\%", False)])
def test_percent_formats(code, percent) -> None:
    assert is_percent_format(code) is percent


def test_percent_text_is_the_percentage_typed() -> None:
    assert [percent_text(x) for x in (0.95, 0.07, 1, 0.8226, 1.5)] == [
        "95%", "7%", "100%", "82.26%", "150%"]


def filled_with(tmp_path: Path, edit) -> tuple[Path, str]:
    """The first form of typed-by-clerks filled in, then `edit(sheet, values)` done to it as
    Excel would save it (a value, or a formula with its cached value)."""
    forms = read_data(TYPED).forms[:1]
    filler = Filler(load_profile())
    wb, refs = filler.fill(forms)
    values = workbook_values(refs, forms, filler.profile)
    sheet = refs[0].sheet
    edit(wb[sheet], values[sheet])
    path = tmp_path / "edited.xlsx"
    save_workbook(wb, path, values)
    return path, sheet


def test_a_percent_typed_into_a_general_cell_reads_as_typed(tmp_path) -> None:
    """An older template: Excel stored a typed 95% as 0.95 and gave the cell a % format."""
    at = L.indicator_cell("实际完成值", 5)

    def typed_95_percent(ws, values):
        ws[at].value, ws[at].number_format = 0.95, "0%"
    path, _ = filled_with(tmp_path, typed_95_percent)
    back = extract([path], tmp_path / "back.json")
    assert back.forms[0].indicators[5].actual == "95%"

    expected = read_data(TYPED)
    expected.forms = expected.forms[:1]
    expected.forms[0].indicators[5].actual = "95%"
    write_data(expected, tmp_path / "expected.json")
    codes = [(r.code, r.message) for r in audit([path], jobs=1).rows]
    assert codes == [(r.code, r.message) for r in audit([tmp_path / "expected.json"], jobs=1).rows]
    assert "PERCENT_AS_FRACTION" not in {c for c, _ in codes}


def test_a_percent_in_the_data_workbook_reads_as_typed(tmp_path) -> None:
    data = tmp_path / "data.xlsx"
    write_data(read_data(TYPED), data)
    wb = openpyxl.load_workbook(data)
    cell = wb[INDICATORS][f"{column_letter(INDICATOR_HEADERS.index('实际完成值'))}2"]
    cell.value, cell.number_format = 1, "0%"
    wb.save(data)
    assert read_data(data).forms[0].indicators[0].actual == "100%"


def test_an_amount_typed_as_a_formula_reads_as_its_value(tmp_path) -> None:
    at = L.CELLS["资金.其他资金.全年执行数"]

    def typed_a_sum(ws, values):
        ws[at].value = Formula("=1+2")
        values[at] = 3
    path, sheet = filled_with(tmp_path, typed_a_sum)
    assert openpyxl.load_workbook(path)[sheet][at].value == "=1+2"
    back = extract([path], tmp_path / "back.json")
    assert back.forms[0].funding.cell("其他资金", "全年执行数") == 3
    (project,) = audit([path], jobs=1).projects       # 3 executed of the 10 on the total row
    assert project.rate == pytest.approx(3 / 10)


def test_ten_points_as_text_is_flagged_where_the_sheet_skips_it() -> None:
    """The printed 分值 total (a SUM, as Excel computes it) skips `10分`: the row says so."""
    form = read_data(TYPED).forms[0]
    assert form.indicators[5].weight == "10分"
    values = project_values(form, load_profile())
    assert values[L.CELLS["总分.分值"]] == 90                     # 10 + 80, the text skipped
    check = values[f"{L.CHECK_COLUMN}{L.FIRST_ROW + 5}"]
    assert "分值“10分”是文字" in check and "请只填数字 10" in check


def test_nothing_typed_is_lost_on_a_form_with_one_project(tmp_path) -> None:
    """The smallest round trip: one project, every field compared."""
    data = read_data(TYPED)
    data.forms = data.forms[1:2]
    path = tmp_path / "one.json"
    write_data(DataSet(data.forms, data.unit, data.year), path)
    forms = read_data(path).forms
    filler = Filler(load_profile())
    wb, refs = filler.fill(forms)
    save_workbook(wb, tmp_path / "one.xlsm", workbook_values(refs, forms, filler.profile))
    back = extract([tmp_path / "one.xlsm"], tmp_path / "back.json")
    assert [f.to_record() for f in back.forms] == [f.to_record() for f in forms]
