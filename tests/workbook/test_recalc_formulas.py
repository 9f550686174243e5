"""The template recalculating live, in the `formulas` spreadsheet engine: a clerk types into
the input cells and 执行率, every 得分, 总分, 等级 and the check column follow."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

pytest.importorskip("formulas")

from formulas_recalc.formulas_model import FormulasWorkbook

from pyfuncs.engine.findings import NO_FINDINGS
from pyfuncs.xlerror import is_error
from workbook import layout as L
from workbook.build import build_template
from workbook.fill import form_cells

SHEET = "项目1"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_template(tmp_path_factory.mktemp("tpl") / "jixiao.xlsm")


@pytest.fixture(scope="module")
def book(template) -> FormulasWorkbook:
    return FormulasWorkbook(template)


def typed(cells: dict[str, object]) -> dict[tuple[str, str], object]:
    return {(SHEET, ref): value for ref, value in cells.items()}


def read(book: FormulasWorkbook, inputs: dict, *refs: str) -> list:
    out = book.calculate(typed(inputs), [(SHEET, r) for r in refs])
    return [out[(SHEET, r)] for r in refs]


def test_a_blank_workbook_shows_no_errors(book) -> None:
    values = book.calculate_all()
    shown = {ref: v for ref, v in values.items() if ref[0] != L.LISTS_SHEET}
    assert shown
    assert not [ref for ref, v in shown.items() if is_error(v)]
    assert {shown[(SHEET, f"J{r}")] for r in range(L.FIRST_ROW, L.LAST_ROW + 1)} == {""}
    assert shown[(SHEET, L.FORM_CHECK_CELL)] == ""
    assert (shown[(SHEET, "G6")], shown[(SHEET, "H88")], shown[(SHEET, "I88")]) == ("", "", "")


def test_typing_a_budget_and_an_execution(book) -> None:
    rate, score, total_budget = read(book, {"D7": 34, "E7": 27.97, "C7": 34}, "G6", "H6", "D6")
    assert (round(rate, 4), score, total_budget) == (0.8226, 8.23, 34)


def test_a_budget_of_zero_shows_no_rate(book) -> None:
    rate, score, check = read(book, {"D7": 0, "E7": 3}, "G6", "H6", L.FORM_CHECK_CELL)
    assert (rate, score) == ("#DIV/0!", "#DIV/0!")
    assert "全年预算数为空或为 0" in check


def test_numeric_actual_below_its_target(book) -> None:
    row = {"E13": "≥20 次", "F13": 15, "G13": 10}
    score, band, check, reading = read(book, row, "H13", "K13", "J13", "L13")
    assert (score, band, reading) == (7.5, "7.5", "≥ 20 次")
    assert check.startswith("【错误】得分 7.5 低于分值 10，偏差原因分析及改进措施却为空")
    (check,) = read(book, {**row, "I13": "下半年才启动"}, "J13")
    assert check == NO_FINDINGS


def test_choosing_partly_achieved(book) -> None:
    row = {"E14": "效果明显", "F14": "部分达成预期指标并具有一定效果", "G14": 4, "I14": "进度滞后"}
    score, band, check = read(book, row, "H14", "K14", "J14")
    assert (score, band, check) == (2.4, "2.4–3.19", NO_FINDINGS)
    (check,) = read(book, {**row, "H14": 3.5}, "J14")
    assert check.startswith("【错误】实际完成值为“部分达成预期指标并具有一定效果”")
    assert "得分应在 2.4–3.19 之间" in check


def test_a_score_typed_above_its_weight(book, template, tmp_path) -> None:
    inputs = {"E15": "≤5万元", "F15": 5, "G15": 5, "H15": 8}
    (check,) = read(book, inputs, "J15")
    assert check.startswith("【错误】得分 8 超过分值 5")
    # the red conditional format fires: its own formula, evaluated on the same row
    wb = openpyxl.load_workbook(template, keep_vba=True)
    rule = next(r for r in wb[SHEET].conditional_formatting if str(r.sqref).startswith("H13"))
    formula = rule.rules[0].formula[0].replace("13", "15")
    wb[SHEET]["Z15"] = f"={formula}"
    probe = tmp_path / "probe.xlsm"
    wb.save(probe)
    (red,) = [FormulasWorkbook(probe).calculate(typed(inputs), [(SHEET, "Z15")])[(SHEET, "Z15")]]
    assert red is True


def test_typed_values_do_not_leak(book) -> None:
    read(book, {"E13": "≥20 次", "F13": 15, "G13": 10}, "H13")
    (score,) = read(book, {}, "H13")
    assert score == ""


def test_a_filled_seed_project(book, live_seed_forms) -> None:
    """数字化诊断监理招标专项工作经费 with its stated scores typed in: 20.3%, 2.03, 86.53, 良."""
    form = next(f for f in live_seed_forms if f.name == "数字化诊断监理招标专项工作经费")
    rate, score, total, grade, weights, form_check = read(
        book, form_cells(form), "G6", "H6", "H88", "I88", "G88", L.FORM_CHECK_CELL)
    assert f"{rate:.1%}" == "20.3%"
    assert (score, round(total, 2), grade, weights, form_check) == (
        2.03, 86.53, "良", 100, NO_FINDINGS)


def test_a_seed_mistake_shows_in_the_check_cells(book, live_seed_forms) -> None:
    form = next(f for f in live_seed_forms if f.name == "推进工业互联网建设工作经费")
    row = L.FIRST_ROW + 6
    check, form_check, subtotal = read(
        book, form_cells(form), f"J{row}", L.FORM_CHECK_CELL, f"P{L.SUBTOTAL_FIRST_ROW}")
    assert check.startswith("【错误】得分 8 超过分值 5")
    assert "分值合计 47" in form_check and "分值合计为 97" in form_check
    assert subtotal == 47
