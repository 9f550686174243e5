"""Scoring one 绩效指标 row, and checking the score a clerk stated for it.

:func:`score_row` says what the row is worth (the suggested score and the allowed band);
:func:`check_row` compares what the form states with that. Both are pure functions of the
row's text and numbers and the profile.
"""

from __future__ import annotations

from typing import Literal

from .findings import Finding, fmt, make, make_later
from .parse import (
    Actual,
    Target,
    as_text,
    kept_shapes,
    number_cell,
    parse_actual,
    parse_target,
    read_simple,
)
from .profile import Profile
from .record import record
from .rounding import round_half_up, round_score
from .timing import in_unit, late_months
from .units import Quantity, compatible

RowKind = Literal[
    "quantitative", "qualitative", "deadline", "not_applicable", "pending", "unscorable",
    "empty"]


@record(frozen=True, slots=True)
class Band:
    """The scores a row may carry: [low, high], or [low, high) when `high_open`."""

    low: float
    high: float
    high_open: bool = False

    def contains(self, score: float, tolerance: float = 1e-9) -> bool:
        if score < self.low - tolerance:
            return False
        if self.high_open:
            return score < self.high - 1e-9
        return score <= self.high + tolerance

    def show(self, decimals: int = 2) -> str:
        """`8–10`, `1.2–1.59` (an open bound shown as the largest score below it), `8.5`."""
        top = self.high - 10**-decimals if self.high_open else self.high
        top = max(self.low, min(round_half_up(top, decimals), self.high))
        if abs(top - self.low) < 1e-9:
            return fmt(self.low, decimals)
        return f"{fmt(self.low, decimals)}–{fmt(top, decimals)}"


class RowScore:
    """What one indicator row is worth.

    Attributes:
        kind: `quantitative`, `qualitative`, `deadline` (a completion time against a
            deadline), `not_applicable`, `pending` (actual not yet typed),
            `unscorable` (something could not be understood; see `findings`) or `empty` (a
            row of the form nobody has used).
        suggested: the suggested 得分, None when it cannot be computed.
        band: the allowed 得分, None when it cannot be computed.
        target, actual: how the texts were understood.
        weight: the 分值 as a number (0 for a blank 分值 on a 不适用 row).
        findings: what reading and scoring found (units, over-completion, 不适用 with weight…).

    A row scored by :func:`quick_score` reads its texts into `target` and `actual` (and
    makes its band) only when they are asked for: most callers want the score and the
    findings. Either way it compares, hashes and prints as the seven fields above.
    """

    __slots__ = ("_actual", "_band", "_target", "_typed", "findings", "kind", "suggested",
                 "weight")

    def __init__(self, kind: RowKind, suggested: float | None, band: Band | None,
                 target: Target, actual: Actual, weight: float | None,
                 findings: tuple[Finding, ...] = ()) -> None:
        self.kind, self.suggested, self.weight, self.findings = kind, suggested, weight, findings
        self._band, self._target, self._actual = band, target, actual
        self._typed: tuple[object, object, Profile] | None = None

    # A quick row leaves _band, _target and _actual unset until they are asked for.
    @property
    def target(self) -> Target:
        try:
            return self._target
        except AttributeError:
            self._target = parse_target(self._typed[0], self._typed[2])  # type: ignore[index]
            return self._target

    @property
    def actual(self) -> Actual:
        try:
            return self._actual
        except AttributeError:
            self._actual = parse_actual(self._typed[1], self._typed[2])  # type: ignore[index]
            return self._actual

    @property
    def band(self) -> Band | None:
        try:
            return self._band
        except AttributeError:
            self._band = Band(self.suggested, self.suggested)   # a formula score
            return self._band

    def _fields(self) -> tuple[object, ...]:
        return (self.kind, self.suggested, self.band, self.target, self.actual, self.weight,
                self.findings)

    def __eq__(self, other: object) -> bool:
        if type(other) is not RowScore:
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        names = ("kind", "suggested", "band", "target", "actual", "weight", "findings")
        shown = ", ".join(f"{n}={v!r}" for n, v in zip(names, self._fields(), strict=True))
        return f"RowScore({shown})"


