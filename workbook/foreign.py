"""Reading a form made by someone else: another unit's workbook, another province's grid, or
our own values-only copy.

Nothing is at a fixed address: blocks and columns are found by their labels, wherever they
stand, through the label families of :mod:`workbook.labels` (our template's labels from the
layout description, other forms' spellings from `labels.toml`). The indicator table runs from
its heading row(s) to the first row that closes it (总分, 合计, 评价结论…); a method or standard
column and our own helper blocks are never read as data. The reader works on a grid of cell
values (as python-calamine or openpyxl give it) and also returns where each field was found, so
a finding can name the real cell. The label families are loaded when the first such sheet is
read: the audit of our own workbooks, read by address, never needs them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, Finding, Form, Funding, Indicator
from pyfuncs.engine.findings import make
from pyfuncs.engine.record import field, record

from .formula.tree import col_letter, col_number

if TYPE_CHECKING:
    from .labels import families, is_empty, key, light, plain, weight_in

Grid = Sequence[Sequence[object]]
FUNDING, TABLE = "资金栏", "指标"     # blocks a form's figures depend on (with 分值 and 得分)
_YEAR = re.compile(r"((?:19|20)\d\d)年度")
_PLACEHOLDER = re.compile(r"^(指标\d*:?|[…．.。·]+)$")
_LEVELS = ("一级", "二级", "三级")
_SPLIT = ("指标性质", "指标值", "度量单位")
_FUND_ROOM = 8          # rows below the funding headings where its rows are looked for


@record
class ForeignForm:
    """A form found on a sheet, and the cell each field was read from."""

    form: Form
    cells: dict[str, str] = field(default_factory=dict)    # field (as in layout.CELLS) → A1
    rows: list[int] = field(default_factory=list)            # indicator index → sheet row
    # what it looked for and did not find: 资金栏, 分值, 得分, 指标 → the finding that says so
    missing: dict[str, Finding] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        """Every block the figures depend on was found."""
        return not self.missing

    def cell_of(self, field_: str, row: int | None) -> str:
        """The cell an engine finding points at, on this sheet."""
        if row is not None and row < len(self.rows):
            # a field the form has no column for (偏差原因…): the row's score, or its name
            col = next((self.cells[f"列.{f}"] for f in (field_, "得分", "三级")
                        if f"列.{f}" in self.cells), None)
            if col:
                return f"{col}{self.rows[row]}"
        return self.cells.get(field_) or self.cells.get("项目名称", "")


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _clean(v: object) -> object:
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _text(v: object) -> str:
    v = _clean(v)
    return "" if v is None else str(v)


def _a1(r: int, c: int) -> str:
    return f"{col_letter(c + 1)}{r + 1}"


class _Sheet:
    def __init__(self, grid: Grid) -> None:
        self.grid = [list(r) for r in grid]

    def find(self, block: str, name: str, *, start: int = 0,
             stop: int | None = None) -> tuple[int, int] | None:
        """The first cell whose label names `name` of `block`."""
        fam = families()
        for r in range(start, len(self.grid) if stop is None else min(stop, len(self.grid))):
            for c, v in enumerate(self.grid[r]):
                if isinstance(v, str) and fam.field(block, v) == name:
                    return r, c
        return None

    def get(self, r: int, c: int) -> object:
        row = self.grid[r] if 0 <= r < len(self.grid) else []
        return row[c] if 0 <= c < len(row) else None

    def right_of(self, r: int, c: int) -> tuple[object, int]:
        """The first non-blank cell to the right of (r, c) that is not another label of the
        form's header, and its column."""
        fam = families()
        for k in range(c + 1, len(self.grid[r])):
            v = self.grid[r][k]
            if _blank(v):
                continue
            if fam.field("header", v):
                break
            return v, k
        return None, c + 1

    def first(self, r: int) -> object:
        return next((v for v in self.grid[r] if not _blank(v)), None)


@record
class _Head:
    """The indicator table's heading: its rows and the column of each field."""

    first: int
    last: int
    columns: dict[str, int]
    split: dict[str, int]


def _load_labels() -> None:
    """Bind the label readers this module uses (see the module's docstring)."""
    global families, is_empty, key, light, plain, weight_in
    from .labels import families, is_empty, key, light, plain, weight_in


