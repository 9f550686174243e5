"""A whole form: group weights, total weight, stated 总分, 等级, 不适用 policies, the cap."""

from pathlib import Path

import pytest

from pyfuncs.engine import (
    Form,
    Funding,
    Indicator,
    evaluate_form,
    group_label,
    load_profile,
    split_label,
)


def form(rows, *, total=None, grade="", funding=(10, 10, 10)) -> Form:
    amounts = {"年度资金总额": list(funding), "本年财政拨款": list(funding),
               "上年结转资金": [0, 0, 0], "其他资金": [0, 0, 0]}
    return Form(name="测试项目", funding=Funding(amounts, 10), stated_total=total,
                stated_grade=grade, indicators=[Indicator(*r) for r in rows])


CLEAN = [
    ("产出指标 (50 分)", "数量指标", "a", "≥20 次", "22", 30, 30, ""),
    ("", "成本指标", "b", "≤5 万元", "5", 20, 20, ""),
    ("效益指标 (30 分)", "社会效益指标", "c", "效果明显", "达成预期指标", 30, 27, "有待加强"),
    ("满意度指标 (10 分)", "满意度指标", "d", "≥90%", "95", 10, 10, ""),
]


def codes(result) -> list[str]:
    return [f.code for f in result.findings]


@pytest.mark.parametrize(("label", "name", "weight"), [
    ("产出指标 (50 分)", "产出指标", 50), ("效益 指标 (30 分)", "效益指标", 30),
    ("满意度指 标 (10 分)", "满意度指标", 10), ("效益指标(30分)", "效益指标", 30),
    ("产出指标（50分）", "产出指标", 50), ("产出指标", "产出指标", None),
])
def test_split_label(label, name, weight) -> None:
    assert split_label(label) == (name, weight)


def test_group_label_is_read_back_by_split_label() -> None:
    for g in load_profile().groups + load_profile("national-2021").groups:
        assert group_label(g.name, g.weight) == f"{g.name} ({g.weight:g} 分)"
        assert split_label(group_label(g.name, g.weight)) == (g.name, g.weight)
    assert split_label(group_label("产出指标", 12.5)) == ("产出指标", 12.5)


def test_clean_form(profile) -> None:
    r = evaluate_form(form(CLEAN, total=97, grade="优"), profile)
    assert (r.total, r.grade, r.weight_total, r.findings) == (97, "优", 100, ())
    assert [(g.name, g.weight, g.weight_sum) for g in r.groups] == [
        ("产出指标", 50, 50), ("效益指标", 30, 30), ("满意度指标", 10, 10)]


def test_group_and_total_weights(profile) -> None:
    rows = [list(r) for r in CLEAN]
    rows[1][5] = 17
    rows[1][6] = 17
    r = evaluate_form(form(rows), profile)
    assert codes(r) == ["GROUP_WEIGHT_MISMATCH", "TOTAL_WEIGHT_MISMATCH"]
    assert (r.findings[0].row, r.findings[1].field) == (0, "总分.分值")


def test_group_weight_from_the_profile_when_the_label_has_none(profile) -> None:
    rows = [("产出指标", "数量指标", "a", "≥20 次", "22", 40, 40, ""),
            *(list(r) for r in CLEAN[2:])]
    assert codes(evaluate_form(form(rows), profile)) == [
        "GROUP_WEIGHT_MISMATCH", "TOTAL_WEIGHT_MISMATCH"]


def test_unknown_group(profile) -> None:
    rows = [list(r) for r in CLEAN]
    rows[3][0] = "其他指标 (10 分)"
    assert codes(evaluate_form(form(rows), profile)) == ["GROUP_UNKNOWN"]


def test_stated_total_and_grade(profile) -> None:
    assert codes(evaluate_form(form(CLEAN, total=0), profile)) == ["TOTAL_MISMATCH"]
    wrong = evaluate_form(form(CLEAN, total=97, grade="良"), profile)
    assert codes(wrong) == ["GRADE_MISMATCH"]
    assert "“优”" in wrong.findings[0].message


def test_blank_scores_count_as_suggested(profile) -> None:
    rows = [list(r) for r in CLEAN]
    rows[0][6] = None
    r = evaluate_form(form(rows), profile)
    assert r.total == 97
    assert codes(r) == ["SCORE_MISSING"]


