"""Deadlines and other time targets (时效指标): a date is a latest date, never a quantity; done on
or before it is full marks; later loses the profile's share per month; what cannot be told is
a finding (docs/rules.md §3.3)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from pyfuncs import udfs
from pyfuncs.engine import (
    Form,
    Funding,
    Indicator,
    ProfileError,
    check_row,
    describe,
    evaluate_form,
    load_profile,
    parse_actual,
    parse_target,
    score_row,
)
from pyfuncs.engine.findings import NO_FINDINGS
from pyfuncs.engine.timing import When, late_months


def variant(tmp_path: Path, body: str):
    path = tmp_path / "variant.toml"
    path.write_text(f'extends = "national-2020"\nname = "variant"\n{body}\n', encoding="utf-8")
    return load_profile(path)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


# --- reading a deadline -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "year", "month", "day", "shown"), [
    ("2023年12月底前完成", 2023, 12, None, "2023年12月底前"),
    ("2023年12月31日前", 2023, 12, 31, "2023年12月31日前"),
    ("12月底前", None, 12, None, "12月底前"),
    ("十二月底前完成", None, 12, None, "12月底前"),
    ("年底前完成", None, 12, None, "12月底前"),
    ("2023年底前", 2023, 12, None, "2023年12月底前"),
    ("本年度内完成", None, 12, None, "12月底前"),
    ("不晚于2023年10月", 2023, 10, None, "2023年10月底前"),
    ("2023年12月", 2023, 12, None, "2023年12月底前"),      # 临翔区 form: 项目完工时限
    ("按期完成（2023年9月30日）", 2023, 9, 30, "2023年9月30日前"),
    ("2023年6月30号之前", 2023, 6, 30, "2023年6月30日前"),
    ("上半年完成", None, 6, None, "6月底前"),
    ("2023年第三季度末", 2023, 9, None, "2023年9月底前"),
    ("2023.11", 2023, 11, None, "2023年11月底前"),
    ("2023-11-20前", 2023, 11, 20, "2023年11月20日前"),
    ("2023/6/15", 2023, 6, 15, "2023年6月15日前"),
    ("１２月中旬前", None, 12, 20, "12月20日前"),
])
def test_deadline_targets(profile, text, year, month, day, shown) -> None:
    t = parse_target(text, profile)
    assert t.kind == "deadline"
    assert (t.deadline.year, t.deadline.month, t.deadline.day) == (year, month, day)
    assert t.show() == shown


def test_a_month_is_never_a_quantity(profile) -> None:
    t = parse_target("2023年12月底前完成", profile)
    assert t.quantity is None and t.direction is None


def test_several_dates_take_the_latest(profile) -> None:
    t = parse_target("2023年6月底前完成招标，12月底前完成验收", profile)
    assert t.kind == "deadline" and t.numbers == 2
    assert t.show() == "2023年12月底前"      # the year-less date takes the other one's year
    r = score_row(t.text, "2023年12月", 10, profile)
    assert r.suggested == 10
    assert codes(r.findings) == ["DEADLINE_AMBIGUOUS"]


@pytest.mark.parametrize(("text", "kind", "shown"), [
    ("2023年底前完成 322 家", "number", "≥ 322 家"),     # the date is context, the count is scored
    ("12月底前完成培训 3 次", "number", "≥ 3 次"),
    ("年内培训3次", "number", "≥ 3 次"),
    ("6个月内", "number", "≤ 6 个月"),                   # a time limit, not a date
    ("30天内完成", "number", "≤ 30 天"),
    ("2023年6月以后开工", "words", "2023年6月以后开工"),  # a start, not a deadline
    ("按时完成", "words", "按时完成"),
    ("春节前完成走访慰问", "words", "春节前完成走访慰问"),  # no date the engine can place
    ("年终考核优秀", "words", "年终考核优秀"),
])
def test_texts_that_are_not_deadlines(profile, text, kind, shown) -> None:
    t = parse_target(text, profile)
    assert t.kind == kind
    assert t.show() == shown


def test_a_day_no_month_has_is_not_read_as_a_date(profile) -> None:
    t = parse_target("2023年2月30日前", profile)
    assert t.kind != "deadline"


def test_a_number_cell_holding_2023_1_is_not_taken_for_january(profile) -> None:
    # Excel sends 2023.10 typed in a number cell as 2023.1: January and October look alike.
    assert parse_target(2023.1, profile).kind == "number"
    assert parse_actual(2023.1, profile).timing is None
    assert parse_target("2023.1", profile).kind == "deadline"   # typed as text: January


# --- reading a completion time ----------------------------------------------------------------

@pytest.mark.parametrize(("value", "kind", "when"), [
    ("2023年11月完成", "time", (2023, 11, None)),
    ("2023年11月", "time", (2023, 11, None)),
    ("11月", "time", (None, 11, None)),
    ("2023-11-20", "time", (2023, 11, 20)),
    ("2023.11", "number", (2023, 11, None)),      # also a number: an amount may read so
    (2023.11, "number", (2023, 11, None)),
    (datetime.datetime(2023, 11, 20), "time", (2023, 11, 20)),
    (datetime.date(2023, 11, 20), "time", (2023, 11, 20)),
    ("2023年11月完成25次", "number", (2023, 11, None)),
])
def test_dates_as_actuals(profile, value, kind, when) -> None:
    a = parse_actual(value, profile)
    assert a.kind == kind
    assert a.timing.kind == "date"
    assert (a.timing.when.year, a.timing.when.month, a.timing.when.day) == when


def test_a_count_beside_a_date_is_the_number(profile) -> None:
    assert parse_actual("2023年11月完成25次", profile).quantity.show() == "25 次"


@pytest.mark.parametrize(("text", "kind", "months"), [
    ("延期2个月", "late", 2),
    ("延期2个月完成", "late", 2),
    ("延迟10天", "late", 1),          # a part month counts as a month
    ("逾期45天", "late", 2),
    ("推迟1年", "late", 12),
    ("提前1个月完成", "early", 0),
    ("未按期完成", "late_unknown", 0),
    ("延期完成", "late_unknown", 0),
])
def test_relative_actuals(profile, text, kind, months) -> None:
    a = parse_actual(text, profile)
    assert a.kind == "time"
    assert (a.timing.kind, a.timing.months) == (kind, months)


@pytest.mark.parametrize(("text", "tier"), [
    ("按期完成", "full"), ("按期", "full"), ("按时完成", "full"), ("如期完成", "full"),
    ("提前完成", "full"), ("已完成", "full"), ("未完成", "fail"),
])
def test_on_time_words_are_tiers(profile, text, tier) -> None:
    a = parse_actual(text, profile)
    assert a.kind == "tier" and a.tier.key == tier


# --- scoring ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("target", "actual", "score"), [
    ("2023年12月底前完成", "2023年11月完成", 10),       # the issue's example: early is full
    ("2023年12月底前完成", "2023年12月", 10),
    ("2023年12月底前完成", "2024年1月", 9),             # one month late: 10% off
    ("2023年12月底前完成", "2024年2月", 8),
    ("2023年12月31日前", "2023-11-20", 10),
    ("2023年12月31日前", "2024-01-05", 9),              # five days late count as a month
    ("2023年12月31日前", "2024-02-29", 8),
    ("12月底前", "11月", 10),
    ("12月底前", "2023.11", 10),
    ("年底前完成", "2023年11月20日", 10),
    ("年底前完成", "2023年底前完成", 10),
    ("不晚于2023年10月", "2023年12月", 8),
    ("2023年11月20日前", "2023年11月18日", 10),
    ("2023年11月20日前", "2023年11月25日", 9),
    ("2023年11月30日前", "2024年1月", 8),               # month ends stay month ends
    ("2023年12月", "2023年10月", 10),
    ("2023年12月底前", "延期2个月", 8),
    ("2023年12月底前", "提前1个月完成", 10),
    ("2023年12月底前", "推迟1年", 0),                    # never below 0
    ("按期完成", "延期2个月", 8),                        # a date-less deadline and a stated delay
    ("按时完成", "延迟10天", 9),
])
def test_deadline_scores(profile, target, actual, score) -> None:
    r = score_row(target, actual, 10, profile)
    assert r.kind == "deadline"
    assert r.suggested == score
    assert r.band.show() == str(score)
    assert ("DEADLINE_LATE" in codes(r.findings)) is (score < 10)


@pytest.mark.parametrize(("target", "actual", "tier", "band"), [
    ("2023年12月底前", "按期完成", "full", "8–10"),
    ("2023年12月底前", "提前完成", "full", "8–10"),
    ("2023年12月底前", "已完成", "full", "8–10"),
    ("2023年12月底前", "达成预期指标", "full", "8–10"),
    ("2023年12月底前", "未完成", "fail", "0–5.99"),
])
def test_tiers_against_a_deadline_stay_qualitative(profile, target, actual, tier, band) -> None:
    r = score_row(target, actual, 10, profile)
    assert r.kind == "qualitative"
    assert r.actual.tier.key == tier
    assert r.band.show() == band


def test_the_issue_example_asks_for_nothing(profile) -> None:
    r = score_row("2023年12月底前完成", "2023年11月完成", 10, profile)
    assert check_row(r, 10.0, "", profile) == []
    # the old reading (≥ 12 月, 11/12 of the points) is now a manual deduction to explain
    assert codes(check_row(r, 9.17, "", profile)) == ["SCORE_BELOW_FORMULA", "REASON_MISSING"]


def test_a_late_row_needs_a_reason_and_cannot_claim_full_marks(profile) -> None:
    r = score_row("2023年12月底前完成", "2024年2月", 10, profile)
    late = next(f for f in r.findings if f.code == "DEADLINE_LATE")
    assert late.severity == "info"
    assert "逾期 2 个月" in late.message and "建议得分 8" in late.message
    assert codes(check_row(r, 8.0, "", profile)) == ["DEADLINE_LATE", "REASON_MISSING"]
    assert codes(check_row(r, 8.0, "验收推迟", profile)) == ["DEADLINE_LATE"]
    assert "SCORE_ABOVE_FORMULA" in codes(check_row(r, 10.0, "验收推迟", profile))


@pytest.mark.parametrize(("target", "actual", "code"), [
    ("2023年11月20日前", "2023年11月", "DEADLINE_UNCLEAR"),    # November straddles the 20th
    ("2023年12月15日前", "2024年1月", "DEADLINE_UNCLEAR"),     # one month late, or two
    ("2023年12月底前", "延期完成", "DEADLINE_UNCLEAR"),         # late, by how much?
    ("2023年12月底前", "未按期完成", "DEADLINE_UNCLEAR"),
    ("2023年12月底前", "100%", "ACTUAL_NOT_TIME"),
    ("2023年12月底前", 2023.1, "ACTUAL_NOT_TIME"),              # January or October?
    ("效果明显", "2023年11月", "DEADLINE_MISSING"),
    ("按时完成", "2023年11月", "DEADLINE_MISSING"),              # no date to compare with
    ("≥20 次", "2023年11月", "DEADLINE_MISSING"),
])
def test_what_cannot_be_told_is_a_finding(profile, target, actual, code) -> None:
    r = score_row(target, actual, 10, profile)
    assert r.kind == "unscorable"
    assert r.suggested is None
    assert codes(r.findings) == [code]
    assert r.findings[0].severity == "warning"


def test_unclear_says_what_to_write(profile) -> None:
    r = score_row("2023年11月20日前", "2023年11月", 10, profile)
    assert "2023年11月" in r.findings[0].message and "完成日期" in r.findings[0].message


@pytest.mark.parametrize(("actual", "score"), [
    ("5个月", 10), ("6个月", 10), ("8个月", 7.5), ("延期2个月", 7.5), ("提前1个月完成", 10),
    ("240天", None),   # 天 against 个月: units that differ are not converted for a count
])
def test_time_limits_score_as_durations(profile, actual, score) -> None:
    r = score_row("6个月内", actual, 10, profile)
    assert r.suggested == score
    # a stated delay scores as the duration it makes: 6 + 2 months = 8 months → 10 × 6/8


def test_a_delay_in_days_on_a_limit_in_days(profile) -> None:
    assert score_row("30天内", "延迟10天", 10, profile).suggested == 7.5
    assert score_row("30天内", "40天", 10, profile).suggested == 7.5


# --- the profile setting ------------------------------------------------------------------------

def test_the_share_lost_per_month_is_the_profile_s(tmp_path) -> None:
    p = variant(tmp_path, "[deadline]\nlate_share_per_month = 0.25")
    assert p.late_share_per_month == 0.25
    assert score_row("2023年12月底前", "2024年2月", 10, p).suggested == 5
    assert score_row("2023年12月底前", "2024年5月", 10, p).suggested == 0
    assert score_row("2023年12月底前", "2023年11月", 10, p).suggested == 10


def test_late_scores_nothing_when_the_share_is_one(tmp_path) -> None:
    p = variant(tmp_path, "[deadline]\nlate_share_per_month = 1")
    assert score_row("2023年12月31日前", "2024-01-02", 10, p).suggested == 0
    assert describe("2023年12月底前", p) == "完成期限：2023年12月底前（按期或提前完成得满分，逾期不得分）"


def test_the_shipped_default_is_ten_percent_a_month(profile) -> None:
    assert profile.late_share_per_month == 0.1
    assert load_profile("national-2021").late_share_per_month == 0.1


@pytest.mark.parametrize(("value", "words"), [("1.5", "应在 0 到 1 之间"), ('"一成"', "应为数字")])
def test_a_wrong_setting_names_its_key(tmp_path, value, words) -> None:
    with pytest.raises(ProfileError, match=r"deadline\.late_share_per_month") as exc:
        variant(tmp_path, f"[deadline]\nlate_share_per_month = {value}")
    assert words in str(exc.value)


def test_a_profile_without_the_setting_says_so(tmp_path) -> None:
    shipped = Path(__file__).resolve().parents[3] / "pyfuncs" / "profiles" / "national-2020.toml"
    text = shipped.read_text(encoding="utf-8").replace("[deadline]", "[deadline_gone]")
    path = tmp_path / "copy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match="deadline 缺失"):
        load_profile(path)


# --- JX_PARSE and the worksheet functions -------------------------------------------------------

@pytest.mark.parametrize(("text", "shown"), [
    ("2023年12月底前完成", "完成期限：2023年12月底前（按期或提前完成得满分，逾期每月扣分值的 10%）"),
    ("2023年12月31日前", "完成期限：2023年12月31日前（按期或提前完成得满分，逾期每月扣分值的 10%）"),
    ("年底前完成",
     "完成期限：12月底前（按期或提前完成得满分，逾期每月扣分值的 10%；未写年份，按实际完成值的年份）"),
    ("2023年6月底前完成招标，12月底前完成验收",
     "完成期限：2023年12月底前（按期或提前完成得满分，逾期每月扣分值的 10%；含 2 个日期，按最晚的）"),
    ("延期2个月", "作为实际完成值：逾期 2 个月"),
    ("未按期完成", "作为实际完成值：逾期（未写逾期多久）"),
    ("6个月内", "≤ 6 个月"),
    ("2023年底前完成 322 家", "≥ 322 家（未写方向，按越高越好）"),
])
def test_jx_parse_says_how_it_read_the_text(text, shown) -> None:
    assert udfs.JX_PARSE(text) == shown


def test_jx_parse_shows_the_profile_s_rule(tmp_path) -> None:
    path = tmp_path / "quarter.toml"
    path.write_text('extends = "national-2020"\nname = "q"\n[deadline]\nlate_share_per_month = 0.25\n',
                    encoding="utf-8")
    assert "逾期每月扣分值的 25%" in udfs.JX_PARSE("年底前", str(path))


def test_worksheet_functions_on_deadlines() -> None:
    assert udfs.JX_SCORE("2023年12月底前完成", "2023年11月完成", 10) == 10
    assert udfs.JX_SCORE("2023年12月底前完成", "2024年2月", 10) == 8
    assert udfs.JX_BAND("2023年12月底前完成", "2024年2月", 10) == "8"
    assert udfs.JX_CHECK("2023年12月底前完成", "2023年11月完成", 10, 10, "") == NO_FINDINGS
    assert udfs.JX_SCORE("2023年11月20日前", "2023年11月", 10) == "#VALUE!"
    assert "无法判断是否按期完成" in udfs.JX_CHECK("2023年11月20日前", "2023年11月", 10, "", "")


# --- late_months ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("deadline", "done", "months"), [
    (When(2023, 12), When(2023, 11), 0),
    (When(2023, 12), When(2023, 12, 31), 0),
    (When(2023, 12), When(2024, 1, 1), 1),
    (When(2023, 12), When(2024, 1), 1),
    (When(2023, 12, 31), When(2024, 2, 29), 2),           # leap year
    (When(2023, 11, 30), When(2024, 2), 3),
    (When(2023, 1, 31), When(2023, 2, 28), 1),            # a month-end deadline moves by ends
    (When(2023, 1, 15), When(2023, 2, 16), 2),
    (When(2023, 1, 15), When(2023, 2, 15), 1),
    (When(None, 12), When(2023, 11), 0),                  # a missing year: the other one's
    (When(2023, 12), When(None, 11), 0),
    (When(2023, 11, 20), When(2023, 11), None),           # cannot tell
    (When(2023, 12), When(2024, 3, None, 1), None),       # 2024年一季度: 1, 2 or 3 months
])
def test_late_months(deadline, done, months) -> None:
    assert late_months(deadline, done) == months


# --- a whole form -----------------------------------------------------------------------------

def test_a_published_form_s_time_row_is_no_longer_a_false_alarm(profile) -> None:
    # 临沧市临翔区 2023 (tests/data/real_forms/yunnan-2023-linxiang-shourongsuo.json):
    # 项目完工时限 2023年12月, done 2023年10月, 15 of 15 points, 偏差原因 无.
    rows = [Indicator("产出指标", "时效指标", "项目完工时限", "2023年12月", "2023年10月", 15, 15, "无")]
    result = evaluate_form(Form(funding=Funding(), indicators=rows), profile)
    assert result.rows[0].scored.kind == "deadline"
    assert result.rows[0].findings == ()