_new = object.__new__


def score_row(target: object, actual: object, weight: float | None, profile: Profile,
              *, remark: str = "", row: int | None = None) -> RowScore:
    """Score one row.

    Args:
        target: the 年度指标值 as typed.
        actual: the 实际完成值 as typed.
        weight: the 分值 (None when blank).
        profile: the rules in force.
        remark: the 偏差原因分析 text (an over-completion that is explained is only noted).
        row: the row's index, put on the findings.
    """
    if weight is not None and weight >= 0:
        quick = quick_score(target, actual, weight, profile, remark)
        if quick is not None:
            return quick
    return score_row_general(target, actual, weight, profile, remark=remark, row=row)


def score_row_general(target: object, actual: object, weight: float | None, profile: Profile,
                      *, remark: str = "", row: int | None = None) -> RowScore:
    """Any row, read and scored step by step (:func:`score_row` tries
    :func:`quick_score` first)."""
    t, a = parse_target(target, profile), parse_actual(actual, profile)
    if a.kind == "number" and t.kind == "number" and weight is not None and weight >= 0:
        return _quantitative(t, a, weight, profile, remark, row)   # what the checks below give
    sev = profile.severities
    if t.kind == "blank" and a.kind == "blank" and not weight:
        return RowScore("empty", None, None, t, a, weight)
    if weight is not None and weight < 0:   # before 不适用: no row carries a negative 分值
        f = make("WEIGHT_INVALID", "分值", row=row, severities=sev, value=fmt(weight))
        return RowScore("unscorable", None, None, t, a, weight, (f,))
    if t.kind == "na" or a.kind == "na":
        return _not_applicable(t, a, weight, profile, row)
    if t.kind == "out_of_range" or a.kind == "out_of_range":
        label = "年度指标值" if t.kind == "out_of_range" else "实际完成值"
        typed = (t if t.kind == "out_of_range" else a).text.strip()
        f = make("NUMBER_OUT_OF_RANGE", label, row=row, severities=sev, label=label,
                 value=typed)
        band = None if weight is None else Band(0.0, weight)
        return RowScore("unscorable", None, band, t, a, weight, (f,))
    if weight is None:
        f = make("WEIGHT_MISSING", "分值", row=row, severities=sev)
        return RowScore("unscorable", None, None, t, a, weight, (f,))
    if a.kind == "blank":
        return RowScore("pending", None, Band(0.0, weight), t, a, weight)
    if a.kind == "unknown":
        tiers = "／".join(x.label for x in profile.tiers)
        f = make("ACTUAL_UNPARSED", "实际完成值", row=row, severities=sev, actual=a.text.strip(),
                 tiers=tiers)
        return RowScore("unscorable", None, Band(0.0, weight), t, a, weight, (f,))
    if a.kind == "tier":
        assert a.tier is not None
        tier = a.tier
        band = Band(tier.low * weight, tier.high * weight, high_open=not tier.high_inclusive)
        suggested = round_score(weight, tier.suggested, profile.score_decimals)
        return RowScore("qualitative", suggested, band, t, a, weight)
    if t.kind == "deadline" or a.kind == "time":
        timed = _timed(t, a, weight, profile, row)
        if timed is not None:
            return timed
    # a number was typed as the actual
    if t.kind not in ("number", "range"):
        code = "TARGET_MISSING" if t.kind == "blank" else "TARGET_NO_VALUE"
        f = make(code, "年度指标值", row=row, severities=sev, actual=a.show(),
                 target=t.text.strip())
        return RowScore("unscorable", None, Band(0.0, weight), t, a, weight, (f,))
    return _quantitative(t, a, weight, profile, remark, row)


