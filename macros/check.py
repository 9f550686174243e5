"""检查全部: recompute every project sheet with the engine and show what is wrong, where.

Each project sheet is read as typed and evaluated by :func:`pyfuncs.engine.evaluate_form`; a
得分 that still holds the template's formula counts as the suggested score it shows, exactly as
the sheet's own 检查结果 column (JX_CHECK) sees it. Every finding becomes a line of the
检查结果 sheet — project, cell (a link to it), code, severity, message — and its cell is
coloured: red for an error, yellow otherwise. The cells coloured by the previous run get their
template colour back first.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyfuncs.engine import FormResult, Profile, evaluate_form
from pyfuncs.engine.findings import ERROR, INFO, SEVERITY_LABELS, WARNING
from workbook import layout as L
from workbook import styles as S
from workbook.cells import Formula
from workbook.names import quoted

from .book import (
    Book,
    ProjectSheet,
    book_profile,
    find_sheet,
    paint,
    project_sheets,
    read_block,
    template,
    write_cells,
)
from .excel import unprotected
from .report import Report, tell

ACTION = "检查全部"

# The 检查结果 sheet: a summary line, a header, then one line per finding.
CHECK_SHEET = "检查结果"
CHECK_COLUMNS = {"项目": "A", "工作表": "B", "单元格": "C", "代码": "D", "严重程度": "E",
                 "说明": "F"}
CHECK_WIDTHS = {"A": 40, "B": 24, "C": 10, "D": 24, "E": 10, "F": 110}
CHECK_SUMMARY_CELL = "A1"
CHECK_HEADER_ROW = 2
CHECK_FIRST_ROW = 3

COLOURS = {ERROR: f"#{S.ERROR_FILL.fgColor.rgb[-6:]}", WARNING: f"#{S.FINDING_FILL.fgColor.rgb[-6:]}",
           INFO: f"#{S.FINDING_FILL.fgColor.rgb[-6:]}"}
HEADER_COLOUR = f"#{S.HEADER_FILL.fgColor.rgb[-6:]}"
_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Flag:
    """One finding placed on its cell."""

    project: str
    sheet: str
    cell: str
    code: str
    severity: str
    message: str

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self.severity]


def evaluate_shown(project: ProjectSheet, profile: Profile) -> FormResult:
    """The engine's verdict on a sheet as it shows: a 得分 formula counts as its suggestion."""
    form = project.form()
    formula_rows = {i for i in project.formula_score_rows() if i < len(form.indicators)}
    if formula_rows:
        first = evaluate_form(form, profile)
        for i in formula_rows:
            form.indicators[i].score = first.rows[i].scored.suggested
    return evaluate_form(form, profile)


def flags_of(project: ProjectSheet, result: FormResult) -> list[Flag]:
    name = project.project_name or project.sheet
    return [Flag(name, project.sheet, L.finding_cell(f.field, f.row), f.code, f.severity,
                 f.message) for f in result.findings]


def link(sheet: str, cell: str) -> Formula:
    """A HYPERLINK formula that jumps to `cell` on `sheet` (works in every Excel and in WPS)."""
    target = f"#{quoted(sheet)}!{cell}".replace('"', '""')
    return Formula(f'=HYPERLINK("{target}","{cell}")')


def previous_flags(book: Book) -> list[tuple[str, str]]:
    """(sheet, cell) of each line the last run left on 检查结果."""
    sheet = find_sheet(book, CHECK_SHEET)
    if sheet is None:
        return []
    last = sheet.used_range.last_cell.row
    if last < CHECK_FIRST_ROW:
        return []
    cols = CHECK_COLUMNS
    grid = read_block(sheet, f"A1:{cols['说明']}{last}")
    out = []
    for r in range(CHECK_FIRST_ROW, last + 1):
        on, cell = grid.get(f"{cols['工作表']}{r}"), grid.get(f"{cols['单元格']}{r}")
        if isinstance(on, str) and isinstance(cell, str) and on and cell:
            out.append((on, cell))
    return out


def result_sheet(book: Book):
    """The 检查结果 sheet, emptied; created after 汇总 (or at the end) the first time."""
    sheet = find_sheet(book, CHECK_SHEET)
    if sheet is not None:
        sheet.clear_contents()
        return sheet
    anchor = find_sheet(book, L.SUMMARY_SHEET) or book.sheets[-1]
    sheet = book.sheets.add(name=CHECK_SHEET, after=anchor)
    for col, width in CHECK_WIDTHS.items():
        sheet.range(f"{col}1").column_width = width
    header = sheet.range(f"A{CHECK_HEADER_ROW}:{CHECK_COLUMNS['说明']}{CHECK_HEADER_ROW}")
    header.color = HEADER_COLOUR
    header.font.bold = True
    return sheet


def summary(counts: dict[str, int]) -> str:
    n, e, w, i = (counts[k] for k in ("项目", "错误", "警告", "提示"))
    if not (e or w or i):
        return f"检查了 {n} 个项目，没有发现问题。"
    return (f"检查了 {n} 个项目：错误 {e} 处，警告 {w} 处，提示 {i} 处。"
            f"详见“{CHECK_SHEET}”工作表，点“单元格”一栏可跳到出问题的单元格；"
            "出错的单元格已标成红色，警告和提示标成黄色。")


def write_results(book: Book, flags: list[Flag], message: str) -> None:
    sheet = result_sheet(book)
    cols = CHECK_COLUMNS
    cells: dict[str, object] = {CHECK_SUMMARY_CELL: message}
    cells.update({f"{col}{CHECK_HEADER_ROW}": title for title, col in cols.items()})
    for k, f in enumerate(flags):
        r = CHECK_FIRST_ROW + k
        cells.update({f"{cols['项目']}{r}": f.project, f"{cols['工作表']}{r}": f.sheet,
                      f"{cols['单元格']}{r}": link(f.sheet, f.cell), f"{cols['代码']}{r}": f.code,
                      f"{cols['严重程度']}{r}": f.label, f"{cols['说明']}{r}": f.message})
    write_cells(sheet, cells)
    sheet.activate()


def colour_cells(book: Book, flags: list[Flag], before: list[tuple[str, str]]) -> None:
    """Give last run's cells their template colour back, then colour this run's findings."""
    fills = template().fills
    per_sheet: dict[str, dict[str, str | None]] = {}
    for on, cell in before:
        per_sheet.setdefault(on, {})[cell] = fills.get(cell)
    worst: dict[tuple[str, str], str] = {}
    for f in flags:
        key = (f.sheet, f.cell)
        if key not in worst or _RANK[f.severity] < _RANK[worst[key]]:
            worst[key] = f.severity
    for (on, cell), severity in worst.items():
        per_sheet.setdefault(on, {})[cell] = COLOURS[severity]
    for on, colours in per_sheet.items():
        sheet = find_sheet(book, on)
        if sheet is None:          # deleted since: nothing to colour
            continue
        with unprotected(sheet):
            paint(sheet, colours)


def check_all(book: Book) -> Report:
    """检查全部: check every project sheet; write 检查结果, colour the cells, report the counts."""
    profile = book_profile(book)
    projects = project_sheets(book)
    flags: list[Flag] = []
    for project in projects:
        flags += flags_of(project, evaluate_shown(project, profile))
    counts = {"项目": len(projects),
              **{SEVERITY_LABELS[s]: sum(f.severity == s for f in flags)
                 for s in (ERROR, WARNING, INFO)}}
    message = summary(counts)
    before = previous_flags(book)
    write_results(book, flags, message)
    colour_cells(book, flags, before)
    return tell(book, Report(ACTION, message, ok=True, counts=counts, findings=flags))
