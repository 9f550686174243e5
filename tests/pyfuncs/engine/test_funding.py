"""项目资金: 执行率, the funding score, and the funding block's checks."""

import pytest

from pyfuncs.engine import Funding, evaluate_funding, execution_rate, funding_score, load_profile


def block(total, approp=None, carry=None, other=None, *, weight=10, rate=None, score=None):
    rows = {"年度资金总额": total, "本年财政拨款": approp or [None] * 3,
            "上年结转资金": carry or [None] * 3, "其他资金": other or [None] * 3}
    return Funding(rows, weight, rate, score)


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


@pytest.mark.parametrize(("executed", "budget", "rate", "score"), [
    (27.97, 34, 0.8226, 8.23),
    (9.12, 45, 0.2027, 2.03),
    (56.839, 57, 0.9972, 9.97),
    (15, 25, 0.6, 6),
    (3.82, 3.82, 1.0, 10),
    (12, 10, 1.2, 10),          # overspent: the score is capped at the weight
])
def test_rules_examples(profile, executed, budget, rate, score) -> None:
    r = execution_rate(executed, budget)
    assert r == pytest.approx(rate, abs=5e-5)
    assert funding_score(r, 10, profile) == score


@pytest.mark.parametrize(("executed", "budget"), [(3, 0), (3, None), (None, 10)])
def test_no_rate_without_budget_or_execution(executed, budget) -> None:
    assert execution_rate(executed, budget) is None


