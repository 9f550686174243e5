"""The nodes of a formula: literals, references, spans, defined names, function calls and
operators — each printing itself as Excel writes it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pyfuncs.engine.record import record

_ADDRESS = re.compile(r"^(\$?)([A-Z]{1,3})(\$?)([1-9][0-9]*)$")

# Excel's operator precedence, loosest first (a child that binds looser gets brackets).
PRECEDENCE = {"=": 1, "<>": 1, "<": 1, ">": 1, "<=": 1, ">=": 1, "&": 2, "+": 3, "-": 3,
              "*": 4, "/": 4}


@lru_cache(maxsize=256)
def col_letter(col: int) -> str:
    """1 → `A`, 28 → `AB`."""
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@lru_cache(maxsize=256)
def col_number(letters: str) -> int:
    """`A` → 1, `AB` → 28."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def quote_sheet(sheet: str) -> str:
    """A sheet as a formula names it: always quoted, apostrophes doubled."""
    return "'" + sheet.replace("'", "''") + "'"


class Expr:
    """A formula node. `render()` is its Excel text (without `=`)."""

    precedence = 9

    def render(self) -> str:
        raise NotImplementedError

    def formula(self) -> str:
        """The text a cell holds: `=` and the expression."""
        return "=" + self.render()

    # operators, so the layout reads like the formula it describes
    def __add__(self, other: Any) -> Op:
        return Op("+", self, lit(other))

    def __sub__(self, other: Any) -> Op:
        return Op("-", self, lit(other))

    def __truediv__(self, other: Any) -> Op:
        return Op("/", self, lit(other))

    def __mul__(self, other: Any) -> Op:
        return Op("*", self, lit(other))

    def __and__(self, other: Any) -> Op:
        return Op("&", self, lit(other))

    def eq(self, other: Any) -> Op:
        return Op("=", self, lit(other))

    def gt(self, other: Any) -> Op:
        return Op(">", self, lit(other))

    def ne(self, other: Any) -> Op:
        return Op("<>", self, lit(other))


def lit(value: Any) -> Expr:
    """A node for `value`: nodes stay, Python values become literals."""
    return value if isinstance(value, Expr) else Lit(value)


@record(frozen=True)
class Lit(Expr):
    """A number, a text or a truth value written into the formula."""

    value: float | int | str | bool

    def render(self) -> str:
        v = self.value
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, str):
            return '"' + v.replace('"', '""') + '"'
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        return repr(v)


@record(frozen=True)
class Ref(Expr):
    """One cell: row and column numbers, optionally on another sheet, optionally `$`-fixed."""

    row: int
    col: int
    sheet: str | None = None
    abs_row: bool = False
    abs_col: bool = False

    @property
    def address(self) -> str:
        """`H13`, without sheet or `$`."""
        return f"{col_letter(self.col)}{self.row}"

    def fixed(self) -> Ref:
        """The same cell as `$H$13`."""
        return Ref(self.row, self.col, self.sheet, True, True)

    def on(self, sheet: str) -> Ref:
        return Ref(self.row, self.col, sheet, self.abs_row, self.abs_col)

    def to(self, other: Ref) -> Span:
        return Span(self, other)

    def offset(self, rows: int = 0, cols: int = 0) -> Ref:
        return Ref(self.row + rows, self.col + cols, self.sheet, self.abs_row, self.abs_col)

    def local(self) -> str:
        return (("$" if self.abs_col else "") + col_letter(self.col)
                + ("$" if self.abs_row else "") + str(self.row))

    def render(self) -> str:
        prefix = quote_sheet(self.sheet) + "!" if self.sheet else ""
        return prefix + self.local()


@record(frozen=True)
class Span(Expr):
    """A rectangle of cells, `first:last`, on the first cell's sheet."""

    first: Ref
    last: Ref

    def render(self) -> str:
        return self.first.render() + ":" + self.last.local()

    def on(self, sheet: str) -> Span:
        return Span(self.first.on(sheet), self.last.on(sheet))

    def fixed(self) -> Span:
        return Span(self.first.fixed(), self.last.fixed())

    @property
    def address(self) -> str:
        return f"{self.first.address}:{self.last.address}"

    def cells(self) -> list[list[Ref]]:
        """Its cells, row by row."""
        rows = range(min(self.first.row, self.last.row), max(self.first.row, self.last.row) + 1)
        cols = range(min(self.first.col, self.last.col), max(self.first.col, self.last.col) + 1)
        return [[Ref(r, c, self.first.sheet) for c in cols] for r in rows]


@record(frozen=True)
class Name(Expr):
    """A defined name of the workbook (评分配置)."""

    name: str

    def render(self) -> str:
        return self.name


@record(frozen=True)
class Call(Expr):
    """A function call: an Excel built-in or one of our JX_ worksheet functions."""

    fn: str
    args: tuple[Expr, ...]

    def render(self) -> str:
        return f"{self.fn}({','.join(a.render() for a in self.args)})"


@record(frozen=True)
class Op(Expr):
    """A binary operator: `+ - * / &` and the comparisons."""

    op: str
    left: Expr
    right: Expr

    @property
    def precedence(self) -> int:  # type: ignore[override]
        return PRECEDENCE[self.op]

    def render(self) -> str:
        left = self.left.render()
        if self.left.precedence < self.precedence:
            left = f"({left})"
        right = self.right.render()
        if self.right.precedence <= self.precedence and isinstance(self.right, Op):
            right = f"({right})"
        return f"{left}{self.op}{right}"


class _Functions:
    """`F.SUM(span)` → `Call("SUM", (span,))`: any function by its Excel name."""

    def __getattr__(self, name: str) -> Any:
        if not name.isupper() and not name.startswith("JX_"):
            raise AttributeError(name)
        return lambda *args: Call(name, tuple(lit(a) for a in args))


F = _Functions()


@lru_cache(maxsize=4096)
def parse_ref(address: str, sheet: str | None = None) -> Ref:
    """`$H$13` → a :class:`Ref` (the layout's own shorthand for a fixed cell)."""
    m = _ADDRESS.match(address)
    if not m:
        raise ValueError(f"not a cell address: {address!r}")
    return Ref(int(m.group(4)), col_number(m.group(2)), sheet, bool(m.group(3)), bool(m.group(1)))
