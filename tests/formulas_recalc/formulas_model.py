"""Recalculate an openpyxl-written workbook with the `formulas` package, JX_ functions included.

Tests type values into input cells the way a clerk would and read back what the formula cells
show, without Excel::

    book = FormulasWorkbook("form.xlsx")
    book.calculate({("项目1", "C6"): 45, ("项目1", "D6"): 9.12}, [("项目1", "E6")])
    # {("项目1", "E6"): 0.20266666666666666}

Values come back as plain Python: float, str, bool, None for a blank cell, and Excel errors as
:mod:`pyfuncs.xlerror` values (a `str` equal to "#DIV/0!", with `.code`).

The JX_ functions get what xlwings hands them on Windows: a blank cell as None, a number as
float, an error as its :class:`~pyfuncs.xlerror.XlError`, a multi-cell range as a 2-D list.
Their "" stays an empty string; their error values become `formulas`' own, so IFERROR catches
them and they propagate through other formulas.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

import formulas
import numpy as np
import schedula as sh
from formulas.excel import BOOK
from formulas.functions import Array, get_functions, wrap_func
from formulas.ranges import Ranges
from formulas.tokens.operand import Error
from formulas.tokens.operand import XlError as EngineError
from openpyxl.utils import get_column_letter

from pyfuncs import udfs, xlerror

CellRef = tuple[str, str]
"""(sheet name as on its tab, cell address such as "E10")."""

_ADDRESS = re.compile(r"[A-Za-z]{1,3}[1-9][0-9]*")


# --- values between the engine, our functions and the tests ------------------------------------

def _python(value: Any) -> Any:
    """One engine value as a plain Python value (what xlwings would pass, what tests read)."""
    if value is sh.EMPTY or value is None:
        return None
    if isinstance(value, EngineError):
        return xlerror.ERRORS.get(str(value), str(value))
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.number):
        return float(value)
    return value


def _engine(value: Any) -> Any:
    """One Python value as the engine stores it: our error values become its own."""
    return Error.errors[str(value)] if isinstance(value, xlerror.XlError) else value


def _argument(value: Any) -> Any:
    """A worksheet-function argument as xlwings passes it: a scalar, or a 2-D list for a range."""
    cells = np.asarray(value, dtype=object)
    if cells.size == 1:
        return _python(cells.reshape(-1)[0])
    return [[_python(v) for v in row] for row in np.atleast_2d(cells)]


def _result(value: Any) -> Array:
    """A worksheet function's answer (a value or a 2-D list) as an engine array."""
    rows = value if isinstance(value, list) else [[value]]
    rows = [row if isinstance(row, list | tuple) else [row] for row in rows]
    return np.asarray([[_engine(v) for v in row] for row in rows], dtype=object).view(Array)


# --- registering the JX_ functions ---------------------------------------------------------------

def jx_functions(module: ModuleType = udfs) -> dict[str, Callable[..., Any]]:
    """Every public function of `module` whose name starts with JX_, by upper-case name."""
    return {name.upper(): fn for name, fn in inspect.getmembers(module, callable)
            if name.startswith("JX_")}


