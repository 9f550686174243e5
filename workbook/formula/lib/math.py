"""SUM, SUMIF, SUMPRODUCT, COUNT, COUNTA: what is added and what is passed over, as Excel does.

In a range, SUM and COUNT pass over text, truth values and blanks, but an error value in the
range is the answer; SUMIF adds the cells whose criteria cell matches.
"""

from __future__ import annotations

import re
from typing import Any

from pyfuncs.xlerror import VALUE

from ..values import Area, error_of, gather, is_number, to_number


def _numbers(args: tuple[Any, ...]) -> list[float] | Any:
    """Numbers of the arguments as SUM sees them; the first error met, if any."""
    n = gather(args, is_number, to_number)
    return [float(v) for v in n] if isinstance(n, list) else n


def SUM(*args: Any) -> Any:
    numbers = _numbers(args)
    return numbers if not isinstance(numbers, list) else float(sum(numbers))


def COUNT(*args: Any) -> float:
    n = 0
    for a in args:
        values = a.flat() if isinstance(a, Area) else [a]
        n += sum(1 for v in values if is_number(v))
    return float(n)


def COUNTA(*args: Any) -> float:
    n = 0
    for a in args:
        values = a.flat() if isinstance(a, Area) else [a]
        n += sum(1 for v in values if v is not None)
    return float(n)


_CRITERION = re.compile(r"^(<=|>=|<>|=|<|>)?(.*)$", re.S)


def _matcher(criterion: Any) -> Any:
    """A test for SUMIF's criterion: a value to equal, or `>5`, `<>x`, `产出*` and the like."""
    if is_number(criterion) or isinstance(criterion, bool):
        return lambda v: is_number(v) and float(v) == float(criterion)
    text = "" if criterion is None else str(criterion)
    op, rest = _CRITERION.match(text).groups()  # type: ignore[union-attr]
    try:
        number = float(rest)
    except ValueError:
        number = None
    if op and op != "=" and number is not None:
        compare = {"<>": lambda a: a != number, "<": lambda a: a < number,
                   ">": lambda a: a > number, "<=": lambda a: a <= number,
                   ">=": lambda a: a >= number}[op]
        return lambda v: is_number(v) and compare(float(v))
    if number is not None and op in (None, "="):
        return lambda v: (is_number(v) and float(v) == number) or (
            isinstance(v, str) and v.strip() == rest)
    if op is None and rest and not any(ch in rest for ch in "*?~"):   # plain text: equal, case-blind
        folded = rest.casefold()
        return lambda v: isinstance(v, str) and v.casefold() == folded
    pattern = re.compile("^" + re.escape(rest).replace(r"\*", ".*").replace(r"\?", ".") + "$",
                         re.I | re.S)
    if op == "<>":
        return lambda v: not (isinstance(v, str) and pattern.match(v))
    if rest == "":
        return lambda v: v is None or v == ""
    return lambda v: isinstance(v, str) and bool(pattern.match(v))


def SUMIF(area: Any, criterion: Any, sum_area: Any = None) -> Any:
    if not isinstance(area, Area):
        return VALUE
    if error_of(criterion):
        return error_of(criterion)
    keys, values = area.flat(), (sum_area if isinstance(sum_area, Area) else area).flat()
    match = _matcher(criterion)
    total = 0.0
    for k, v in zip(keys, values, strict=False):
        if error_of(k) or not match(k):
            continue
        if error_of(v):
            return error_of(v)
        if is_number(v):
            total += float(v)
    return total


def SUMPRODUCT(*arrays: Any) -> Any:
    flats = [a.flat() if isinstance(a, Area) else [a] for a in arrays]
    if len({len(f) for f in flats}) != 1:
        return VALUE
    total = 0.0
    for items in zip(*flats, strict=True):
        product = 1.0
        for v in items:
            if error_of(v):
                return error_of(v)
            product *= float(v) if is_number(v) else 0.0
        total += product
    return total


FUNCTIONS = {"SUM": SUM, "COUNT": COUNT, "COUNTA": COUNTA, "SUMIF": SUMIF,
             "SUMPRODUCT": SUMPRODUCT}
