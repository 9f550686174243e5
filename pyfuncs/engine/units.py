"""Numbers with units: `≥20 次`, `3400 亿元`, `90.0%`, `40 万`.

A quantity keeps the number as written, the multiplier of its 万/亿 prefix and its base unit,
so `5万元` and `50000 元` compare equal while `5 次` and `5 家` do not.
"""

from __future__ import annotations

import re
from typing import Final, Literal

from .bounds import LARGEST, NEGLIGIBLE, NumberOutOfRange, bounded, to_number
from .record import record
from .text import is_blank, normalise

# Units of several characters; any other unit is its first Chinese character (a measure word).
# A 千/万/亿 prefix is read first, so `万元` is 1e4 × `元` and `千米` is 1e3 × `米`.
_KNOWN_UNITS = (
    "个百分点", "百分点", "个工作日", "工作日", "个月", "平方公里", "平方米", "立方米", "人次",
    "户次", "课时", "学时", "小时", "分钟", "公里", "公顷", "兆瓦",
)
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3}
# Words that follow a number but belong to the direction, not the unit.
_UNIT_SUFFIXES = ("及以上", "及以下", "以上", "以下", "以内", "左右")

_BARE = re.compile(r"[+-]?\d+(?:\.\d+)?")
# Where a pattern means one Chinese character (U+4E00–U+9FFF) it takes any character but ASCII
# and digits, and the code checks the one it took (:func:`_is_han`): a class of those 21k
# characters costs the regex compiler ~9 M instructions to build, four of them a third of
# the engine's import. Proven the same, character by character, in tests/pyfuncs/engine/test_units_patterns.py.
_WIDE = r"[^\x00-\x7f\d]"
_UNIT = "|".join(_KNOWN_UNITS) + "|" + _WIDE
# A number, then its unit: a percent sign, or an optional 千/万/亿 and then a known unit or one
# Chinese character — unless the words after the number are a direction (`以上`, `以内`…).
_QUANTITY = re.compile(
    r"(?<![\d.])(?P<num>[+-]?\d+(?:\.\d+)?)\s*"
    r"(?:(?P<pct>[%‰])|(?P<mult>[千万亿])?"
    r"(?:(?=" + "|".join(_UNIT_SUFFIXES) + r")|(?P<unit>" + _UNIT + r"))?)"
)
# The common shapes, whole: words or signs, one ASCII number, its unit (`≥20 次`, `不少于 5
# 万元`, `100%`, `12.5`). Only characters that :func:`normalise` leaves as they are, single
# spaces, none at the ends; the unit is read as `_QUANTITY` reads it (`万` alone is 万 of
# nothing, as there) and must end the text, so the text holds this one number and no other.
# The words are Chinese characters and the signs ≥≤=<> (`<=>` or any non-ASCII character
# here, checked by :func:`_signs_and_han`).
_SIMPLE = re.compile(
    r"((?:[^\x00-\x3b\x3f-\x7f]+ ?)?)([+-]?[0-9]+(?:\.[0-9]+)?)"
    r"(?: ?(?:(%)|([千万亿])(" + _UNIT + r")?|(" + _UNIT + r")))?")
_SIGNS = frozenset("≥≤=<>")


def _is_han(unit: str | None) -> bool:
    """Whether a unit the patterns took is one: a known unit or a Chinese character."""
    return unit is None or len(unit) > 1 or "\u4e00" <= unit <= "\u9fff"


def _signs_and_han(words: str) -> bool:
    """Whether words before a number are Chinese characters and signs, as `_SIMPLE` means."""
    core = words.strip(" ≥≤=<>")        # signs first (`≥`, `不少于`); one space at the end
    if not core or (min(core) >= "\u4e00" and max(core) <= "\u9fff"):
        return True
    return all(c in _SIGNS or "\u4e00" <= c <= "\u9fff" for c in core)


@record(frozen=True, slots=True)
class Quantity:
    """A number as the clerk wrote it, with its unit.

    Attributes:
        number: the number as written (`3400` in `3400 亿元`).
        multiplier: 1, 1e3, 1e4 or 1e8 from a 千/万/亿 prefix.
        unit: the base unit: `元`, `次`, `%`, or `""` when none was written.
        written_unit: the unit as written (`亿元`), for display.
    """

    number: float
    multiplier: float = 1.0
    unit: str = ""
    written_unit: str = ""

    @property
    def value(self) -> float:
        """The number in base units (`3400 亿元` → 3.4e11)."""
        return self.number * self.multiplier

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    def with_unit_of(self, other: Quantity) -> Quantity:
        """This number read in `other`'s unit: a bare actual takes its target's unit."""
        return Quantity(self.number, other.multiplier, other.unit, other.written_unit)

    def compatible(self, other: Quantity) -> bool:
        """Whether the two can be compared: same base unit, or one of them has none."""
        return compatible(self.unit, other.unit)

    def show(self) -> str:
        """`20 次`, `90%`, `5 万元`: the number without trailing zeros, then the unit."""
        num = f"{self.number:.6f}".rstrip("0").rstrip(".")
        if not self.written_unit:
            return num
        sep = "" if self.written_unit in ("%", "‰") else " "
        return f"{num}{sep}{self.written_unit}"


