"""Writing one value into one cell, the way every writer in the project must."""

from __future__ import annotations

from openpyxl.cell.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@")


class Formula(str):
    """One of our formulas, as opposed to a clerk's text that merely starts with `=`."""


def set_value(cell: Cell, value: object) -> None:
    """Put a value in a cell: a :class:`Formula` as a formula, anything else as a value.

    Text stays text even when it starts like a formula (`=10 万元`); blank text is empty.
    """
    if isinstance(value, Formula):
        cell.value = str(value)
        return
    if isinstance(value, str):
        value = value if value.strip() else None
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
