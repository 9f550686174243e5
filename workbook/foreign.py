"""Reading a form laid out like the official one but typed by someone else.

Nothing is at a fixed address: the blocks are found by their labels (项目名称, 年度资金总额,
年初预算数…, 一级指标…, 总分), wherever they stand, with spaces and full-width brackets
ignored. The reader works on a grid of cell values (as python-calamine or openpyxl give it)
and also returns where each field was found, so a finding can name the real cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, Finding, Form, Funding, Indicator
from pyfuncs.engine.findings import make
from pyfuncs.engine.text import compact

Grid = Sequence[Sequence[object]]
FUNDING, TABLE = "资金栏", "指标"     # blocks a form's figures depend on (with 分值 and 得分)
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年度")
_TABLE_HEADERS = {"一级": "一级指标", "二级": "二级指标", "三级": "三级指标",
                  "年度指标值": "年度指标值", "实际完成值": "实际完成值", "分值": "分值",
                  "得分": "得分", "偏差原因": "偏差原因"}


@dataclass
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
            col = self.cells.get(f"列.{field_}")
            if col:
                return f"{col}{self.rows[row]}"
        return self.cells.get(field_) or self.cells.get("项目名称", "")


def _key(v: object) -> str:
    return compact(str(v)).replace("（", "(").replace("）", ")").rstrip(":：") if v is not None else ""


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
    return f"{get_column_letter(c + 1)}{r + 1}"


class _Sheet:
    def __init__(self, grid: Grid) -> None:
        self.grid = [list(r) for r in grid]

    def find(self, label: str, *, start: int = 0, exact: bool = True) -> tuple[int, int] | None:
        want = _key(label)
        for r in range(start, len(self.grid)):
            for c, v in enumerate(self.grid[r]):
                k = _key(v)
                if (k == want) if exact else (want in k):
                    return r, c
        return None

    def get(self, r: int, c: int) -> object:
        row = self.grid[r] if 0 <= r < len(self.grid) else []
        return row[c] if 0 <= c < len(row) else None

    def right_of(self, r: int, c: int) -> tuple[object, int]:
        """The first non-blank cell to the right of (r, c), and its column."""
        for k in range(c + 1, len(self.grid[r])):
            if not _blank(self.grid[r][k]):
                return self.grid[r][k], k
        return None, c + 1


def read_foreign(grid: Grid) -> ForeignForm | None:
    """The form on a sheet, or None when the sheet holds no 项目支出绩效自评表."""
    s = _Sheet(grid)
    name_at = s.find("项目名称")
    header = s.find("一级指标")
    if name_at is None or header is None:
        return None
    cells: dict[str, str] = {}
    name, c = s.right_of(*name_at)
    cells["项目名称"] = _a1(name_at[0], c)
    form = Form(name=_text(name))
    for label, attr in (("主管部门", "department"), ("实施单位", "unit")):
        at = s.find(label)
        if at:
            v, c = s.right_of(*at)
            setattr(form, attr, _text(v))
            cells[label] = _a1(at[0], c)
    for row in s.grid[: name_at[0] + 1]:
        for v in row:
            m = _YEAR.search(compact(str(v))) if v is not None else None
            if m:
                form.year = int(m.group(1))
    if form.year is None:
        first = next((v for row in s.grid[: name_at[0]] for v in row if isinstance(v, int | float)),
                     None)
        form.year = _clean(first)
    missing: dict[str, Finding] = {}
    form.funding = _funding(s, cells)
    needed = [f"资金.{FUND_ROWS[0]}.{col}" for col in ("全年预算数", "全年执行数")]
    if not all(k in cells for k in needed):
        missing[FUNDING] = (make("BLOCK_NOT_FOUND", "项目名称", block="资金栏",
                            looked="没有找到“年度资金总额”一行的“全年预算数”和“全年执行数”"
                                   "（按“年初预算数”所在的标题行和其下的“年度资金总额”找）",
                            depends="执行率、资金得分、总分"))
    _goals(s, form, cells)
    rows = _indicators(s, header, form, cells)
    for fld, depends in (("分值", "各行得分、分值合计、总分"), ("得分", "得分合计、总分")):
        if f"列.{fld}" not in cells:
            missing[fld] = (make("BLOCK_NOT_FOUND", "项目名称", block=f"绩效指标表的“{fld}”列",
                                looked=f"“一级指标”所在的第 {header[0] + 1} 行没有“{fld}”列标题",
                                depends=depends))
    if not rows:
        missing[TABLE] = (make("BLOCK_NOT_FOUND", "项目名称", block="绩效指标",
                            looked=f"“一级指标”所在的第 {header[0] + 1} 行以下没有读出任何指标行",
                            depends="各行得分、总分"))
    total_at = s.find("总分", start=header[0] + 1)
    if total_at:
        numbers = [(k, v) for k, v in enumerate(s.grid[total_at[0]])
                   if k > total_at[1] and isinstance(v, int | float)]
        if len(numbers) >= 2:
            form.stated_total = _clean(numbers[1][1])
            cells["总分.得分"] = _a1(total_at[0], numbers[1][0])
            cells["总分.分值"] = _a1(total_at[0], numbers[0][0])
    return ForeignForm(form, cells, rows, missing)


def _funding(s: _Sheet, cells: dict[str, str]) -> Funding:
    funding = Funding()
    head = s.find("年初预算数")
    if head is None:
        return funding
    r0 = head[0]
    columns = {name: next((c for c, v in enumerate(s.grid[r0]) if _key(v) == name), None)
               for name in (*FUND_COLUMNS, "分值", "执行率", "得分")}
    for row in FUND_ROWS:
        at = s.find(row, start=r0, exact=False)
        if at is None or at[0] > r0 + 6:
            continue
        for col in FUND_COLUMNS:
            c = columns[col]
            if c is not None:
                funding.amounts[row][FUND_COLUMNS.index(col)] = _clean(s.get(at[0], c))
                cells[f"资金.{row}.{col}"] = _a1(at[0], c)
        if row == FUND_ROWS[0]:
            for key, attr in (("分值", "weight"), ("执行率", "stated_rate"), ("得分", "stated_score")):
                c = columns[key]
                if c is not None:
                    setattr(funding, attr, _clean(s.get(at[0], c)))
                    cells[f"资金.{key}"] = _a1(at[0], c)
    return funding


def _goals(s: _Sheet, form: Form, cells: dict[str, str]) -> None:
    at = s.find("预期目标")
    done = s.find("实际完成情况")
    if at is None:
        return
    below = at[0] + 1
    form.goal = _text(s.get(below, at[1])) or _text(s.right_of(below, at[1] - 1)[0])
    cells["预期目标"] = _a1(below, at[1])
    if done is not None:
        form.outcome = _text(s.get(done[0] + 1, done[1]))
        cells["实际完成情况"] = _a1(done[0] + 1, done[1])


def _indicators(s: _Sheet, header: tuple[int, int], form: Form,
                cells: dict[str, str]) -> list[int]:
    r0 = header[0]
    columns: dict[str, int] = {}
    for c, v in enumerate(s.grid[r0]):
        k = _key(v)
        for fld, label in _TABLE_HEADERS.items():
            if fld not in columns and k.startswith(label):
                columns[fld] = c
    for fld, c in columns.items():
        cells[f"列.{fld}"] = get_column_letter(c + 1)
    rows: list[int] = []
    level1 = level2 = ""
    for r in range(r0 + 1, len(s.grid)):
        values = {f: s.get(r, c) for f, c in columns.items()}
        first = next((_key(v) for v in s.grid[r] if not _blank(v)), "")
        if first == "总分":
            break
        if all(_blank(v) for v in values.values()):
            continue
        l1, l2 = _text(values.get("一级")), _text(values.get("二级"))
        if l1:
            level1, level2 = l1, ""
        if l2:
            level2 = l2
        form.indicators.append(Indicator(
            level1, level2, _text(values.get("三级")), _clean(values.get("年度指标值")),
            _clean(values.get("实际完成值")), _clean(values.get("分值")),
            _clean(values.get("得分")), _text(values.get("偏差原因"))))
        rows.append(r + 1)
    return rows
