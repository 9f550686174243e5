"""Evaluating a formula tree over a workbook's cells, with Excel's rules.

References read the cell's value from a :class:`BookContext`: what was typed there, or its own
formula evaluated in turn (each cell once). Built-ins come from :mod:`.lib`; a `JX_` call is
handed to the worksheet function of that name in :mod:`pyfuncs.worksheet`, with its arguments as
xlwings hands them over on Windows (a range as a 2-D list, a blank as None).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pyfuncs import worksheet
from pyfuncs.xlerror import NAME, REF, VALUE

from .lib import BUILTINS, OPERATORS
from .tree import Call, Expr, Lit, Name, Op, Ref, Span
from .values import Area, error_of, to_bool, to_text

Cells = Mapping[tuple[int, int], Any]
_BUSY, _MISSING = object(), object()
_NONE: dict = {}


class BookContext:
    """The cells of a workbook while its formulas are evaluated.

    Args:
        formulas: sheet → (row, col) → formula tree.
        typed: sheet → (row, col) → what was typed (numbers, text, None); a typed value wins
            over the cell's formula, as a clerk's typing replaces it.
        names: defined name → its value.
        settled: sheet → (row, col) → the value of a formula cell known without evaluating it
            (its inputs are those of a sheet already evaluated: :mod:`.inputs`).
    """

    def __init__(self, formulas: Mapping[str, Mapping[tuple[int, int], Expr]],
                 typed: Mapping[str, Cells], names: Mapping[str, Any] | None = None,
                 settled: Mapping[str, Cells] | None = None) -> None:
        self.formulas = formulas
        self.typed = typed
        self.names = dict(names or {})
        self.settled = settled or {}
        self._done: dict[str, dict[tuple[int, int], Any]] = {}
        self.areas: dict[tuple[str, int, int, int, int], Area] = {}

    def known(self, sheet: str) -> dict[tuple[int, int], Any]:
        """The cells of `sheet` whose value is known so far: what was typed, then each formula's
        value as it is computed (a reader that misses here asks :meth:`value`)."""
        done = self._done.get(sheet)
        if done is None:
            done = self._done[sheet] = {**self.settled.get(sheet, {}), **self.typed.get(sheet, {})}
        return done

    def value(self, sheet: str, row: int, col: int) -> Any:
        """What the cell shows: typed, computed, or None for a blank."""
        key = (row, col)
        done = self._done.get(sheet)
        if done is None:
            done = self.known(sheet)
        v = done.get(key, _MISSING)
        if v is not _MISSING:
            return VALUE if v is _BUSY else v     # _BUSY: a circular reference
        expr = self.formulas.get(sheet, _NONE).get(key)
        if expr is None:
            done[key] = None        # a blank cell, remembered as one
            return None
        done[key] = _BUSY
        v = result(evaluate(expr, self, sheet))
        done[key] = v
        return v

    def sheet_values(self, sheet: str) -> dict[tuple[int, int], Any]:
        """Every formula cell of `sheet` (not typed over) with its value."""
        typed = self.typed.get(sheet, {})
        return {key: self.value(sheet, *key) for key in self.formulas.get(sheet, {})
                if key not in typed}


def result(value: Any) -> Any:
    """A formula's answer as its cell shows it: a reference to a blank shows 0, an array its
    first value."""
    if isinstance(value, Area):
        value = value[0][0] if value and value[0] else None
    return 0.0 if value is None else value


def evaluate(expr: Expr, ctx: BookContext, sheet: str) -> Any:
    """The value of `expr` in a cell of `sheet`."""
    return compiled(expr)(ctx, sheet)


Run = Callable[[BookContext, str], Any]


def compiled(expr: Expr) -> Run:
    """`expr` as a Python closure, made once per tree node and kept on the node (so it goes
    when the tree goes): evaluation without walking the tree again for every cell."""
    run = expr.__dict__.get("_run")
    if run is None:
        run = _compile(expr)
        object.__setattr__(expr, "_run", run)      # a cache, not a field: equality unchanged
    return run


def _compile(expr: Expr) -> Run:
    if isinstance(expr, Ref):
        on, r, c = expr.sheet, expr.row, expr.col
        return lambda ctx, sheet: ctx.value(on or sheet, r, c)
    if isinstance(expr, Lit):
        v = expr.value
        v = float(v) if isinstance(v, int) and not isinstance(v, bool) else v
        return lambda ctx, sheet: v
    if isinstance(expr, Span):
        return _span(expr)
    if isinstance(expr, Name):
        name = expr.name
        return lambda ctx, sheet: ctx.names.get(name, NAME)
    if isinstance(expr, Op):
        nothing = _nothing_typed(expr)
        if nothing is not None:
            return nothing
        op, left, right = OPERATORS[expr.op], compiled(expr.left), compiled(expr.right)
        return lambda ctx, sheet: op(left(ctx, sheet), right(ctx, sheet))
    if isinstance(expr, Call):
        return _call(expr)
    raise TypeError(f"not a formula node: {expr!r}")


def _span(expr: Span) -> Run:
    first, last, on = expr.first, expr.last, expr.first.sheet
    cols = range(min(first.col, last.col), max(first.col, last.col) + 1)
    rows = range(min(first.row, last.row), max(first.row, last.row) + 1)

    def run(ctx: BookContext, sheet: str) -> Area:
        where = on or sheet
        key = (where, first.row, first.col, last.row, last.col)
        area = ctx.areas.get(key)
        if area is None:       # a span read once per evaluation (SUMIF reads its columns often)
            known, value = ctx.known(where).get, ctx.value
            fs = ctx.formulas.get(where, _NONE)     # a cell neither known nor a formula is blank
            if len(cols) == 1:          # a column, the common case: one loop, not one per row
                c = cols[0]
                area = Area([
                    [v if (v := known((r, c), _MISSING)) is not _MISSING and v is not _BUSY
                     else value(where, r, c) if v is _BUSY or (r, c) in fs else None]
                    for r in rows])
            else:
                area = Area([
                    [v if (v := known((r, c), _MISSING)) is not _MISSING and v is not _BUSY
                     else value(where, r, c) if v is _BUSY or (r, c) in fs else None
                     for c in cols] for r in rows])
            ctx.areas[key] = area
        return area

    return run


def _call(call: Call) -> Run:
    fn = call.fn
    args = [compiled(a) for a in call.args]
    if fn == "IF":
        cond, yes = args[0], (args[1] if len(args) > 1 else (lambda ctx, sheet: True))
        no = args[2] if len(args) > 2 else (lambda ctx, sheet: False)

        def run_if(ctx: BookContext, sheet: str) -> Any:
            c = to_bool(cond(ctx, sheet))
            if error_of(c):
                return c
            return yes(ctx, sheet) if c else no(ctx, sheet)

        return run_if
    if fn == "IFERROR":
        first, fallback = args

        def run_iferror(ctx: BookContext, sheet: str) -> Any:
            v = first(ctx, sheet)
            return fallback(ctx, sheet) if error_of(v) else v

        return run_iferror
    if fn.startswith("JX_"):
        udf = getattr(worksheet, fn, None)
        if udf is None:
            return lambda ctx, sheet: NAME
        return lambda ctx, sheet: udf(*[_as_xlwings(a(ctx, sheet)) for a in args])
    counted = _counted(call)
    if counted is not None:
        return _count(*counted)
    marks = _occurrences(call)
    if marks is not None:
        return marks
    builtin = BUILTINS.get(fn)
    if builtin is None:
        return lambda ctx, sheet: NAME

    def run_builtin(ctx: BookContext, sheet: str) -> Any:
        try:
            return builtin(*(a(ctx, sheet) for a in args))
        except TypeError:       # a wrong number of arguments, which Excel would not accept
            return REF

    return run_builtin


CellList = list[tuple[str | None, int, int]]     # (sheet or None for the formula's own, row, col)


def _counted(call: Call) -> tuple[CellList, Callable[[Any], bool]] | None:
    """The cells a COUNTA or COUNT over references reads, and what it counts; None for any
    other expression."""
    if not (isinstance(call, Call) and call.fn in ("COUNTA", "COUNT")
            and all(isinstance(a, Ref | Span) for a in call.args)):
        return None
    cells: CellList = []
    for a in call.args:
        if isinstance(a, Ref):
            cells.append((a.sheet, a.row, a.col))
        else:
            cells += [(r.sheet, r.row, r.col) for row in a.cells() for r in row]
    if call.fn == "COUNTA":
        return cells, lambda v: v is not None
    return cells, lambda v: isinstance(v, int | float) and not isinstance(v, bool)


def _count(cells: CellList, counts: Callable[[Any], bool]) -> Run:
    """COUNTA / COUNT over references only (:func:`_counted`), cell by cell, no area built."""
    def run(ctx: BookContext, sheet: str) -> float:
        value = ctx.value
        return float(sum(1 for on, r, c in cells if counts(value(on or sheet, r, c))))

    return run


def _occurrences(call: Call) -> Run | None:
    """`SUMPRODUCT((LEN(x)-LEN(SUBSTITUTE(x,m,"")))/LEN(m))` — how often the text `m` occurs
    in the cells of `x`, the way a sheet counts 【错误】 marks — as one count per cell instead
    of four arrays built and combined. The same answer (each cell shown as text, an error in
    `x` the answer); None for any other expression."""
    if call.fn != "SUMPRODUCT" or len(call.args) != 1:
        return None
    div = call.args[0]
    if not (isinstance(div, Op) and div.op == "/" and isinstance(div.left, Op)
            and div.left.op == "-"):
        return None
    whole, rest, unit = div.left.left, div.left.right, div.right
    if not (isinstance(whole, Call) and whole.fn == "LEN" and len(whole.args) == 1
            and isinstance(whole.args[0], Span)):
        return None
    cells = whole.args[0]
    mark = unit.args[0] if isinstance(unit, Call) and unit.fn == "LEN" and unit.args else None
    if not (isinstance(mark, Lit) and isinstance(mark.value, str) and mark.value):
        return None
    removed = Call("LEN", (Call("SUBSTITUTE", (cells, mark, Lit(""))),))
    if rest != removed:
        return None
    area, text = _span(cells), mark.value

    def run(ctx: BookContext, sheet: str) -> Any:
        total = 0
        for row in area(ctx, sheet):
            for v in row:
                shown = to_text(v)
                if error_of(shown):
                    return shown
                total += shown.count(text)
        return float(total)

    return run


def _nothing_typed(expr: Op) -> Run | None:
    """`COUNTA(…)+COUNT(…)=0` — the guard every indicator-row formula stands behind — as one
    test that stops at the first cell counted. The same answer as evaluating it node by node
    (counts are never negative, so the sum is 0 exactly when every count is), at a fraction of
    the cost; None for any other expression."""
    if expr.op != "=" or not (isinstance(expr.right, Lit) and expr.right.value == 0):
        return None
    terms, parts = [expr.left], []
    while terms:
        t = terms.pop()
        if isinstance(t, Op) and t.op == "+":
            terms += [t.left, t.right]
            continue
        counted = _counted(t)  # type: ignore[arg-type]
        if counted is None:
            return None
        parts.append(counted)

    def run(ctx: BookContext, sheet: str) -> bool:
        value, known = ctx.value, ctx.known(sheet).get
        for cells, counts in parts:
            for on, r, c in cells:
                v = _MISSING if on else known((r, c), _MISSING)
                if v is _MISSING or v is _BUSY:
                    v = value(on or sheet, r, c)
                if counts(v):
                    return False
        return True

    return run


def _as_xlwings(value: Any) -> Any:
    """An argument as xlwings passes it to a worksheet function: a range as a 2-D list."""
    if isinstance(value, Area):     # the rows themselves: the functions only read them
        return list(value)
    return value
