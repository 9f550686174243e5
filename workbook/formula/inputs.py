"""Which cells a formula's value can depend on — so an evaluation can skip the cells whose
inputs did not change, as a spreadsheet's recalculation does.

A filled project sheet differs from an untouched one in the cells typed into; every formula
that cannot read any of them (most of the 75 indicator rows of a short form) shows what it
shows on the untouched sheet. :func:`inputs` gives, per formula cell, every cell of its own
sheet it reads — directly, through a span, or through other formula cells in turn, the formula
cells themselves included (a clerk may type over one). A formula that reads another sheet, or
stands in a circle of references, gets None: it must always be evaluated.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .tree import Call, Expr, Op, Ref, Span

Key = tuple[int, int]


def references(expr: Expr) -> Iterator[Ref]:
    """Every cell `expr` reads directly, spans opened up into their cells."""
    if isinstance(expr, Ref):
        yield expr
    elif isinstance(expr, Span):
        for row in expr.cells():
            yield from row
    elif isinstance(expr, Call):
        for a in expr.args:
            yield from references(a)
    elif isinstance(expr, Op):
        yield from references(expr.left)
        yield from references(expr.right)


def inputs(formulas: Mapping[Key, Expr]) -> dict[Key, frozenset[Key] | None]:
    """Formula cell → every cell of the sheet its value can depend on (None: always evaluate).

    Args:
        formulas: (row, col) → formula tree, the formulas of one sheet.
    """
    direct: dict[Key, frozenset[Key] | None] = {}
    for key, expr in formulas.items():
        refs = list(references(expr))
        direct[key] = (None if any(r.sheet for r in refs)
                       else frozenset((r.row, r.col) for r in refs))
    out: dict[Key, frozenset[Key] | None] = {}
    busy: set[Key] = set()

    def closure(key: Key) -> frozenset[Key] | None:
        if key in out:
            return out[key]
        if key in busy:         # a circle: its cells show an error and are always evaluated
            return None
        busy.add(key)
        found = direct[key]
        if found is not None:
            deps = set(found)
            for k in found:
                if k in formulas:
                    inner = closure(k)
                    if inner is None:
                        deps = None
                        break
                    deps |= inner
            found = None if deps is None else frozenset(deps)
        busy.discard(key)
        out[key] = found
        return found

    for key in formulas:
        closure(key)
    return out


def expr_inputs(expr: Expr, cells: Mapping[Key, frozenset[Key] | None],
                formulas: Mapping[Key, Expr]) -> frozenset[Key] | None:
    """Every cell of the sheet `expr` (a part of a formula) can depend on, given each formula
    cell's own (:func:`inputs`); None as there."""
    deps: set[Key] = set()
    for r in references(expr):
        if r.sheet:
            return None
        key = (r.row, r.col)
        deps.add(key)
        if key in formulas:
            inner = cells[key]
            if inner is None:
                return None
            deps |= inner
    return frozenset(deps)
