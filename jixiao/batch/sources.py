"""Finding the forms in the inputs of a batch job: data files, our filled workbooks, and
forms in the official layout made by someone else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyfuncs.engine import WARNING, Finding, Form, FormResult
from pyfuncs.engine.findings import Located
from services.formats import DataSet, Place, read_data
from services.untrusted import UntrustedFileError, check_workbook
from workbook import layout as L
from workbook.foreign import FUNDING, read_foreign
from workbook.read import Grid, read_form, typed_value

DATA_SHEETS = {"项目", "指标"}


class ValuesBook:
    """A workbook's cell values, sheet by sheet, as python-calamine reads them (fast, native).

    python-calamine has no wheel for every platform (Pyodide, i.e. xlwings Lite, has none on
    PyPI), so it is optional: without it openpyxl reads the values (read-only, cached values),
    with empty cells as calamine gives them (`""`).
    """

    def __init__(self, path: Path) -> None:
        try:
            from python_calamine import CalamineWorkbook
        except ImportError:
            from openpyxl import load_workbook

            self._openpyxl = load_workbook(path, read_only=True, data_only=True)
            self._calamine = None
            self.sheet_names = list(self._openpyxl.sheetnames)
        else:
            self._calamine = CalamineWorkbook.from_path(str(path))
            self.sheet_names = list(self._calamine.sheet_names)

    def grid(self, name: str) -> list[list[object]]:
        """The sheet's values from A1, row by row."""
        if self._calamine is not None:
            return self._calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
        rows = self._openpyxl[name].iter_rows(min_row=1, min_col=1, values_only=True)
        return [["" if v is None else v for v in row] for row in rows]


@dataclass
class FoundForm:
    """One form found in an input, and how to name a cell of it in a finding."""

    form: Form
    file: str
    sheet: str
    cell_of: Callable[[str, int | None], str]
    blank_is_suggested: bool = False     # data files: a blank 得分 means the suggested score
    missing: dict[str, Finding] = field(default_factory=dict)   # blocks the reader did not find

    def findings(self, result: FormResult) -> list[Finding]:
        """What to report for this form: the blocks that could not be read first, then the
        engine's findings that do not rest on them — with the funding block missing, only the
        rows' own; with a column or the table missing, none."""
        if not self.missing:
            return list(result.findings)
        kept = [] if set(self.missing) - {FUNDING} else [f for f in result.findings
                                                         if f.row is not None]
        return [*self.missing.values(), *kept]


@dataclass
class Found:
    """Everything found in one input file."""

    forms: list[FoundForm] = field(default_factory=list)
    problems: list[Located] = field(default_factory=list)
    unit: str = ""


def _data_cell(field_: str, row: int | None) -> str:
    return f"第 {row + 1} 行指标 {field_}" if row is not None else field_


def is_data_file(path: Path, sheets: list[str] | None = None) -> bool:
    if path.suffix.lower() in (".json", ".yaml", ".yml"):
        return True
    return sheets is not None and set(sheets) >= DATA_SHEETS


def from_data(data: DataSet, file: str) -> Found:
    return Found([FoundForm(f, file, "", _data_cell, True) for f in data.forms], data.problems,
                 data.unit)


def find_forms(path: Path) -> Found:
    """The forms in one input, read as values (what a reviewer sees): never raises."""
    path = Path(path)
    if is_data_file(path):
        return from_data(read_data(path), path.name)
    try:
        check_workbook(path)
        book = ValuesBook(path)
    except UntrustedFileError as exc:
        return Found(problems=[Place(path.name).problem(str(exc))])
    except Exception as exc:  # the reader's errors for files it cannot parse
        return Found(problems=[Place(path.name).problem(f"无法读取：{exc}")])
    sheets = book.sheet_names
    if is_data_file(path, sheets):
        return from_data(read_data(path), path.name)
    found = Found()
    ours = L.CONF_SHEET in sheets and L.INDEX_SHEET in sheets
    for name in sheets:
        if ours and name in L.NOT_PROJECT_SHEETS:
            continue
        try:
            grid = book.grid(name)
        except Exception as exc:
            found.problems.append(Place(path.name, name).problem(f"无法读取：{exc}"))
            continue
        if ours:
            form = read_form(_grid_typed(grid))
            if form.name or form.indicators:
                found.forms.append(FoundForm(form, path.name, name, L.finding_cell))
        else:
            foreign = read_foreign(grid)
            if foreign is not None and (foreign.form.name or foreign.form.indicators):
                found.forms.append(FoundForm(foreign.form, path.name, name, foreign.cell_of,
                                             missing=foreign.missing))
    if ours and L.INDEX_SHEET in sheets:
        index = book.grid(L.INDEX_SHEET)
        found.unit = str(index[0][0]) if index and index[0] and index[0][0] else ""
    if not found.forms and not found.problems:
        found.problems.append(Place(path.name).problem("没有找到项目支出绩效自评表。", "", WARNING))
    return found


def _grid_typed(grid: list[list[object]]):
    """Read cells of a values grid (:class:`ValuesBook`) by address, for :func:`read_form`."""
    cells = Grid(grid)

    def typed(ref: str) -> object:
        v = cells.get(ref)
        if isinstance(v, float) and v.is_integer():     # calamine reads every number as a float
            v = int(v)
        return typed_value(v, False)

    return typed
