"""总分 and 等级: the grade bands and the optional cap of the total by 执行率."""

from __future__ import annotations

from .profile import Cap, Profile


def grade(total: float, profile: Profile) -> str:
    """优 / 良 / 中 / 差 (or the profile's own names): the first band whose minimum is met."""
    for g in profile.grades:
        if total >= g.min - 1e-9:
            return g.name
    return profile.grades[-1].name


def applicable_cap(rate: float | None, profile: Profile) -> Cap | None:
    """The tightest cap for this execution rate, when the profile caps totals by rate."""
    if not profile.cap_by_rate or rate is None:
        return None
    hits = [c for c in profile.caps if rate < c.below - 1e-12]
    return min(hits, key=lambda c: c.max) if hits else None


def cap_total(total: float, rate: float | None, profile: Profile) -> tuple[float, Cap | None]:
    """The total after the cap by execution rate, and the cap that applied (if it lowered it)."""
    cap = applicable_cap(rate, profile)
    if cap is not None and total > cap.max:
        return cap.max, cap
    return total, None
