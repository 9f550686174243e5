"""The vocabulary of a sheet's description: what each cell is, how it looks, how it prints.

A :class:`SheetSpec` holds every cell of a sheet that is not blank — its role, its label text,
the logical field a clerk types, or its formula as a tree (:mod:`workbook.formula`) — with its
look and number format, and the sheet's merges, widths, heights, validations, conditional
formats and print set-up. The openpyxl builder writes a sheet from it
(:mod:`workbook.sheet_writer`); cached values are computed from the same trees.
"""

from __future__ import annotations

from typing import Any

from pyfuncs.engine.record import field as default
from pyfuncs.engine.record import record, replace

from ..formula import Expr, Ref, Span, parse_ref

LABEL, INPUT, FORMULA, HELPER = "label", "input", "formula", "helper"
"""Roles: printed text; a cell a clerk types into; a formula of the form; a formula or label
outside the print area that helps the clerk."""


@record(frozen=True)
class Look:
    """How a cell looks: names of the font, fill and alignment in :mod:`workbook.styles`, a thin
    grid border or none, and whether it stays locked when the sheet is protected."""

    font: str | None = None
    fill: str | None = None
    align: str | None = None
    border: bool = False
    locked: bool | None = None

    def but(self, **changes: Any) -> Look:
        return replace(self, **changes)


@record
class Cell:
    """One cell of the description.

    Attributes:
        role: :data:`LABEL`, :data:`INPUT`, :data:`FORMULA` or :data:`HELPER`.
        value: a label's text or a constant (the funding 分值's default).
        field: the logical field an input holds (`项目名称`, `资金.本年财政拨款.全年预算数`…).
        expr: the formula, as a tree.
        look: fonts, fill, alignment, border, lock.
        number_format: Excel's number format, or None for General.
    """

    role: str = LABEL
    value: Any = None
    field: str | None = None
    expr: Expr | None = None
    look: Look = default(default_factory=Look)
    number_format: str | None = None


@record(frozen=True)
class Validation:
    """A data validation on a span: a list behind a defined name, or a number check."""

    span: str
    kind: str                       # "list" or "decimal"
    formula: str                    # the list's defined name, or the bound
    operator: str | None = None
    title: str | None = None
    message: str | None = None


@record(frozen=True)
class Conditional:
    """A conditional format: where, the condition as a tree, the look when it holds."""

    span: str
    condition: Expr
    fill: str
    font: str | None = None
    stop: bool = False


@record(frozen=True)
class PageSetup:
    """How a sheet prints."""

    area: str | None = None
    title_rows: tuple[int, int] | None = None
    landscape: bool = True
    centered: bool = False
    margins: tuple[float, float, float, float, float, float] | None = None   # l r t b h f
    footer: str | None = None
    zoom: int | None = None                 # on screen
    scale: int | None = None                # print scale (%); None: scaled to one page wide
    first_page_number: int | None = None    # numbering restarts on this sheet (1: per sheet)
    breaks: tuple[int, ...] = ()            # a page ends after each of these rows


@record(frozen=True)
class Locking:
    """Sheet protection (no password) and what a clerk may still do."""

    sheet: bool = True
    insert_rows: bool | None = None        # None: Excel's default (not allowed)
    delete_rows: bool | None = None
    format_rows: bool | None = None
    format_columns: bool | None = None
    format_cells: bool | None = None


@record(eq=False)       # one spec is one sheet: compared and hashed by identity
class SheetSpec:
    """Every non-blank cell of a sheet and the sheet's own settings."""

    cells: dict[str, Cell] = default(default_factory=dict)
    merges: list[str] = default(default_factory=list)
    widths: dict[str, float] = default(default_factory=dict)
    heights: dict[int, float] = default(default_factory=dict)
    validations: list[Validation] = default(default_factory=list)
    conditionals: list[Conditional] = default(default_factory=list)
    page: PageSetup = default(default_factory=PageSetup)
    locking: Locking | None = default(default_factory=Locking)
    freeze: str | None = None
    hidden: bool = False
    hidden_rows: tuple[int, ...] = ()       # rows that neither show nor print

    def put(self, ref: str | Ref, **attrs: Any) -> Cell:
        """Set attributes of the cell at `ref` (created blank if new); a `look` given as a
        dict changes only the named parts of the cell's look."""
        address = ref.address if isinstance(ref, Ref) else ref
        cell = self.cells.setdefault(address, Cell())
        look = attrs.pop("look", None)
        if isinstance(look, dict):
            cell.look = cell.look.but(**look)
        elif look is not None:
            cell.look = look
        for k, v in attrs.items():
            setattr(cell, k, v)
        return cell

    def merge(self, span: str | Span) -> None:
        self.merges.append(span.address if isinstance(span, Span) else span)

    def formulas(self) -> dict[tuple[int, int], Expr]:
        """(row, col) → formula tree, for evaluation."""
        out = {}
        for address, cell in self.cells.items():
            if cell.expr is not None:
                r = parse_ref(address)
                out[(r.row, r.col)] = cell.expr
        return out

    def constants(self) -> dict[str, Any]:
        """Address → value of every cell that holds a value of its own (labels, defaults)."""
        return {a: c.value for a, c in self.cells.items() if c.expr is None and c.value is not None}


def span(first: str, last: str) -> Span:
    """`span("G13", "G87")`: the layout's shorthand for a span of this sheet."""
    return parse_ref(first).to(parse_ref(last))
