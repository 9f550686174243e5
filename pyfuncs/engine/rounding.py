"""Rounding as the printed forms do it: half up, not Python's half to even."""

from __future__ import annotations

import math

_SCALES = [10.0**n for n in range(10)]


def round_half_up(x: float, decimals: int = 2) -> float:
    """Round `x` half away from zero at `decimals` places: 8.225 → 8.23, 0.125 → 0.13.

    A product such as 10 × 0.8225 can land a hair below 8.225 in binary; a value within a
    billionth (relative) of the half is taken as the half, so it rounds up as it does on paper.
    """
    if not abs(x) < 1e15:  # too large to carry decimals (or not finite): nothing to round
        return x
    scale = _SCALES[decimals]
    y = abs(x) * scale + 0.5
    r = math.floor(y)
    if r + 1 - y < 1e-9 * max(1.0, y):
        r += 1
    if r == 0:
        return 0.0
    return r / scale if x > 0 else -r / scale
