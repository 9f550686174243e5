"""Tables for the terminal, aligned by display width: a Chinese character takes two columns
(wcwidth knows the East Asian widths), a long name is shortened with “…”."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from wcwidth import wcswidth, wcwidth

ELLIPSIS = "…"


def width(text: str) -> int:
    """Terminal columns `text` takes (unprintable characters count as none)."""
    w = wcswidth(text)
    return w if w >= 0 else sum(max(wcwidth(ch), 0) for ch in text)


def shorten(text: str, most: int) -> str:
    """`text` in at most `most` columns, its end replaced by “…” when it is longer."""
    if width(text) <= most:
        return text
    out, used = [], width(ELLIPSIS)
    for ch in text:
        w = max(wcwidth(ch), 0)
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
