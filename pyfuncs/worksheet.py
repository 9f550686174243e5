"""The JX_ worksheet functions, as plain Python: what each computes for a cell.

Each is a thin layer over :mod:`pyfuncs.engine`: it turns what a spreadsheet passes in (floats,
text, blanks, error values) into engine calls and the engine's answer into something a cell can
show. None of them raises: bad input gives an Excel error value or a short Chinese message.
Every function takes an optional trailing `profile` (a profile name or `.toml` path).

Nothing here imports xlwings (nor numpy through it): the command line, the workbook's cached
values and LibreOffice call these directly; :mod:`pyfuncs.udfs` registers the very same
functions with xlwings for Excel.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Callable
from typing import Any

from .engine import (
    FUND_COLUMNS,
    FUND_ROWS,
    Form,
    Funding,
    Indicator,
    Profile,
    ProfileError,
    RowScore,
    describe,
    evaluate_form,
    evaluate_funding,
    evaluate_row,
    load_profile,
    score_row,
    split_label,
)
from .engine.findings import check_text
from .engine.grade import grade
from .engine.parse import as_text
from .engine.text import is_blank
from .engine.units import OUT_OF_RANGE, check_number
from .xlerror import DIV0, ERRORS, NUM, VALUE, XlError, is_error

_log = logging.getLogger(__name__)


def worksheet_function(*, ranges: tuple[str, ...] = ()) -> Callable[[Callable[..., Any]], Any]:
    """Make a function safe to call from a cell, and say how xlwings is to pass it its
    arguments (:mod:`pyfuncs.udfs` reads `ranges`).

    Excel errors in the arguments arrive as their text (`#N/A`) so they can be passed on;
    an unexpected exception becomes `#VALUE!` instead of a traceback in the cell, and a number
    that is not finite `#NUM!`. Both are logged (logger `pyfuncs.worksheet`): they are faults
    of ours that the net hides from the clerk, not from us. The function beneath the net is
    the wrapper's `__wrapped__`.

    Args:
        ranges: argument names that take a whole range (read as a 2-D list).
    """

    def decorate(fn: Callable[..., Any]) -> Any:
        @functools.wraps(fn)
        def safe(*args: Any) -> Any:
            try:
                return excel_value(fn(*args), fn.__name__)
            except Exception:  # the net under every cell: never a traceback in Excel
                _log.exception("%s raised", fn.__name__)
                return VALUE

        safe.ranges = ranges           # type: ignore[attr-defined]  # for pyfuncs.udfs
        return safe

    return decorate


def excel_value(result: Any, name: str = "") -> Any:
    """A result as a cell can hold it: a number that is not finite becomes #NUM! (and is
    logged), in a range result too; anything else is unchanged."""
    if isinstance(result, float) and not math.isfinite(result):
        _log.error("%s returned %r", name, result)
        return NUM
    if isinstance(result, list):
        return [excel_value(r, name) for r in result]
    return result


# --- argument reading -------------------------------------------------------------------------

class _Bad(Exception):
    """An argument that makes the function's answer an Excel error."""

    def __init__(self, error: XlError) -> None:
        self.error = error


def _profile(name: Any) -> Profile:
    """The profile named in a cell; blank means the default. Raises ProfileError."""
    return load_profile(None if is_blank(name) else as_text(name))


def _number(value: Any) -> float | None:
    """A numeric argument: None when blank; an Excel error passed in is passed on; text that
    is not a number gives #VALUE!, a number beyond what a form holds #NUM! (as Excel's own
    functions answer a number they cannot use)."""
    if is_error(value):
        raise _Bad(ERRORS[value])
    number, problem = check_number(value)
    if problem is not None:
        raise _Bad(NUM if problem == OUT_OF_RANGE else VALUE)
    return number


def _text(value: Any) -> str:
    if is_error(value):
        raise _Bad(ERRORS[value])
    return as_text(value)


def _answer(fn: Callable[[], Any], *, text: bool = False) -> Any:
    """Run a function body: a bad argument gives its Excel error; an unknown profile gives
    #VALUE! in a number cell (so totals show it) and the Chinese message in a text cell."""
    try:
        return fn()
    except _Bad as bad:
        return bad.error
    except ProfileError as exc:
        return str(exc) if text else VALUE


# --- funding --------------------------------------------------------------------------------

def _funding(executed: Any, budget: Any, weight: Any, profile: Profile) -> Any:
    """The engine's funding result for one executed/budget pair, or "" / an error."""
    e, b, w = _number(executed), _number(budget), _number(weight)
    if e is None and b is None:
        return ""
    if not b:
        raise _Bad(DIV0)
    if e is None:
        return ""
    funding = Funding(weight=w)
    total = funding.amounts["年度资金总额"]
    total[FUND_COLUMNS.index(profile.denominator)], total[2] = b, e
    return evaluate_funding(funding, profile)


