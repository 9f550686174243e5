"""Rounding as the printed forms do it: half up (away from zero), as Excel's ROUND does.

Excel holds 15 significant digits, and so does a form. A value is read at 15 significant
digits first — so 10 × 0.8225, which binary arithmetic makes 8.224999999999999, is the 8.225
it is on paper — and then rounded half up in decimal, exactly, at any magnitude. For a value
typed on a form (15 digits or fewer) that is exactly `Decimal(repr(x))` rounded half up.

Most values are nowhere near a half: they are rounded with a few float operations. Only those
within a hair of a half (or too large for a float to hold their decimals) take the decimal
route.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Final

_SCALES: Final = tuple(10.0**n for n in range(16))
_QUANTA: Final = tuple(Decimal(1).scaleb(-n) for n in range(16))
_DECIMAL: Final = Context(prec=40, rounding=ROUND_HALF_UP)  # 15 digits + 15 decimals fit
_FLOAT_FRACTION_EXACT: Final = 2.0**52  # below this, y - floor(y) is exact in binary
# Reading at 15 digits moves a value by at most 5e-15 of itself, float arithmetic by 1.1e-16:
# a fraction farther than this from .5 decides the rounding whatever those moves were.
_NEAR_HALF: Final = 1e-14
_NO_DECIMALS: Final = 1e15  # at 15 significant digits such a value has no decimals left


def round_half_up(x: float, decimals: int = 2) -> float:
    """Round `x` half away from zero at `decimals` places (0 to 15): 8.225 → 8.23, 0.125 →
    0.13, 2.675 → 2.68, 5000000.005 → 5000000.01, 999999999999.995 → 1e12."""
    if x > 0.0:
        return _half_up(x, decimals)
    if x < 0.0:
        r = _half_up(-x, decimals)
        return -r if r else 0.0
    return 0.0 if x == 0.0 else x   # (NaN stays NaN)


def _half_up(ax: float, decimals: int) -> float:
    """:func:`round_half_up` of `ax` > 0 (or +0.0)."""
    if not ax < _NO_DECIMALS:  # nothing left to round (or not finite): as it is
        return ax
    scale = _SCALES[decimals]
    y = ax * scale
    if y < _FLOAT_FRACTION_EXACT:
        fraction = y % 1.0   # exact, as is y - fraction: the floor of y
        half = fraction - 0.5
        near = _NEAR_HALF * y
        if half > near or half < -near:
            return (y - fraction + 1.0 if fraction > 0.5 else y - fraction) / scale
    return _round_in_decimal(ax, decimals)


def _round_in_decimal(x: float, decimals: int) -> float:
    """The exact route: `x` at 15 significant digits, rounded half up in decimal."""
    rounded = Decimal(f"{x:.15g}").quantize(_QUANTA[decimals], context=_DECIMAL)
    return float(rounded) if rounded else 0.0


def round_score(weight: float, share: float, decimals: int) -> float:
    """分值 × share (the share held to [0, 1]), rounded half up, and never outside [0, 分值].

    Rounding could carry a score past its 分值 (1.625 × 100% → 1.63): the 分值 itself is the
    most a row can earn, so the score stops there.
    """
    weight = weight if weight > 0.0 else 0.0   # written so that NaN, too, gives 0
    share = (share if share <= 1.0 else 1.0) if share > 0.0 else 0.0
    score = _half_up(weight * share, decimals)   # (a product ≥ +0.0, or NaN)
    return weight if weight < score else score