def _timed(t: Target, a: Actual, weight: float, profile: Profile,
           row: int | None) -> RowScore | None:
    """A row where time is compared: a deadline target, or an actual that is a time. None
    when the row is scored as any other (a blank target; a duration target such as `6个月内`
    with a duration as the actual)."""
    sev, timing = profile.severities, a.timing
    band = Band(0.0, weight)

    def unscorable(code: str, field: str, **values: object) -> RowScore:
        return RowScore("unscorable", None, band, t, a, weight,
                        (make(code, field, row=row, severities=sev, **values),))

    if t.kind == "blank":
        return None
    if t.kind in ("number", "range"):
        if a.kind != "time":
            return None
        return _duration(t, a, weight, profile, row) or unscorable(
            "DEADLINE_MISSING", "年度指标值", actual=a.show(), target=t.text.strip())
    if timing is None:
        tiers = "／".join(x.label for x in profile.tiers)
        return unscorable("ACTUAL_NOT_TIME", "实际完成值", deadline=t.show(),
                          actual=a.text.strip(), tiers=tiers)
    if timing.kind == "late_unknown":
        return unscorable("DEADLINE_UNCLEAR", "实际完成值",
                          why="实际完成值写明逾期，却没有写逾期多久或完成时间，")
    if timing.kind == "date":
        assert timing.when is not None
        if t.deadline is None:   # a date against a target with no date in it
            return unscorable("DEADLINE_MISSING", "年度指标值", actual=a.show(),
                              target=t.text.strip())
        months = late_months(t.deadline, timing.when)
        if months is None:
            return unscorable("DEADLINE_UNCLEAR", "实际完成值",
                              why=f"实际完成值只写到 {timing.when.show()}，期限是 {t.show()}，")
    else:
        months = timing.months if timing.kind == "late" else 0
    return _deadline_score(t, a, weight, months, profile, row)


def _deadline_score(t: Target, a: Actual, weight: float, months: int, profile: Profile,
                    row: int | None) -> RowScore:
    """On time: the whole 分值; late: the profile's share lost per month, down to 0."""
    sev, share = profile.severities, profile.late_share_per_month
    suggested = round_score(weight, 1.0 - months * share, profile.score_decimals)
    findings = []
    if months > 0:
        findings.append(make("DEADLINE_LATE", "实际完成值", row=row, severities=sev,
                             actual=a.show(), deadline=t.show(), months=months,
                             share=f"{fmt(share * 100)}%", suggested=fmt(suggested)))
    if t.kind == "deadline" and t.numbers > 1:
        findings.append(make("DEADLINE_AMBIGUOUS", "年度指标值", row=row, severities=sev,
                             count=t.numbers, deadline=t.show()))
    return RowScore("deadline", suggested, Band(suggested, suggested), t, a, weight,
                    tuple(findings))


def _duration(t: Target, a: Actual, weight: float, profile: Profile,
              row: int | None) -> RowScore | None:
    """A time limit (`6个月内`, `≤30 天`) met early or missed by a stated time (`延期2个月`):
    scored as the duration it stands for (the limit plus the delay), by the formula of the
    limit's direction. None when the target is not a time limit."""
    timing, limit = a.timing, t.quantity
    if timing is None or limit is None or timing.kind not in ("late", "early"):
        return None
    unit = limit.written_unit
    if in_unit(1.0, unit, unit) is None:
        return None
    delay = in_unit(timing.amount, timing.unit, unit) if timing.kind == "late" else -1.0
    if delay is None:
        return None
    taken = Actual("number", a.text, Quantity(max(limit.number + delay, 0.0), 1.0,
                                              limit.unit, unit))
    return _quantitative(t, taken, weight, profile, "", row)


def _not_applicable(t: Target, a: Actual, weight: float | None, profile: Profile,
                    row: int | None) -> RowScore:
    w = weight or 0.0
    if profile.na_policy == "full":
        return RowScore("not_applicable", w, Band(w, w), t, a, w)
    findings: tuple[Finding, ...] = ()
    if profile.na_policy == "zero" and w > 0:
        findings = (make("NA_WEIGHTED", "分值", row=row, severities=profile.severities,
                         weight=fmt(w)),)
    return RowScore("not_applicable", 0.0, Band(0.0, 0.0), t, a, w, findings)