def compatible(unit: str, other: str) -> bool:
    """Whether quantities in these base units can be compared: the same unit, or one of them
    has none; a percentage only with a percentage."""
    if unit == "%" or other == "%":
        return unit == other
    return not unit or not other or unit == other


def find_quantities(text: str) -> list[tuple[Quantity, int, int]]:
    """Every number in normalised `text` with its unit and span, years (`2023 年`) left out.

    A year is left out only when another number remains, so `2023 年` alone still reads.

    Raises:
        NumberOutOfRange: a number in the text is beyond what a form can hold.
    """
    if _BARE.fullmatch(text):          # most actuals: one bare number, nothing else
        return [(Quantity(to_number(text)), 0, len(text))]
    found: list[tuple[Quantity, int, int]] = []
    years: list[tuple[Quantity, int, int]] = []
    for m in _QUANTITY.finditer(text):
        num, pct, mult, unit = m.group("num", "pct", "mult", "unit")
        if not _is_han(unit):    # a character that is not a unit: the number has none
            unit = None
        q = _quantity(num, pct, mult, unit)
        is_year = unit == "年" and not mult and len(num) == 4 and num[:2] in ("19", "20")
        (years if is_year else found).append((q, m.start(), m.end("num")))
    if not found:
        return years
    return found


def _quantity(num: str, pct: str | None, mult: str | None, unit: str | None) -> Quantity:
    x = float(num)
    if not NEGLIGIBLE <= abs(x) <= LARGEST:   # as to_number does, inlined for the common case
        x = to_number(num)
    if pct:
        return Quantity(x, 0.1 if pct == "‰" else 1.0, "%", pct)
    if mult:
        return Quantity(x, _MULTIPLIERS[mult], unit or "", mult + (unit or ""))
    return Quantity(x, 1.0, unit, unit) if unit else Quantity(x)


def simple_quantity(text: str) -> tuple[str, Quantity] | None:
    """The words before the number and the quantity, when `text` is one of the common shapes
    (`≥20 次`, `不少于 5 万元`, `100%`, `12.5`) that :func:`normalise` leaves unchanged; None
    for any other text and for a number out of range (the general readers report those).
    For such a text, `find_quantities(normalise(text))` is `[(quantity, len(words), …)]`.
    """
    m = _SIMPLE.fullmatch(text)
    if m is None:
        return None
    words, num, pct, mult, unit, alone = m.groups()
    unit = unit or alone
    if not _is_han(unit):
        return None                     # not a unit: see _WIDE
    if words and not _signs_and_han(words):
        return None
    try:
        return words, _quantity(num, pct, mult, unit)
    except NumberOutOfRange:
        return None


_PLAIN_NUMBER = re.compile(r"([+-]?\d+(?:\.\d+)?)\s*(%|分|万元)?")

NumberProblem = Literal["not_a_number", "out_of_range"]
NOT_A_NUMBER: Final = "not_a_number"
OUT_OF_RANGE: Final = "out_of_range"


def read_number(value: object) -> tuple[float | None, bool]:
    """Read a cell that should hold one number: an amount, a 分值, a 得分, a stated rate.

    Accepts numbers, and text such as `30,000`, `６０`, `8 分`, `3 万元`, `82.3%` (→ 0.823).

    Returns:
        (number, understood): `(None, True)` for a blank cell, `(None, False)` for text that is
        not one number, or a number beyond what a form can hold (:func:`check_number` says
        which).
    """
    number, problem = check_number(value)
    return number, problem is None


def check_number(value: object) -> tuple[float | None, NumberProblem | None]:
    """Read a cell that should hold one number, and say what is wrong when it does not.

    Returns:
        (number, problem): the number (None for a blank cell) and None; or None and
        :data:`NOT_A_NUMBER` (text, a boolean, a list…) or :data:`OUT_OF_RANGE` (beyond
        :data:`~pyfuncs.engine.bounds.LARGEST`, infinite, or 400 digits).
    """
    if isinstance(value, bool):
        return None, NOT_A_NUMBER
    if isinstance(value, int | float):
        if value != value:  # NaN: what pandas and some readers give for an empty cell
            return None, None
        try:
            return bounded(value), None
        except NumberOutOfRange:
            return None, OUT_OF_RANGE
    if is_blank(value):
        return None, None
    m = _PLAIN_NUMBER.fullmatch(normalise(str(value)))
    if m is None:
        return None, NOT_A_NUMBER
    try:
        number = to_number(m.group(1))
    except NumberOutOfRange:
        return None, OUT_OF_RANGE
    return (bounded(number / 100) if m.group(2) == "%" else number), None
