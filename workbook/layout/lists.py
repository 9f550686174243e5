"""目录 (the cover list: 序号 | 项目名称 | 备注, with live 执行率 / 总分 / 等级 outside the print
area) and 汇总 (one line per project, and a 合计 line): their frames and their per-project lines.

A line's cells are address → value, a formula as :class:`~workbook.cells.Formula`; the openpyxl
builder, fill and the macros (through xlwings) all write exactly these.
"""

from __future__ import annotations

from functools import lru_cache

from pyfuncs.engine.findings import ERROR, SEVERITY_LABELS, WARNING
from pyfuncs.engine.record import record

from ..cells import Formula
from ..formula import Expr, F, Ref, parse_ref
from .project import CHECK_COLUMN, FORM_CHECK_CELL, LAST_ROW, PROFILE, ref
from .sheet import FORMULA, INPUT, LABEL, Locking, Look, PageSetup, SheetSpec, span

PROJECT_ROOM = 30

INDEX_SHEET = "目录"
INDEX_TITLE = "项目绩效自评表"
INDEX_UNIT_CELL = "A1"             # 安庆市经济和信息化局本级
INDEX_TITLE_CELL = "A2"
INDEX_HEADER_ROW = 3
INDEX_FIRST_ROW = 4
INDEX_COLUMNS = {"序号": "A", "项目名称": "B", "备注": "C",
                 "工作表": "E", "执行率": "F", "总分": "G", "等级": "H"}
INDEX_WIDTHS = {"A": 8, "B": 60, "C": 24, "D": 2, "E": 24, "F": 10, "G": 10, "H": 8}
INDEX_PRINTED = ("A", "C")          # first and last printed column

SUMMARY_SHEET = "汇总"
SUMMARY_TITLE = "项目支出绩效自评汇总表"
SUMMARY_HEADER_ROW = 2
SUMMARY_FIRST_ROW = 3
ERRORS, WARNINGS = SEVERITY_LABELS[ERROR], SEVERITY_LABELS[WARNING]   # 错误, 警告
SUMMARY_COLUMNS = {"序号": "A", "项目名称": "B", "全年预算数": "C", "全年执行数": "D",
                   "执行率": "E", "资金得分": "F", "总分": "G", "等级": "H", ERRORS: "I",
                   WARNINGS: "J"}
# B: a name of 29 characters (the example's longest) on its one line, 7 pixels a unit
SUMMARY_WIDTHS = {"A": 6, "B": 58, "C": 12, "D": 12, "E": 10, "F": 10, "G": 10, "H": 8,
                  "I": 8, "J": 8}
SUMMARY_TOTAL_ROW = SUMMARY_FIRST_ROW + PROJECT_ROOM
# A chart of 执行率 and 总分 per project below 合计, inside the print area. It plots every
# line; the lines past the last project are hidden, and a chart leaves hidden cells out.
SUMMARY_CHART_ROW = SUMMARY_TOTAL_ROW + 2
SUMMARY_CHART_ROWS = 26                     # rows of the default height the chart covers
SUMMARY_CHARTED = ("执行率", "总分")
SUMMARY_TOTALLED = ("全年预算数", "全年执行数", ERRORS, WARNINGS)

HEADER = Look(font="bold", align="center", border=True, fill="header")


@record(frozen=True)
class ProjectRef:
    """A project sheet as the cover list and the summary refer to it."""

    sheet: str
    name: str
    note: str = ""


def _header(s: SheetSpec, row: int, columns: dict[str, str]) -> None:
    for title, col in columns.items():
        s.put(f"{col}{row}", role=LABEL, value=title, look=HEADER)


def _line(s: SheetSpec, r: int, columns: dict[str, str], formats: dict[str, str], left: str,
          inputs: tuple[str, ...] = ()) -> None:
    for col in columns.values():
        look = Look(font="body", border=True, align="left" if col == left else "center")
        if col in inputs:
            look = look.but(fill="input", locked=False)
        s.put(f"{col}{r}", look=look, number_format=formats.get(col, "General"),
              role=INPUT if col in inputs else FORMULA)
    s.heights[r] = 20


# --- 目录 -----------------------------------------------------------------------------------------

INDEX_LAST_ROW = INDEX_FIRST_ROW + PROJECT_ROOM - 1
INDEX_BLOCK = f"A1:{max(INDEX_COLUMNS.values())}{INDEX_LAST_ROW}"   # everything 目录 holds
INDEX_FORMATS = {INDEX_COLUMNS["执行率"]: "percent", INDEX_COLUMNS["总分"]: "score"}