def _quantitative(t: Target, a: Actual, weight: float, profile: Profile, remark: str,
                  row: int | None) -> RowScore:
    sev = profile.severities
    assert t.quantity is not None and a.quantity is not None
    target_q, actual_q = t.quantity, a.quantity
    findings: list[Finding] = []
    bare = not actual_q.written_unit
    if bare:   # read in the target's unit (the Quantity itself is made only for a message)
        av = actual_q.number * target_q.multiplier
    elif not compatible(actual_q.unit, target_q.unit):
        findings.append(make("UNIT_MISMATCH", "实际完成值", row=row, severities=sev,
                             target_unit=target_q.written_unit or "无",
                             actual_unit=actual_q.written_unit))
        return RowScore("unscorable", None, Band(0.0, weight), t, a, weight, tuple(findings))
    else:
        av = actual_q.value
    if bare and _fraction_slip(target_q.unit, target_q.number, actual_q.number):
        findings.append(make("PERCENT_AS_FRACTION", "实际完成值", row=row, severities=sev,
                             actual=fmt(actual_q.number, 4),
                             percent=fmt(actual_q.number * 100, 2)))
    if t.numbers > 1:
        findings.append(make("TARGET_AMBIGUOUS", "年度指标值", row=row, severities=sev,
                             first=target_q.show()))

    tv, av = target_q.value, max(av, 0.0)
    upper = t.upper.value if t.upper is not None else 0.0
    suggested, note = _worth(t.direction or "", tv, upper, av, weight, remark, profile)
    if note is not None:
        if bare:
            actual_q = actual_q.with_unit_of(target_q)
        findings.append(make(note, "实际完成值", row=row, severities=sev,
                             actual=actual_q.show(), target=t.show(), ratio=fmt(av / tv, 2),
                             suggested=fmt(suggested),
                             threshold=fmt(profile.over_completion_threshold)))
    return RowScore("quantitative", suggested, Band(suggested, suggested), t, a, weight,
                    tuple(findings))


def quick_score(target: object, actual: object, weight: float, profile: Profile,
                remark: str) -> RowScore | None:
    """The common row — a target such as `≥20 次` or `100%`, a number (maybe with its unit)
    as the actual, a 分值 ≥ 0 — scored as :func:`_quantitative` scores it, from the numbers
    and shapes :func:`~pyfuncs.engine.parse.read_simple` reads, without reading the texts
    into records; None for any other row and for one that draws a finding (the general road
    then scores it). tests/pyfuncs/engine/test_simple_paths.py holds it to the general road.
    """
    kept = kept_shapes(profile)
    if type(target) is str:
        t = read_simple(target, kept, profile, False)
    elif type(target) is float or type(target) is int:
        t = read_simple(as_text(target), kept, profile, False)
    else:
        return None
    if t is None:
        return None
    tn, ts = t
    if type(actual) is str:
        a = read_simple(actual, kept, profile, True)
        if a is None:
            return None
        an, shape = a
        if shape.written_unit:
            if not compatible(shape.unit, ts.unit):
                return None
            av = an * shape.multiplier
        elif ts.unit == "%" and _fraction_slip(ts.unit, tn, an):
            return None
        else:   # a bare number is read in the target's unit
            av = an * ts.multiplier
    elif type(actual) is float or type(actual) is int:
        an = number_cell(actual)
        if an is None or (ts.unit == "%" and _fraction_slip(ts.unit, tn, an)):
            return None
        av = an * ts.multiplier
    else:
        return None
    suggested, note = _worth(ts.direction, tn * ts.multiplier, 0.0, av if av > 0.0 else 0.0,
                             weight, remark, profile)
    if note is not None:
        return None
    r = _new(RowScore)   # its target, actual and band are read when asked for
    r.kind = "quantitative"   # (one slot at a time: no tuple made and unpacked)
    r.suggested = suggested
    r.weight = weight
    r.findings = ()
    r._typed = (target, actual, profile)
    return r


