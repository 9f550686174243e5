"""The open workbook through xlwings: reading project sheets and writing cells in few calls.

Everything here uses xlwings' public API only, so it runs the same on desktop Excel (RunPython),
in xlwings Lite and xlwings Server (the remote book, `xw.Book(json=…)`) and in tests. Two facts
of the remote engine shape it:

- it reads **values** only (formulas cannot be read synchronously), so which cells hold our
  formulas is taken from the real template (:func:`template`), and a project sheet is read from
  one values read of its block;
- writes do not change what later reads return, so an action that writes and then rebuilds
  目录 passes what it wrote along (:meth:`ProjectSheet.record`) instead of reading it back.

Cell addresses all come from :mod:`workbook.layout`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pyfuncs.engine import Form, Profile, load_profile
from pyfuncs.xlerror import is_error
from workbook import layout as L
from workbook import styles as S
from workbook.cells import FORMULA_STARTS, Formula
from workbook.formula import col_letter
from workbook.read import Grid, IndexFacts, read_form, split_ref, typed_value
from workbook.read import index_facts as read_index

Book = Any      # an xlwings Book (desktop or remote); kept loose so every engine fits
Sheet = Any     # an xlwings Sheet

# Error texts Excel shows besides the classic seven (Excel on the web and newer desktops).
_MORE_ERRORS = frozenset({"#SPILL!", "#CALC!", "#BUSY!", "#GETTING_DATA", "#DATA!", "#BLOCKED!",
                          "#CONNECT!", "#FIELD!", "#UNKNOWN!", "#PYTHON!", "#EXTERNAL!"})


def is_error_text(value: object) -> bool:
    """True for an Excel error value as xlwings hands it over with `err_to_str` (`#NAME?`)."""
    return is_error(value) or (isinstance(value, str) and value in _MORE_ERRORS)


# --- addresses -----------------------------------------------------------------------------------

def ref_of(row: int, column: int) -> str:
    return f"{col_letter(column)}{row}"


PROJECT_BLOCK = L.FORM_BLOCK
SCORE_ROW_OF = {L.indicator_cell("得分", i): i for i in range(L.ROOM)}   # H13 → 0 …
SCORE_BLOCK = L.SCORE_BLOCK


def read_block(sheet: Sheet, block: str) -> Grid:
    """One read of `block` (anchored at A1): values as shown, errors as their text."""
    return Grid(sheet.range(block).options(ndim=2, err_to_str=True).value)


# --- what the template says ---------------------------------------------------------------------

@dataclass(frozen=True)
class Template:
    """Facts about a project sheet, read from the real template's blank sheet.

    Attributes:
        formulas: addresses (within the form's block) that hold our formulas.
        fills: address → the cell's own fill as `#RRGGBB`, or None for no fill (a cell the
            layout does not describe has none).
    """

    formulas: frozenset[str]
    fills: Mapping[str, str | None]


@cache
def template() -> Template:
    """Taken once per process from the layout's description of a project sheet."""
    spec = L.project_spec(load_profile())
    formulas = frozenset(a for a, c in spec.cells.items() if c.expr is not None)
    fills = {a: colour(S.FILLS[c.look.fill]) if c.look.fill else None
             for a, c in spec.cells.items()}
    return Template(formulas, fills)


def colour(fill: Any) -> str:
    """A solid fill's colour as `#RRGGBB`."""
    return f"#{fill.fgColor.rgb[-6:]}"


# --- a project sheet -----------------------------------------------------------------------------

