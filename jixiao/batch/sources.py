"""Finding the forms in the inputs of a batch job: data files, our filled workbooks, and
forms in the official layout made by someone else."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from pyfuncs.engine import WARNING, Finding, Form, FormResult
from pyfuncs.engine.findings import Located
from pyfuncs.engine.record import field, record
from services.formats import Place, open_data
from services.untrusted import Checked, UntrustedFileError, read_checked, unreadable
from workbook import layout as L
from workbook.foreign import FUNDING, read_foreign
from workbook.numformats import PercentCells, show_percents
from workbook.read import (
    TEXT_COLUMNS,
    Grid,
    index_facts,
    is_index_sheet,
    is_project_sheet,
    is_text_cell,
    read_form,
    split_ref,
    typed_value,
)

DATA_SHEETS = {"项目", "指标"}


NOT_READ = L.NOT_PROJECT_SHEETS - {L.INDEX_SHEET}
"""Sheets of our own workbooks that audit does not read (measured only if it reads them)."""


class ValuesBook:
    """A workbook's cell values, sheet by sheet, as python-calamine reads them (fast, native),
    from the very bytes the size check passed (:class:`services.untrusted.Checked`); a sheet
    the check skipped is measured before it is read.

    python-calamine has no wheel for every platform (Pyodide, i.e. xlwings Lite, has none on
    PyPI), so it is optional: without it openpyxl reads the values (read-only, cached values),
    with empty cells as calamine gives them (`""`).
    """

    def __init__(self, checked: Checked) -> None:
        self.checked = checked
        try:
            from python_calamine import CalamineWorkbook
        except ImportError:
            from openpyxl import load_workbook

            self._openpyxl = load_workbook(checked.stream(), read_only=True, data_only=True)
            self._calamine = None
            self.sheet_names = list(self._openpyxl.sheetnames)
        else:
            self._calamine = CalamineWorkbook.from_filelike(checked.stream())
            self.sheet_names = list(self._calamine.sheet_names)
        self.percents = PercentCells(checked.data)

    def grid(self, name: str) -> list[list[object]]:
        """The sheet's values from A1, row by row.

        Raises:
            UntrustedFileError: a sheet the check skipped is too large to read.
        """
        self.checked.sheet(name, exact=False)
        if self._calamine is not None:
            return self._calamine.get_sheet_by_name(name).to_python(skip_empty_area=False)
        rows = self._openpyxl[name].iter_rows(min_row=1, min_col=1, values_only=True)
        return [["" if v is None else v for v in row] for row in rows]


@record
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


@record
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


def _data_forms(path: Path) -> tuple[Found, Iterator[FoundForm]]:
    """A data file: checked through first (its problems and unit), then its forms one at a time."""
    stream = open_data(path)
    forms = (FoundForm(f, path.name, "", _data_cell, True) for f in stream.forms())
    return Found(problems=list(stream.problems), unit=stream.unit), forms


def find_forms(path: Path) -> Found:
    """The forms in one input, read as values (what a reviewer sees): never raises."""
    found, forms = open_forms(path)
    found.forms = list(forms)
    return found


def open_forms(path: Path) -> tuple[Found, Iterator[FoundForm]]:
    """:func:`find_forms`, with the forms given one at a time: a data file's are read as they
    are asked for, so a 10,000-project file is never held whole. Opening never raises (a bad
    project of a data file is one of its problems, the others go on)."""
    path = Path(path)
    if is_data_file(path):
        return _data_forms(path)
    try:
        book = ValuesBook(read_checked(path, skip=NOT_READ, exact=False))
    except UntrustedFileError as exc:
        return Found(problems=[Place(path.name).problem(str(exc))]), iter(())
    except Exception as exc:  # the reader's errors for files it cannot parse
        return Found(problems=[Place(path.name).problem(unreadable(exc))]), iter(())
    sheets = list(book.sheet_names)
    if is_data_file(path, sheets):
        return _data_forms(path)
    found = _book_forms(path, book, sheets)
    forms, found.forms = found.forms, []
    return found, iter(forms)


def _book_forms(path: Path, book: ValuesBook, sheets: list[str]) -> Found:
    """The forms on a workbook's sheets: ours read by address, others' by their labels."""
    found = Found()
    index = None
    if L.INDEX_SHEET in sheets:
        try:
            index = Grid(book.grid(L.INDEX_SHEET))
        except Exception as exc:
            found.problems.append(Place(path.name, L.INDEX_SHEET).problem(unreadable(exc), "",
                                                                           WARNING))
    ours = index is not None and is_index_sheet(index.get)    # live, or a values-only copy
    for name in sheets:
        if ours and name in L.NOT_PROJECT_SHEETS:
            continue
        try:
            grid = book.grid(name)
            _add_form(found, grid, path.name, name, book.percents)
        except UntrustedFileError as exc:
            found.problems.append(Place(path.name, name).problem(str(exc)))
        except Exception as exc:
            found.problems.append(Place(path.name, name).problem(unreadable(exc)))
    if ours and index is not None:
        facts = index_facts(index.get)
        found.unit = facts.unit
        for ff in found.forms:
            ff.form.note = facts.note(ff.sheet, ff.form.name)
    if not found.forms and not found.problems:
        found.problems.append(Place(path.name).problem("没有找到项目支出绩效自评表。", "", WARNING))
    return found


def _add_form(found: Found, grid: list[list[object]], file: str, sheet: str,
              percents: PercentCells) -> None:
    """The form on one sheet, if there is one: ours read by address, others by their labels."""
    cells = Grid(grid)
    if is_project_sheet(cells.get):
        if _texts_hold_numbers(grid):
            show_percents(cells.rows, {rc for rc in percents.of(sheet) if is_text_cell(*rc)})
        form = read_form(_grid_typed(cells), _grid_rows(cells))
        if form.name or form.indicators:
            found.forms.append(FoundForm(form, file, sheet, L.finding_cell))
        return
    foreign = read_foreign(grid)
    if foreign is not None and any(
            _is_number(v) for ind in foreign.form.indicators
            for v in (ind.target, ind.actual)):      # maybe a 95% stored as 0.95
        foreign = read_foreign(show_percents(grid, percents.of(sheet)))
    if foreign is not None and (foreign.form.name or foreign.form.indicators):
        found.forms.append(FoundForm(foreign.form, file, sheet, foreign.cell_of,
                                     missing=foreign.missing))


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _texts_hold_numbers(grid: list[list[object]]) -> bool:
    """Whether a 年度指标值 or 实际完成值 cell of our sheet holds a number (maybe a 95%)."""
    for row in grid[L.FIRST_ROW - 1:L.LAST_ROW]:
        for v in row[_TEXT_FROM:_TEXT_TO]:
            if type(v) is float or type(v) is int:
                return True
    return False


_TEXT_FROM, _TEXT_TO = min(TEXT_COLUMNS) - 1, max(TEXT_COLUMNS)     # side by side (tested)


def _grid_value(v: object) -> object:
    """A calamine value as typed input (:func:`workbook.read.typed_value`): calamine reads
    every number as a float, and a blank cell as ""."""
    kind = type(v)
    if kind is str:
        return typed_value(v, False)
    if kind is float:
        return int(v) if v.is_integer() else v
    return v


def _grid_typed(cells: Grid):
    """Read cells of a calamine values grid by address, for :func:`read_form`."""

    rows = cells.rows

    def typed(ref: str) -> object:          # Grid.get inlined: ~40 cells a form
        r, c = split_ref(ref)
        try:
            return _grid_value(rows[r - 1][c - 1])
        except IndexError:
            return None

    return typed


_INDICATOR_COLUMNS = tuple(split_ref(L.indicator_cell(f, 0))[1] - 1 for f in L.INDICATOR_COLUMN_OF)
_FROM, _TO = min(_INDICATOR_COLUMNS), max(_INDICATOR_COLUMNS) + 1
_CONTIGUOUS = tuple(range(_FROM, _TO)) == _INDICATOR_COLUMNS
_PICK = None if _CONTIGUOUS else [c - _FROM for c in _INDICATOR_COLUMNS]
_NOTHING = (None,) * len(_INDICATOR_COLUMNS)


def _grid_rows(cells: Grid):
    """The indicator rows of a calamine values grid, row by row (600 cells a form: an empty
    row, most of them, costs one slice and one count)."""
    rows, first, width = cells.rows, L.FIRST_ROW - 1, _TO - _FROM

    def row_values(i: int):
        try:
            values = rows[first + i][_FROM:_TO]
        except IndexError:
            return _NOTHING
        if values.count("") == width:
            return _NOTHING
        values += [""] * (width - len(values))
        if _PICK is not None:
            values = [values[k] for k in _PICK]
        return [_grid_value(v) for v in values]

    return row_values
