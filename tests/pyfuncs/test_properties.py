"""Properties that hold for any input, checked BENEATH the net that turns every exception into
#VALUE! (so they can fail): the worksheet functions answer only finite numbers, text or a known
Excel error value; scores stay in [0, 分值] and rates in [0, ∞); scores move the right way as
the actual grows."""

from __future__ import annotations

import inspect
import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pyfuncs import udfs
from pyfuncs.engine import Form, Funding, Indicator, evaluate_form, load_profile, score_row
from pyfuncs.engine.units import read_number
from pyfuncs.xlerror import ERRORS, XlError

PROFILE = load_profile()


def beneath_the_net(fn: Any) -> Any:
    """The function a JX_ wrapper calls: exceptions and non-finite numbers reach the test."""
    inner = inspect.unwrap(fn)
    assert inner is not fn
    return inner


EXEC_RATE, FUND_SCORE, SCORE, SCORES, BAND, CHECK, FORM_CHECK, GRADE, PARSE, GROUP = (
    beneath_the_net(f) for f in (
        udfs.JX_EXEC_RATE, udfs.JX_FUND_SCORE, udfs.JX_SCORE, udfs.JX_SCORES, udfs.JX_BAND,
        udfs.JX_CHECK, udfs.JX_FORM_CHECK, udfs.JX_GRADE, udfs.JX_PARSE, udfs.JX_GROUP))

HUGE_DIGITS = st.integers(13, 400).map(lambda n: "9" * n)
numeric_text = st.one_of(
    st.builds(lambda sign, digits, unit: f"{sign}{digits}{unit}",
              st.sampled_from(["", "-", "+", "≥", "≤", "不超过"]),
              st.one_of(HUGE_DIGITS, st.integers(0, 400).map(lambda n: f"0.{'0' * n}1"),
                        st.integers(-10**15, 10**15).map(str)),
              st.sampled_from(["", " 次", "%", " 万元", "亿元", "‰", " 分"])),
    st.sampled_from(["inf", "-inf", "nan", "NaN", "Infinity", "1e400", "1e-400", "-0", "１e３０８"]),
)
extreme_float = st.sampled_from([
    1e308, -1e308, 5e-324, -5e-324, 1e-308, 1e12, -1e12, 1e12 + 1, 1e15, 5_000_000.005, -0.0,
    math.inf, -math.inf, math.nan])
# What Excel (or a Python caller) can hand a worksheet function.
cell = st.one_of(
    st.none(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True), extreme_float,
    st.integers(-10**400, 10**400), st.text(max_size=40), numeric_text,
    st.sampled_from(["#N/A", "#VALUE!", "#DIV/0!", "达成预期指标", "不适用", "≥20 次", "=10 万元",
                     "2 0 次以上", "满意度 \\geq 90.0%", "９０％", "30,000", "-5", ""]),
)
profile_name = st.sampled_from([None, None, None, "national-2021", "no-such"])


def is_error(x: object) -> bool:
    return isinstance(x, XlError) and x in ERRORS


def assert_number_or_blank_or_error(x: object) -> None:
    """A numeric cell's answer: "" (nothing to show yet), an error value, or a finite number."""
    if isinstance(x, str):
        assert x == "" or is_error(x), x
    else:
        assert isinstance(x, int | float) and not isinstance(x, bool), x
        assert math.isfinite(x), x


def assert_score(x: object, weight_cell: object, default: float = 0.0) -> None:
    """A score: as above, and within [0, 分值] of the 分值 cell it was computed with (a blank
    分值 counts as `default`: 0 on a 不适用 row, the profile's for the funding score)."""
    assert_number_or_blank_or_error(x)
    if isinstance(x, int | float):
        weight, ok = read_number(weight_cell)
        assert ok
        weight = default if weight is None else weight
        assert 0 <= x <= weight, (x, weight)


def assert_text(x: object) -> None:
    assert isinstance(x, str), x
    if isinstance(x, XlError):
        assert is_error(x)


@settings(max_examples=400, deadline=None)
@given(cell, cell, cell, profile_name)
def test_rates_and_funding_scores(executed, budget, weight, profile) -> None:
    rate = EXEC_RATE(executed, budget, profile)
    assert_number_or_blank_or_error(rate)
    if isinstance(rate, float):
        assert rate >= 0
    assert_score(FUND_SCORE(executed, budget), None, PROFILE.funding_weight)
    assert_score(FUND_SCORE(executed, budget, weight), weight, PROFILE.funding_weight)
    if profile is None:
        assert_score(FUND_SCORE(executed, budget, weight, profile), weight,
                     PROFILE.funding_weight)


