"""What a clerk does by hand before a recalculation, as :func:`localc.jobs.run_jobs` asks
LibreOffice to do it: insert a row, copy the row above into it, type, protect, recalculate
(and, for counting JX_ calls, a mark between steps).

:func:`edit_spec` turns an edit into the plain JSON that :mod:`localc.bridge` reads inside
LibreOffice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from workbook.cells import Formula


class InsertRows(NamedTuple):
    """Insert `count` empty rows above row `row` (1-based), as 插入行 on a selected row does:
    references, sums, merged cells, conditional formats and validations spanning it grow."""

    sheet: str
    row: int
    count: int = 1


class CopyRow(NamedTuple):
    """Copy row `source` whole onto row `target` (1-based), as copying and pasting a whole row
    does: values, formulas (their relative references moved along) and formats."""

    sheet: str
    source: int
    target: int


class SetCells(NamedTuple):
    """Type into cells (address → value), as :func:`workbook.cells.set_value` does: a number
    stays a number and text stays text (even `=10 万元`); None or blank text empties the cell;
    a :class:`workbook.cells.Formula` is entered as a formula, written as in Excel."""

    sheet: str
    cells: Mapping[str, object]


class Protect(NamedTuple):
    """Protect (`on`) or unprotect a sheet, without a password (审阅 → 保护工作表)."""

    sheet: str
    on: bool = True


class Recalculate(NamedTuple):
    """Recalculate: every formula (`full`, as Ctrl+Shift+F9 does) or only those whose inputs
    changed since the last calculation (F9)."""

    full: bool = True


class Mark(NamedTuple):
    """A line `# label` in the file where the bridge counts JX_ calls
    (:data:`localc.bridge.COUNT_ENV`): the calls after it belong to the next step."""

    label: str


Edit = InsertRows | CopyRow | SetCells | Protect | Recalculate | Mark


def typed(value: object) -> list[Any]:
    """A value of :class:`SetCells` as the bridge takes it: [kind, value].

    Raises:
        TypeError: a value that cannot be typed into a cell (a date, a list …).
    """
    if isinstance(value, Formula):
        return ["formula", str(value)]
    if value is None or (isinstance(value, str) and not value.strip()):
        return ["blank", None]
    if isinstance(value, str):
        return ["text", value]
    if isinstance(value, int | float) and not isinstance(value, bool):
        return ["number", float(value)]
    raise TypeError(f"不能在 LibreOffice 中输入这种值：{value!r}")


def edit_spec(edit: Edit) -> dict[str, Any]:
    """An edit as the bridge reads it: {"op": its kind, "sheet": …, its fields}.

    Raises:
        TypeError: an edit, or a typed value, of an unknown kind.
    """
    if isinstance(edit, SetCells):
        cells = {ref: typed(v) for ref, v in edit.cells.items()}
        return {"op": "SetCells", "sheet": edit.sheet, "cells": cells}
    if isinstance(edit, InsertRows | CopyRow | Protect | Recalculate | Mark):
        return {"op": type(edit).__name__, **edit._asdict()}
    raise TypeError(f"不认识的编辑操作：{edit!r}")