def read_foreign(grid: Grid) -> ForeignForm | None:
    """The form on a sheet, or None when the sheet holds no 项目支出绩效自评表."""
    if "key" not in globals():
        _load_labels()
    s = _Sheet(grid)
    name_at = s.find("header", "项目名称")
    head = _table_head(s)
    if head is None:
        return None
    cells: dict[str, str] = {}
    if name_at is not None:
        name, c = s.right_of(*name_at)
        cells["项目名称"] = _a1(name_at[0], c)
    else:          # a table without its header (a page cut from a longer document)
        first = next(c for c, v in enumerate(s.grid[head.first]) if not _blank(v))
        name_at, name = (head.first, first), None
        cells["项目名称"] = _a1(head.first, first)
    form = Form(name=_text(name))
    for label, attr in (("主管部门", "department"), ("实施单位", "unit")):
        at = s.find("header", label, stop=head.first)
        if at:
            v, c = s.right_of(*at)
            setattr(form, attr, _text(v))
            cells[label] = _a1(at[0], c)
    form.year = _year(s, name_at[0])
    missing: dict[str, Finding] = {}
    form.funding = _funding(s, head.first, cells)
    needed = [f"资金.{FUND_ROWS[0]}.{col}" for col in ("全年预算数", "全年执行数")]
    if not all(k in cells for k in needed):
        missing[FUNDING] = (make("BLOCK_NOT_FOUND", "项目名称", block="资金栏",
                            looked="没有找到“年度资金总额”一行的“全年预算数”和“全年执行数”"
                                   "（按“年初预算数”“全年预算数”“全年执行数”所在的标题行和其下的"
                                   "“年度资金总额”找）",
                            depends="执行率、资金得分、总分"))
    _goals(s, form, cells, head.first)
    rows, end = _indicators(s, head, form, cells)
    for fld, depends in (("分值", "各行得分、分值合计、总分"), ("得分", "得分合计、总分")):
        if f"列.{fld}" not in cells:
            missing[fld] = (make("BLOCK_NOT_FOUND", "项目名称", block=f"绩效指标表的“{fld}”列",
                                looked=f"“一级指标”所在的第 {head.first + 1} 行没有“{fld}”列标题",
                                depends=depends))
    if not rows:
        missing[TABLE] = (make("BLOCK_NOT_FOUND", "项目名称", block="绩效指标",
                            looked=f"“一级指标”所在的第 {head.first + 1} 行以下没有读出任何指标行",
                            depends="各行得分、总分"))
    _total(s, end, head, form, cells)
    return ForeignForm(form, cells, rows, missing)


def _year(s: _Sheet, name_row: int) -> object:
    for row in s.grid[: name_row + 1]:
        for v in row:
            m = _YEAR.search(light(v)) if isinstance(v, str) else None
            if m:
                return int(m.group(1))
    first = next((v for row in s.grid[:name_row] for v in row if isinstance(v, int | float)), None)
    return _clean(first)


def _row_fields(row: Sequence[object]) -> tuple[dict[str, int], dict[str, int]]:
    """The table fields and the split-target fields a row's cells name, by column."""
    fam = families()
    table: dict[str, int] = {}
    split: dict[str, int] = {}
    for c, v in enumerate(row):
        if not isinstance(v, str):
            continue
        f = fam.field("split", v)
        if f and f not in split:
            split[f] = c
        f = fam.field("table", v)
        if f and f not in table:
            table[f] = c
    return table, split


def _table_head(s: _Sheet) -> _Head | None:
    """The indicator table's heading: the first row naming two of 一级/二级/三级 (or 三级), with
    a heading row above or below it that names further columns (a two-row heading)."""
    for r, row in enumerate(s.grid):
        table, split = _row_fields(row)
        levels = [f for f in _LEVELS if f in table]
        if len(table) < 3 or not ("三级" in levels or len(levels) >= 2):
            continue
        first = last = r
        rows = [(table, split)]
        for other in (r - 1, r + 1):
            if 0 <= other < len(s.grid):
                t, sp = _row_fields(s.grid[other])
                if len(t) + len(sp) >= 2 and not any(f in t for f in _LEVELS if f in table):
                    rows.insert(0 if other < r else len(rows), (t, sp))
                    first, last = min(first, other), max(last, other)
        columns: dict[str, int] = {}
        splits: dict[str, int] = {}
        for t, sp in rows:                       # a lower heading row names its columns last
            columns.update(t)
            splits.update(sp)
        if {"指标性质", "度量单位"} & splits.keys():
            taken = set(splits.values())
            columns = {f: c for f, c in columns.items() if c not in taken}
        else:
            splits = {}
        return _Head(first, last, columns, splits)
    return None


def _funding(s: _Sheet, stop: int, cells: dict[str, str]) -> Funding:
    """The funding block: its heading row (a budget and an executed column) above the table,
    its rows by their labels below it."""
    fam = families()
    funding = Funding()
    for r0 in range(min(stop, len(s.grid))):
        columns: dict[str, int] = {}
        for c, v in enumerate(s.grid[r0]):
            f = fam.field("fund_column", v) if isinstance(v, str) else None
            if f and f not in columns:
                columns[f] = c
        if "全年执行数" in columns and ({"年初预算数", "全年预算数"} & columns.keys()):
            break
    else:
        return funding
    if "全年预算数" not in columns:          # the one budget column is the budget (B/A)
        columns["全年预算数"] = columns["年初预算数"]
    found: dict[str, int] = {}
    for r in range(r0 + 1, min(r0 + 1 + _FUND_ROOM, stop, len(s.grid))):
        for v in s.grid[r]:
            f = fam.field("fund_row", v) if isinstance(v, str) else None
            if f and f not in found:
                found[f] = r
                break
    for row, r in found.items():
        for col in FUND_COLUMNS:
            c = columns.get(col)
            if c is not None:
                v = s.get(r, c)
                funding.amounts[row][FUND_COLUMNS.index(col)] = None if is_empty(v) else _clean(v)
                cells[f"资金.{row}.{col}"] = _a1(r, c)
    total = found.get(FUND_ROWS[0])
    if total is not None:
        for name, attr in (("分值", "weight"), ("执行率", "stated_rate"), ("得分", "stated_score")):
            c = columns.get(name)
            if c is not None:
                setattr(funding, attr, _clean(s.get(total, c)))
                cells[f"资金.{name}"] = _a1(total, c)
        if "分值" not in columns:            # 20/80 templates: 得分(20分*执行率), 预算执行情况(20分)
            labelled = [(r0, c) for c in (columns.get("得分"),) if c is not None]
            labelled += [(r, c) for r in range(r0, total + 1)
                         for c, v in enumerate(s.grid[r][:min(columns.values())])
                         if isinstance(v, str)]
            for r, c in labelled:
                w = weight_in(s.get(r, c))
                if w is not None:
                    funding.weight = int(w) if w.is_integer() else w
                    cells["资金.分值"] = _a1(r, c)
                    break
    return funding


