"""Excel's operators: arithmetic, `&` and the comparisons, cell by cell over areas."""

from __future__ import annotations

from typing import Any

from pyfuncs.xlerror import DIV0

from ..values import elementwise, error_of, is_number, to_number, to_text


def _arith(op: str) -> Any:
    @elementwise
    def run(a: Any, b: Any) -> Any:
        x, y = to_number(a), to_number(b)
        for v in (x, y):
            if error_of(v):
                return v
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        return DIV0 if y == 0 else x / y

    return run


@elementwise
def concat(a: Any, b: Any) -> Any:
    x, y = to_text(a), to_text(b)
    return x if error_of(x) else y if error_of(y) else x + y


def _rank(v: Any) -> tuple[int, Any]:
    """Excel orders numbers before text before truth values; text compares case-blind."""
    if isinstance(v, bool):
        return 2, v
    if isinstance(v, str):
        return 1, v.casefold()
    return 0, v


def _compare(op: str) -> Any:
    @elementwise
    def run(a: Any, b: Any) -> Any:
        for v in (a, b):
            if error_of(v):
                return error_of(v)
        if a is None:
            a = 0.0 if is_number(b) else "" if isinstance(b, str) else False if isinstance(b, bool) else 0.0
        if b is None:
            b = 0.0 if is_number(a) else "" if isinstance(a, str) else False if isinstance(a, bool) else 0.0
        x, y = _rank(a), _rank(b)
        return {"=": x == y, "<>": x != y, "<": x < y, ">": x > y, "<=": x <= y,
                ">=": x >= y}[op]

    return run


OPERATORS = {"+": _arith("+"), "-": _arith("-"), "*": _arith("*"), "/": _arith("/"),
             "&": concat, **{op: _compare(op) for op in ("=", "<>", "<", ">", "<=", ">=")}}
