"""One indicator row: formulas per direction and profile variant, tiers, 不适用, row checks."""

from pathlib import Path

import pytest

from pyfuncs.engine import check_row, load_profile, score_row
from pyfuncs.engine.indicator import Band


def variant(tmp_path: Path, body: str):
    path = tmp_path / "variant.toml"
    path.write_text(f'extends = "national-2020"\nname = "variant"\n{body}\n', encoding="utf-8")
    return load_profile(path)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


@pytest.mark.parametrize(("target", "actual", "weight", "score"), [
    ("≥20 次", "22", 10, 10),
    ("≥20 次", "15", 10, 7.5),
    ("≥20 次", "0", 10, 0),
    ("≥20 次", "-5", 10, 0),           # a negative actual counts as 0
    ("≥90.0%", "90", 10, 10),
    ("≥90.0%", "85%", 10, 9.44),       # 10 × 85 / 90 = 9.444…
    ("≤30000 元", "30000", 10, 10),
    ("≤30000 元", "40000", 10, 7.5),   # 10 × 30000 / 40000
    ("≤5万元", "5", 5, 5),              # a bare actual takes the target's unit
    ("≤5万元", "60000 元", 5, 4.17),    # 万 converted when both give a unit
    ("=10 万元", "10", 15, 15),
    ("=1 次", "2", 7, 7),              # equal scored as higher-is-better by default
    ("=100.0%", "95", 7, 6.65),
    ("60 家以上", "45 家", 4, 3),
    ("累计 6000 个", "6000", 7, 7),
    ("≥3 个", "18", 6, 6),
    ("90%~100%", "95", 10, 10),
    ("90%~100%", "45", 10, 5),
])
def test_quantitative(profile, target, actual, weight, score) -> None:
    r = score_row(target, actual, weight, profile)
    assert r.kind == "quantitative"
    assert r.suggested == score
    assert r.band == Band(score, score)


def test_lower_linear_falls_to_zero_at_twice_the_target(tmp_path) -> None:
    p = variant(tmp_path, '[score]\nlower_formula = "linear"')
    assert score_row("≤100 元", "150", 10, p).suggested == 5
    assert score_row("≤100 元", "200", 10, p).suggested == 0
    assert score_row("≤100 元", "300", 10, p).suggested == 0
    assert score_row("≤100 元", "80", 10, p).suggested == 10


def test_equal_ratio_variant(tmp_path) -> None:
    p = variant(tmp_path, '[score]\nequal_formula = "ratio"')
    assert score_row("=10 次", "12.5", 10, p).suggested == 8
    assert score_row("=10 次", "8", 10, p).suggested == 8
    assert score_row("=0 次", "0", 10, p).suggested == 10


def test_zero_targets(profile) -> None:
    assert score_row("≤0 起", "0", 5, profile).suggested == 5
    assert score_row("≤0 起", "2", 5, profile).suggested == 0
    assert score_row("≥0 次", "0", 5, profile).suggested == 5


def test_rounding_is_half_up(profile) -> None:
    # 3 × 2.5 / 9 = 0.8333…; 5 × 0.825 = 4.125 → 4.13 (not banker's 4.12)
    assert score_row("≥9 次", "2.5", 3, profile).suggested == 0.83
    assert score_row("≥100%", "82.5", 5, profile).suggested == 4.13


@pytest.mark.parametrize(("actual", "weight", "band", "suggested"), [
    ("达成预期指标", 10, "8–10", 10),
    ("部分达成预期指标并具有一定效果", 2, "1.2–1.59", 1.2),
    ("部分达成预期指标并具有一定效果", 4, "2.4–3.19", 2.4),
    ("未完成预期指标且效果较差", 4, "0–2.39", 0),
])
def test_qualitative_bands(profile, actual, weight, band, suggested) -> None:
    r = score_row("按时完成", actual, weight, profile)
    assert r.kind == "qualitative"
    assert r.band.show() == band
    assert r.suggested == suggested


def test_band_edges(profile) -> None:
    full = score_row("效果明显", "达成预期指标", 5, profile).band
    partial = score_row("效果明显", "部分达成", 5, profile).band
    assert full.contains(4) and full.contains(5) and not full.contains(3.99)
    assert partial.contains(3) and partial.contains(3.99) and not partial.contains(4)


def test_numeric_target_with_tier_actual_is_qualitative(profile) -> None:
    assert score_row("每年 2 次", "达成预期指标", 12, profile).kind == "qualitative"


def test_not_applicable_default_policy(profile) -> None:
    r = score_row("本指标不适用", "达成预期指标", 0, profile)
    assert (r.kind, r.suggested, r.findings) == ("not_applicable", 0, ())
    weighted = score_row("不适用此指标", "达成预期指标", 10, profile)
    assert codes(weighted.findings) == ["NA_WEIGHTED"]
    assert score_row("不适用", "达成预期指标", None, profile).findings == ()


def test_not_applicable_full_policy(tmp_path) -> None:
    p = variant(tmp_path, '[not_applicable]\npolicy = "full"')
    r = score_row("不适用此指标", "达成预期指标", 10, p)
    assert (r.suggested, r.findings) == (10, ())


