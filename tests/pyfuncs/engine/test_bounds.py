"""Numbers beyond what a form can hold are refused, residue reads as 0, and nothing the engine
reads becomes inf or NaN: 400 digits, 1e-308, `inf` typed or passed as a float."""

import math

import pytest

from pyfuncs.engine import parse_actual, parse_target, score_row
from pyfuncs.engine.bounds import LARGEST, NumberOutOfRange, bounded, to_number
from pyfuncs.engine.parse import as_text
from pyfuncs.engine.units import NOT_A_NUMBER, OUT_OF_RANGE, check_number, find_quantities

HUGE = "9" * 400


@pytest.mark.parametrize(("x", "expected"), [
    (LARGEST, LARGEST), (-LARGEST, -LARGEST), (27.97, 27.97), (-5, -5.0), (3, 3.0),
    (1e-308, 0.0), (-5.6e-17, 0.0), (1e-6, 1e-6),
])
def test_bounded(x, expected) -> None:
    assert bounded(x) == expected


@pytest.mark.parametrize("x", [LARGEST * 1.0000001, math.inf, -math.inf, math.nan, 10**400])
def test_beyond_the_bounds_is_refused(x) -> None:
    with pytest.raises(NumberOutOfRange):
        bounded(x)


def test_digits_that_make_a_float_infinite_are_refused() -> None:
    with pytest.raises(NumberOutOfRange) as caught:
        to_number(HUGE)
    assert caught.value.written == HUGE
    assert to_number("0." + "0" * 400 + "1") == 0.0


@pytest.mark.parametrize(("raw", "expected"), [
    (HUGE, (None, OUT_OF_RANGE)), (f"{HUGE} 万元", (None, OUT_OF_RANGE)),
    (math.inf, (None, OUT_OF_RANGE)), (1e308, (None, OUT_OF_RANGE)), (10**400, (None, OUT_OF_RANGE)),
    ("1e400", (None, NOT_A_NUMBER)), ("inf", (None, NOT_A_NUMBER)), ("nan", (None, NOT_A_NUMBER)),
    ("Infinity", (None, NOT_A_NUMBER)), ([1, 2], (None, NOT_A_NUMBER)),
    (1e-308, (0.0, None)), ("0." + "0" * 400 + "1", (0.0, None)), (math.nan, (None, None)),
    ("-30,000", (-30000.0, None)), ("82.3%", (0.823, None)),
])
def test_check_number(raw, expected) -> None:
    assert check_number(raw) == expected


def test_a_text_with_a_huge_number_is_out_of_range(profile) -> None:
    with pytest.raises(NumberOutOfRange):
        find_quantities(f"≥{HUGE} 次")
    assert parse_target(f"≥{HUGE} 次", profile).kind == "out_of_range"
    assert parse_actual(HUGE, profile).kind == "out_of_range"
    assert parse_actual(1e300, profile).kind == "out_of_range"
    assert parse_actual(math.inf, profile).kind == "out_of_range"
    assert parse_target(math.inf, profile).kind == "out_of_range"
    assert parse_target(1e15, profile).kind == "out_of_range"
    assert "1 万亿" in parse_target(HUGE, profile).show()


def test_floats_are_never_written_in_exponent_form() -> None:
    assert as_text(1e-5) == "0.00001"
    assert as_text(22.0) == "22"
    assert as_text(1e15) == "1000000000000000"
    assert as_text(math.inf) == "inf"


@pytest.mark.parametrize(("target", "actual", "field"), [
    (f"≥{HUGE} 次", "20", "年度指标值"), ("≥20 次", HUGE, "实际完成值"),
    ("≥20 次", 1e300, "实际完成值"), (1e13, 5.0, "年度指标值"),
])
def test_a_row_with_a_number_out_of_range_is_not_scored(profile, target, actual, field) -> None:
    r = score_row(target, actual, 10.0, profile)
    assert (r.kind, r.suggested) == ("unscorable", None)
    assert [(f.code, f.field) for f in r.findings] == [("NUMBER_OUT_OF_RANGE", field)]
    assert "超出可计算的范围" in r.findings[0].message
    assert len(r.findings[0].message) < 200       # the 400 digits are not repeated whole


def test_tiny_and_huge_numbers_keep_scores_finite(profile) -> None:
    for target, actual in (("≥0.000000001 次", "999999999999"), ("≤999999999999 亿元", "1e-9"),
                           ("≥1‰", "999999999999"), ("≤0.000000002", "999999999999")):
        r = score_row(target, actual, 10.0, profile)
        assert r.suggested is not None and 0 <= r.suggested <= 10
        assert all(math.isfinite(x) for x in (r.band.low, r.band.high))
