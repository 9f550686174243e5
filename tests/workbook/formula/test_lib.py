"""Excel's rules as the evaluator applies them, by subject: what SUM and SUMIF pass over and
what they pass on, IF's laziness, text and comparison coercions, arrays in SUMPRODUCT."""

from __future__ import annotations

from pyfuncs.xlerror import DIV0, NA, VALUE
from workbook.formula import BookContext, F, Ref, evaluate, parse_ref


def value_of(expr, cells: dict[str, object]) -> object:
    typed = {(parse_ref(a).row, parse_ref(a).col): v for a, v in cells.items()}
    return evaluate(expr, BookContext({}, {"s": typed}), "s")


COLUMN = parse_ref("A1").to(parse_ref("A4"))


def test_sum_passes_over_text_but_passes_on_errors() -> None:
    assert value_of(F.SUM(COLUMN), {"A1": 1.0, "A2": "五分", "A3": True}) == 1.0
    assert value_of(F.SUM(COLUMN), {"A1": 1.0, "A2": VALUE}) == VALUE
    assert value_of(F.COUNT(COLUMN), {"A1": 1.0, "A2": NA, "A3": "x"}) == 1.0
    assert value_of(F.COUNTA(COLUMN), {"A1": "", "A2": NA}) == 2.0


def test_sumif_matches_text_case_blind_and_passes_on_matched_errors() -> None:
    keys, sums = COLUMN, parse_ref("B1").to(parse_ref("B4"))
    cells = {"A1": "产出指标", "A2": "效益指标", "A3": "产出指标", "B1": 5.0, "B2": VALUE,
             "B3": "x", "C1": "产出指标"}
    assert value_of(F.SUMIF(keys, parse_ref("C1"), sums), cells) == 5.0
    cells["A2"] = "产出指标"
    assert value_of(F.SUMIF(keys, parse_ref("C1"), sums), cells) == VALUE
    assert value_of(F.SUMIF(keys, ">1", sums), {"A1": 2.0, "A2": 1.0, "B1": 3.0, "B2": 4.0}) == 3.0


def test_if_and_iferror_evaluate_only_the_branch_taken() -> None:
    a = Ref(1, 1)
    assert value_of(F.IF(F.ISNUMBER(a), a + 1, ""), {"A1": "x"}) == ""
    assert value_of(F.IFERROR(a / 0, "none"), {"A1": 1.0}) == "none"
    assert value_of(a / 0, {"A1": 1.0}) == DIV0
    assert value_of(F.IF(a, 1, 2), {"A1": "text"}) == VALUE


def test_arithmetic_and_text_coercions() -> None:
    a, b = Ref(1, 1), Ref(1, 2)
    assert value_of(a + b, {"A1": None, "B1": "5"}) == 5.0       # blank is 0, numeric text a number
    assert value_of(a + b, {"A1": "五", "B1": 1.0}) == VALUE
    assert value_of(a & "", {"A1": 3.0}) == "3"
    assert value_of(a.eq(""), {}) is True
    assert value_of(a.eq(0), {}) is True


def test_value_reads_text_as_the_number_it_shows() -> None:
    """目录 and 汇总 take each project's figures through VALUE, so a rate a data file stated as
    text (`82.3%`) is a number for the sums and the chart, as in Excel and Calc."""
    a = Ref(1, 1)
    assert value_of(F.VALUE(a), {"A1": "82.3%"}) == 0.823
    assert value_of(F.VALUE(a), {"A1": " 97.43 "}) == 97.43
    assert value_of(F.VALUE(a), {"A1": 0.5}) == 0.5
    assert value_of(F.VALUE(a), {"A1": "约 82%"}) == VALUE
    assert value_of(F.VALUE(a), {"A1": ""}) == VALUE
    assert value_of(F.IFERROR(F.VALUE(a), ""), {"A1": NA}) == ""


def test_sumproduct_counts_marks_cell_by_cell() -> None:
    mark = "【错误】"
    expr = F.SUMPRODUCT((F.LEN(COLUMN) - F.LEN(F.SUBSTITUTE(COLUMN, mark, ""))) / F.LEN(mark))
    assert value_of(expr, {"A1": f"{mark}a；{mark}b", "A2": "", "A3": f"【警告】{mark}"}) == 3.0
    assert value_of(expr, {"A1": NA}) == NA


def test_the_mark_count_shortcut_agrees_with_the_arrays_it_replaces() -> None:
    mark = "【错误】"
    counted = (F.LEN(COLUMN) - F.LEN(F.SUBSTITUTE(COLUMN, mark, ""))) / F.LEN(mark)
    shortcut, general = F.SUMPRODUCT(counted), F.SUMPRODUCT(counted * 1)   # *1: no shortcut
    cases = [{"A1": f"{mark}{mark}", "A2": 3.0, "A3": True, "A4": f"x{mark}y"},
             {"A1": "【错误", "A2": f"{mark}", "A4": None},
             {"A2": VALUE, "A3": f"{mark}"},
             {}]
    for cells in cases:
        assert value_of(shortcut, cells) == value_of(general, cells), cells
