"""HYPERLINK: a cell that shows its friendly text and jumps to its target."""

from __future__ import annotations

from typing import Any


def HYPERLINK(target: Any, friendly: Any = None) -> Any:
    return target if friendly is None else friendly


FUNCTIONS = {"HYPERLINK": HYPERLINK}