@lru_cache(maxsize=PROJECT_ROOM + 1)
def index_spec(projects: int) -> SheetSpec:
    """目录 with room for :data:`PROJECT_ROOM` lines, printing the first `projects` of them."""
    s = SheetSpec(widths=dict(INDEX_WIDTHS), freeze=f"A{INDEX_FIRST_ROW}",
                  locking=Locking(sheet=True))
    s.put(INDEX_UNIT_CELL, role=INPUT, field="单位",
          look=Look(font="subtitle", align="center", fill="input", locked=False))
    s.merge(f"{INDEX_UNIT_CELL}:{INDEX_PRINTED[1]}1")
    s.put(INDEX_TITLE_CELL, role=LABEL, value=INDEX_TITLE, look=Look(font="title", align="center"))
    s.merge(f"{INDEX_TITLE_CELL}:{INDEX_PRINTED[1]}2")
    s.heights.update({1: 24, 2: 32})
    _header(s, INDEX_HEADER_ROW, INDEX_COLUMNS)
    for i in range(PROJECT_ROOM):
        _line(s, INDEX_FIRST_ROW + i, INDEX_COLUMNS, INDEX_FORMATS, INDEX_COLUMNS["项目名称"],
              inputs=(INDEX_COLUMNS["备注"],))
    last = INDEX_FIRST_ROW + max(projects, 1) - 1
    s.page = PageSetup(area=f"{INDEX_PRINTED[0]}1:{INDEX_PRINTED[1]}{last}", landscape=False)
    return s


def _on(sheet: str, field: str) -> Ref:
    return ref(field).on(sheet)


def _figure(sheet: str, field: str) -> Formula:
    """A project's 执行率, 资金得分 or 总分 as a number, for the sums and the chart: a figure the
    clerk typed as text (`82.3%`, as a data file may state it) read as the number it shows;
    blank when the project sheet shows none."""
    return Formula.of(F.IFERROR(F.VALUE(_on(sheet, field)), ""))


def index_row_cells(r: int, number: int, project: ProjectRef | None) -> dict[str, object]:
    """What line `r` of the cover list holds for `project` (all None for no project)."""
    cells: dict[str, object] = {f"{col}{r}": None for col in INDEX_COLUMNS.values()}
    if project is None:
        return cells
    sheet, cols = project.sheet, INDEX_COLUMNS
    cells.update({
        f"{cols['序号']}{r}": number,
        f"{cols['项目名称']}{r}": Formula.of(_on(sheet, "项目名称") & ""),
        f"{cols['备注']}{r}": project.note or None,
        f"{cols['工作表']}{r}": project.sheet,
        f"{cols['执行率']}{r}": _figure(sheet, "资金.执行率"),
        f"{cols['总分']}{r}": _figure(sheet, "总分.得分"),
        f"{cols['等级']}{r}": Formula.of(F.IFERROR(_on(sheet, "等级"), "")),
    })
    return cells


# --- 汇总 -----------------------------------------------------------------------------------------

SUMMARY_FORMATS = {SUMMARY_COLUMNS["执行率"]: "percent", SUMMARY_COLUMNS["资金得分"]: "score",
                   SUMMARY_COLUMNS["总分"]: "score"}
_LAST_SUMMARY_COLUMN = SUMMARY_COLUMNS[WARNINGS]


