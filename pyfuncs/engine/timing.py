"""Dates and deadlines as clerks write them: `2023年12月底前`, `年底前`, `不晚于2023年10月`,
`2023.11`, `2023-11-20`, `11月`, `上半年`, and, as a 实际完成值, `延期2个月` or `提前完成`.

A month number in such a text is a point in time, never a quantity: `12月底前` is a latest
date, and finishing in November meets it. This module reads the dates and says how late a
completion was, in whole months (a part month counts as one); the rule that turns lateness
into points is the profile's (see :mod:`pyfuncs.engine.indicator`).
"""

from __future__ import annotations

import math
import re
from functools import cache
from typing import Literal

from .record import record

_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
              "十": 10, "十一": 11, "十二": 12}
_CN_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
def _year(name: str) -> str:
    return rf"(?P<{name}>(?:19|20)\d{{2}})\s*年(?:度)?\s*"


_YEAR = _year("y")

# The patterns that read dates and delays are compiled at the first text that may hold one
# (`parse` asks a cheap test first, and `ANY_RELATIVE` below): each is 1–5 M instructions to
# compile (a class of a few Chinese characters makes a charset of all 65,536), ~17 M together,
# which an audit of forms with no date among their indicators never needs.


@cache
def _cn_date() -> re.Pattern[str]:
    """`2023年12月31日`, `12月底`, `十二月份`, `2023年6月30号`: an optional year, a month, then a
    day or a part of the month. The month must not be a count (`6个月`) nor part of a longer
    number."""
    return re.compile(
        r"(?:" + _YEAR + r")?(?<![\d.个~\-])(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月份?"
        r"(?:\s*(?P<d>[0-3]?\d)\s*[日号]|\s*(?P<part>底|末|上旬|中旬|下旬|初))?")


@cache
def num_date() -> re.Pattern[str]:
    """`2023.11`, `2023-11-20`, `2023/11/20`: year first, then month and maybe day."""
    return re.compile(
        r"(?<![\d.])(?P<y>(?:19|20)\d{2})\s*(?P<sep>[./\-])\s*(?P<m>1[0-2]|0?[1-9])"
        r"(?:\s*(?P=sep)\s*(?P<d>[0-3]?\d))?(?![\d.%])(?!\s*[万亿千元个次家人份台件项])")


@cache
def _year_part() -> re.Pattern[str]:
    """`2023年底`, `年底`, `年末`, `本年度内`, `2023年上半年`, `第三季度末`: parts of a year."""
    return re.compile(
        r"(?:" + _year("y1") + r"|(?<![\d])(?:本|当)?年(?:度)?)(?P<end>底|末|内)"
        r"|(?:" + _year("y2") + r")?(?P<half>上半年|下半年)"
        r"|(?:" + _year("y3") + r")?第?(?P<q>[一二三四1-4])\s*季度(?:末|底)?")


@cache
def _after() -> re.Pattern[str]:
    """Words after a date that make it a start, not a deadline: `2023年6月以后`, `3月起`."""
    return re.compile(r"\s*(?:以后|之后|后|起|开始|以来)")


_UNITS_IN_MONTHS = {"个月": 1.0, "月": 1.0, "年": 12.0, "周": 7 / 30, "天": 1 / 30, "日": 1 / 30,
                    "个工作日": 1 / 30, "工作日": 1 / 30}


@cache
def _late_by() -> re.Pattern[str]:
    return re.compile(
        r"(?:延期|延迟|推迟|逾期|滞后|超期|拖延|晚)\s*(?:了)?\s*(?P<n>\d+(?:\.\d+)?)\s*"
        r"(?P<unit>个工作日|工作日|个月|月|年|周|天|日)")


@cache
def _late() -> re.Pattern[str]:
    return re.compile(r"延期|延迟|推迟|逾期|滞后|超期|拖延|未按期|未按时|未如期|没有按期|没有按时|未及时|不及时")


@cache
def _early() -> re.Pattern[str]:
    return re.compile(r"提前\s*(?:了)?\s*\d+(?:\.\d+)?\s*(?:个工作日|工作日|个月|月|年|周|天|日)")


