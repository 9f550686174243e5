"""ISNUMBER: true only for a number (not for numeric text, a truth value or a blank)."""

from __future__ import annotations

from typing import Any

from ..values import elementwise, is_number


@elementwise
def ISNUMBER(value: Any) -> bool:
    return is_number(value)


FUNCTIONS = {"ISNUMBER": ISNUMBER}
