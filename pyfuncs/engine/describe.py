"""What a typed 年度指标值 or 实际完成值 was understood as, in plain Chinese.

The same reading is shown in a cell (JX_PARSE) and by `jixiao score`, so a clerk sees why a
row scored as it did; it is domain text, so it lives with the rules it describes.
"""

from __future__ import annotations

from .findings import fmt
from .parse import DIRECTION_NAMES, Target, parse_actual, parse_target
from .profile import Profile
from .text import is_blank


def describe(text: str, profile: Profile) -> str:
    """Plain-Chinese reading of a target or an actual, e.g. `≥ 20 次`; "" for a blank."""
    if is_blank(text):
        return ""
    target = parse_target(text, profile)
    if target.kind == "na":
        return "不适用"
    actual = parse_actual(text, profile)
    if actual.kind == "time" and actual.timing and actual.timing.kind != "date":
        return f"作为实际完成值：{actual.timing.show()}"
    if target.kind == "deadline":
        return _deadline(target, profile)
    if actual.kind == "tier" and actual.tier is not None:
        t = actual.tier
        top = "" if t.high_inclusive else "（不含）"
        tier = f"{t.label}：得分为分值的 {fmt(t.low * 100)}%–{fmt(t.high * 100)}%{top}"
        if text.strip() in {x.label for x in profile.tiers}:
            return tier
        return f"作为实际完成值：{tier}；作为年度指标值：定性指标"
    if target.kind == "words":
        return f"定性指标：{target.show()}（实际完成值填完成档次）"
    shown = target.show()
    notes = []
    if target.kind == "number" and not target.explicit:
        notes.append(f"未写方向，按{DIRECTION_NAMES[profile.default_direction]}")
    if target.numbers > 1:
        notes.append("含多个数值，按第一个")
    return f"{shown}（{'；'.join(notes)}）" if notes else shown


def _deadline(target: Target, profile: Profile) -> str:
    """`完成期限：2023年12月底前（按期或提前完成得满分，逾期每月扣分值的 10%）`."""
    share = profile.late_share_per_month
    late = "逾期不得分" if share >= 1 else f"逾期每月扣分值的 {fmt(share * 100)}%"
    notes = [f"按期或提前完成得满分，{late}"]
    if target.deadline is not None and target.deadline.year is None:
        notes.append("未写年份，按实际完成值的年份")
    if target.numbers > 1:
        notes.append(f"含 {target.numbers} 个日期，按最晚的")
    return f"完成期限：{target.show()}（{'；'.join(notes)}）"