# Any word of time a 实际完成值 may say how late or early it was with: what sends a text to
# :func:`read_relative` (and, as part of `parse`'s gates, to the general reader).
ANY_RELATIVE = re.compile(r"延|推迟|逾期|滞后|超期|拖|晚|按期|按时|如期|及时|提前")

DAYS_PER_MONTH = 30
"""Days late are counted in months of this many days (a part month counts as one)."""


def _monthrange(year: int, month: int) -> tuple[int, int]:
    """`calendar.monthrange`, imported at the first date that needs a month's length: the
    module (its enums, locale) costs ~10 M instructions, a tenth of a start-up's engine."""
    import calendar

    return calendar.monthrange(year, month)


@record(frozen=True, slots=True)
class When:
    """A date as written: a day, a month, or a span of months (`三季度`: months 7–9).

    Attributes:
        year: the year written, or None.
        month: the last month of the span.
        day: the day, or None for the whole month (a deadline then means its last day).
        first_month: the first month of the span (= month for a single month).
    """

    year: int | None
    month: int
    day: int | None = None
    first_month: int = 0

    def __post_init__(self) -> None:
        if not self.first_month:
            object.__setattr__(self, "first_month", self.month)

    def in_year(self, year: int) -> When:
        return When(year, self.month, self.day, self.first_month)

    def show(self) -> str:
        """`2023年12月31日`, `2023年12月`, `12月`, `2023年7–9月`."""
        year = f"{self.year}年" if self.year is not None else ""
        if self.first_month != self.month:
            return f"{year}{self.first_month}–{self.month}月"
        return f"{year}{self.month}月" + (f"{self.day}日" if self.day is not None else "")

    def show_deadline(self) -> str:
        """`2023年12月31日前` or `2023年12月底前`: the last day that is on time."""
        year = f"{self.year}年" if self.year is not None else ""
        if self.day is not None:
            return f"{year}{self.month}月{self.day}日前"
        return f"{year}{self.month}月底前"


TimingKind = Literal["date", "late", "early", "late_unknown"]


@record(frozen=True, slots=True)
class Timing:
    """When the work was done, as a 实际完成值 says it.

    Attributes:
        kind: `date` (done on or in `when`), `late` (done `months` late), `early` (done ahead
            of time), `late_unknown` (late, without saying by how much).
        when: the date, for kind `date`.
        months: months late (a part month counted as one), for kind `late`.
        written: how the lateness was written (`2 个月`, `10 天`), for kind `late`.
        amount, unit: the lateness as written (2, `个月`), for kind `late`.
    """

    kind: TimingKind
    when: When | None = None
    months: int = 0
    written: str = ""
    amount: float = 0.0
    unit: str = ""

    def show(self) -> str:
        if self.kind == "date" and self.when is not None:
            return f"完成于 {self.when.show()}"
        if self.kind == "late":
            return f"逾期 {self.written}"
        if self.kind == "early":
            return "提前完成"
        return "逾期（未写逾期多久）"


def _month(text: str) -> int:
    return _CN_MONTHS[text] if text in _CN_MONTHS else int(text)


def _valid_day(year: int | None, month: int, day: int) -> bool:
    return 1 <= day <= _monthrange(year or 2000, month)[1]   # 2000 is a leap year