def _goals(s: _Sheet, form: Form, cells: dict[str, str], stop: int) -> None:
    at = s.find("goal", "预期目标", stop=stop)
    done = s.find("goal", "实际完成情况", stop=stop)
    if at is None:
        return
    below = at[0] + 1
    form.goal = _text(s.get(below, at[1])) or _text(s.right_of(below, at[1] - 1)[0])
    cells["预期目标"] = _a1(below, at[1])
    if done is not None:
        form.outcome = _text(s.get(done[0] + 1, done[1]))
        cells["实际完成情况"] = _a1(done[0] + 1, done[1])


def _target(s: _Sheet, r: int, split: dict[str, int]) -> object:
    """年度指标值 printed in three columns (sign | number | unit), joined into one target."""
    sign, value, unit = (_clean(s.get(r, split[f])) if f in split else None for f in _SPLIT)
    if sign is not None and key(sign) in families().not_a_sign:
        sign = None
    if sign is None and unit is None:
        return value
    return "".join(_text(p) for p in (sign, value, unit)) or None


def _indicators(s: _Sheet, head: _Head, form: Form,
                cells: dict[str, str]) -> tuple[list[int], int]:
    """The indicator rows, and the row that ends the table (len(grid) when none does)."""
    fam = families()
    columns = head.columns
    if head.split:
        columns = {**columns, "年度指标值": head.split["指标值"]} if "指标值" in head.split else columns
    for fld, c in columns.items():
        cells[f"列.{fld}"] = col_letter(c + 1)
    rows: list[int] = []
    level1 = level2 = ""
    for r in range(head.last + 1, len(s.grid)):
        first = s.first(r)
        if isinstance(first, str) and fam.ends_table(first):
            return rows, r
        values = {f: s.get(r, c) for f, c in head.columns.items()}
        target = _target(s, r, head.split) if head.split else values.get("年度指标值")
        l1, l2 = (plain(_text(values.get(f))) for f in ("一级", "二级"))
        if l1:
            level1, level2 = l1, ""
        if l2:
            level2 = l2
        name = _text(values.get("三级"))
        numbers = [target, values.get("实际完成值"), values.get("分值"), values.get("得分")]
        if all(_blank(v) for v in numbers) and (not name or _PLACEHOLDER.match(light(name))):
            continue
        form.indicators.append(Indicator(
            level1, level2, name, _clean(target), _clean(values.get("实际完成值")),
            _clean(values.get("分值")), _clean(values.get("得分")),
            _text(values.get("偏差原因"))))
        rows.append(r + 1)
    return rows, len(s.grid)


def _total(s: _Sheet, end: int, head: _Head, form: Form, cells: dict[str, str]) -> None:
    """The stated 总分: on the row that closed the table or a few rows below it, in the 得分
    column (or the row's last number when the total stands elsewhere)."""
    fam = families()
    for r in range(end, min(end + 4, len(s.grid))):
        first = s.first(r)
        if not (isinstance(first, str) and fam.is_total(first)):
            continue
        for fld, name in (("得分", "总分.得分"), ("分值", "总分.分值")):
            c = head.columns.get(fld)
            if c is not None and isinstance(s.get(r, c), int | float):
                cells[name] = _a1(r, c)
        numbers = [(c, v) for c, v in enumerate(s.grid[r]) if isinstance(v, int | float)]
        if not ({"总分.得分", "总分.分值"} & cells.keys()) and numbers:   # the total stands elsewhere
            cells["总分.得分"] = _a1(r, numbers[-1][0])
            if len(numbers) >= 2:
                cells["总分.分值"] = _a1(r, numbers[0][0])
        if "总分.得分" in cells:
            col = cells["总分.得分"].rstrip("0123456789")
            form.stated_total = _clean(s.get(r, _col(col)))
        return


def _col(letters: str) -> int:
    """`A` → 0: a column's index in a values grid."""
    return col_number(letters) - 1
