"""The quick readers of the common shapes, and the quick road for whole rows, answer exactly
as the general readers and the general road do.

`simple_target` / `simple_actual` read `≥20 次`, `100%`, `12.5` with one match; wherever they
answer, the answer must equal the general reader's. A few thousand texts of many shapes
(signs, words, spacing, units with 万/亿 prefixes, percentages, ranges, deadlines, Chinese
numerals, full-width digits, 不适用, delays) go through both.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import re
from pathlib import Path

import pytest

from jixiao.examples import load_seed_2023
from pyfuncs.engine import (
    Indicator,
    Profile,
    RowResult,
    builtin_names,
    check_row,
    evaluate_row,
    load_profile,
)
from pyfuncs.engine.cells import read_cell
from pyfuncs.engine.indicator import quick_score, score_row_general
from pyfuncs.engine.parse import (
    parse_actual,
    parse_actual_general,
    parse_target,
    parse_target_general,
    simple_actual,
    simple_target,
)

REAL_FORMS = Path(__file__).parents[2] / "data" / "real_forms"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")   # a cell the corpus's workbooks hold as a number

PREFIXES = ["", "≥", "≤", "=", "<", ">", ">=", "不少于", "不超过", "至少 ", "控制在", "达到",
            "≧", "≥ ", "  ", "年内", "年底前完成", "12月底前", "第三季度", "不适用", "累计", "约"]
NUMBERS = ["0", "1", "5", "20", "12.5", "100", "2023", "2023.11", "2023.1", "0.0000000001",
           "1e5", "９０", "-3", "+4", "9" * 14, "9" * 20, "30,000", "2 0", "一", "十二", "3.",
           ".5", "2019.5", "2019.55", "2019.123", "2012.34", "2010.01", "2012.12", "12019.5",
           "1999.09", "2020.0", "1899.5", "-2019.5"]
UNITS = ["", " ", "次", " 次", "%", " %", "‰", "万元", " 万元", "亿元", "万", "千米", "个月",
         "月", " 月", "年", " 年", "天", "个工作日", "人次", "家次", "个百分点", "以上", "以内",
         "%以上", "~100%", "-95%", "至 30 次", "底前", "日", "号", "年度", "次（累计）", " 晚",
         "天内", "不适用"]


def texts(rng: random.Random) -> list[str]:
    every = ["".join(p) for p in itertools.product(PREFIXES, NUMBERS, UNITS)]
    picked = rng.sample(every, 4000) + [n + u for n in NUMBERS for u in UNITS]
    picked += [f"{rng.choice(PREFIXES)}{rng.uniform(0, 1e4):.{rng.randint(0, 4)}f}"
               f"{rng.choice(UNITS)}" for _ in range(1000)]
    picked += ["2023年12月底前", "延期2个月", "提前完成", "达成预期指标", "按时完成", "", " ",
               "90%~100%", "≥90%", "2023年11月完成25次", "１００％", r"\geq 20 次"]
    return picked


def test_simple_target_agrees_with_the_general_reader(profile) -> None:
    taken = 0
    for text in texts(random.Random(12)):
        quick = simple_target(text, profile)
        if quick is not None:
            taken += 1
            assert quick == parse_target_general(text, profile), text
            assert quick == parse_target_general(text, profile, False), text
    assert taken > 500       # the common shapes do take the quick road


def test_simple_actual_agrees_with_the_general_reader(profile) -> None:
    taken = 0
    for text in texts(random.Random(13)):
        quick = simple_actual(text, profile)
        if quick is not None:
            taken += 1
            assert quick == parse_actual_general(text, profile), text
    assert taken > 200


def test_a_lone_surrogate_takes_the_general_road(profile) -> None:
    """A text with a lone surrogate (a broken character pasted from elsewhere) has no UTF-8
    bytes, so the quick readers leave it to the general ones, which read it as they read any
    text with a character that is not a unit."""
    for text in ("≥20 \ud800", "\udc0020 次", "20\udfff", "≥\ud83d20%"):
        assert simple_target(text, profile) is None, text
        assert simple_actual(text, profile) is None, text
        assert parse_target(text, profile) == parse_target_general(text, profile), text
        assert parse_actual(text, profile) == parse_actual_general(text, profile), text
        assert quick_score(text, "20", 5.0, profile, "") is None, text


def test_the_common_shapes_take_the_quick_road(profile) -> None:
    for text in ("≥20 次", "不少于 5 万元", "100%", "=100%", "至少 3 家", "20"):
        assert simple_target(text, profile) is not None, text
    for text in ("12.5", "20 次", "95%", "3 万元"):
        assert simple_actual(text, profile) is not None, text
    for text in ("2023年12月底前", "90%~100%", "≥20 次以上", "６０", "2023.11", "不适用 5 次"):
        assert simple_target(text, profile) is None, text


def test_number_cells_of_a_row_read_as_read_cell_reads_them(profile) -> None:
    values = [None, 0.0, 5.0, -5.0, 1e-10, -1e-10, 1e-9, 1e12, -1e12, 1.0000001e12, math.inf,
              math.nan, 5, True, "5", "5 分", "x", 2.5]
    for weight, score in itertools.product(values, values):
        row = evaluate_row(0, Indicator("产出指标", "数量指标", "x", "≥5 次", "4", weight,
                                        score, ""), profile)
        expected_weight = read_cell(weight, "分值", "WEIGHT_INVALID", label="分值")[0]
        expected_score = read_cell(score, "得分", "SCORE_INVALID", label="得分")[0]
        assert (row.scored.weight, row.score) == (expected_weight, expected_score) or (
            row.scored.weight == expected_weight and math.isnan(row.score or 0.0))


# --- the quick road for whole rows -----------------------------------------------------------

def _quick_agrees(target: object, actual: object, weight: float, remark: str,
                  profile: Profile) -> bool:
    """Whether the quick road took the row; where it did, it must give what the general road
    gives, field by field (its target, actual and band are read when compared)."""
    quick = quick_score(target, actual, weight, profile, remark)
    if quick is None:
        return False
    general = score_row_general(target, actual, weight, profile, remark=remark)
    assert quick == general, (target, actual, weight, remark)
    assert repr(quick) == repr(general)
    assert general.kind == "quantitative" and not general.findings
    return True


@pytest.mark.parametrize("name", builtin_names())
def test_quick_rows_score_as_the_general_road_on_generated_texts(name: str) -> None:
    profile = load_profile(name)
    rng = random.Random(14)
    every = texts(rng)
    taken = 0
    for i, target in enumerate(every):
        actuals: list[object] = [
            every[(i * 7 + 3) % len(every)], rng.choice(NUMBERS) + rng.choice(UNITS),
            f"{rng.uniform(0, 200):.{rng.randint(0, 3)}f}", rng.uniform(0, 200),
            float(rng.randint(0, 3000)), rng.randint(-5, 50), 2023.11, 2023.1, 1999.5, 1e13,
            math.nan, math.inf, -5.0, 1e-10, "0.95", "1.3", "300"]
        for actual in actuals:
            weight = rng.choice([0.0, 5.0, 10.0, 2.5, 1e-10, 1e12])
            remark = rng.choice(["", "原因", "未完成"])
            taken += _quick_agrees(target, actual, weight, remark, profile)
        for number in (rng.uniform(0, 200), 100.0, 20, 2023.1):   # number cells as targets
            taken += _quick_agrees(number, every[i], 5.0, "", profile)
    assert taken > 3000      # the common shapes do take the quick road


@pytest.mark.parametrize("name", builtin_names())
def test_quick_rows_score_as_the_general_road_on_the_seed_and_real_forms(name: str) -> None:
    profile = load_profile(name)
    rows = [(r.get("年度指标值"), r.get("实际完成值"), r.get("分值"), r.get("偏差原因") or "")
            for p in load_seed_2023()["项目"] for r in p["指标"]]
    for path in sorted(REAL_FORMS.glob("*.json")):   # each pair of neighbouring cells
        grid = json.loads(path.read_text(encoding="utf-8"))["grid"]
        cells = [[float(c) if _NUMBER.match(c.strip()) else c for c in row] for row in grid]
        rows += [(row[j], row[j + 1], 10.0, row[-1] if isinstance(row[-1], str) else "")
                 for row in cells for j in range(len(row) - 1)]
    taken = 0
    for target, actual, weight, remark in rows:
        if isinstance(weight, int | float) and weight >= 0:
            taken += _quick_agrees(target, actual, float(weight), remark, profile)
    assert taken > 100


# --- whole rows with number cells: evaluate_row's quick road ---------------------------------

def _general_row(index: int, ind: Indicator, profile: Profile) -> RowResult:
    """The row as the general road scores and checks it (what evaluate_row must give)."""
    scored = score_row_general(ind.target, ind.actual, ind.weight, profile, remark=ind.remark,
                               row=index)
    found = check_row(scored, ind.score, ind.remark, profile, row=index)
    used = ind.score if ind.score is not None else scored.suggested
    return RowResult(index, scored, ind.score, used, tuple(found))


@pytest.mark.parametrize("name", builtin_names())
def test_rows_with_number_cells_evaluate_as_the_general_road(name: str) -> None:
    """分值 and 得分 as number cells take evaluate_row's quick road (score and check): every
    field, every finding and its message, as the general road gives them."""
    profile = load_profile(name)
    rng = random.Random(15)
    every = texts(rng)
    quick = 0
    for i, target in enumerate(every):
        actual = rng.choice([every[(i * 5 + 1) % len(every)],
                             f"{rng.uniform(0, 200):.{rng.randint(0, 3)}f}",
                             rng.choice(NUMBERS) + rng.choice(UNITS)])
        weight = rng.choice([5.0, 10.0, 2.5, 100.0, 0.0])   # (read as they are)
        general = score_row_general(target, actual, weight, profile)
        stated = rng.choice([general.suggested, general.suggested, weight, 0.0, -1.0, 4.0,
                             weight + 1.0, 0.004])
        stated = float(stated) if stated is not None else 3.0
        remark = rng.choice(["", "原因", "未完成", "尚未全部完成"])
        ind = Indicator("产出指标", "数量指标", "x", target, actual, weight, stated, remark)
        row = evaluate_row(i, ind, profile)
        assert row == _general_row(i, ind, profile), ind
        assert repr(row) == repr(_general_row(i, ind, profile))
        quick += quick_score(target, actual, weight, profile, remark) is not None
    assert quick > 300       # the quick road is taken


@pytest.mark.parametrize("name", builtin_names())
def test_rows_with_int_number_cells_evaluate_as_the_general_road(name: str) -> None:
    """Int 分值 and 得分 (a data file's `5`) take evaluate_row's quick road too, read as
    read_cell reads them (floats): every field and finding as the general road gives them."""
    profile = load_profile(name)
    rng = random.Random(16)
    every = texts(rng)
    quick = 0
    for i, target in enumerate(every):
        actual = rng.choice([every[(i * 3 + 2) % len(every)],
                             f"{rng.uniform(0, 200):.{rng.randint(0, 3)}f}", rng.randint(0, 300)])
        weight = rng.choice([5, 10, 3, 0, 5.0])
        general = score_row_general(target, actual, float(weight), profile)
        suggested = general.suggested
        stated = rng.choice([weight, 0, 4, -1, weight + 1, 10 ** 13, True] + (
            [int(suggested)] if suggested is not None and suggested.is_integer() else []))
        remark = rng.choice(["", "原因", "未完成"])
        ind = Indicator("产出指标", "数量指标", "x", target, actual, weight, stated, remark)
        row = evaluate_row(i, ind, profile)
        w = read_cell(weight, "分值", "WEIGHT_INVALID", label="分值")[0]
        s = read_cell(stated, "得分", "SCORE_INVALID", label="得分")[0]
        if isinstance(stated, bool) or s is None:
            continue   # (read_cell's findings: the general road's own, not compared here)
        scored = score_row_general(target, actual, w, profile, remark=remark, row=i)
        found = check_row(scored, s, remark, profile, row=i)
        expected = RowResult(i, scored, s, s, tuple(found))
        assert row == expected, ind
        assert repr(row) == repr(expected)
        quick += quick_score(target, actual, float(weight), profile, remark) is not None
    assert quick > 300