def test_rate_rounded_before_score_is_a_profile_setting(tmp_path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('extends = "national-2020"\nname = "2016"\n'
                    "[funding]\nround_rate_before_score = true\nrate_decimals = 0\n",
                    encoding="utf-8")
    rate = execution_rate(49.88, 100)
    assert funding_score(rate, 10, load_profile(path)) == 5
    assert funding_score(rate, 10, load_profile()) == 4.99


def test_clean_block(profile) -> None:
    r = evaluate_funding(block([34, 34, 27.97], [34, 34, 27.97], [0, 0, 0], [0, 0, 0],
                               rate="82.3%", score=8.23), profile)
    assert (r.rate, r.score, r.findings) == (pytest.approx(0.82265, abs=1e-5), 8.23, ())


def test_total_row_left_at_zero_is_caught(profile) -> None:
    r = evaluate_funding(block([0, 0, 0], [0, 20, 18], [0, 0, 0], [0, 0, 0],
                               rate="0.0%", score=0), profile)
    assert r.rate == pytest.approx(0.9)
    assert r.score == 9
    assert codes(r) == ["FUND_TOTAL_SUM", "FUND_TOTAL_SUM", "FUND_RATE_MISMATCH",
                        "FUND_SCORE_MISMATCH"]
    assert r.findings[0].field == "资金.年度资金总额.全年预算数"


def test_initial_budget_zero_is_normal(profile) -> None:
    r = evaluate_funding(block([0, 3.82, 3.82], [0, 3.82, 3.82], [0, 0, 0], [0, 0, 0]), profile)
    assert (r.score, r.findings) == (10, ())


def test_budget_missing(profile) -> None:
    r = evaluate_funding(block([None, 0, 5], rate="100%", score=10), profile)
    assert (r.rate, r.score) == (None, None)
    assert codes(r) == ["FUND_BUDGET_MISSING", "FUND_RATE_MISMATCH", "FUND_SCORE_MISMATCH"]
    assert "无法计算" in r.findings[1].message


def test_overspent_and_not_numbers(profile) -> None:
    assert codes(evaluate_funding(block([10, 10, 12]), profile)) == ["FUND_OVERSPENT"]
    bad = evaluate_funding(block([10, "十万", 8]), profile)
    assert codes(bad) == ["FUND_NOT_NUMBER", "FUND_BUDGET_MISSING"]
    assert "十万" in bad.findings[0].message


def test_stated_rate_compared_at_its_own_precision(profile) -> None:
    ok = evaluate_funding(block([57, 57, 56.839], rate="99.72%", score=9.97), profile)
    assert ok.findings == ()
    assert evaluate_funding(block([57, 57, 56.839], rate="99.7%"), profile).findings == ()
    wrong = evaluate_funding(block([57, 57, 56.839], rate="99.8%"), profile)
    assert codes(wrong) == ["FUND_RATE_MISMATCH"]
    assert "99.7%" in wrong.findings[0].message


def test_weight_from_the_form(profile) -> None:
    r = evaluate_funding(block([10, 10, 5], weight=20), profile)
    assert r.score == 10
    assert codes(r) == ["FUND_WEIGHT_MISMATCH"]


def test_low_rate_needs_explanation_when_the_profile_says(tmp_path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('extends = "national-2020"\nname = "p"\n[funding]\nexplain_below = 0.9\n',
                    encoding="utf-8")
    r = evaluate_funding(block([10, 10, 8]), load_profile(path))
    assert codes(r) == ["FUND_RATE_LOW"]
    assert codes(evaluate_funding(block([10, 10, 8]), load_profile())) == []


def test_denominator_is_a_profile_setting(tmp_path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('extends = "national-2020"\nname = "p"\n'
                    '[funding]\ndenominator = "年初预算数"\n', encoding="utf-8")
    r = evaluate_funding(block([8, 10, 8]), load_profile(path))
    assert r.rate == 1.0


@pytest.mark.parametrize(("executed", "budget"), [(-3, 10), (3, -10), (-3, -10)])
def test_no_rate_from_a_negative_amount(executed, budget) -> None:
    assert execution_rate(executed, budget) is None


def test_negative_amounts_are_findings_never_a_negative_score(profile) -> None:
    r = evaluate_funding(block([34, -34, 27.97]), profile)
    assert (r.rate, r.score) == (None, None)
    assert codes(r) == ["FUND_NEGATIVE"]
    assert "年度资金总额的全年预算数为负数（-34）" in r.findings[0].message
    r = evaluate_funding(block([34, 34, -27.97]), profile)
    assert (r.rate, r.score, codes(r)) == (None, None, ["FUND_NEGATIVE"])


@pytest.mark.parametrize("weight", [-10, "十", "9" * 400])
def test_a_weight_that_is_not_a_number_of_at_least_0_gives_no_score(profile, weight) -> None:
    r = evaluate_funding(block([34, 34, 27.97], weight=weight), profile)
    assert r.score is None and r.weight == 10
    assert codes(r) == ["NUMBER_OUT_OF_RANGE" if weight == "9" * 400 else "WEIGHT_INVALID"]
    assert funding_score(0.5, -10, profile) is None


def test_a_budget_of_1e_308_is_no_budget(profile) -> None:
    r = evaluate_funding(block([1e-308, 1e-308, 66]), profile)
    assert (r.rate, r.score) == (None, None)
    assert "FUND_BUDGET_MISSING" in codes(r)


def test_amounts_out_of_range_are_named(profile) -> None:
    r = evaluate_funding(block([34, "9" * 400, 27.97], rate="9" * 400), profile)
    assert codes(r) == ["NUMBER_OUT_OF_RANGE", "FUND_BUDGET_MISSING", "NUMBER_OUT_OF_RANGE"]
    assert r.findings[0].message.startswith("年度资金总额的全年预算数“9999")


def test_scores_at_large_weights_stay_within_them(profile) -> None:
    assert funding_score(1.0, 5_000_000, profile) == 5_000_000
    assert funding_score(0.8226, 1e12, profile) == 822_600_000_000


def test_funding_only_on_the_total_row_is_scored(profile) -> None:
    r = evaluate_funding(block([10, 10, 8]), profile)
    assert (r.totals, r.rate, r.score, codes(r)) == ((10, 10, 8), 0.8, 8, [])


def test_a_total_that_disagrees_with_its_rows_stays_an_error(profile) -> None:
    r = evaluate_funding(block([12, 12, 10], [10, 10, 8]), profile)
    assert codes(r) == ["FUND_TOTAL_SUM"] * 3 and r.rate == 0.8


def test_a_blank_total_in_a_data_file_is_the_sum_its_form_shows(profile) -> None:
    funding = block([None] * 3, [6, 6, 6], [4, 4, 4])
    assert codes(evaluate_funding(funding, profile)) == ["FUND_TOTAL_SUM"] * 3
    r = evaluate_funding(funding, profile, blank_total_is_sum=True)
    assert (r.totals, codes(r)) == ((10, 10, 10), [])


def test_a_negative_row_is_reported_once_not_again_on_its_total(profile) -> None:
    r = evaluate_funding(block([10, -10, 8], [10, -10, 8]), profile)
    assert [(f.code, f.field) for f in r.findings] == [
        ("FUND_NEGATIVE", "资金.本年财政拨款.全年预算数")]
    r = evaluate_funding(block([10, -10, 8]), profile)
    assert [(f.code, f.field) for f in r.findings] == [
        ("FUND_NEGATIVE", "资金.年度资金总额.全年预算数")]