def as_worksheet_function(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap one of our functions so the `formulas` engine can call it from a cell.

    `formulas.functions.wrap_func` hands over each referenced range as a 2-D numpy array and
    turns an unexpected exception into #VALUE!.
    """
    def call(*args: Any) -> Array:
        return _result(fn(*(_argument(a) for a in args)))

    call.__name__ = call.__qualname__ = fn.__name__
    return wrap_func(call)


def register_jx_functions(module: ModuleType = udfs) -> list[str]:
    """Make every JX_ function of `module` a worksheet function of `formulas`.

    Call before loading a workbook: `formulas` resolves function names while parsing. The
    registry is global and registering again is harmless.

    Returns:
        The registered names, sorted.
    """
    found = jx_functions(module)
    get_functions().update({name: as_worksheet_function(fn) for name, fn in found.items()})
    return sorted(found)


# --- a workbook ---------------------------------------------------------------------------------

class FormulasWorkbook:
    """An .xlsx/.xlsm loaded once into a `formulas` model, recalculated on demand.

    Each calculation starts from the values saved in the file: what one call types does not
    carry over to the next.
    """

    def __init__(self, path: str | Path) -> None:
        register_jx_functions()
        self.path = Path(path).resolve()
        self.model = formulas.ExcelModel().loads(str(self.path)).finish()
        book = self.model.books[self.path.name.upper()][BOOK]
        self.sheet_names: tuple[str, ...] = tuple(book.sheetnames)
        self._titles = {name.upper(): name for name in self.sheet_names}
        self._formula_cells = self._find_formula_cells()

    def key(self, sheet: str, cell: str) -> str:
        """The engine's name for a cell, e.g. `'[form.xlsx]项目1'!E10` (sheet upper-cased)."""
        if sheet.upper() not in self._titles:
            raise KeyError(f"{self.path.name} has no sheet {sheet!r}")
        if not _ADDRESS.fullmatch(cell):
            raise ValueError(f"not a single-cell address: {cell!r}")
        context = {"directory": "", "filename": self.path.name, "sheet": sheet}
        return Ranges.get_range(cell, context)["name"]

    def calculate(self, inputs: Mapping[CellRef, Any],
                  outputs: Iterable[CellRef]) -> dict[CellRef, Any]:
        """Type `inputs` into their cells, recalculate, and read the `outputs` cells.

        Args:
            inputs: values to type; None or "" leaves the cell blank, a string equal to an
                Excel error (such as "#N/A") enters that error, numbers are entered as floats.
            outputs: the cells to read; a cell inside an array formula reads its part.

        Returns:
            Each output cell's value: float, str, bool, None (blank) or an XlError.
        """
        where = {ref: self._locate(ref) for ref in outputs}
        keys = list({key for key, _, _ in where.values()})
        solution = self.model.calculate(inputs=self._typed(inputs), outputs=keys)
        return {ref: self._read(solution, key)[i][j] for ref, (key, i, j) in where.items()}

    def calculate_all(self, inputs: Mapping[CellRef, Any] | None = None) -> dict[CellRef, Any]:
        """Recalculate the whole workbook and return the value of every formula cell.

        An array formula contributes each cell of its range.
        """
        solution = self.model.calculate(inputs=self._typed(inputs or {}))
        return {ref: self._read(solution, key)[i][j]
                for ref, (key, i, j) in self._formula_cells.items()}

    def _find_formula_cells(self) -> dict[CellRef, tuple[str, int, int]]:
        """Every formula cell: its engine output and its row and column within that output."""
        found = {}
        for cell in self.model.cells.values():
            if cell.func and cell.range:  # defined names have no range
                rng = cell.range.ranges[0]
                top, left = int(rng["r1"]), int(rng["n1"])
                for row in range(top, int(rng["r2"]) + 1):
                    for col in range(left, int(rng["n2"]) + 1):
                        ref = (self._titles[rng["sheet"]], f"{get_column_letter(col)}{row}")
                        found[ref] = (cell.output, row - top, col - left)
        return found

    def _locate(self, ref: CellRef) -> tuple[str, int, int]:
        """Where a cell's value is: an engine name and a row and column within its value."""
        key = self.key(*ref)
        return self._formula_cells.get((self._titles[ref[0].upper()], ref[1].upper()), (key, 0, 0))

    def _typed(self, inputs: Mapping[CellRef, Any]) -> dict[str, Any]:
        """Inputs as the engine takes them, keyed by engine names."""
        def typed(value: Any) -> Any:
            if value is None or value == "":
                return [[sh.EMPTY]]
            if isinstance(value, int) and not isinstance(value, bool):
                return float(value)
            if isinstance(value, str):  # Excel reads a typed "#N/A" as the error
                return _engine(xlerror.ERRORS.get(value, value))
            return value

        return {self.key(*ref): typed(value) for ref, value in inputs.items()}

    def _read(self, solution: Mapping[str, Any], key: str) -> list[list[Any]]:
        """A computed cell or range as rows of plain values; None for an untouched blank cell."""
        if key not in solution:
            if key in self.model.dsp.nodes:
                raise RuntimeError(f"formulas did not compute {key} (see its log)")
            return [[None]]
        value = getattr(solution[key], "value", solution[key])
        return [[_python(v) for v in row] for row in np.atleast_2d(np.asarray(value, object))]