def _fraction_slip(target_unit: str, target: float, actual: float) -> bool:
    """A bare actual of at most 1 against a percentage above 1: 0.95 written for 95%."""
    return target_unit == "%" and 0.0 < actual <= 1.0 < target


def _worth(direction: str, tv: float, upper: float, av: float, weight: float, remark: str,
           profile: Profile) -> tuple[float, str | None]:
    """The suggested 得分 of a quantitative row (target `tv`, the upper bound of a range, the
    actual `av` ≥ 0, all in base units), and the code of the over-completion finding it
    draws, if any."""
    note = None
    if direction == "higher":
        ratio = 1.0 if tv <= 0.0 else av / tv
        if tv > 0.0:
            threshold = profile.over_completion_threshold
            if threshold > 0.0 and av >= threshold * tv - 1e-9:
                if profile.over_completion_cut:
                    ratio = min(ratio, threshold * tv / av)
                    note = "OVER_COMPLETION_CUT"
                elif not remark.strip():
                    note = "OVER_COMPLETION"
    elif direction == "lower" and av <= tv:   # met (as _lower_ratio says)
        ratio = 1.0
    elif direction == "range" or direction == "lower" or (
            direction == "equal" and profile.equal_formula == "ratio"):
        ratio = _ratio(direction, tv, upper, av, profile)
    else:   # `equal` scored as higher is better (the default)
        ratio = 1.0 if tv <= 0.0 else av / tv
    return round_score(weight, ratio, profile.score_decimals), note


def _ratio(direction: str, tv: float, upper: float, av: float, profile: Profile) -> float:
    """The share of the weight earned, before rounding (may exceed 1; the caller caps it), for
    a range, a lower-is-better target and an equal one scored by ratio (:func:`_worth` scores
    the others)."""
    if direction == "range":
        if av < tv:
            return av / tv if tv > 0 else 0.0
        if av > upper:
            return _lower_ratio(upper, av, profile)
        return 1.0
    if direction == "lower":
        return _lower_ratio(tv, av, profile)
    if tv == 0:   # equal, by ratio
        return 1.0 if av == 0 else 0.0
    return 0.0 if av == 0 else min(av / tv, tv / av)


def _lower_ratio(tv: float, av: float, profile: Profile) -> float:
    if av <= tv:
        return 1.0
    if tv <= 0:
        return 0.0
    if profile.lower_formula == "linear":
        return max(0.0, 1.0 - (av - tv) / tv)
    return tv / av


def shown_actual(scored: RowScore) -> str:
    """The actual as it was scored: a bare number is shown in its target's unit (`90` → `90%`)."""
    a, t = scored.actual, scored.target
    if a.kind == "number" and a.quantity and not a.quantity.written_unit and t.quantity:
        return a.quantity.with_unit_of(t.quantity).show()
    return a.show()


def check_row(scored: RowScore, score: float | None, remark: str, profile: Profile,
              *, row: int | None = None, blank_is_suggested: bool = False) -> list[Finding]:
    """Compare the stated 得分 of a row with what it is worth.

    Args:
        scored: the row's :func:`score_row` result.
        score: the 得分 the form states (None when blank).
        remark: the 偏差原因分析及改进措施 text.
        profile: the rules in force.
        row: the row's index, put on the findings.
        blank_is_suggested: a blank 得分 means "use the suggested score" (data files), not a
            score left out (forms).

    Returns:
        The reading findings of `scored` followed by the findings about the stated score.
    """
    sev, d = profile.severities, profile.score_decimals
    out = list(scored.findings)
    weight, kind, suggested = scored.weight, scored.kind, scored.suggested
    if weight is None and score is not None and kind != "not_applicable":
        # a stated score beside a blank 分值 is one slip, not "得分 4 超过分值 0"
        out = [f for f in out if f.code != "WEIGHT_MISSING"]
        out.append(make("SCORE_WITHOUT_WEIGHT", "分值", row=row, severities=sev,
                        score=fmt(score, d)))
        return out
    if kind in ("not_applicable", "empty") or weight is None or weight < 0:
        if score is not None and not (weight or 0.0) < 0 and score > (weight or 0.0) + 1e-9:
            out.append(make("SCORE_OVER_WEIGHT", "得分", row=row, severities=sev,
                            score=fmt(score, d), weight=fmt(weight or 0.0, d)))
        return out
    if kind == "pending":
        if scored.target.kind == "blank":
            out.append(make("TARGET_MISSING", "年度指标值", row=row, severities=sev))
        else:
            out.append(make("ACTUAL_MISSING", "实际完成值", row=row, severities=sev))
    elif kind == "qualitative" and scored.target.kind == "blank":
        # (only a qualitative row among those left can have a blank target)
        out.append(make("TARGET_MISSING", "年度指标值", row=row, severities=sev))
    if score is None and blank_is_suggested:
        # the suggested score is what the form will show: checked as if it were typed
        score = suggested
    if score is None:
        if weight > 0 and suggested is not None:
            out.append(make("SCORE_MISSING", "得分", row=row, severities=sev,
                            suggested=fmt(suggested, d)))
        return out
    out += check_score(scored, score, remark, profile, row)
    return out


