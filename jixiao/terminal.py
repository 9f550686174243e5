"""Tables for the terminal, aligned by display width: a Chinese character takes two columns
(wcwidth knows the East Asian widths), a long name is shortened with “…”.

Text made only of ASCII, Chinese characters, full-width forms and the usual punctuation — the
text of nearly every form — is measured here; wcwidth, whose import costs a command
start-up a tenth of its budget, is loaded only for any other character.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import cache
from types import ModuleType

ELLIPSIS = "…"
# one column each, besides printable ASCII: punctuation of Chinese text that is not East Asian wide
_NARROW = frozenset("±·×÷—‘’“”…≤≥")


@cache
def _wcwidth() -> ModuleType:
    import wcwidth

    return wcwidth


def known_width(ch: str) -> int:
    """The columns of one character measured without wcwidth, 0 for any other: printable ASCII
    and :data:`_NARROW` take one; CJK ideographs (and extension A), CJK symbols and punctuation
    (but its combining marks and U+303F) and full-width forms take two."""
    c = ord(ch)
    if 0x20 <= c <= 0x7E or ch in _NARROW:
        return 1
    if (0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0xFF01 <= c <= 0xFF60
            or (0x3000 <= c <= 0x303E and not 0x302A <= c <= 0x302F)):
        return 2
    return 0


def width(text: str) -> int:
    """Terminal columns `text` takes (unprintable characters count as none)."""
    total = 0
    for ch in text:
        w = known_width(ch)
        if not w:
            break
        total += w
    else:
        return total
    w = _wcwidth().wcswidth(text)
    return w if w >= 0 else sum(max(_wcwidth().wcwidth(ch), 0) for ch in text)


def _char_width(ch: str) -> int:
    return known_width(ch) or max(_wcwidth().wcwidth(ch), 0)


def shorten(text: str, most: int) -> str:
    """`text` in at most `most` columns, its end replaced by “…” when it is longer."""
    if width(text) <= most:
        return text
    out, used = [], width(ELLIPSIS)
    for ch in text:
        w = _char_width(ch)
        if used + w > most:
            break
        out.append(ch)
        used += w
    return "".join(out) + ELLIPSIS


def pad(text: str, columns: int, *, right: bool = False) -> str:
    """`text` shortened to `columns` and padded with spaces to exactly that width."""
    text = shorten(text, columns)
    space = " " * (columns - width(text))
    return space + text if right else text + space


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *,
          most: dict[int, int] | None = None, right: Sequence[int] = (), gap: int = 2) -> str:
    """A plain-text table: each column as wide as its widest cell (at most `most[k]` columns;
    the last column is never cut), numbers in the `right` columns right-aligned."""
    most = most or {}
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    n = len(headers)
    widths = [max([width(headers[k]), *(width(r[k]) for r in cells)]) for k in range(n)]
    widths = [min(w, most.get(k, w)) for k, w in enumerate(widths)]
    return "\n".join(lines([list(headers), *cells], widths, right=right, gap=gap))


def lines(rows: Sequence[Sequence[object]], widths: Sequence[int], *, right: Sequence[int] = (),
          gap: int = 2) -> list[str]:
    """Rows in columns of the given widths (the last column never cut): a table can be printed
    a few rows at a time, as its rows come, when the widths are fixed beforehand."""
    n = len(widths)
    out = []
    for row in rows:
        cells = ["" if v is None else str(v) for v in row]
        parts = [cells[k] if k == n - 1 else pad(cells[k], widths[k], right=k in right)
                 for k in range(n)]
        out.append((" " * gap).join(parts).rstrip())
    return out


def on_terminal() -> bool:
    """Whether stderr is a terminal a person watches (progress is shown only then)."""
    return sys.stderr.isatty()


def say(text: str, *, quiet: bool = False) -> None:
    """A progress line on stderr, only for a person at a terminal."""
    if not quiet and on_terminal():
        print(text, file=sys.stderr, flush=True)
