"""Row heights for wrapped Chinese text: openpyxl stores none, so long text would overflow."""

from __future__ import annotations

import math
import unicodedata

LINE_POINTS = 13.5      # one line of 10-point text
MIN_POINTS = 18.0


class _Widths(dict):
    """Character → its width, looked up in Unicode's tables once per character."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_WIDTHS = _Widths()


def display_width(text: str) -> int:
    """Width in Excel column units: a Chinese character takes two."""
    return len(text) if text.isascii() else sum(map(_WIDTHS.__getitem__, text))


def lines_needed(text: str, column_width: float) -> int:
    """How many wrapped lines `text` takes in a column `column_width` units wide."""
    usable = max(column_width - 1.5, 1.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def row_height(texts: dict[str, str], widths: dict[str, float], *,
               line_points: float = LINE_POINTS, minimum: float = MIN_POINTS) -> float:
    """The height (points) a row needs so every text in it shows whole.

    Args:
        texts: a key (a field, a column) → the text there.
        widths: the same key → width in Excel units (a merged span: the sum of its columns).
    """
    lines = max((lines_needed(t, widths[c]) for c, t in texts.items() if t), default=1)
    return max(minimum, round(lines * line_points + 4, 1))
