"""AND and OR (IF and IFERROR are lazy: :mod:`workbook.formula.evaluate` runs them)."""

from __future__ import annotations

from typing import Any

from pyfuncs.xlerror import VALUE

from ..values import Area, error_of, to_bool


def _truths(args: tuple[Any, ...]) -> list[bool] | Any:
    out: list[bool] = []
    for a in args:
        if isinstance(a, Area):          # in a range, text and blanks are passed over
            for v in a.flat():
                if error_of(v):
                    return error_of(v)
                if isinstance(v, bool | int | float):
                    out.append(bool(v))
            continue
        t = to_bool(a)
        if error_of(t):
            return t
        out.append(t)
    return out


def AND(*args: Any) -> Any:
    t = _truths(args)
    return t if not isinstance(t, list) else (all(t) if t else VALUE)


def OR(*args: Any) -> Any:
    t = _truths(args)
    return t if not isinstance(t, list) else (any(t) if t else VALUE)


FUNCTIONS = {"AND": AND, "OR": OR}
