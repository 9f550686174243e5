"""The range of numbers a form can hold; every number the engine reads passes through here.

Amounts are in 万元 and scores in points, so no real form holds a number above a trillion
(1e12): a larger one is a slip (an ID number pasted in, a key held down, 400 digits that
binary floating point makes infinite) and is refused with a message, so neither `inf` nor
`NaN` can reach a score. At the other end, a number below a billionth is floating-point
residue (`=A1-B1` on two equal cells gives 5.6e-17), not anything a clerk typed (0.01 元 is
1e-6 万元): it reads as 0, so a budget of 1e-308 is "no budget", not a rate of infinity.
"""

from __future__ import annotations

from typing import Final

from .errors import JixiaoError

LARGEST: Final = 1e12
NEGLIGIBLE: Final = 1e-9
OUT_OF_RANGE_NOTE: Final = "数值超出可计算的范围（绝对值不能超过 1 万亿）"


class NumberOutOfRange(JixiaoError, ValueError):
    """A number beyond :data:`LARGEST` (or not finite), as it was written. The engine's readers
    catch it and report NUMBER_OUT_OF_RANGE; it escapes only :func:`bounded` and the functions
    that read digits."""

    def __init__(self, written: str) -> None:
        super().__init__(f"{OUT_OF_RANGE_NOTE}：{written[:40]}")
        self.written = written


def bounded(x: float | int, written: str | None = None) -> float:
    """`x` as the engine may use it: a float, 0.0 when negligible.

    Args:
        x: the number read.
        written: how it was written, for the message (default: `x` printed).

    Raises:
        NumberOutOfRange: `x` is larger than :data:`LARGEST` in absolute value, inf or NaN.
    """
    if not abs(x) <= LARGEST:  # NaN fails this comparison too
        raise NumberOutOfRange(_written(x) if written is None else written)
    return 0.0 if abs(x) < NEGLIGIBLE else float(x)


def to_number(digits: str) -> float:
    """The number a run of digits (`-12.5`, 400 nines) stands for, within :func:`bounded`."""
    return bounded(float(digits), digits)


def _written(x: float | int) -> str:
    if isinstance(x, int) and x.bit_length() > 1000:  # str() refuses ints of 4,300+ digits
        return "超过 300 位的整数"
    return str(x)