@dataclass
class ProjectSheet:
    """A project sheet of the open workbook, as read.

    Attributes:
        sheet: its name.
        grid: its block's values (what the cells show).
        formula_scores: indicator rows whose 得分 holds a formula, when the engine can read
            formulas (desktop); None when it cannot (the remote engine).
        written: cells this run wrote, which the remote engine's reads would not show yet.
    """

    sheet: str
    grid: Grid
    formula_scores: frozenset[int] | None = None
    written: dict[str, object] = field(default_factory=dict)

    def shown(self, ref: str) -> object:
        """What the cell shows (or will show, after this run's writes)."""
        if ref in self.written:
            value = self.written[ref]
            return None if isinstance(value, Formula) else value
        return self.grid.get(ref)

    def record(self, cells: Mapping[str, object]) -> None:
        self.written.update(cells)

    def _score_is_formula(self, ref: str) -> bool:
        if ref in self.written:
            return isinstance(self.written[ref], Formula)
        if self.formula_scores is not None:
            return SCORE_ROW_OF[ref] in self.formula_scores
        # remote: a typed score shows as typed, our formula that could not compute shows an
        # error (#NAME? where the JX_ functions are not installed, as in Excel on the web)
        return is_error_text(self.grid.get(ref))

    def typed(self, ref: str) -> object:
        """What the clerk typed at `ref` (the :data:`workbook.read.Typed` contract)."""
        if ref in SCORE_ROW_OF:
            if self._score_is_formula(ref):
                return None
        elif ref in template().formulas and (
                ref not in self.written or isinstance(self.written[ref], Formula)):
            return None     # a stated figure this run typed over our formula stays stated
        value = self.shown(ref)
        return typed_value(value, False)

    def form(self) -> Form:
        return read_form(self.typed)

    def formula_score_rows(self) -> set[int]:
        """Indicator rows whose 得分 is still our formula, i.e. shows the suggested score."""
        return {i for ref, i in SCORE_ROW_OF.items() if self._score_is_formula(ref)}

    def is_empty(self) -> bool:
        """Nothing typed yet (the template's 项目1, a sheet just added): free to fill."""
        form = self.form()
        amounts = [v for row in form.funding.amounts.values() for v in row]
        return not (form.name or form.department or form.unit or form.goal or form.outcome
                    or form.indicators or any(v is not None for v in amounts))

    @property
    def project_name(self) -> str:
        name = self.typed(L.CELLS["项目名称"])
        return "" if name is None else str(name).strip()


def _formula_scores(sheet: Sheet) -> frozenset[int] | None:
    """Rows whose 得分 is a formula, read on engines that can read formulas."""
    try:
        formulas = sheet.range(SCORE_BLOCK).options(ndim=2).formula
    except NotImplementedError:      # the remote engine reads values only
        return None
    return frozenset(i for i, row in enumerate(formulas)
                     if isinstance(row[0], str) and row[0].startswith("="))


def is_project_sheet(grid: Grid) -> bool:
    """A project sheet carries the form's title in its first cell (see project_sheet.py)."""
    first = grid.rows[0][0] if grid.rows and grid.rows[0] else None
    return isinstance(first, str) and first.strip() == L.TITLE


def project_sheets(book: Book) -> list[ProjectSheet]:
    """Every project sheet of the workbook, in tab order (the blank sheet is not one)."""
    out = []
    for sheet in book.sheets:
        if sheet.name in L.NOT_PROJECT_SHEETS:
            continue
        grid = read_block(sheet, PROJECT_BLOCK)
        if is_project_sheet(grid):
            out.append(ProjectSheet(sheet.name, grid, _formula_scores(sheet)))
    return out


def sheet_names(book: Book) -> list[str]:
    return [s.name for s in book.sheets]


def find_sheet(book: Book, name: str) -> Sheet | None:
    """The sheet called `name` (any case, as Excel compares), or None."""
    for sheet in book.sheets:
        if sheet.name.casefold() == name.casefold():
            return sheet
    return None


# --- 目录 and 选项 -------------------------------------------------------------------------------

INDEX_LAST_ROW, INDEX_BLOCK = L.INDEX_LAST_ROW, L.INDEX_BLOCK


def index_facts(book: Book) -> IndexFacts:
    """The unit and the notes of 目录 (:func:`workbook.read.index_facts`)."""
    sheet = find_sheet(book, L.INDEX_SHEET)
    if sheet is None:
        return IndexFacts()
    return read_index(read_block(sheet, INDEX_BLOCK).get, is_error_text)


def book_profile(book: Book) -> Profile:
    """The scoring profile the workbook names on its 选项 sheet, else the default.

    Raises:
        ProfileError: the named profile cannot be loaded (its message is Chinese).
    """
    sheet = find_sheet(book, L.LISTS_SHEET)
    if sheet is None:
        return load_profile()
    name = sheet.range(L.PROFILE_CELL).options(err_to_str=True).value
    if name in (None, "") or is_error_text(name):
        return load_profile()
    return load_profile(str(name).strip())


