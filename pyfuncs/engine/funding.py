"""项目资金: 执行率 and the funding score (预算执行率, 10 points by default).

执行率 = 全年执行数 ÷ 全年预算数 (profile: the denominator); 得分 = 分值 × min(执行率, 1).
A budget of 0 or blank has no rate: it is said so, never shown as 0% or 100%. Nor has a
negative amount (an amount is never below 0), and a 分值 that is not a number ≥ 0 gives no
score: each is a finding, never a negative rate or score.
"""

from __future__ import annotations

import re

from .cells import read_cell
from .findings import Finding, fmt, fmt_percent, make
from .model import FUND_COLUMNS, FUND_ROWS, Funding
from .profile import Profile
from .record import record
from .rounding import round_half_up, round_score
from .text import normalise

_PARTS = FUND_ROWS[1:]
_DECIMALS = re.compile(r"\.(\d+)\s*%")


def execution_rate(executed: float | None, budget: float | None) -> float | None:
    """执行率 as a fraction, or None when it cannot be computed: no budget, no execution, or
    a negative amount."""
    if executed is None or budget is None or budget <= 0 or executed < 0:
        return None
    return executed / budget


def funding_score(rate: float | None, weight: float | None, profile: Profile) -> float | None:
    """分值 × min(执行率, 1), rounded as the profile says; None when there is no rate or no
    valid 分值 (blank or below 0)."""
    if rate is None or weight is None or weight < 0:
        return None
    if profile.round_rate_before_score:
        rate = round_half_up(rate, profile.rate_decimals + 2)
    return round_score(weight, rate, profile.score_decimals)


@record(frozen=True, slots=True)
class FundingResult:
    """The funding block recomputed.

    Attributes:
        totals: 年度资金总额 per column as it should be (the sum of its three rows when they
            are filled, else the total row as typed).
        rate: 执行率 (None when it cannot be computed).
        weight: the 分值 in force.
        score: 资金得分 (None without a rate).
        findings: what is wrong with the block.
    """

    totals: tuple[float | None, float | None, float | None]
    rate: float | None
    weight: float
    score: float | None
    findings: tuple[Finding, ...]


def evaluate_funding(funding: Funding, profile: Profile, *,
                     blank_total_is_sum: bool = False) -> FundingResult:
    """Recompute and check a funding block (docs/rules.md §2 and §5).

    `blank_total_is_sum`: a blank 年度资金总额 stands for the sum of its rows, as the form
    filled from a data file computes it (a blank on a form is left out)."""
    sev = profile.severities
    findings: list[Finding] = []
    read: dict[str, list[tuple[float | None, Finding | None]]] = {
        row: [read_cell(raw, f"资金.{row}.{col}", "FUND_NOT_NUMBER", label=f"{row}的{col}",
                        severities=sev, column=f"{row}的{col}")
              for col, raw in zip(FUND_COLUMNS, funding.amounts[row], strict=True)]
        for row in FUND_ROWS}
    numbers = {row: [value for value, _ in read[row]] for row in FUND_ROWS}
    for row in FUND_ROWS:
        for i, (col, (value, unread)) in enumerate(zip(FUND_COLUMNS, read[row], strict=True)):
            if unread is not None:
                findings.append(unread)
            elif value is not None and value < 0 and not (   # negative through its rows
                    row == FUND_ROWS[0] and any((numbers[r][i] or 0.0) < 0 for r in _PARTS)):
                findings.append(make("FUND_NEGATIVE", f"资金.{row}.{col}", severities=sev,
                                     column=f"{row}的{col}", value=fmt(value, 4)))

    totals: list[float | None] = []
    for i, col in enumerate(FUND_COLUMNS):
        stated = numbers["年度资金总额"][i]
        parts = [numbers[r][i] for r in _PARTS]
        if all(p is None for p in parts):
            totals.append(stated)
            continue
        expected = round_half_up(sum(p or 0.0 for p in parts), 6)
        totals.append(expected)
        if stated is None and blank_total_is_sum:
            continue
        if stated is None or abs(stated - expected) > 0.005:
            findings.append(make("FUND_TOTAL_SUM", f"资金.年度资金总额.{col}", severities=sev,
                                 column=col, total=fmt(stated, 4), parts=fmt(expected, 4)))

    weight, weight_valid = _weight(funding, profile, findings)
    budget = totals[FUND_COLUMNS.index(profile.denominator)]
    executed = totals[2]
    rate = execution_rate(executed, budget)
    if not budget:
        findings.append(make("FUND_BUDGET_MISSING", f"资金.年度资金总额.{profile.denominator}",
                             severities=sev))
    elif executed is None:
        findings.append(make("FUND_EXECUTED_MISSING", "资金.年度资金总额.全年执行数",
                             severities=sev))
    elif rate is not None and executed > budget + 1e-9:
        findings.append(make("FUND_OVERSPENT", "资金.年度资金总额.全年执行数", severities=sev,
                             executed=fmt(executed, 4), budget=fmt(budget, 4)))
    if rate is not None and profile.explain_below and rate < profile.explain_below:
        findings.append(make("FUND_RATE_LOW", "资金.执行率", severities=sev,
                             rate=fmt_percent(rate, profile.rate_decimals),
                             threshold=fmt_percent(profile.explain_below, 0)))
    score = funding_score(rate, weight, profile) if weight_valid else None
    findings += _check_stated(funding, rate, score, profile)
    return FundingResult((totals[0], totals[1], totals[2]), rate, weight, score, tuple(findings))