def find_dates(s: str) -> list[tuple[When, int, int, bool]]:
    """Every date in normalised text `s`: (date, start, end, followed by 以后/起…), in order.

    A day that no month has (`2月30日`) leaves the text unread as a date, so that it is not
    taken for another date.
    """
    found: list[tuple[When, int, int, bool]] = []
    taken: list[tuple[int, int]] = []

    def add(when: When, start: int, end: int) -> None:
        if any(start < e and s0 < end for s0, e in taken):
            return
        taken.append((start, end))
        found.append((when, start, end, after.match(s, end) is not None))

    after = _after()
    for m in _year_part().finditer(s):
        year = next((int(y) for y in m.group("y1", "y2", "y3") if y), None)
        if m.group("end"):
            add(When(year, 12, None, 1), m.start(), m.end())
        elif m.group("half"):
            first, last = (1, 6) if m.group("half") == "上半年" else (7, 12)
            add(When(year, last, None, first), m.start(), m.end())
        else:
            q = _CN_QUARTERS[m.group("q")]
            add(When(year, 3 * q, None, 3 * q - 2), m.start(), m.end())
    for pattern in (num_date(), _cn_date()):
        for m in pattern.finditer(s):
            month = _month(m.group("m"))
            year = int(m.group("y")) if m.group("y") else None
            day = int(m.group("d")) if m.group("d") else None
            part = m.groupdict().get("part")
            if part == "上旬":   # 底, 末, 下旬: the month's end, as a month alone means
                day = 10
            elif part == "中旬":
                day = 20
            elif part == "初":
                day = 5
            if day is not None and not _valid_day(year, month, day):
                taken.append((m.start(), m.end()))   # not a date, and not two numbers either
                continue
            add(When(year, month, day), m.start(), m.end())
    found.sort(key=lambda f: f[1])
    return found


def blank_out(s: str, spans: list[tuple[int, int]]) -> str:
    """`s` with the given spans replaced by spaces (positions kept), so that the numbers of
    a date are not read again as quantities."""
    chars = list(s)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def read_relative(s: str) -> Timing | None:
    """A 实际完成值 that says how late or early the work was: `延期2个月`, `逾期10天`, `提前1个月完成`,
    `未按期完成`. None when the text says neither."""
    if ANY_RELATIVE.search(s) is None:
        return None
    m = _late_by().search(s)
    if m:
        n = float(m.group("n"))
        months = math.ceil(n * _UNITS_IN_MONTHS[m.group("unit")] - 1e-9)
        written = f"{m.group('n')} {m.group('unit')}"
        if months <= 0:
            return Timing("early")
        return Timing("late", months=months, written=written, amount=n, unit=m.group("unit"))
    if _late().search(s):
        return Timing("late_unknown")
    if _early().search(s):
        return Timing("early")
    return None


def in_unit(amount: float, unit: str, target_unit: str) -> float | None:
    """`amount` of `unit` (天, 个月, 年…) expressed in `target_unit`; None when either is not a
    unit of time."""
    if unit not in _UNITS_IN_MONTHS or target_unit not in _UNITS_IN_MONTHS:
        return None
    return amount * _UNITS_IN_MONTHS[unit] / _UNITS_IN_MONTHS[target_unit]


def late_months(deadline: When, done: When) -> int | None:
    """Whole months by which `done` missed `deadline` (0 when on time; a part month counts as
    one), or None when the texts cannot tell (a completion month that straddles the
    deadline). A missing year is taken from the other date; with neither, the same year."""
    year = deadline.year or done.year or 2000
    d = deadline if deadline.year is not None else deadline.in_year(year)
    a = done if done.year is not None else done.in_year(year)
    last_day = _last_day(d)
    first = (a.year, a.first_month, a.day or 1)
    last = (a.year, a.month, a.day or _monthrange(a.year, a.month)[1])
    if last <= last_day:
        return 0
    if first <= last_day:
        return None
    low, high = _months_after(d, first), _months_after(d, last)
    return low if low == high else None


def _last_day(d: When) -> tuple[int, int, int]:
    assert d.year is not None
    return d.year, d.month, d.day or _monthrange(d.year, d.month)[1]


def _months_after(d: When, day: tuple[int, int, int]) -> int:
    """The smallest n ≥ 1 with `day` ≤ the deadline moved n months on (a month-end deadline
    stays on month ends)."""
    assert d.year is not None
    month_end = d.day is None or d.day == _monthrange(d.year, d.month)[1]
    n = (day[0] - d.year) * 12 + day[1] - d.month
    for k in (max(n, 1), max(n, 1) + 1):
        index = d.year * 12 + d.month - 1 + k
        y, m = divmod(index, 12)
        length = _monthrange(y, m + 1)[1]
        limit = (y, m + 1, length if month_end else min(d.day or length, length))
        if day <= limit:
            return k
    return max(n, 1) + 2   # not reached: a day is at most two month-steps past its month
