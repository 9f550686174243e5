"""A whole form recomputed and checked: rows, group weights, total weight, 总分 and 等级.

:func:`evaluate_form` is what the template, the macros and the batch commands all call: one
place that turns a :class:`~pyfuncs.engine.model.Form` into numbers and findings.
"""

from __future__ import annotations

import re

from .bounds import LARGEST, NEGLIGIBLE
from .cells import read_cell
from .findings import ERROR, WARNING, Finding, fmt, fmt_percent, make
from .funding import FundingResult, evaluate_funding
from .grade import cap_total, grade
from .indicator import (
    RowScore,
    check_row,
    check_score,
    quick_score,
    score_row,
    score_row_general,
)
from .model import Form, Indicator
from .profile import Profile
from .record import record
from .rounding import round_half_up
from .text import compact
from .units import read_number

_LABEL = re.compile(r"(.*?)[(（](\d+(?:\.\d+)?)分[)）]")
_NUMBER = (float, int)   # (not bool: its type is bool)
_new = object.__new__


@record(slots=True)   # built once per row: a plain constructor (not frozen) is quickest
class RowResult:
    """One indicator row recomputed.

    Attributes:
        index: position in the form (0-based).
        scored: what the row is worth (:func:`score_row`).
        score: the 得分 the form states, as a number (None when blank or not a number).
        used: the score that counts in the total: the stated one, else the suggested one.
        findings: every finding about this row.
    """

    index: int
    scored: RowScore
    score: float | None
    used: float | None
    findings: tuple[Finding, ...]


@record(frozen=True, slots=True)
class GroupResult:
    """A first-level group: its label, the weight it claims and the weights its rows sum to."""

    label: str
    name: str
    weight: float | None
    weight_sum: float
    score_sum: float
    first_row: int


@record(frozen=True, slots=True)
class FormResult:
    """The whole form recomputed.

    Attributes:
        funding: the funding block.
        rows: each indicator row.
        groups: each first-level group, in form order.
        weight_total: funding 分值 + Σ indicator 分值.
        total: 总分 as the form should show it (after any cap); None without a funding score.
        grade: the grade of `total`.
        findings: every finding, funding first, then rows in order, then the form's.
    """

    funding: FundingResult
    rows: tuple[RowResult, ...]
    groups: tuple[GroupResult, ...]
    weight_total: float
    total: float | None
    grade: str | None
    findings: tuple[Finding, ...]

    def count(self, severity: str) -> int:
        return sum(f.severity == severity for f in self.findings)

    @property
    def errors(self) -> int:
        return self.count(ERROR)

    @property
    def warnings(self) -> int:
        return self.count(WARNING)


def group_label(name: str, weight: float) -> str:
    """`产出指标 (50 分)`, as the seed writes a first-level label (the inverse of split_label)."""
    return f"{name} ({fmt(weight)} 分)"


def split_label(label: str) -> tuple[str, float | None]:
    """`产出指标 (50 分)` → (`产出指标`, 50.0); a label without a weight → (name, None)."""
    s = compact(label)
    m = _LABEL.fullmatch(s)
    if m:
        return m.group(1), float(m.group(2))
    return s, None


def evaluate_row(index: int, ind: Indicator, profile: Profile, *,
                 blank_is_suggested: bool = False) -> RowResult:
    """Score and check one indicator row; text in a number cell becomes a finding.

    `blank_is_suggested`: a blank 得分 stands for the suggested score (as in data files)."""
    weight, score = ind.weight, ind.score
    # the common row: 分值 and 得分 numbers in range (read as read_cell reads them: as floats;
    # a data file's are often ints), a row the quick road scores
    if type(weight) in _NUMBER and type(score) in _NUMBER and NEGLIGIBLE <= weight <= LARGEST \
            and NEGLIGIBLE <= score <= LARGEST:
        weight, score, remark = weight + 0.0, score + 0.0, ind.remark
        scored = quick_score(ind.target, ind.actual, weight, profile, remark)
        if scored is not None:   # (the result's slots set here: a call less)
            r = _new(RowResult)
            r.index = index
            r.scored = scored
            r.score = r.used = score
            r.findings = check_score(scored, score, remark, profile, index)
            return r
        score_any = score_row_general   # the quick road was tried: not again
    else:
        score_any = score_row
    weight_unread = score_unread = None
    # a float in range and a blank read as themselves (what read_cell gives, without the call)
    if weight is not None and not (type(weight) is float
                                   and NEGLIGIBLE <= abs(weight) <= LARGEST):
        weight, weight_unread = read_cell(weight, "分值", "WEIGHT_INVALID", label="分值",
                                          row=index, severities=profile.severities)
    if score is not None and not (type(score) is float and NEGLIGIBLE <= abs(score) <= LARGEST):
        score, score_unread = read_cell(score, "得分", "SCORE_INVALID", label="得分",
                                        row=index, severities=profile.severities)
    scored = score_any(ind.target, ind.actual, weight, profile, remark=ind.remark, row=index)
    if weight_unread is None:
        findings = check_row(scored, score, ind.remark, profile, row=index,
                             blank_is_suggested=blank_is_suggested)
    else:
        findings = [weight_unread, *(f for f in scored.findings if f.code != "WEIGHT_MISSING")]
    if score_unread is not None:
        findings = [f for f in findings if f.code != "SCORE_MISSING"]
        findings.append(score_unread)
    if isinstance(ind.weight, str) or isinstance(ind.score, str):
        for label, typed, number in (("分值", ind.weight, weight), ("得分", ind.score, score)):
            if isinstance(typed, str) and number is not None:
                findings.append(make("NUMBER_AS_TEXT", label, row=index,
                                     severities=profile.severities, label=label,
                                     value=typed.strip(), number=fmt(number)))
    used = score if score is not None else scored.suggested
    return RowResult(index, scored, score, used, tuple(findings))