def check_score(scored: RowScore, score: float, remark: str, profile: Profile,
                row: int | None = None) -> tuple[Finding, ...]:
    """The findings about the stated 得分 `score` of a scored row with a 分值 ≥ 0 (the last
    checks of :func:`check_row`)."""
    weight, kind, suggested = scored.weight, scored.kind, scored.suggested
    if score < 0.0:
        return (make("SCORE_NEGATIVE", "得分", row=row, severities=profile.severities,
                     score=fmt(score, profile.score_decimals)),)
    if score > weight + 1e-9:
        d = profile.score_decimals
        return (make("SCORE_OVER_WEIGHT", "得分", row=row, severities=profile.severities,
                     score=fmt(score, d), weight=fmt(weight, d)),)
    found: tuple[Finding, ...] = ()
    tol = profile.tolerance + 1e-9
    if kind == "quantitative" or kind == "deadline":
        if suggested is not None and (score - suggested > tol or suggested - score > tol):
            found = (_off_formula(scored, suggested, score, profile, row),)
    elif kind == "qualitative" and scored.band and not scored.band.contains(score, tol):
        assert scored.actual.tier is not None
        d = profile.score_decimals
        found = (make("SCORE_OUT_OF_BAND", "得分", row=row, severities=profile.severities,
                      tier=scored.actual.tier.label, band=scored.band.show(d),
                      score=fmt(score, d)),)
    low = weight - tol
    if score < low:
        if not remark.strip():
            found += (_reason_missing(score, weight, profile, row),)
    elif remark and weight > 0.0 and score >= low:   # (not for a NaN score)
        marker = profile.unfinished_pattern.search(remark)
        if marker:
            found += (make("FULL_BUT_UNFINISHED", "得分", row=row,
                           severities=profile.severities, marker=marker.group(0)),)
    return found


# The two findings check_score makes with their messages written later, made here: the
# closures that write them would otherwise make check_score hold its variables in cells
# on every call, finding or not.

def _off_formula(scored: RowScore, suggested: float, score: float, profile: Profile,
                 row: int | None) -> Finding:
    """SCORE_ABOVE_FORMULA or SCORE_BELOW_FORMULA: the stated 得分 is not the formula's."""
    d = profile.score_decimals
    code = "SCORE_ABOVE_FORMULA" if score > suggested else "SCORE_BELOW_FORMULA"
    return make_later(code, "得分", lambda: {
        "target": scored.target.show(), "actual": shown_actual(scored),
        "suggested": fmt(suggested, d), "score": fmt(score, d)},
        row=row, severities=profile.severities)


def _reason_missing(score: float, weight: float, profile: Profile,
                    row: int | None) -> Finding:
    """REASON_MISSING: points lost and no reason given."""
    d = profile.score_decimals
    return make_later("REASON_MISSING", "偏差原因", lambda: {
        "score": fmt(score, d), "weight": fmt(weight, d)},
        row=row, severities=profile.severities)
