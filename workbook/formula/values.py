"""The values a formula passes around, and Excel's rules for turning one kind into another.

A value is None (a blank cell), a float, a str, a bool, an Excel error (:class:`XlError`), or an
:class:`Area` — the cells of a span, row by row.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pyfuncs.xlerror import ERRORS, VALUE, XlError, is_error


class Area(list):
    """The values of a span (or an array computed from one), as a list of rows."""

    def flat(self) -> list[Any]:
        return [v for row in self for v in row]


def error_of(value: Any) -> XlError | None:
    """The Excel error `value` is, or None."""
    if isinstance(value, str) and value[:1] == "#":
        return ERRORS.get(value)
    return None


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def to_number(value: Any) -> float | XlError:
    """A value where arithmetic needs a number: blank is 0, TRUE 1, numeric text its number."""
    if type(value) is float:            # the common case first
        return value
    if is_error(value):
        return ERRORS[value]
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return VALUE
    return VALUE


def to_text(value: Any) -> str | XlError:
    """A value where text is needed: blank is "", numbers as Excel's General format shows them."""
    if type(value) is str and value[:1] != "#":     # the common case first
        return value
    if is_error(value):
        return ERRORS[value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if float(value).is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    return str(value)


def to_bool(value: Any) -> bool | XlError:
    """A condition: numbers are true when not 0, blank is false, text is #VALUE!."""
    if is_error(value):
        return ERRORS[value]
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    return VALUE


def gather(args: tuple[Any, ...], keep: Callable[[Any], bool],
           coerce: Callable[[Any], Any]) -> list[Any] | XlError:
    """The arguments of SUM, AND, OR… as Excel reads them: in a range, only the cells `keep`
    accepts count (text and blanks are passed over) and an error is the answer; a value given
    on its own is coerced, and an error from that is the answer too."""
    out: list[Any] = []
    for a in args:
        if isinstance(a, Area):
            for v in a.flat():
                if error_of(v):
                    return error_of(v)  # type: ignore[return-value]
                if keep(v):
                    out.append(v)
            continue
        c = coerce(a)
        if error_of(c):
            return c
        out.append(c)
    return out


def elementwise(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Apply a scalar rule cell by cell when an argument is an Area (as array formulas do),
    scalars broadcasting over the area."""
    def lifted(*args: Any) -> Any:
        for shape in args:
            if isinstance(shape, Area):
                break
        else:
            return fn(*args)
        if len(args) == 1:
            return Area([[fn(v) for v in row] for row in shape])
        if len(args) == 2 and isinstance(args[0], Area) and isinstance(args[1], Area):
            return Area([[fn(x, y) for x, y in zip(rx, ry, strict=False)]
                         for rx, ry in zip(args[0], args[1], strict=False)])
        first, rest = args[0], args[1:]
        if first is shape and not any(isinstance(a, Area) for a in rest):
            return Area([[fn(v, *rest) for v in row] for row in shape])
        columns = [a if isinstance(a, Area) else None for a in args]
        return Area([[fn(*(c[i][j] if c is not None else a for c, a in zip(columns, args, strict=True)))
                      for j in range(len(shape[i]))] for i in range(len(shape))])

    return lifted
