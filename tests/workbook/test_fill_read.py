"""Typing the seed forms into the template and reading them back."""

from __future__ import annotations

import openpyxl
import pytest

from pyfuncs.engine import Form, Indicator
from workbook import layout as L
from workbook.fill import FormTooLarge, fill_workbook, save
from workbook.read import read_form


@pytest.fixture(scope="module")
def seed_book(seed, seed_forms, tmp_path_factory):
    path = tmp_path_factory.mktemp("fill") / "seed.xlsx"
    save(fill_workbook(seed_forms, unit=seed["单位"]), path)
    return openpyxl.load_workbook(path)


def test_every_project_has_its_sheet(seed_book, seed_forms) -> None:
    names = seed_book.sheetnames
    assert names[0] == "目录" and names[len(seed_forms) + 1] == "汇总"
    assert len(names) == len(seed_forms) + 5
    index = seed_book["目录"]
    assert index["A1"].value == "安庆市经济和信息化局本级"
    assert index[f"E{L.INDEX_FIRST_ROW + 6}"].value == "数字化诊断监理招标专项工作经费"


def test_round_trip(seed_book, seed_forms) -> None:
    for i, form in enumerate(seed_forms):
        back = read_form(seed_book.worksheets[i + 1])
        assert (back.name, back.department, back.unit, back.goal, back.outcome) == (
            form.name, form.department, form.unit, form.goal, form.outcome)
        assert back.year == form.year
        for row in form.funding.amounts:
            assert back.funding.amounts[row] == pytest.approx(form.funding.amounts[row]), row
        assert back.funding.weight == form.funding.weight
        assert [r.__dict__ for r in back.indicators] == [r.__dict__ for r in form.indicators]


def test_text_that_looks_like_a_formula_stays_text(seed_book) -> None:
    ws = seed_book["膜、塑料及刷业产业链专班工作经费"]
    cell = ws[L.indicator_cell("年度指标值", 3)]
    assert (cell.value, cell.data_type) == ("=10 万元", "s")


def test_a_group_name_stands_on_its_first_row_only_and_each_second_level_as_typed(
        seed_book) -> None:
    ws = seed_book["非公有制企业党建工作经费"]
    assert ws["B13"].value == "产出指标 (50 分)" and ws["B14"].value is None
    assert ws["C13"].value == "数量指标" and ws["C14"].value == "数量指标"


def test_stated_scores_typed_over_the_formula(tmp_path) -> None:
    form = Form(name="p", indicators=[
        Indicator("产出指标 (50 分)", "数量指标", "a", "≥20 次", "15", 10, None),
        Indicator("", "", "b", "≥20 次", "15", 10, 9, "x")])
    path = save(fill_workbook([form]), tmp_path / "p.xlsx")
    ws = openpyxl.load_workbook(path)["p"]
    assert ws["H13"].value == '=IF(COUNTA(E13:G13)=0,"",JX_SCORE(E13,F13,G13,评分配置))'
    assert ws["H14"].value == 9
    assert [r.score for r in read_form(ws).indicators] == [None, 9]


def test_row_heights_fit_long_text(seed_book) -> None:
    ws = seed_book["节能环保、安全生产、盐业管理及小微企业融资担保核查工作经费"]
    assert ws.row_dimensions[L.GOAL_ROW].height > 100
    assert all(ws.row_dimensions[r].height >= 18 for r in range(L.FIRST_ROW, L.FIRST_ROW + 60))


def test_too_many_rows() -> None:
    form = Form(name="大项目", indicators=[Indicator(target="1", actual="1", weight=1)] * 76)
    with pytest.raises(FormTooLarge, match="76 行"):
        fill_workbook([form])


def test_xlsx_has_no_vba_and_xlsm_keeps_it(seed_forms, tmp_path) -> None:
    import zipfile
    xlsx = save(fill_workbook(seed_forms[:1]), tmp_path / "a.xlsx")
    xlsm = save(fill_workbook(seed_forms[:1]), tmp_path / "a.xlsm")
    assert "xl/vbaProject.bin" not in zipfile.ZipFile(xlsx).namelist()
    assert "xl/vbaProject.bin" in zipfile.ZipFile(xlsm).namelist()
