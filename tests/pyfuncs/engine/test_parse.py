"""Reading targets and actuals: every expression docs/rules.md §3 lists, and the odd ones."""

import pytest

from pyfuncs.engine import load_profile, parse_actual, parse_target


@pytest.mark.parametrize(("text", "direction", "value", "unit", "explicit", "shown"), [
    ("≥20 次", "higher", 20, "次", True, "≥ 20 次"),
    ("=10 万元", "equal", 1e5, "元", True, "= 10 万元"),
    ("≤30000 元", "lower", 30000, "元", True, "≤ 30000 元"),
    ("100.0%", "higher", 100, "%", False, "≥ 100%"),
    ("至少 10 次", "higher", 10, "次", True, "≥ 10 次"),
    ("每年不少于 10 次", "higher", 10, "次", True, "≥ 10 次"),
    ("累计 6000 个", "higher", 6000, "个", True, "≥ 6000 个"),
    ("不低于90.0%", "higher", 90, "%", True, "≥ 90%"),
    ("60 家以上", "higher", 60, "家", True, "≥ 60 家"),
    ("年均增长 15%", "higher", 15, "%", True, "≥ 15%"),
    ("每年 4 次", "higher", 4, "次", False, "≥ 4 次"),
    ("39 人", "higher", 39, "人", False, "≥ 39 人"),
    ("=100.0%", "equal", 100, "%", True, "= 100%"),
    ("2 0 次以上", "higher", 20, "次", True, "≥ 20 次"),
    ("满意度 \\geq 90.0%", "higher", 90, "%", True, "≥ 90%"),
    ("≧９０％", "higher", 90, "%", True, "≥ 90%"),
    ("＞＝８５％", "higher", 85, "%", True, "≥ 85%"),
    ("不超过 5 万元", "lower", 5e4, "元", True, "≤ 5 万元"),
    ("控制在 3 天以内", "lower", 3, "天", True, "≤ 3 天"),
    ("不高于 2%", "lower", 2, "%", True, "≤ 2%"),
    ("≤5万元", "lower", 5e4, "元", True, "≤ 5 万元"),
    ("3400 亿元", "higher", 3.4e11, "元", False, "≥ 3400 亿元"),
    ("打印机2台", "higher", 2, "台", False, "≥ 2 台"),
    ("30,000 元", "higher", 30000, "元", False, "≥ 30000 元"),
])
def test_numeric_targets(text, direction, value, unit, explicit, shown) -> None:
    t = parse_target(text, load_profile())
    assert t.kind == "number"
    assert t.direction == direction
    assert t.quantity.value == pytest.approx(value)
    assert t.quantity.unit == unit
    assert t.explicit is explicit
    assert t.show() == shown


def test_default_direction_is_a_profile_setting(tmp_path) -> None:
    path = tmp_path / "lower.toml"
    path.write_text('extends = "national-2020"\nname = "x"\n[score]\ndefault_direction = "lower"\n',
                    encoding="utf-8")
    assert parse_target("39 人", load_profile(path)).direction == "lower"


def test_range_target() -> None:
    t = parse_target("90%~100%", load_profile())
    assert t.kind == "range"
    assert (t.quantity.value, t.upper.value) == (90, 100)
    assert parse_target("3-5 次", load_profile()).quantity.unit == "次"


def test_several_numbers_are_counted() -> None:
    t = parse_target("十四五期间, 我市计划减少矿山 10%, 关闭 6 家矿山", load_profile())
    assert t.numbers == 2
    assert t.quantity.value == 10


@pytest.mark.parametrize(("text", "kind"), [
    ("按时完成", "words"), ("效果明显", "words"), ("不超预算", "words"), ("不超过", "words"),
    ("本指标不适用此项目", "na"), ("此指标不适用", "na"), ("", "blank"), (None, "blank"),
])
def test_other_targets(text, kind) -> None:
    assert parse_target(text, load_profile()).kind == kind


@pytest.mark.parametrize(("text", "tier"), [
    ("达成预期指标", "full"), ("达成年度指标", "full"), ("全部达成", "full"), ("基本达成", "full"),
    ("部分达成预期指标并具有一定效果", "partial"), ("部分达成", "partial"),
    ("未达成预期指标且效果较差", "fail"), ("未完成预期指标且效果较差", "fail"), ("未完成", "fail"),
])
def test_tiers(text, tier) -> None:
    a = parse_actual(text, load_profile())
    assert a.kind == "tier"
    assert a.tier.key == tier


@pytest.mark.parametrize(("value", "number", "unit"), [
    ("30000", 30000, ""), (22.0, 22, ""), ("375 家", 375, "家"), ("９４", 94, ""),
    ("90%", 90, "%"), ("5 万元", 5e4, "元"),
])
def test_numeric_actuals(value, number, unit) -> None:
    a = parse_actual(value, load_profile())
    assert a.kind == "number"
    assert a.quantity.value == pytest.approx(number)
    assert a.quantity.unit == unit


@pytest.mark.parametrize(("value", "kind"), [
    ("不适用", "na"), ("本指标不适用", "na"), ("", "blank"), (None, "blank"), ("  ", "blank"),
    ("还行吧", "unknown"), ("???", "unknown"),
])
def test_other_actuals(value, kind) -> None:
    assert parse_actual(value, load_profile()).kind == kind


def test_unknown_actual_keeps_its_text() -> None:
    a = parse_actual("还行吧", load_profile())
    assert "还行吧" in a.show()
