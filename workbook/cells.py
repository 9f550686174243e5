"""Writing one value into one cell, the way every writer in the project must."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:                   # openpyxl loads only where a workbook is written
    from openpyxl.cell.cell import Cell

_UNWRITABLE = re.compile(r"[\000-\010\013\014\016-\037]")
"""The control characters an .xlsx cannot hold (the ones openpyxl refuses to write)."""

FORMULA_STARTS = ("=", "+", "-", "@")


class Formula(str):
    """One of our formulas, as opposed to a clerk's text that merely starts with `=`.

    Made from a formula tree (:meth:`of`), it keeps the tree in `expr`, so the value it shows
    can be computed from the very thing that was written.
    """

    expr: Any = None

    @classmethod
    def of(cls, expr: Any) -> Formula:
        """The Excel text of a :class:`workbook.formula.Expr`, carrying the tree."""
        formula = cls(expr.formula())
        formula.expr = expr
        return formula


def writable(text: str) -> str:
    """`text` without the control characters a workbook cannot hold (a data file or a
    received workbook's `_x0001_` may carry them): every text written to a cell goes through
    here, so one stray character never costs a whole file."""
    return _UNWRITABLE.sub("", text)


def has_unwritable(text: object) -> bool:
    """Whether `text` holds characters :func:`writable` would drop."""
    return isinstance(text, str) and _UNWRITABLE.search(text) is not None


def set_value(cell: Cell, value: object) -> None:
    """Put a value in a cell: a :class:`Formula` as a formula, anything else as a value.

    Text stays text even when it starts like a formula (`=10 万元`); blank text is empty.
    """
    if isinstance(value, Formula):
        cell.value = str(value)
        return
    if isinstance(value, str):
        value = writable(value)
        value = value if value.strip() else None
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
