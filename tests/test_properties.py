"""Properties that hold for any input: nothing raises, scores stay in [0, weight], and scores
move the right way as the actual grows."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pyfuncs.engine import Form, Funding, Indicator, evaluate_form, load_profile, score_row
from pyfuncs.udfs import (
    JX_BAND,
    JX_CHECK,
    JX_EXEC_RATE,
    JX_FORM_CHECK,
    JX_FUND_SCORE,
    JX_GRADE,
    JX_PARSE,
    JX_SCORE,
    JX_SCORES,
)

PROFILE = load_profile()

# What Excel can hand a worksheet function: floats (any), text (any), blanks, booleans, errors.
cell = st.one_of(
    st.none(), st.booleans(), st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-10**12, 10**12), st.text(max_size=40),
    st.sampled_from(["#N/A", "#VALUE!", "#DIV/0!", "达成预期指标", "不适用", "≥20 次", "=10 万元",
                     "2 0 次以上", "满意度 \\geq 90.0%", "９０％", "30,000", "-5", "1e400"]),
)

unit = st.sampled_from(["", " 次", "个", "%", " 万元", "元", "亿元", "家以上"])
sign = st.sampled_from(["", "≥", "≤", "=", "不少于", "不超过", "至少", "以内 ", "＞＝"])
number = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)
target_text = st.builds(lambda s, n, u: f"{s}{n}{u}", sign, number, unit)
actual_text = st.one_of(
    st.builds(lambda n, u: f"{n}{u}", number, unit),
    st.sampled_from(["达成预期指标", "部分达成预期指标并具有一定效果", "未完成预期指标且效果较差",
                     "不适用", ""]),
)
weight = st.floats(min_value=0, max_value=100, allow_nan=False)


@settings(max_examples=300, deadline=None)
@given(cell, cell, cell, cell, cell, cell)
def test_no_worksheet_function_raises(a, b, c, d, e, f) -> None:
    for result in (
        JX_EXEC_RATE(a, b), JX_EXEC_RATE(a, b, c),
        JX_FUND_SCORE(a, b, c), JX_FUND_SCORE(a, b, c, d),
        JX_SCORE(a, b, c), JX_SCORE(a, b, c, d), JX_BAND(a, b, c), JX_CHECK(a, b, c, d, e),
        JX_CHECK(a, b, c, d, e, f), JX_GRADE(a), JX_GRADE(a, b), JX_PARSE(a), JX_PARSE(a, b),
        JX_SCORES(a, b, c), JX_SCORES([a, b], [c, d], [e, f]),
        JX_FORM_CHECK(a, b), JX_FORM_CHECK([[a, b, c, d, e, f]], [[f, e, d, c, b, a, b, c]], d),
    ):
        assert result is None or isinstance(result, str | float | int | list)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(cell, cell, cell, cell, cell, cell, cell, cell), max_size=6),
       st.lists(cell, min_size=12, max_size=12), cell, cell)
def test_no_form_raises(rows, amounts, total, fund_weight) -> None:
    table = {"年度资金总额": amounts[0:3], "本年财政拨款": amounts[3:6],
             "上年结转资金": amounts[6:9], "其他资金": amounts[9:12]}
    inds = [Indicator(str(r[0] or ""), str(r[1] or ""), str(r[2] or ""), r[3], r[4], r[5], r[6],
                      str(r[7] or "")) for r in rows]
    result = evaluate_form(Form(funding=Funding(table, fund_weight), indicators=inds,
                                stated_total=total), PROFILE)
    assert all(f.message for f in result.findings)


@settings(max_examples=500, deadline=None)
@given(target_text, actual_text, weight)
def test_score_lies_between_zero_and_weight(target, actual, w) -> None:
    r = score_row(target, actual, w, PROFILE)
    if r.suggested is not None:
        assert 0 <= r.suggested <= round(w, 2) + 1e-9
    udf = JX_SCORE(target, actual, w)
    assert udf == "" or isinstance(udf, str) or 0 <= udf <= round(w, 2) + 1e-9


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
