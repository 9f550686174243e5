"""LEN, SUBSTITUTE, SEARCH and VALUE, cell by cell over areas."""

from __future__ import annotations

from typing import Any

from pyfuncs.xlerror import VALUE as VALUE_ERROR

from ..values import elementwise, error_of, to_number, to_text


@elementwise
def LEN(value: Any) -> Any:
    text = to_text(value)
    return text if error_of(text) else float(len(text))


@elementwise
def SUBSTITUTE(value: Any, old: Any, new: Any) -> Any:
    texts = [to_text(v) for v in (value, old, new)]
    for t in texts:
        if error_of(t):
            return t
    text, o, n = texts
    return text.replace(o, n) if o else text


@elementwise
def SEARCH(find: Any, within: Any, start: Any = 1.0) -> Any:
    f, w, s = to_text(find), to_text(within), to_number(start)
    for v in (f, w, s):
        if error_of(v):
            return v
    at = w.casefold().find(f.casefold(), int(s) - 1)
    return VALUE_ERROR if at < 0 else float(at + 1)


@elementwise
def VALUE(value: Any) -> Any:
    """Text as the number it reads as — `82.3%` is 0.823, as Excel and Calc read a percentage
    typed as text; a number as it is; empty text #VALUE!."""
    if isinstance(value, str):
        text = value.strip()
        if text.endswith("%"):
            number = to_number(text[:-1])
            return number if error_of(number) else number / 100
        return to_number(text) if text else VALUE_ERROR
    return to_number(value)


FUNCTIONS = {"LEN": LEN, "SUBSTITUTE": SUBSTITUTE, "SEARCH": SEARCH, "VALUE": VALUE}