def test_empty_rows_are_ignored(profile) -> None:
    rows = [*CLEAN, ("", "", "", None, None, None, None, "")]
    assert evaluate_form(form(rows, total=97), profile).findings == ()


def test_text_in_number_cells(profile) -> None:
    rows = [list(r) for r in CLEAN]
    rows[0][5] = "三十"
    rows[0][6] = "满分"
    r = evaluate_form(form(rows), profile)
    assert codes(r)[:2] == ["WEIGHT_INVALID", "SCORE_INVALID"]


def test_blank_budget_gives_no_total(profile) -> None:
    r = evaluate_form(form(CLEAN, funding=(0, 0, 5)), profile)
    assert (r.total, r.grade) == (None, None)
    assert "FUND_BUDGET_MISSING" in codes(r)


def test_rescale_policy(tmp_path: Path) -> None:
    path = tmp_path / "rescale.toml"
    path.write_text('extends = "national-2020"\nname = "r"\n[not_applicable]\npolicy = "rescale"\n',
                    encoding="utf-8")
    rows = [list(r) for r in CLEAN]
    rows[2] = ["效益指标 (30 分)", "生态效益指标", "c", "不适用", "达成预期指标", 30, 30, ""]
    r = evaluate_form(form(rows), load_profile(path))
    assert r.total == 100           # 70 of the 70 applicable points, scaled to 100
    assert "NA_WEIGHTED" not in codes(r)


def test_cap_by_rate(tmp_path: Path) -> None:
    path = tmp_path / "cap.toml"
    path.write_text('extends = "national-2020"\nname = "c"\n[total]\ncap_by_rate = true\n',
                    encoding="utf-8")
    r = evaluate_form(form(CLEAN, funding=(10, 10, 6.5)), load_profile(path))
    assert (r.funding.score, r.total, r.grade) == (6.5, 79, "中")
    assert "TOTAL_CAPPED" in codes(r)


def test_a_score_beside_a_blank_weight_is_one_finding(profile) -> None:
    r = evaluate_form(form([("产出指标 (50 分)", "数量指标", "a", "≥20 次", "22", None, 4, "")]),
                      profile)
    (row,) = r.rows
    assert [(f.code, f.message) for f in row.findings] == [
        ("SCORE_WITHOUT_WEIGHT", "填了得分 4，分值却未填写：请填写本指标的分值（得分不能超过分值）。")]


@pytest.mark.parametrize(("weight", "score", "label"), [("10分", 10, "分值"), ("10 分", 10, "分值"),
                                                        (10, "8分", "得分")])
def test_a_number_typed_as_text_counts_and_is_flagged(profile, weight, score, label) -> None:
    r = evaluate_form(form([("满意度指标 (10 分)", "满意度指标", "d", "≥90%", "95", weight, score,
                             "原因")]), profile)
    (row,) = r.rows
    assert row.scored.weight == 10
    assert [f.code for f in row.findings if f.code == "NUMBER_AS_TEXT"] == ["NUMBER_AS_TEXT"]
    assert [f.field for f in row.findings if f.code == "NUMBER_AS_TEXT"] == [label]


@pytest.mark.parametrize("weight", [-5, "-5"])
def test_a_negative_weight_is_flagged(profile, weight) -> None:
    r = evaluate_form(form([("产出指标 (50 分)", "数量指标", "a", "≥20 次", "22", weight, 0, "")]),
                      profile)
    assert "WEIGHT_INVALID" in [f.code for f in r.rows[0].findings]


def test_a_blank_score_in_a_data_file_is_checked_as_the_suggested_one(profile) -> None:
    """The form filled from the data shows the suggested score: checked as if typed."""
    rows = [("产出指标 (50 分)", "数量指标", "a", "≥20 次", "10", 10, None, "")]
    as_form = [f.code for f in evaluate_form(form(rows), profile).rows[0].findings]
    as_data = [f.code for f in evaluate_form(form(rows), profile,
                                             blank_is_suggested=True).rows[0].findings]
    assert (as_form, as_data) == (["SCORE_MISSING"], ["REASON_MISSING"])
