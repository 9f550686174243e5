"""Cleaning what clerks type before it is read.

Forms arrive with full-width digits (`６０`), full-width signs (`≧`, `＝`), LaTeX left over from
PDF conversion (`\\geq`), stray spaces inside numbers (`2 0 次以上`) and thousands separators
(`30,000`). Everything that reads a target or an actual goes through :func:`normalise` first, so
the rest of the engine sees one spelling of each thing.
"""

from __future__ import annotations

import re
import unicodedata

from .textcache import text_cache

# Signs that NFKC leaves alone but that mean the same as their plain forms.
_SIGNS = str.maketrans({"≧": "≥", "≦": "≤", "⩾": "≥", "⩽": "≤", "﹪": "%", "—": "-", "–": "-"})

# LaTeX artefacts from PDF conversion: `\geq`, `$\ge$`, `\leqslant`…
_LATEX = re.compile(r"\$?\\(geqslant|leqslant|geq|leq|ge|le|neq|ne)\b\$?")
_LATEX_SIGNS = {
    "geqslant": "≥", "geq": "≥", "ge": "≥",
    "leqslant": "≤", "leq": "≤", "le": "≤",
    "neq": "≠", "ne": "≠",
}

_SPACE_IN_NUMBER = re.compile(r"(?<=\d)[ \t\u3000]+(?=\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_SPACES = re.compile(r"\s+")


@text_cache
def normalise(text: str) -> str:
    """Return `text` in the one spelling the parsers understand.

    Args:
        text: what the clerk typed, any width, any spacing.

    Returns:
        NFKC-normalised text with `≧`/`≦`/LaTeX signs made plain, spaces inside numbers and
        thousands separators removed, runs of white space folded to one space.
    """
    s = unicodedata.normalize("NFKC", text).translate(_SIGNS)
    if "\\" in s:
        s = _LATEX.sub(lambda m: _LATEX_SIGNS[m.group(1)], s)
    if "," in s:
        s = _THOUSANDS.sub("", s)
    if not s.isprintable() or "  " in s or " " in s:
        s = _SPACES.sub(" ", _SPACE_IN_NUMBER.sub("", s))
    return s.strip()


def compact(text: str) -> str:
    """Remove every space: labels such as `效益 指标 (30 分)` are compared this way."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text))


def is_blank(value: object) -> bool:
    """True for None, empty and white-space-only text."""
    return value is None or (isinstance(value, str) and not value.strip())