def _weight(funding: Funding, profile: Profile, findings: list[Finding]) -> tuple[float, bool]:
    """The 分值 in force and whether it is valid: a blank 分值 is the profile's; one that is
    not a number ≥ 0 is a finding (and the profile's counts in the form's sums)."""
    sev = profile.severities
    weight, unread = read_cell(funding.weight, "资金.分值", "WEIGHT_INVALID", label="分值",
                               severities=sev)
    if unread is not None or (weight is not None and weight < 0):
        findings.append(unread or make("WEIGHT_INVALID", "资金.分值", severities=sev,
                                       value=fmt(weight)))
        return profile.funding_weight, False
    if weight is None:
        return profile.funding_weight, True
    if weight != profile.funding_weight:
        findings.append(make("FUND_WEIGHT_MISMATCH", "资金.分值", severities=sev,
                             weight=fmt(weight), expected=fmt(profile.funding_weight)))
    return weight, True


def _check_stated(funding: Funding, rate: float | None, score: float | None,
                  profile: Profile) -> list[Finding]:
    sev, out = profile.severities, []
    stated_rate, unread = read_cell(funding.stated_rate, "资金.执行率", "STATED_NOT_NUMBER",
                                    label="执行率", severities=sev)
    if unread is not None:
        out.append(unread)
    elif stated_rate is not None:
        decimals = _rate_decimals(funding.stated_rate, profile)
        shown = fmt_percent(rate, decimals)
        if rate is None or abs(stated_rate - rate) > 0.5 * 10 ** -(decimals + 2) + 1e-9:
            out.append(make("FUND_RATE_MISMATCH", "资金.执行率", severities=sev,
                            stated=fmt_percent(stated_rate, decimals), computed=shown))
    stated_score, unread = read_cell(funding.stated_score, "资金.得分", "STATED_NOT_NUMBER",
                                     label="资金得分", severities=sev)
    if unread is not None:
        out.append(unread)
    elif stated_score is not None and (
            score is None or abs(stated_score - score) > profile.tolerance + 1e-9):
        out.append(make("FUND_SCORE_MISMATCH", "资金.得分", severities=sev,
                        stated=fmt(stated_score), computed=fmt(score)))
    return out


def _rate_decimals(stated: object, profile: Profile) -> int:
    """How precisely a stated rate was written: `99.72%` → 2, `100.0%` → 1, a number → profile."""
    if isinstance(stated, str):
        s = normalise(stated)
        m = _DECIMALS.search(s)
        if m:
            return len(m.group(1))
        if s.endswith("%"):
            return 0
    return profile.rate_decimals
