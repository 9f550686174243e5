"""Reading 年度指标值 (targets) and 实际完成值 (actuals) the way a reviewer reads them.

A target is a number with a direction (`≥20 次`, `不超过 5 万元`, `=100%`), a deadline
(`2023年12月底前`, `年底前`), words (`按时完成`), 不适用, or blank. An actual is a number, a time
(`2023年11月`, `延期2个月`), one of the three qualitative tiers, 不适用, blank, or something not
understood — which is reported, never raised. The numbers of a date are never read as
quantities: `12月底前` is a latest date, not "≥ 12 月".
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from decimal import Decimal
from typing import Literal

from .bounds import LARGEST, NEGLIGIBLE, OUT_OF_RANGE_NOTE, NumberOutOfRange, bounded
from .profile import Profile, Tier
from .record import record
from .text import is_blank, normalise
from .textcache import CACHE_ENTRIES, CACHED_TEXT_LIMIT, text_cache
from .timing import (
    ANY_RELATIVE,
    Timing,
    When,
    blank_out,
    find_dates,
    num_date,
    read_relative,
)
from .units import Quantity, find_quantities, simple_quantity

TargetKind = Literal["number", "range", "deadline", "words", "na", "blank", "out_of_range"]
ActualKind = Literal["number", "time", "tier", "na", "blank", "unknown", "out_of_range"]

DIRECTION_SIGNS = {"higher": "≥", "lower": "≤", "equal": "="}
DIRECTION_NAMES = {"higher": "越高越好", "lower": "越低越好", "equal": "等于", "range": "区间"}

# Cheap test first: most texts (`≥20 次`, `每年 4 次`, `达成预期指标`) hold no date at all.
_MAY_HOLD_DATE = re.compile(
    r"[\d一二三四五六七八九十]\s*月|年度?[底末内]|半年|季度|(?:19|20)\d\d\s*[./\-]\s*\d")
_DOTTED = re.compile(r"\d{4}\.\d{1,2}")   # `2023.11`: a date, or an amount of 2023.11
# A number cell holding 2023.10 sends 2023.1: January or October, which no one can tell.
_JANUARY_OR_OCTOBER = re.compile(r"\d{4}\.1")


@record(frozen=True, slots=True)
class Target:
    """A 年度指标值 as understood.

    Attributes:
        kind: `number`, `range` (`90%~100%`), `deadline` (`2023年12月底前`), `words`,
            `na` (不适用), `blank`, or `out_of_range` (it holds a number beyond what a form
            can hold).
        text: the text as typed.
        direction: `higher`, `lower`, `equal` (number) or `range`; None otherwise.
        quantity: the target number (the lower bound of a range).
        upper: the upper bound of a range.
        explicit: whether the direction was written (False: the profile's default was used).
        numbers: how many numbers (for a deadline: dates) the text holds; more than one
            makes the reading ambiguous.
        deadline: the latest date that is on time, for kind `deadline`.
    """

    kind: TargetKind
    text: str
    direction: str | None = None
    quantity: Quantity | None = None
    upper: Quantity | None = None
    explicit: bool = False
    numbers: int = 0
    deadline: When | None = None

    def show(self) -> str:
        """`≥ 20 次`, `90%~100%`, `2023年12月底前`, `按时完成`, `不适用`, `空`."""
        if self.kind == "deadline" and self.deadline:
            return self.deadline.show_deadline()
        if self.kind == "number" and self.quantity and self.direction:
            return f"{DIRECTION_SIGNS[self.direction]} {self.quantity.show()}"
        if self.kind == "range" and self.quantity and self.upper:
            return f"{self.quantity.show()}~{self.upper.show()}"
        return {"na": "不适用", "blank": "空", "out_of_range": OUT_OF_RANGE_NOTE}.get(
            self.kind, self.text.strip())


@record(frozen=True, slots=True)
class Actual:
    """A 实际完成值 as understood.

    Attributes:
        kind: `number`, `time`, `tier`, `na`, `blank`, `unknown` or `out_of_range` (a number
            beyond what a form can hold).
        text: the text as typed.
        quantity: the number, when kind is `number`.
        tier: the qualitative tier, when kind is `tier`.
        timing: when the work was done, for kind `time`; also for a number that may be a
            date (`2023.11`) or a text holding both (`2023年11月完成25次`).
    """

    kind: ActualKind
    text: str
    quantity: Quantity | None = None
    tier: Tier | None = None
    timing: Timing | None = None

    def show(self) -> str:
        if self.kind == "number" and self.quantity:
            return self.quantity.show()
        if self.kind == "time" and self.timing:
            return self.timing.show()
        if self.kind == "tier" and self.tier:
            return self.tier.label
        return {"na": "不适用", "blank": "空", "unknown": f"未能识别：{self.text.strip()}",
                "out_of_range": OUT_OF_RANGE_NOTE}.get(self.kind, self.text)


def as_text(value: object) -> str:
    """Cell content as text: floats that are whole print without `.0` (Excel sends 22.0), and
    never in exponent form, which would read as two numbers (`1e-05` → `0.00001`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.date):   # a date cell, as openpyxl and xlwings give it
        return f"{value.year}-{value.month}-{value.day}"
    if isinstance(value, float):
        if value != value:
            return ""
        shown = f"{value:.12g}"
        return format(Decimal(shown), "f") if "e" in shown and math.isfinite(value) else shown
    return str(value)


def is_na(text: str, profile: Profile) -> bool:
    """Whether the text marks the row 不适用 (the profile's markers)."""
    return profile.na_pattern.search(text) is not None


def parse_target(value: object, profile: Profile) -> Target:
    """Understand a 年度指标值; never raises."""
    if type(value) is str:
        return _parse_target(value, profile, True)
    if type(value) is float and math.isinf(value):
        return Target("out_of_range", as_text(value))
    text = as_text(value)
    dates = type(value) is not float or not _JANUARY_OR_OCTOBER.fullmatch(text)
    return _parse_target(text, profile, dates)


def parse_actual(value: object, profile: Profile) -> Actual:
    """Understand a 实际完成值; never raises."""
    if type(value) is str:
        return _parse_actual(value, profile)
    if type(value) is float and value == value:  # what Excel sends for a number cell
        text = as_text(value)
        if _DOTTED.fullmatch(text) and not _JANUARY_OR_OCTOBER.fullmatch(text):
            return _parse_actual(text, profile)   # 2023.11: a number that may be a date
        try:
            return Actual("number", text, Quantity(bounded(value)))
        except NumberOutOfRange:
            return Actual("out_of_range", as_text(value))
    return _parse_actual(as_text(value), profile)


def number_cell(value: float | int) -> float | None:
    """The number a number cell holding `value` is read as by :func:`parse_actual`, when it
    is plainly one: None for NaN, a number out of range and one that may be a date (any
    1000 < x < 10000 with decimals: `2023.11`), which :func:`parse_actual` reads."""
    x = abs(value)
    if not x <= LARGEST or (1000 <= x < 10000 and x != int(x)):
        return None
    return float(value) if x >= NEGLIGIBLE else 0.0


def _read(text: str, profile: Profile) -> tuple[str | None, str, list[tuple[Quantity, int, int]]]:
    """The first steps for targets and actuals alike: `blank`/`na`/`out_of_range` or None, the
    normalised text, and the numbers in it."""
    if is_blank(text):
        return "blank", text, []
    s = normalise(text)
    if is_na(s, profile):
        return "na", s, []
    try:
        return None, s, find_quantities(s)
    except NumberOutOfRange:
        return "out_of_range", s, []


def _dates(s: str) -> tuple[list[tuple[When, int, int, bool]], str]:
    """The dates in `s`, and `s` with them blanked out (`s` itself when there are none)."""
    if _MAY_HOLD_DATE.search(s) is None:
        return [], s
    dates = find_dates(s)
    return dates, blank_out(s, [(a, b) for _, a, b, _ in dates]) if dates else s


def _latest(dates: list[tuple[When, int, int, bool]]) -> When:
    """The latest of several dates (a deadline and a completion are the last one named); a
    date without a year is placed in the year another one names."""
    year = next((w.year for w, *_ in dates if w.year is not None), None)
    latest = max((w for w, *_ in dates),
                 key=lambda w: (w.year or year or 0, w.month, w.day or 99))
    return latest if latest.year is not None or year is None else latest.in_year(year)


@text_cache
def _parse_target(text: str, profile: Profile, dates_allowed: bool = True) -> Target:
    return simple_target(text, profile) or parse_target_general(text, profile, dates_allowed)


def simple_target(text: str, profile: Profile) -> Target | None:
    """A target of one of the common shapes (`≥20 次`, `不少于 5 万元`, `100%`) read without
    the general machinery; None for any other text. Where it answers, it answers as
    :func:`parse_target_general` does (tests/pyfuncs/engine/test_simple_paths.py)."""
    simple = read_simple(text, kept_shapes(profile), profile, False)
    if simple is None:
        return None
    number, shape = simple
    return Target("number", text, shape.direction,
                  Quantity(number, shape.multiplier, shape.unit, shape.written_unit), None,
                  shape.explicit, 1)


@record(slots=True)
class Shape:
    """What the words and the unit of a text of a common shape say, whatever its number:
    `不少于 {n} 万元` is higher-is-better, explicitly, in 万 × 元.

    Not frozen: one is made for each new shape of text (a cold run of all-different texts
    makes hundreds), and plain slots are set several times quicker; none is changed once
    made."""

    direction: str
    explicit: bool
    multiplier: float
    unit: str
    written_unit: str
    start: int   # where the number (with its sign) is in the text's UTF-8 bytes
    end: int
    year: int   # where a number of four digits, a point and a month would be a date
    # (`2023.11`) has its first digit (in bytes too); -1 for any other number


def read_simple(text: str, kept: Kept, profile: Profile,
                actual: bool) -> tuple[float, Shape] | None:
    """The number and the :class:`Shape` of a target (`actual` False) or an actual of one of
    the common shapes, or None when the general reader must read it. `kept` is
    :func:`kept_shapes` of `profile` (asked for once by a caller that reads a whole row).

    The first run of digits (`12`, `12.5`) is the number. The text with every digit made 0
    keys its shape, worked out once and kept: whether the text with its number replaced by
    `1` is one of the common shapes, where the number is, what the words and unit say. The
    common shapes hold digits only in their number and tell digits apart only as digits, so
    texts of one key are all of a common shape or none is, and all read alike. Gates are
    exact too: none of the profile's 不适用 markers and direction words holds a digit, a sign
    or a point (:func:`_kept` checks; otherwise nothing is kept and the text goes to the
    general reader), so none overlaps the number, and the only gate that can see the
    number's digits is a date (`2023.11`: four digits from 1900 to 2099, a point and a month,
    where the words around it let it be one, as the shape keeps), tested on the number.
    """
    if not kept:
        return None
    # the text with every digit made 0 keys its shape: where its number is, and what the
    # words around it say (a text is read afresh each time: on texts that do not repeat, a
    # cache of readings by text cost more than the reading). Its UTF-8 bytes are worked on,
    # quicker than its characters; a text with a lone surrogate has none, and is of no
    # common shape (not a Chinese character, a sign or a unit).
    try:
        typed = text.encode()
    except UnicodeEncodeError:
        return None
    key = typed.translate(_ZEROS)
    shapes = kept[actual]
    try:
        shape = shapes[key]
    except KeyError:
        shape = _shape_of(key, profile, actual)
        if len(text) <= CACHED_TEXT_LIMIT:
            if len(shapes) >= CACHE_ENTRIES:
                shapes.clear()
            shapes[key] = shape
    if shape is False:
        return None
    num = typed[shape.start:shape.end]   # (ASCII digits: the same in bytes as in text)
    x = float(num)
    if NEGLIGIBLE <= x <= LARGEST:
        year = shape.year
        if year < 0 or typed[year:year + 2] not in _CENTURIES or \
                typed[year + 5:shape.end] not in _MONTHS:
            return x, shape
        return None   # a date (`2023.11`)
    return _rare(num, x, shape)   # negligible, negative or large


_CENTURIES = (b"19", b"20")
_MONTHS = frozenset(f"{m}".encode() for m in range(1, 13)) | frozenset(
    f"0{m}".encode() for m in range(1, 10))


def _rare(num: bytes, x: float, shape: Shape) -> tuple[float, Shape] | None:
    """The reading of a number of a common-shape text that is negligible, negative or large:
    None for a date (`2023.11`) and a number out of range."""
    dot = num.find(b".")
    if dot >= 4 and num[dot - 4:dot - 2] in _CENTURIES:   # `(?:19|20)\d\d\.\d`: a date
        return None
    if not NEGLIGIBLE <= abs(x) <= LARGEST:
        if abs(x) > LARGEST:
            return None
        x = 0.0
    return x, shape


def _shape_of(key: bytes, profile: Profile, actual: bool) -> Shape | bool:
    """The shape of the texts whose digits, made 0, give `key` (UTF-8): the first run of
    digits is the number (with a sign before it); False when they go to the general reader.
    Its place is kept in bytes, as :func:`read_simple` finds it."""
    parts = _DIGITS.split(key, 1)
    if len(parts) != 3:
        return False
    before, num, after = parts
    start = len(before)
    if before[-1:] in (b"+", b"-"):
        start -= 1
    words, rest = before.decode(), after.decode()
    # A number of four digits, a point and a month (`2023.11`, not `2023.123` nor `12023.1`)
    # is a date where :func:`~pyfuncs.engine.timing.num_date` reads one: whether it does,
    # around such a number, is tried on one
    year = len(before) if num.find(b".") == 4 and num_date().match(
        words + "2023.1" + rest, len(words)) else -1
    return _shape(words + "1" + rest, profile, actual, start, len(before) + len(num), year)


def _shape(text: str, profile: Profile, actual: bool, start: int, end: int,
           year: int) -> Shape | bool:
    """The shape of a common-shape text whose number is 1, or False when it goes to the
    general reader (a gate matches; an actual with words before its number)."""
    simple = simple_quantity(text)
    if simple is None or (actual and simple[0]) or _gates(profile)[actual].search(text):
        return False
    q = simple[1]
    direction, explicit = _direction(text, profile)
    return Shape(direction, explicit, q.multiplier, q.unit, q.written_unit, start, end, year)


_UNSAFE = re.compile(r"[0-9.+\-]")
_DIGITS = re.compile(rb"([0-9]+(?:\.[0-9]+)?)")   # split: words, number, words
_ZEROS = bytes.maketrans(b"123456789", b"000000000")
Kept = tuple[dict, ...]   # shapes by key: of targets, of actuals
_KEPT: dict[Profile, Kept] = {}


def clear_caches() -> None:
    """Forget every text read and every shape kept (for benchmarks timing cold caches)."""
    for cached in (_parse_target, _parse_actual, normalise):
        cached.cache_clear()
    _KEPT.clear()


def kept_shapes(profile: Profile) -> Kept:
    """For `profile`: the kept shapes of targets and of actuals (see :func:`_kept`)."""
    kept = _KEPT.get(profile)
    return kept if kept is not None else _kept(profile)


def _kept(profile: Profile) -> Kept:
    """For `profile`: the kept shapes of targets and of actuals; () when a 不适用 marker or a
    direction word holds a digit, a sign or a point (shapes cannot be kept then)."""
    if len(_KEPT) >= 16:
        _KEPT.clear()
    words = [*profile.na_markers, *profile.direction_of_word]
    safe = not any(_UNSAFE.search(w) for w in words)
    kept = _KEPT[profile] = ({}, {}) if safe else ()
    return kept


def parse_target_general(text: str, profile: Profile, dates_allowed: bool = True) -> Target:
    """Any target text, read step by step (blank, 不适用, dates, ranges, numbers)."""
    kind, s, found = _read(text, profile)
    if kind:
        return Target(kind, text)
    dates, rest = _dates(s) if dates_allowed else ([], s)
    if dates:
        try:
            found = find_quantities(rest)
        except NumberOutOfRange:
            return Target("out_of_range", text)
        if not found:
            if any(after for *_, after in dates):   # `2023年6月以后`: a start, not a deadline
                return Target("words", text)
            return Target("deadline", text, numbers=len(dates), deadline=_latest(dates))
        s = rest
    if not found:
        return Target("words", text)
    m = _range().search(s) if len(found) > 1 else None
    if m:
        low_q = next((q for q, a, _ in found if a == m.start(1)), None)
        high_q = next((q for q, a, _ in found if a == m.start(3)), None)
        if low_q is not None and high_q is not None:
            if not low_q.unit:  # `90~100%`: the lower bound takes the upper bound's unit
                low_q = low_q.with_unit_of(high_q)
            return Target("range", text, "range", low_q, high_q, True, len(found))
    quantity = found[0][0]
    direction, explicit = _direction(s, profile)
    return Target("number", text, direction, quantity, None, explicit, len(found))


@functools.cache
def _range() -> re.Pattern[str]:
    """`90~100%`, `3至5 次`: two numbers that bound a target, compiled at the first target with
    two numbers (~2 M instructions)."""
    return re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(%?)\s*(?:~|至|到|-)\s*(\d+(?:\.\d+)?)")


def _direction(s: str, profile: Profile) -> tuple[str, bool]:
    m = profile.direction_pattern.search(s)
    if m is None:
        return profile.default_direction, False
    return profile.direction_of_word[m.group(0)], True


@text_cache
def _parse_actual(text: str, profile: Profile) -> Actual:
    return simple_actual(text, profile) or parse_actual_general(text, profile)


def simple_actual(text: str, profile: Profile) -> Actual | None:
    """An actual that is a number and maybe its unit (`12.5`, `20 次`, `95%`) read without
    the general machinery; None for any other text, answering as :func:`parse_actual_general`
    does where it answers."""
    simple = read_simple(text, kept_shapes(profile), profile, True)
    if simple is None:
        return None
    number, shape = simple
    return Actual("number", text,
                  Quantity(number, shape.multiplier, shape.unit, shape.written_unit))


@functools.lru_cache(maxsize=16)
def _gates(profile: Profile) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What sends a text of a simple shape to the general readers after all, as one search:
    for targets a 不适用 marker or something that may be a date; for actuals also a word of
    time (`延期`, `提前`: :func:`read_relative` may read it)."""
    na = profile.na_pattern.pattern
    target = re.compile(f"(?:{na})|{_MAY_HOLD_DATE.pattern}")
    return target, re.compile(f"{target.pattern}|{ANY_RELATIVE.pattern}")


def parse_actual_general(text: str, profile: Profile) -> Actual:
    """Any actual text, read step by step (blank, 不适用, delays, dates, numbers, tiers)."""
    kind, s, found = _read(text, profile)
    if kind:
        return Actual(kind, text)
    relative = read_relative(s)
    if relative is not None:
        return Actual("time", text, timing=relative)
    dates, rest = _dates(s)
    if dates and not any(after for *_, after in dates):
        timing = Timing("date", when=_latest(dates))
        if _DOTTED.fullmatch(s):
            return Actual("number", text, found[0][0], timing=timing)
        try:
            others = find_quantities(rest)
        except NumberOutOfRange:
            return Actual("out_of_range", text)
        if others:
            return Actual("number", text, others[0][0], timing=timing)
        return Actual("time", text, timing=timing)
    if found:
        return Actual("number", text, found[0][0])
    m = profile.tier_pattern.search(s)
    if m is not None:
        return Actual("tier", text, tier=profile.tier_of_alias[m.group(0)])
    return Actual("unknown", text)
