"""The scoring rule written the naive way, as a yardstick for the engine's speed.

What a clerk's spreadsheet macro would do: take the first number of 年度指标值 and of 实际完成值,
read the direction from the sign before it (`≤`/`不超过`/`以内` lower, otherwise higher), score
分值 × min(实际 ÷ 目标, 1) rounded half up to 2 places, and flag a stated 得分 that differs.
No units, dates, ranges, tiers, 不适用, full-width digits or out-of-range numbers: it is the
floor of the cost of one row, not a second implementation of the engine (nothing imports it
but the benchmark).
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LOWER = re.compile(r"≤|<|不超过|不高于|低于|以内|以下")


def naive_score(target: object, actual: object, weight: object) -> float | None:
    """The suggested 得分 of one row, or None when a number is missing."""
    t = _NUMBER.search(str(target)) if target is not None else None
    a = _NUMBER.search(str(actual)) if actual is not None else None
    if t is None or a is None or not isinstance(weight, int | float):
        return None
    tv, av = float(t.group()), float(a.group())
    if _LOWER.search(str(target)):
        ratio = 1.0 if av <= tv else (tv / av if av > 0 else 0.0)
    else:
        ratio = 1.0 if tv <= 0 else av / tv
    return math.floor(weight * min(max(ratio, 0.0), 1.0) * 100 + 0.5) / 100


def naive_row(target: object, actual: object, weight: object,
              stated: object) -> tuple[float | None, bool]:
    """(suggested 得分, whether the stated 得分 disagrees with it)."""
    suggested = naive_score(target, actual, weight)
    wrong = (suggested is not None and isinstance(stated, int | float)
             and abs(stated - suggested) > 0.005)
    return suggested, wrong
