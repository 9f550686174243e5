"""The bridge as LibreOffice's Python calls it: Calc's arguments in, Calc's values and errors out."""

from __future__ import annotations

import math
import struct

from localc.bridge import call


def _payload(x: float) -> int:
    assert math.isnan(x)
    return struct.unpack("<Q", struct.pack("<d", x))[0] & 0xFFFF


def test_call_converts_like_a_cell() -> None:
    assert call("JX_SCORE", ("≥20 次", 15, 10, None), "1110") == 7.5
    assert call("JX_EXEC_RATE", (None, None, None), "110") == ""
    assert _payload(call("JX_EXEC_RATE", (5, 0, None), "110")) == 532  # #DIV/0!
    column = call("JX_SCORES", ((("≥20 次",), ("效果明显",)), ((15,), ("达成预期指标",)),
                                10, None), "1110")
    assert column == ((7.5,), (10.0,))