@lru_cache(maxsize=1)
def summary_spec() -> SheetSpec:
    """汇总 with room for :data:`PROJECT_ROOM` lines and its 合计 line."""
    s = SheetSpec(widths=dict(SUMMARY_WIDTHS), freeze=f"A{SUMMARY_FIRST_ROW}",
                  locking=Locking(sheet=True))
    s.put("A1", role=LABEL, value=SUMMARY_TITLE, look=Look(font="title", align="center"))
    s.merge(f"A1:{_LAST_SUMMARY_COLUMN}1")
    s.heights[1] = 32
    _header(s, SUMMARY_HEADER_ROW, SUMMARY_COLUMNS)
    for i in range(PROJECT_ROOM):
        _line(s, SUMMARY_FIRST_ROW + i, SUMMARY_COLUMNS, SUMMARY_FORMATS, SUMMARY_COLUMNS["项目名称"])
    r, cols = SUMMARY_TOTAL_ROW, SUMMARY_COLUMNS
    s.put(f"{cols['序号']}{r}", role=LABEL, value="合计")
    s.merge(f"{cols['序号']}{r}:{cols['项目名称']}{r}")
    for key in SUMMARY_TOTALLED:
        col = cols[key]
        s.put(f"{col}{r}", role=FORMULA,
              expr=F.SUM(span(f"{col}{SUMMARY_FIRST_ROW}", f"{col}{r - 1}")))
    budget, executed = (parse_ref(f"{cols[k]}{r}") for k in ("全年预算数", "全年执行数"))
    s.put(f"{cols['执行率']}{r}", role=FORMULA, number_format="percent",
          expr=F.IFERROR(F.JX_EXEC_RATE(executed, budget, PROFILE), ""))
    for col in cols.values():
        s.put(f"{col}{r}", look=Look(font="bold", border=True, align="center"))
    # the chart prints on a page of its own, after the table
    s.page = PageSetup(area=f"A1:{_LAST_SUMMARY_COLUMN}{SUMMARY_CHART_ROW + SUMMARY_CHART_ROWS}",
                       landscape=True, breaks=(SUMMARY_CHART_ROW - 1,))
    return s


def summary_chart_spans() -> dict[str, str]:
    """What the 汇总 chart plots: the project names and each charted column, every line."""
    last = SUMMARY_TOTAL_ROW - 1
    cols = SUMMARY_COLUMNS
    return {k: f"{cols[k]}{SUMMARY_FIRST_ROW}:{cols[k]}{last}"
            for k in ("序号", *SUMMARY_CHARTED)}


SUMMARY_CHART_ANCHOR = f"{SUMMARY_COLUMNS['序号']}{SUMMARY_CHART_ROW}"


def summary_unused_rows(projects: int) -> tuple[int, ...]:
    """汇总's lines past the last project: hidden, so 合计 prints right below the last line."""
    return tuple(range(SUMMARY_FIRST_ROW + max(projects, 1), SUMMARY_TOTAL_ROW))


def count_marks(sheet: str, label: str) -> Expr:
    """How many times `【label】` appears in the project's check cells."""
    cells = span(FORM_CHECK_CELL, f"{CHECK_COLUMN}{LAST_ROW}").on(sheet)
    mark = f"【{label}】"
    return F.SUMPRODUCT((F.LEN(cells) - F.LEN(F.SUBSTITUTE(cells, mark, ""))) / F.LEN(mark))


def summary_row_cells(r: int, number: int, project: ProjectRef | None) -> dict[str, object]:
    """What line `r` of 汇总 holds for `project` (all None for no project)."""
    cells: dict[str, object] = {f"{col}{r}": None for col in SUMMARY_COLUMNS.values()}
    if project is None:
        return cells
    s = project.sheet
    values = {
        "序号": number,
        "项目名称": Formula.of(_on(s, "项目名称") & ""),
        "全年预算数": Formula.of(_on(s, "资金.年度资金总额.全年预算数")),
        "全年执行数": Formula.of(_on(s, "资金.年度资金总额.全年执行数")),
        "执行率": _figure(s, "资金.执行率"),
        "资金得分": _figure(s, "资金.得分"),
        "总分": _figure(s, "总分.得分"),
        "等级": Formula.of(F.IFERROR(_on(s, "等级"), "")),
        ERRORS: Formula.of(count_marks(s, ERRORS)),
        WARNINGS: Formula.of(count_marks(s, WARNINGS)),
    }
    cells.update({f"{SUMMARY_COLUMNS[k]}{r}": v for k, v in values.items()})
    return cells


def line_cells(projects: list[ProjectRef], room: int = PROJECT_ROOM
               ) -> dict[str, dict[str, object]]:
    """The lines of 目录 and 汇总 for `projects`: sheet → cells.

    Args:
        projects: the projects, in cover-list order.
        room: how many lines to give, blank past the last project — all of them (the default)
            where lines of other projects may stand, fewer where those past are known blank.
    """
    index: dict[str, object] = {}
    summary: dict[str, object] = {}
    for k in range(max(room, len(projects))):
        p = projects[k] if k < len(projects) else None
        index.update(index_row_cells(INDEX_FIRST_ROW + k, k + 1, p))
        summary.update(summary_row_cells(SUMMARY_FIRST_ROW + k, k + 1, p))
    return {INDEX_SHEET: index, SUMMARY_SHEET: summary}
