"""AND and OR (IF and IFERROR are lazy: :mod:`workbook.formula.evaluate` runs them)."""

from __future__ import annotations

from typing import Any

from pyfuncs.xlerror import VALUE

from ..values import gather, to_bool


def _truths(args: tuple[Any, ...]) -> list[bool] | Any:
    t = gather(args, lambda v: isinstance(v, bool | int | float), to_bool)
    return [bool(v) for v in t] if isinstance(t, list) else t


def AND(*args: Any) -> Any:
    t = _truths(args)
    return t if not isinstance(t, list) else (all(t) if t else VALUE)


def OR(*args: Any) -> Any:
    t = _truths(args)
    return t if not isinstance(t, list) else (any(t) if t else VALUE)


FUNCTIONS = {"AND": AND, "OR": OR}