def evaluate_form(form: Form, profile: Profile, *, blank_is_suggested: bool = False) -> FormResult:
    """Recompute every number of a form and list what is wrong with it.

    Args:
        form: the form as typed.
        profile: the rules in force.
        blank_is_suggested: a blank 得分 stands for the suggested score, and a blank
            年度资金总额 for the sum of its rows (data files: the filled form shows them),
            rather than figures the clerk left out (forms).

    Returns:
        The recomputed form; nothing in `form` is changed.
    """
    sev, d = profile.severities, profile.score_decimals
    funding = evaluate_funding(form.funding, profile, blank_total_is_sum=blank_is_suggested)
    rows = tuple(evaluate_row(i, ind, profile, blank_is_suggested=blank_is_suggested)
                 for i, ind in enumerate(form.indicators))
    findings: list[Finding] = [*funding.findings]
    for r in rows:
        findings += r.findings

    groups = _groups(form, rows)
    for g in groups:
        expected = g.weight
        if expected is None:
            known = profile.group_by_name.get(g.name)
            expected = known.weight if known else None
        if g.name not in profile.group_by_name:
            findings.append(make("GROUP_UNKNOWN", "一级", row=g.first_row, severities=sev,
                                 group=g.label, profile=profile.name))
        if expected is not None and abs(g.weight_sum - expected) > 1e-6:
            findings.append(make("GROUP_WEIGHT_MISMATCH", "一级", row=g.first_row, severities=sev,
                                 group=g.name, total=fmt(g.weight_sum), label=fmt(expected)))

    row_weights = sum(_weight(r) for r in rows)
    weight_total = funding.weight + row_weights
    if abs(weight_total - profile.total_weight) > 1e-6:
        findings.append(make("TOTAL_WEIGHT_MISMATCH", "总分.分值", severities=sev,
                             total=fmt(weight_total), funding=fmt(funding.weight),
                             indicators=fmt(row_weights), expected=fmt(profile.total_weight)))

    total, total_grade = _total(funding, rows, profile, findings)
    findings += _check_stated_total(form, funding, rows, total, profile)
    if total is not None and form.stated_grade.strip() and form.stated_grade.strip() != total_grade:
        findings.append(make("GRADE_MISMATCH", "等级", severities=sev,
                             stated=form.stated_grade.strip(), total=fmt(total, d),
                             computed=total_grade))
    return FormResult(funding, rows, groups, weight_total, total, total_grade, tuple(findings))


def _groups(form: Form, rows: tuple[RowResult, ...]) -> tuple[GroupResult, ...]:
    """Rows grouped by their 一级 label, carried down over blank labels as on the printed form."""
    order: list[str] = []
    acc: dict[str, list] = {}
    current = ""
    for ind, r in zip(form.indicators, rows, strict=True):
        if ind.level1.strip():
            current = ind.level1.strip()
        if not current or r.scored.kind == "empty":
            continue
        name, weight = split_label(current)
        key = name
        if key not in acc:
            order.append(key)
            acc[key] = [current, name, weight, 0.0, 0.0, r.index]
        entry = acc[key]
        if entry[2] is None and weight is not None:
            entry[2] = weight
        entry[3] += _weight(r)
        entry[4] += r.used or 0.0
    return tuple(GroupResult(*acc[k]) for k in order)


def _weight(r: RowResult) -> float:
    """The row's 分值 as it counts in sums: blank or invalid counts as 0."""
    w = r.scored.weight
    return w if w is not None and w > 0 else 0.0


def _total(funding: FundingResult, rows: tuple[RowResult, ...], profile: Profile,
           findings: list[Finding]) -> tuple[float | None, str | None]:
    if funding.score is None:
        return None, None
    applicable = [r for r in rows if r.scored.kind != "empty"]
    if profile.na_policy == "rescale":
        kept = [r for r in applicable if r.scored.kind != "not_applicable"]
        points = funding.score + sum(r.used or 0.0 for r in kept)
        weights = funding.weight + sum(_weight(r) for r in kept)
        raw = points * profile.total_weight / weights if weights else 0.0
    else:
        raw = funding.score + sum(r.used or 0.0 for r in applicable)
    total = round_half_up(raw, profile.score_decimals)
    capped, cap = cap_total(total, funding.rate, profile)
    if cap is not None:
        findings.append(make("TOTAL_CAPPED", "总分.得分", severities=profile.severities,
                             rate=fmt_percent(funding.rate, profile.rate_decimals),
                             below=fmt_percent(cap.below, 0), cap=fmt(cap.max),
                             total=fmt(total, profile.score_decimals)))
    return capped, grade(capped, profile)


def _check_stated_total(form: Form, funding: FundingResult, rows: tuple[RowResult, ...],
                        total: float | None, profile: Profile) -> list[Finding]:
    """The stated 总分 against the sum of the form's own scores."""
    sev = profile.severities
    stated, unread = read_cell(form.stated_total, "总分.得分", "STATED_NOT_NUMBER", label="总分",
                               severities=sev)
    if unread is not None:
        return [unread]
    if stated is None:
        return []
    fund_stated, fund_ok = read_number(form.funding.stated_score)
    fund_part = fund_stated if fund_ok and fund_stated is not None else funding.score
    if fund_part is None:
        return []
    own = round_half_up(fund_part + sum(r.used or 0.0 for r in rows), profile.score_decimals)
    if profile.na_policy == "rescale" or profile.cap_by_rate:
        own = total if total is not None else own
    if abs(stated - own) > profile.tolerance + 1e-9:
        return [make("TOTAL_MISMATCH", "总分.得分", severities=sev,
                     stated=fmt(stated), computed=fmt(own))]
    return []
