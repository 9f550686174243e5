"""The `formulas` harness: a small form written with openpyxl, typed into and recalculated.

The form mimics the real one: a 项目1 sheet with a funding block, three indicator rows, totals
and merged cells, and a 汇总 sheet that reads across to it. The template ships blank except the
second row's 分值 (4), the way clerks receive it.
"""

from __future__ import annotations

import types
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("formulas")

import openpyxl
from formulas.functions import get_functions
from openpyxl.worksheet.formula import ArrayFormula

from formulas_recalc.formulas_model import (
    FormulasWorkbook,
    jx_functions,
    register_jx_functions,
)
from pyfuncs import udfs, xlerror
from pyfuncs.engine.findings import NO_FINDINGS

FORM = "项目1"
SUMMARY = "汇总"
QUANT = {"E10": "≥20 次", "F10": 15, "G10": 10}
QUAL = {"E11": "效果明显", "F11": "部分达成预期指标并具有一定效果"}  # G11 (4) is in the template
FUNDS = {"C6": 45, "D6": 9.12}


def write_form(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = FORM
    ws["A1"] = "项目支出绩效自评表"
    ws.merge_cells("A1:M1")
    for cell, text in zip(("B5", "C5", "D5", "E5", "F5"),
                          ("资金", "预算数", "执行数", "执行率", "得分"), strict=True):
        ws[cell] = text
    ws["B6"], ws["B7"] = "年度资金总额", "其中：财政拨款"
    ws["E6"] = "=JX_EXEC_RATE(D6,C6)"
    ws["F6"] = "=JX_FUND_SCORE(D6,C6,10)"
    ws["E7"] = '=IFERROR(JX_EXEC_RATE(D7,C7),"")'
    ws["F7"] = "=JX_EXEC_RATE(D7,C7)"
    ws["G7"] = "=ISERROR(F7)"
    ws["H7"] = "=F7+1"

    ws["A10"] = "产出指标"
    ws.merge_cells("A10:A12")
    ws["G11"] = 4
    for r in (10, 11, 12):
        ws[f"J{r}"] = f"=JX_SCORE(E{r},F{r},G{r})"
        ws[f"K{r}"] = f"=JX_BAND(E{r},F{r},G{r})"
        ws[f"L{r}"] = f"=JX_CHECK(E{r},F{r},G{r},H{r},I{r})"
        ws[f"M{r}"] = f"=JX_PARSE(E{r})"
    ws["N10"] = ArrayFormula("N10:N12", "=JX_SCORES(E10:E12,F10:F12,G10:G12)")
    ws["J13"] = "=SUM(J10:J12)"
    ws["J14"] = "=F6+J13"
    ws["K14"] = "=JX_GRADE(J14)"
    ws.merge_cells("K14:L14")
    ws["K15"] = "=JX_GRADE(C15)"

    summary = wb.create_sheet(SUMMARY)
    summary["A2"] = FORM
    summary["B2"] = "='项目1'!F6"
    summary["C2"] = "=SUM(项目1!J10:J12)"
    summary["D2"] = "=项目1!K14"
    summary["E2"] = '=IFERROR(项目1!F7,"无预算")'
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> FormulasWorkbook:
    return FormulasWorkbook(write_form(tmp_path_factory.mktemp("formulas") / "自评表.xlsm"))


def run(book: FormulasWorkbook, typed: dict[str, Any], *cells: str) -> dict[str, Any]:
    """Type into 项目1 (cells like "E10") and read cells; "汇总!B2" reads the summary sheet."""
    def ref(cell: str) -> tuple[str, str]:
        sheet, _, address = cell.rpartition("!")
        return sheet or FORM, address

    result = book.calculate({ref(c): v for c, v in typed.items()}, [ref(c) for c in cells])
    return {c: result[ref(c)] for c in cells}


def test_every_jx_function_is_registered() -> None:
    names = register_jx_functions()
    assert names == sorted(n for n in dir(udfs) if n.startswith("JX_"))
    assert {"JX_BAND", "JX_CHECK", "JX_EXEC_RATE", "JX_FUND_SCORE", "JX_GRADE", "JX_PARSE",
            "JX_SCORE", "JX_SCORES"} <= set(names)
    assert all(name in get_functions() for name in names)


def test_new_functions_are_picked_up_from_the_module() -> None:
    module = types.ModuleType("more_udfs")
    module.JX_TWICE = lambda x: 2 * x  # type: ignore[attr-defined]
    module.helper = lambda x: x  # type: ignore[attr-defined]
    module.JX_LIMIT = 5  # type: ignore[attr-defined]
    assert list(jx_functions(module)) == ["JX_TWICE"]


def test_keys_are_the_engines_names(book: FormulasWorkbook) -> None:
    assert book.sheet_names == (FORM, SUMMARY)
    assert book.key(FORM, "e10") == "'[自评表.xlsm]项目1'!E10"
    assert book.key("汇总", "B2") == "'[自评表.xlsm]汇总'!B2"
    with pytest.raises(KeyError):
        book.key("项目2", "A1")
    with pytest.raises(ValueError):
        book.key(FORM, "E10:E12")


def test_funding_block(book: FormulasWorkbook) -> None:
    got = run(book, FUNDS, "E6", "F6", "汇总!B2")
    assert got == {"E6": 9.12 / 45, "F6": 2.03, "汇总!B2": 2.03}
    assert got["E6"] == pytest.approx(0.2026667, abs=1e-7)


def test_indicator_rows_totals_and_grade(book: FormulasWorkbook) -> None:
    got = run(book, {**FUNDS, **QUANT, **QUAL}, "J10", "K10", "M10", "J11", "K11", "N10", "N11",
              "N12", "J12", "J13", "J14", "K14", "汇总!C2", "汇总!D2")
    assert got == {
        "J10": 7.5, "K10": "7.5", "M10": "≥ 20 次",
        "J11": 2.4, "K11": "2.4–3.19",
        "N10": 7.5, "N11": 2.4, "N12": "",  # JX_SCORES as an array formula
        "J12": "", "J13": 9.9, "J14": 2.03 + 9.9, "K14": "差",
        "汇总!C2": 9.9, "汇总!D2": "差",
    }


def test_checks(book: FormulasWorkbook) -> None:
    rows = {**QUANT, "H10": 7.5, "I10": "受天气影响，活动减少",
            "E12": "≤5万元", "F12": 5, "G12": 5, "H12": 8}
    got = run(book, rows, "L10", "L12")
    assert got["L10"] == NO_FINDINGS
    assert got["L12"] == "【错误】得分 8 超过分值 5：得分最高为分值。"
    assert got["L12"].startswith("【错误】")


def test_zero_budget_gives_div0_which_iferror_catches(book: FormulasWorkbook) -> None:
    got = run(book, {"C7": 0, "D7": 3}, "E7", "F7", "G7", "H7", "汇总!E2")
    assert got["F7"] is xlerror.DIV0
    assert got["H7"] is xlerror.DIV0  # propagates through arithmetic
    assert got["G7"] is True
    assert got["E7"] == ""
    assert got["汇总!E2"] == "无预算"


def test_errors_and_bad_text_typed_into_inputs(book: FormulasWorkbook) -> None:
    assert run(book, {"C6": 45, "D6": "#N/A"}, "E6")["E6"] is xlerror.NA
    assert run(book, {"C6": 45, "D6": "三万"}, "E6")["E6"] is xlerror.VALUE


def test_blank_inputs_give_empty_text(book: FormulasWorkbook) -> None:
    got = run(book, {}, "E6", "F6", "E7", "F7", "G7", "J10", "K10", "L10", "M10", "N10",
              "J13", "J14", "K14", "K15", "汇总!B2", "汇总!D2", "Z99")
    assert got == {
        "E6": "", "F6": "", "E7": "", "F7": "", "G7": False,
        "J10": "", "K10": "", "L10": "", "M10": "", "N10": "",
        "J13": 0.0,  # SUM skips text, "" included
        "J14": xlerror.VALUE,  # F6 + J13 is "" + 0: #VALUE!, as in Excel
        "K14": xlerror.VALUE,  # JX_GRADE passes the error on
        "K15": "",
        "汇总!B2": "", "汇总!D2": xlerror.VALUE,
        "Z99": None,  # a cell nothing refers to
    }


def test_typed_values_do_not_leak_into_the_next_calculation(book: FormulasWorkbook) -> None:
    assert run(book, {**FUNDS, **QUANT, **QUAL}, "F6", "J10", "J11") == {
        "F6": 2.03, "J10": 7.5, "J11": 2.4}
    assert run(book, {}, "F6", "J10", "J11") == {"F6": "", "J10": "", "J11": ""}
    # the template's 分值 can be blanked for one calculation and comes back afterwards
    assert run(book, {**QUAL, "G11": None}, "J11")["J11"] == ""
    assert run(book, QUAL, "J11")["J11"] == 2.4
    assert run(book, {"C15": 86.53}, "K15")["K15"] == "良"
    assert run(book, {}, "K15")["K15"] == ""


def test_calculate_all_reads_every_formula_cell(book: FormulasWorkbook) -> None:
    typed = {(FORM, c): v for c, v in {**FUNDS, **QUANT, **QUAL}.items()}
    everything = book.calculate_all(typed)
    formula_cells = {(FORM, c) for c in ("E6", "F6", "E7", "F7", "G7", "H7", "J13", "J14",
                                          "K14", "K15", "N10", "N11", "N12")}
    formula_cells |= {(FORM, f"{col}{r}") for col in "JKLM" for r in (10, 11, 12)}
    formula_cells |= {(SUMMARY, c) for c in ("B2", "C2", "D2", "E2")}
    assert set(everything) == formula_cells
    assert everything == book.calculate(typed, sorted(formula_cells))
    assert everything[SUMMARY, "C2"] == 9.9