# --- writing -------------------------------------------------------------------------------------

def as_input(value: object) -> object:
    """What to hand xlwings so the cell ends up holding `value`.

    A :class:`~workbook.cells.Formula` is written as a formula; text that merely starts like
    one (`=10 万元`) gets Excel's text prefix `'` so it stays text; None clears the cell.
    """
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        if not value.strip():
            return None
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def blocks(cells: Mapping[str, object]) -> list[tuple[str, list[list[object]]]]:
    """Group cells into rectangles of neighbours: (address `B13:I27`, rows of values).

    Each row is cut into runs of adjacent columns; consecutive rows with the same run become
    one block, so a form's 75 indicator rows go out in one write.
    """
    by_row: dict[int, dict[int, object]] = {}
    for ref, value in cells.items():
        r, c = split_ref(ref)
        by_row.setdefault(r, {})[c] = value
    runs: dict[tuple[int, int], list[int]] = {}
    for r in sorted(by_row):
        columns = sorted(by_row[r])
        start = prev = columns[0]
        for c in [*columns[1:], None]:
            if c is not None and c == prev + 1:
                prev = c
                continue
            runs.setdefault((start, prev), []).append(r)
            if c is not None:
                start = prev = c
    out = []
    for (c0, c1), rows in runs.items():
        group = [rows[0]]
        for r in [*rows[1:], None]:
            if r is not None and r == group[-1] + 1:
                group.append(r)
                continue
            values = [[by_row[x][c] for c in range(c0, c1 + 1)] for x in group]
            address = f"{ref_of(group[0], c0)}:{ref_of(group[-1], c1)}"
            out.append((address, values))
            if r is not None:
                group = [r]
    out.sort(key=lambda b: split_ref(b[0].split(":")[0]))
    return out


def write_cells(sheet: Sheet, cells: Mapping[str, object]) -> int:
    """Write `cells` (address → value or Formula) in as few calls as blocks allow.

    A block holding a formula goes through `.formula`, any other through `.value`.

    Returns:
        How many write calls were made.
    """
    made = 0
    for address, rows in blocks(cells):
        prepared = [[as_input(v) for v in row] for row in rows]
        rng = sheet.range(address)
        if any(isinstance(v, Formula) for row in rows for v in row):
            rng.formula = prepared
        else:
            rng.value = prepared
        made += 1
    return made


def show_rows(sheet: Sheet, rows: range, hidden: Sequence[int]) -> None:
    """Show every row of `rows` but the `hidden` ones (a run at the end), in two calls: so a
    project prints only its used indicator rows, and 汇总 only its project lines."""
    sheet.range(f"{ref_of(rows[0], 1)}:{ref_of(rows[-1], 1)}").rows.hidden = False
    if hidden:
        sheet.range(f"{ref_of(hidden[0], 1)}:{ref_of(hidden[-1], 1)}").rows.hidden = True


def show_used_rows(sheet: Sheet, project: ProjectSheet) -> None:
    """The project's indicator rows in use show and print, the rest are hidden."""
    show_rows(sheet, L.indicator_rows(), L.unused_rows(len(project.form().indicators)))


def paint(sheet: Sheet, colours: Mapping[str, str | None]) -> None:
    """Set the fill of each cell (`#RRGGBB`, or None for no fill) in one call per sheet."""
    if not colours:
        return
    cells = {ref: split_ref(ref) for ref in colours}
    r0 = min(r for r, _ in cells.values())
    r1 = max(r for r, _ in cells.values())
    c0 = min(c for _, c in cells.values())
    c1 = max(c for _, c in cells.values())
    matrix: list[list[object]] = [[...] * (c1 - c0 + 1) for _ in range(r1 - r0 + 1)]
    for ref, (r, c) in cells.items():
        matrix[r - r0][c - c0] = colours[ref]
    sheet.range(f"{ref_of(r0, c0)}:{ref_of(r1, c1)}").set_colors(matrix)
