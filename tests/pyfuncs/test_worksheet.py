"""The worksheet functions as Excel calls them: floats, text, blanks and error values in;
a number, a short text, "" or an Excel error value out — never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyfuncs import xlerror
from pyfuncs.engine import Form, Indicator, evaluate_form
from pyfuncs.engine.findings import NO_FINDINGS
from pyfuncs.engine.record import replace
from pyfuncs.worksheet import (
    JX_BAND,
    JX_CHECK,
    JX_EXEC_RATE,
    JX_FORM_CHECK,
    JX_FUND_SCORE,
    JX_GRADE,
    JX_GROUP,
    JX_PARSE,
    JX_SCORE,
    JX_SCORES,
    excel_value,
    worksheet_function,
)


def test_exec_rate() -> None:
    assert JX_EXEC_RATE(27.97, 34.0) == pytest.approx(0.82265, abs=1e-5)
    assert JX_EXEC_RATE("27.97", "34") == pytest.approx(0.82265, abs=1e-5)
    assert JX_EXEC_RATE(None, None) == ""
    assert JX_EXEC_RATE(None, 34.0) == ""          # execution not typed yet
    assert JX_EXEC_RATE(3.0, 0.0) is xlerror.DIV0   # never 0% or 100%
    assert JX_EXEC_RATE(3.0, None) is xlerror.DIV0
    assert JX_EXEC_RATE("三万", 34.0) is xlerror.VALUE
    assert JX_EXEC_RATE("#N/A", 34.0) is xlerror.NA


def test_fund_score() -> None:
    assert JX_FUND_SCORE(27.97, 34.0) == 8.23
    assert JX_FUND_SCORE(27.97, 34.0, None) == 8.23
    assert JX_FUND_SCORE(27.97, 34.0, 20.0) == 16.45
    assert JX_FUND_SCORE(40.0, 34.0) == 10
    assert JX_FUND_SCORE(1.0, 0.0) is xlerror.DIV0
    assert JX_FUND_SCORE(1.0, 2.0, "十") is xlerror.VALUE


def test_fund_score_profile_argument(tmp_path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('extends = "national-2020"\nname = "p"\n'
                    "[funding]\nround_rate_before_score = true\nrate_decimals = 0\n",
                    encoding="utf-8")
    assert JX_FUND_SCORE(49.88, 100.0) == 4.99
    assert JX_FUND_SCORE(49.88, 100.0, None, str(path)) == 5
    assert JX_FUND_SCORE(49.88, 100.0, None, "no-such") is xlerror.VALUE


def test_score() -> None:
    assert JX_SCORE("≥20 次", 22.0, 10.0) == 10
    assert JX_SCORE("≥20 次", 15.0, 10.0) == 7.5
    assert JX_SCORE("效果明显", "部分达成预期指标并具有一定效果", 4.0) == 2.4
    assert JX_SCORE("本指标不适用", "达成预期指标", 0.0) == 0
    assert JX_SCORE("≥20 次", None, 10.0) == ""     # actual not typed yet
    assert JX_SCORE(None, None, None) == ""          # an unused row
    assert JX_SCORE("≥20 次", 22.0, None) == ""     # weight not typed yet
    assert JX_SCORE("≥20 次", "还行", 10.0) is xlerror.VALUE
    assert JX_SCORE("≥20 次", 22.0, "十") is xlerror.VALUE
    assert JX_SCORE("#REF!", 22.0, 10.0) is xlerror.REF
    assert JX_SCORE("≥20 次", 22.0, 10.0, "national-2021") == 10


def test_band() -> None:
    assert JX_BAND("效果明显", "达成预期指标", 10.0) == "8–10"
    assert JX_BAND("不超预算", "部分达成", 2.0) == "1.2–1.59"
    assert JX_BAND("≥20 次", 15.0, 10.0) == "7.5"
    assert JX_BAND("不适用", "达成预期指标", 0.0) == "0"
    assert JX_BAND("≥20 次", None, 10.0) == ""
    assert "national-2020" in JX_BAND("≥20 次", 15.0, 10.0, "no-such")


def test_check() -> None:
    assert JX_CHECK("≥20 次", 22.0, 10.0, 10.0, None) == NO_FINDINGS == "未发现问题"
    assert JX_CHECK(None, None, None, None, None) == ""          # nothing to check
    assert JX_CHECK(None, None, None, None, "原因") == NO_FINDINGS   # a remark alone is fine
    over = JX_CHECK("≤5万元", 5.0, 5.0, 8.0, None)
    assert over.startswith("【错误】") and "超过分值" in over
    both = JX_CHECK("≥90.0%", 90.0, 10.0, 9.0, None)
    assert both.count("【") == 2 and "；" in both
    assert "不是数字" in JX_CHECK("≥20 次", 22.0, 10.0, "满分", None)
    assert "不适用" in JX_CHECK("不适用此指标", "达成预期指标", 10.0, 10.0, None)


def test_grade() -> None:
    assert [JX_GRADE(t) for t in (95.0, 86.53, 70.0, 30.0)] == ["优", "良", "中", "差"]
    assert JX_GRADE(None) == ""
    assert JX_GRADE("八十") is xlerror.VALUE
    assert JX_GRADE("#DIV/0!") is xlerror.DIV0


def test_parse() -> None:
    assert JX_PARSE("≥20 次") == "≥ 20 次"
    assert JX_PARSE("2 0 次以上") == "≥ 20 次"
    assert JX_PARSE("满意度 \\geq 90.0%") == "≥ 90%"
    assert JX_PARSE("39 人") == "≥ 39 人（未写方向，按越高越好）"
    assert JX_PARSE("部分达成预期指标并具有一定效果").startswith("部分达成预期指标并具有一定效果：")
    assert JX_PARSE("按时完成").startswith("作为实际完成值：达成预期指标")
    assert JX_PARSE("效果明显").startswith("定性指标：效果明显")
    assert JX_PARSE("本指标不适用此项目") == "不适用"
    assert JX_PARSE(None) == ""
    assert JX_PARSE(22.0) == "≥ 22（未写方向，按越高越好）"


def test_scores_over_a_range() -> None:
    targets = [["≥20 次"], ["效果明显"], [None], ["≥20 次"]]
    actuals = [[15.0], ["达成预期指标"], [None], ["还行"]]
    weights = [[10.0], [5.0], [None], [10.0]]
    assert JX_SCORES(targets, actuals, weights) == [[7.5], [5], [""], [xlerror.VALUE]]
    assert JX_SCORES(["≥20 次", "≥10 次"], [20.0, 5.0], 4.0) == [[4], [2]]
    assert JX_SCORES("≥20 次", 10.0, 4.0) == [[2]]
    assert JX_SCORES(["≥20 次", "≥10 次"], [20.0], [4.0, 4.0]) == [[4], [""]]


def test_error_values_are_strings_with_codes() -> None:
    assert xlerror.VALUE == "#VALUE!" and xlerror.VALUE.code == 2015
    assert xlerror.DIV0.code == 2007 and xlerror.NA.code == 2042
    assert xlerror.is_error("#N/A") and not xlerror.is_error("N/A")


def test_check_explains_a_failed_score_formula() -> None:
    """得分 cells hold =JX_SCORE(…); when it fails, JX_CHECK says why instead of failing too."""
    assert "无法识别实际完成值" in JX_CHECK("≥20 次", "还行", 10.0, "#VALUE!", None)
    assert JX_CHECK("≥20 次", 22.0, 10.0, "", None) == "【警告】得分未填写：建议得分 10。"


def seed_ranges(rec: dict) -> tuple[list, list, float]:
    funding = [[*rec["资金"][row], None, None, None] for row in
               ("年度资金总额", "本年财政拨款", "上年结转资金", "其他资金")]
    funding[0][3:6] = [rec["资金分值"], rec["执行率"], rec["资金得分"]]
    keys = ("一级", "二级", "三级", "年度指标值", "实际完成值", "分值", "得分", "偏差原因")
    rows = [[r[k] for k in keys] for r in rec["指标"]]
    rows += [[None] * 8] * (75 - len(rows))   # the template's unused rows
    return funding, rows, rec["总分"]


def test_form_check_on_seed_forms(seed) -> None:
    by_name = {rec["项目名称"]: rec for rec in seed["项目"]}
    assert JX_FORM_CHECK(*seed_ranges(by_name["数字化诊断监理招标专项工作经费"])) == NO_FINDINGS
    text = JX_FORM_CHECK(*seed_ranges(by_name["推进工业互联网建设工作经费"]))
    assert "产出指标各指标分值合计 47" in text and "分值合计为 97" in text
    assert "超过分值" not in text          # row findings stay in the rows' own check cells


@pytest.mark.parametrize("source", ["seed", "typed-by-clerks"])
def test_blank_rows_below_a_table_change_no_finding(source, seed, profile) -> None:
    """JX_FORM_CHECK leaves out the blank rows below the last one used (the template has 75):
    checked with them, each form finds exactly what it finds without them."""
    data = seed if source == "seed" else json.loads(
        (Path(__file__).parents[1] / "data" / "typed-by-clerks.json").read_text(encoding="utf-8"))
    for rec in data["项目"]:
        form = Form.from_record(rec)
        padded = replace(form, indicators=[*form.indicators, *[Indicator()] * 55])
        for suggested in (False, True):
            ours = evaluate_form(form, profile, blank_is_suggested=suggested)
            whole = evaluate_form(padded, profile, blank_is_suggested=suggested)
            assert ours.findings == whole.findings and ours.total == whole.total
        funding, rows, total = seed_ranges(rec) if source == "seed" else (None, None, None)
        if rows is not None:
            assert JX_FORM_CHECK(funding, rows, total) == JX_FORM_CHECK(
                funding, rows[:len(rec["指标"])], total)


def test_form_check_catches_a_total_row_left_at_zero() -> None:
    funding = [[0.0, 0.0, 0.0, 10.0, "", ""], [20.0, 20.0, 18.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    text = JX_FORM_CHECK(funding, [[None] * 8], None)
    assert text.count("年度资金总额") == 3
    assert JX_FORM_CHECK(funding, [[None] * 8], None, "no-such").startswith("没有名为")


def test_group() -> None:
    assert JX_GROUP("效益 指标 (30 分)") == "效益指标"
    assert JX_GROUP("产出指标（50分）") == "产出指标"
    assert JX_GROUP("满意度指标") == "满意度指标"
    assert JX_GROUP(None) == ""
    assert JX_GROUP([["产出指标 (50 分)"], [None], ["效益 指标 (30 分)"], [None]]) == "效益指标"
    assert JX_GROUP([[None], [""]]) == ""


def test_form_check_on_an_untouched_sheet_is_silent() -> None:
    blank_funding = [["", "", "", 10.0, "", ""], [None] * 3, [None] * 3, [None] * 3]
    assert JX_FORM_CHECK(blank_funding, [[None] * 8] * 75, "") == ""


HUGE = "9" * 400


def test_numbers_a_form_cannot_hold_give_num_or_div0() -> None:
    assert JX_EXEC_RATE(66.0, 1e-308) is xlerror.DIV0     # residue, not a budget: no rate
    assert JX_EXEC_RATE(HUGE, 1.0) is xlerror.NUM
    assert JX_EXEC_RATE(1.0, 1e300) is xlerror.NUM
    assert JX_FUND_SCORE(HUGE, HUGE) is xlerror.NUM
    assert JX_SCORE(f"≥{HUGE} 次", HUGE, 10.0) is xlerror.NUM
    assert JX_SCORE("≥10 次", 5.0, 1e308) is xlerror.NUM
    assert JX_BAND(f"≥{HUGE} 次", 5.0, 10.0) == ""
    assert JX_GRADE(HUGE) is xlerror.NUM
    assert JX_PARSE(HUGE) == "数值超出可计算的范围（绝对值不能超过 1 万亿）"
    assert "超出可计算的范围" in JX_CHECK(f"≥{HUGE} 次", 5.0, 10.0, 5.0, "原因")


def test_negative_amounts_and_weights_never_give_a_negative_score() -> None:
    assert JX_EXEC_RATE(-5.0, 10.0) is xlerror.NUM
    assert JX_EXEC_RATE(-5.0, -10.0) is xlerror.NUM
    assert JX_FUND_SCORE(5.0, -10.0) is xlerror.NUM
    assert JX_FUND_SCORE(5.0, 10.0, -10.0) is xlerror.NUM
    assert JX_SCORE("≥10 次", 5.0, -1.0) is xlerror.VALUE
    assert JX_SCORE("不适用", "达成预期指标", -5.0) is xlerror.VALUE
    assert "为负数" in JX_FORM_CHECK([[34.0, -34.0, 20.0, 10.0]], [[None] * 8], None)


def test_scores_stay_within_their_weight_at_any_size() -> None:
    assert JX_FUND_SCORE(5_000_000.0, 5_000_000.0, 5_000_000.0) == 5_000_000
    assert JX_SCORE("效果明显", "达成预期指标", 1.625) == 1.625
    assert JX_SCORE("≥20 次", 20.0, 5_000_000.0) == 5_000_000


def test_the_net_turns_our_faults_into_error_values_and_logs_them(caplog) -> None:
    @worksheet_function()
    def JX_BROKEN(x: object) -> object:
        return 1 / x if x else [[float("nan")], [2.0]]

    with caplog.at_level("ERROR", logger="pyfuncs.udfs"):
        assert JX_BROKEN(0.0) == [[xlerror.NUM], [2.0]]
        assert JX_BROKEN("a") is xlerror.VALUE
    assert [r.getMessage() for r in caplog.records] == [
        "JX_BROKEN returned nan", "JX_BROKEN raised"]
    assert excel_value(float("inf")) is xlerror.NUM and excel_value(1.5) == 1.5