@settings(max_examples=400, deadline=None)
@given(cell, cell, cell, cell, cell, profile_name)
def test_row_functions(target, actual, weight, score, remark, profile) -> None:
    assert_score(SCORE(target, actual, weight), weight)
    assert_score(SCORE(target, actual, weight, profile), weight)
    assert_text(BAND(target, actual, weight, profile))
    assert_text(CHECK(target, actual, weight, score, remark))
    assert_text(CHECK(target, actual, weight, score, remark, profile))
    assert_text(GRADE(target, profile))
    assert_text(PARSE(target, profile))
    assert_text(GROUP(target, profile))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(cell, cell, cell), max_size=5), cell)
def test_scores_over_a_range(rows, single_weight) -> None:
    targets, actuals, weights = ([[r[i]] for r in rows] for i in range(3))
    out = SCORES(targets, actuals, weights)
    if isinstance(out, str):
        assert_number_or_blank_or_error(out)
    else:
        assert len(out) == len(rows)
        for (answer,), row in zip(out, rows, strict=True):
            assert_score(answer, row[2])
    single = SCORES(targets, actuals, [[single_weight]])
    if isinstance(single, list) and rows:
        for (answer,) in single:
            assert_score(answer, single_weight)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cell, max_size=7), max_size=5),
       st.lists(st.lists(cell, max_size=9), max_size=6), cell, profile_name)
def test_form_check(funding, indicators, total, profile) -> None:
    assert_text(FORM_CHECK(funding, indicators, total, profile))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(cell, cell, cell, cell, cell, cell, cell, cell), max_size=6),
       st.lists(cell, min_size=12, max_size=12), cell, cell)
def test_no_form_raises_and_every_number_is_finite(rows, amounts, total, fund_weight) -> None:
    table = {"年度资金总额": amounts[0:3], "本年财政拨款": amounts[3:6],
             "上年结转资金": amounts[6:9], "其他资金": amounts[9:12]}
    inds = [Indicator(str(r[0] or ""), str(r[1] or ""), str(r[2] or ""), r[3], r[4], r[5], r[6],
                      str(r[7] or "")) for r in rows]
    result = evaluate_form(Form(funding=Funding(table, fund_weight), indicators=inds,
                                stated_total=total), PROFILE)
    assert all(f.message for f in result.findings)
    fund = result.funding
    numbers = [result.weight_total, result.total, fund.rate, fund.score, fund.weight, *fund.totals]
    for r in result.rows:
        numbers += [r.scored.suggested, r.used, r.scored.weight]
        if r.scored.band:
            numbers += [r.scored.band.low, r.scored.band.high]
        if r.scored.suggested is not None:
            assert 0 <= r.scored.suggested <= r.scored.weight
    assert all(math.isfinite(x) for x in numbers if x is not None)
    assert fund.rate is None or fund.rate >= 0
    assert fund.score is None or 0 <= fund.score <= fund.weight


unit = st.sampled_from(["", " 次", "个", "%", " 万元", "元", "亿元", "家以上"])
sign = st.sampled_from(["", "≥", "≤", "=", "不少于", "不超过", "至少", "以内 ", "＞＝"])
number = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
target_text = st.builds(lambda s, n, u: f"{s}{n}{u}", sign, number, unit)
actual_text = st.one_of(
    st.builds(lambda n, u: f"{n}{u}", number, unit),
    st.sampled_from(["达成预期指标", "部分达成预期指标并具有一定效果", "未完成预期指标且效果较差",
                     "不适用", ""]),
)
weight = st.one_of(st.floats(min_value=0, max_value=100, allow_nan=False),
                   st.floats(min_value=0, max_value=1e12, allow_nan=False))


@settings(max_examples=500, deadline=None)
@given(target_text, actual_text, weight)
def test_score_lies_between_zero_and_weight(target, actual, w) -> None:
    r = score_row(target, actual, w, PROFILE)
    if r.suggested is not None:
        assert 0 <= r.suggested <= w
    assert_score(SCORE(target, actual, w), w)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["≥", "不少于", "", "至少"]), st.sampled_from(["≤", "不超过", "以内 "]),
       number, number, number, weight, st.sampled_from(["ratio", "linear"]))
def test_scores_move_the_right_way(up, down, t, a1, a2, w, lower_formula) -> None:
    low, high = sorted((a1, a2))
    higher = f"{up}{t} 次"
    assert score_row(higher, f"{low}", w, PROFILE).suggested <= \
        score_row(higher, f"{high}", w, PROFILE).suggested
    lower = f"{down}{t} 次" if down != "以内 " else f"{t} 次以内"
    assert score_row(lower, f"{low}", w, PROFILE).suggested >= \
        score_row(lower, f"{high}", w, PROFILE).suggested
