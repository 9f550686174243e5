"""LEN, SUBSTITUTE and SEARCH, cell by cell over areas."""

from __future__ import annotations

from typing import Any

from pyfuncs.xlerror import VALUE

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
    return VALUE if at < 0 else float(at + 1)


FUNCTIONS = {"LEN": LEN, "SUBSTITUTE": SUBSTITUTE, "SEARCH": SEARCH}