@worksheet_function()
def JX_EXEC_RATE(executed: Any, budget: Any, profile: Any = None) -> Any:
    """执行率 = 全年执行数 ÷ 全年预算数 (a number; the template formats it as %).

    Blank inputs give "", a budget of 0 or blank gives #DIV/0!.
    """
    def run() -> Any:
        result = _funding(executed, budget, None, _profile(profile))
        return result if isinstance(result, str) else _computed_number(result.rate)

    return _answer(run)


@worksheet_function()
def JX_FUND_SCORE(executed: Any, budget: Any, weight: Any = None, profile: Any = None) -> Any:
    """资金得分 = 分值 × min(执行率, 1); 分值 defaults to the profile's (10)."""
    def run() -> Any:
        result = _funding(executed, budget, weight, _profile(profile))
        return result if isinstance(result, str) else _computed_number(result.score)

    return _answer(run)


def _computed_number(value: float | None) -> Any:
    """A number the engine computed, or #NUM! where it could not (a negative amount or 分值:
    the form check says why)."""
    return NUM if value is None else value


# --- one indicator row --------------------------------------------------------------------------

def _score_one(target: Any, actual: Any, weight: Any, p: Profile) -> RowScore:
    return score_row(_text(target), _text(actual), _number(weight), p)


def _suggested(scored: RowScore) -> Any:
    """What a 得分 cell shows for a scored row."""
    waiting = scored.kind == "unscorable" and scored.weight is None  # 分值 not typed yet
    if waiting or scored.kind in ("empty", "pending"):
        return ""
    if scored.suggested is None:
        out_of_range = any(f.code == "NUMBER_OUT_OF_RANGE" for f in scored.findings)
        return NUM if out_of_range else VALUE
    return scored.suggested


@worksheet_function()
def JX_SCORE(target: Any, actual: Any, weight: Any, profile: Any = None) -> Any:
    """The suggested 得分 of one indicator row from its 年度指标值, 实际完成值 and 分值.

    "" while the row is not filled in; #VALUE! when the texts cannot be understood
    (JX_CHECK says why).
    """
    return _answer(lambda: _suggested(_score_one(target, actual, weight, _profile(profile))))


@worksheet_function()
def JX_BAND(target: Any, actual: Any, weight: Any, profile: Any = None) -> Any:
    """The scores this row may carry, as text: `8–10`, `1.2–1.59`, `8.5` (a formula score)."""
    def run() -> Any:
        p = _profile(profile)
        scored = _score_one(target, actual, weight, p)
        if scored.band is None or scored.kind in ("pending", "unscorable"):
            return ""
        return scored.band.show(p.score_decimals)

    return _answer(run, text=True)


@worksheet_function()
def JX_CHECK(target: Any, actual: Any, weight: Any, score: Any, remark: Any = None,
             profile: Any = None) -> Any:
    """The row's findings, each as `【错误】message`, joined by `；`; `未发现问题` (NO_FINDINGS)
    when there are none, "" when the five cells are blank (nothing to check)."""
    def run() -> Any:
        p = _profile(profile)
        if all(v in (None, "") for v in (target, actual, weight, score, remark)):
            return ""
        ind = Indicator(target=_text(target), actual=_text(actual),
                        weight=_cell(weight), score=_computed(score), remark=_text(remark))
        return check_text(evaluate_row(0, ind, p).findings)

    return _answer(run, text=True)


def _cell(value: Any) -> Any:
    """A number cell passed on as typed, so the engine can say when it is not a number."""
    if is_error(value):
        raise _Bad(ERRORS[value])
    return value


def _computed(value: Any) -> Any:
    """A cell that may hold one of our own formulas (得分, 执行率): an error or "" there means
    the formula could not compute, which the check explains — so it counts as blank."""
    return None if is_error(value) or value == "" else value