def test_over_completion_flag_and_cut(profile, tmp_path) -> None:
    flagged = score_row("≥3 个", "18", 6, profile)
    assert codes(flagged.findings) == ["OVER_COMPLETION"]
    assert flagged.suggested == 6
    assert score_row("≥3 个", "18", 6, profile, remark="新增申报企业较多").findings == ()
    assert score_row("≥3 个", "3.5", 6, profile).findings == ()
    cut = score_row("≥3 个", "18", 6, variant(tmp_path, "[score]\nover_completion_cut = true"))
    assert cut.suggested == 1.3    # 6 × 1.3 × 3 / 18
    assert codes(cut.findings) == ["OVER_COMPLETION_CUT"]


def test_percent_typed_as_fraction(profile) -> None:
    r = score_row("≥90%", "0.9", 10, profile)
    assert r.suggested == 0.1
    assert codes(r.findings) == ["PERCENT_AS_FRACTION"]


def test_unit_mismatch(profile) -> None:
    r = score_row("≥20 次", "20 家", 10, profile)
    assert (r.kind, r.suggested) == ("unscorable", None)
    assert codes(r.findings) == ["UNIT_MISMATCH"]


@pytest.mark.parametrize(("target", "actual", "weight", "kind", "code"), [
    ("≥20 次", "还行", 10, "unscorable", "ACTUAL_UNPARSED"),
    ("按时完成", "95", 10, "unscorable", "TARGET_NO_VALUE"),
    ("≥20 次", "22", None, "unscorable", "WEIGHT_MISSING"),
    ("≥20 次", "22", -1, "unscorable", "WEIGHT_INVALID"),
    ("≥20 次", "", 10, "pending", None),
    ("", "", None, "empty", None),
])
def test_rows_that_cannot_be_scored(profile, target, actual, weight, kind, code) -> None:
    r = score_row(target, actual, weight, profile)
    assert r.kind == kind
    assert r.suggested is None
    assert codes(r.findings) == ([code] if code else [])


def check(profile, target, actual, weight, score, remark=""):
    return codes(check_row(score_row(target, actual, weight, profile, remark=remark),
                           score, remark, profile))


def test_row_checks(profile) -> None:
    assert check(profile, "≤5万元", "5", 5, 8) == ["SCORE_OVER_WEIGHT"]
    assert check(profile, "≥20 次", "22", 10, -1) == ["SCORE_NEGATIVE"]
    assert check(profile, "≥20 次", "10", 10, 8, "x") == ["SCORE_ABOVE_FORMULA"]
    assert check(profile, "≥90.0%", "90", 10, 9, "进一步提升") == ["SCORE_BELOW_FORMULA"]
    assert check(profile, "≥90.0%", "90", 10, 9) == ["SCORE_BELOW_FORMULA", "REASON_MISSING"]
    assert check(profile, "完成", "部分达成", 2, 2, "y") == ["SCORE_OUT_OF_BAND"]
    assert check(profile, "完成", "未完成", 4, 0, "尚未验收") == []
    assert check(profile, "完成", "达成预期指标", 5, 4) == ["REASON_MISSING"]
    assert check(profile, "完成", "达成预期指标", 5, 4, "营造好的营商环境") == []
    assert check(profile, "及时完成", "达成预期指标", 1, 1, "2023年项目未完成,结转到2024年使用。") \
        == ["FULL_BUT_UNFINISHED"]
    assert check(profile, "≥20 次", "22", 10, None) == ["SCORE_MISSING"]
    assert check(profile, "≥20 次", "", 10, None) == ["ACTUAL_MISSING"]
    assert check(profile, "", "达成预期指标", 10, 10) == ["TARGET_MISSING"]
    assert check(profile, "", "", None, None) == []
    assert check(profile, "不适用", "达成预期指标", 25, 25) == ["NA_WEIGHTED"]


def test_severity_override(tmp_path) -> None:
    p = variant(tmp_path, '[severity]\nREASON_MISSING = "warning"')
    found = check_row(score_row("完成", "达成预期指标", 5, p), 4, "", p)
    assert [(f.code, f.severity) for f in found] == [("REASON_MISSING", "warning")]


def test_findings_name_the_place(profile) -> None:
    found = check_row(score_row("≤5万元", "5", 5, profile, row=6), 8, "", profile, row=6)
    assert [(f.row, f.field) for f in found] == [(6, "得分")]
    assert "得分 8 超过分值 5" in found[0].message


def test_a_negative_weight_is_refused_before_not_applicable(tmp_path, profile) -> None:
    full = variant(tmp_path, '[not_applicable]\npolicy = "full"')
    assert full.na_policy == "full"
    for p in (profile, full):
        r = score_row("不适用", "达成预期指标", -5, p)
        assert (r.kind, r.suggested, codes(r.findings)) == ("unscorable", None, ["WEIGHT_INVALID"])
    assert check(profile, "≥20 次", "22", -5, 3) == ["WEIGHT_INVALID"]


@pytest.mark.parametrize("weight", [1.625, 3.145, 0.005, 5_000_000, 999_999_999_999.99])
def test_rounding_never_lifts_a_score_above_its_weight(profile, weight) -> None:
    for actual in ("达成预期指标", "20", "19.9999"):
        r = score_row("≥20 次", actual, weight, profile)
        assert 0 <= r.suggested <= weight
    assert score_row("效果明显", "达成预期指标", 1.625, profile).band.show() == "1.3–1.62"