@worksheet_function(ranges=("funding", "indicators"))
def JX_FORM_CHECK(funding: Any, indicators: Any, total: Any = None, profile: Any = None) -> Any:
    """The findings about a whole form that no single indicator row shows: the funding block,
    the group and total weights, the stated 总分. `未发现问题` (NO_FINDINGS) when there are
    none, "" for a form nobody has typed into.

    Args:
        funding: the funding block, 4 rows (年度资金总额, 本年财政拨款, 上年结转资金, 其他资金)
            × 4 to 6 columns (年初预算数, 全年预算数, 全年执行数, 分值 [, 执行率, 得分]).
        indicators: the indicator table, one row per indicator × 8 columns (一级, 二级, 三级,
            年度指标值, 实际完成值, 分值, 得分, 偏差原因).
        total: the 总分 cell.
    """
    def run() -> Any:
        p = _profile(profile)
        block = [(list(r) + [None] * 6)[:6] for r in _rows(funding)][:4]
        block += [[None] * 6] * (4 - len(block))
        amounts = {name: [_cell(v) for v in row[:3]]
                    for name, row in zip(FUND_ROWS, block, strict=True)}
        fund = Funding(amounts, _cell(block[0][3]), _computed(block[0][4]),
                       _computed(block[0][5]))
        table = [(list(r) + [None] * 8)[:8] for r in _rows(indicators)]
        while table and all(v is None or v == "" for v in table[-1]):
            table.pop()     # the unused rows below the last: nothing in them to check
        rows = [Indicator(*(_text(v) for v in r[:3]), _text(r[3]), _text(r[4]), _cell(r[5]),
                          _computed(r[6]), _text(r[7])) for r in table]
        untouched = all(v in (None, "") for r in amounts.values() for v in r) and not any(
            any(v not in (None, "") for v in r.__dict__.values()) for r in rows)
        if untouched:   # a sheet nobody has typed into yet has nothing to check
            return ""
        form = Form(funding=fund, indicators=rows, stated_total=_computed(total))
        result = evaluate_form(form, p)
        shown_by_rows = {id(f) for r in result.rows for f in r.findings}
        return check_text([f for f in result.findings if id(f) not in shown_by_rows])

    return _answer(run, text=True)


@worksheet_function(ranges=("label",))
def JX_GROUP(label: Any, profile: Any = None) -> Any:
    """The first-level group a 一级指标 label names, spaces and weight left out:
    `效益 指标 (30 分)` → `效益指标`. Given a range (the 一级 column from the table's top down
    to a row), the group of its last label — the group that row belongs to. "" for none."""
    def run() -> Any:
        last = next((v for v in reversed(_flat(label)) if not is_blank(v)), None)
        return "" if last is None else split_label(_text(last))[0]

    return _answer(run, text=True)


def _rows(value: Any) -> list[list[Any]]:
    """A range argument as a list of rows, whatever shape arrives (a cell, a row, rows, or a
    mixture, where a lone cell is a row of one)."""
    if not isinstance(value, list | tuple):
        return [[value]]
    if not any(isinstance(r, list | tuple) for r in value):
        return [list(value)]
    return [list(r) if isinstance(r, list | tuple) else [r] for r in value]


@worksheet_function()
def JX_GRADE(total: Any, profile: Any = None) -> Any:
    """等级 of a 总分: 优 / 良 / 中 / 差 (the profile's bands); "" for a blank total."""
    def run() -> Any:
        t = _number(total)
        return "" if t is None else grade(t, _profile(profile))

    return _answer(run, text=True)


@worksheet_function()
def JX_PARSE(text: Any, profile: Any = None) -> Any:
    """How a 年度指标值 or 实际完成值 was understood, e.g. `≥ 20 次`, so a clerk sees why."""
    return _answer(lambda: describe(_text(text), _profile(profile)), text=True)


# --- a whole range ------------------------------------------------------------------------------

def _flat(value: Any) -> list[Any]:
    """A range argument as a flat list, whatever shape xlwings or a test passes."""
    if not isinstance(value, list | tuple):
        return [value]
    out: list[Any] = []
    for v in value:
        if isinstance(v, list | tuple):
            if len(v) == 1 and not isinstance(v[0], list | tuple):    # a column's row
                out.append(v[0])
            else:
                out.extend(_flat(v) if any(isinstance(x, list | tuple) for x in v) else v)
        else:
            out.append(v)
    return out


@worksheet_function(ranges=("targets", "actuals", "weights"))
def JX_SCORES(targets: Any, actuals: Any, weights: Any, profile: Any = None) -> Any:
    """JX_SCORE over whole columns in one call: returns a column of suggested scores.

    A single 分值 applies to every row; a shorter range counts as blank below its end.
    """
    def run() -> Any:
        p = _profile(profile)
        ts, acts, ws = _flat(targets), _flat(actuals), _flat(weights)
        n = max(len(ts), len(acts), len(ws) if len(ws) > 1 else 0)
        if len(ws) == 1:
            ws = ws * n
        out = []
        for i in range(n):
            cells = (ts[i] if i < len(ts) else None, acts[i] if i < len(acts) else None,
                     ws[i] if i < len(ws) else None)
            out.append([_answer(lambda c=cells: _suggested(_score_one(*c, p)))])
        return out

    return _answer(run)


__all__ = [
    "JX_BAND", "JX_CHECK", "JX_EXEC_RATE", "JX_FORM_CHECK", "JX_FUND_SCORE", "JX_GRADE", "JX_GROUP",
    "JX_PARSE", "JX_SCORE", "JX_SCORES",
]
