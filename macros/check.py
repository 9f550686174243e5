"""检查全部: recompute every project sheet with the engine and show what is wrong, where.

Each project sheet is read as typed and evaluated by :func:`pyfuncs.engine.evaluate_form`; a
得分 that still holds the template's formula counts as the suggested score it shows, exactly as
the sheet's own 检查结果 column (JX_CHECK) sees it. Every finding becomes a line of the
检查结果 sheet — file, sheet, project, cell (a link to it), code, severity, message, laid out as
`jixiao audit --report` lays out its own (:mod:`workbook.results_sheet`) — and its cell is
coloured: red for an error, yellow otherwise. The cells coloured by the previous run get their
template colour back first.
"""

from __future__ import annotations

from pyfuncs.engine import FormResult, Profile, evaluate_form
from pyfuncs.engine.findings import (
    ERROR,
    INFO,
    SEVERITY_LABELS,
    WARNING,
    Located,
    tally,
    tally_text,
)
from workbook import layout as L
from workbook import styles as S
from workbook.layout import results as R
from workbook.results_sheet import is_address, result_cells

from .book import (
    Book,
    ProjectSheet,
    book_profile,
    find_sheet,
    paint,
    project_sheets,
    read_block,
    show_used_rows,
    template,
    write_cells,
)
from .excel import unprotected
from .report import Report, tell

ACTION = "检查全部"

COLOURS = {ERROR: f"#{S.ERROR_FILL.fgColor.rgb[-6:]}", WARNING: f"#{S.FINDING_FILL.fgColor.rgb[-6:]}",
           INFO: f"#{S.FINDING_FILL.fgColor.rgb[-6:]}"}
HEADER_COLOUR = f"#{S.HEADER_FILL.fgColor.rgb[-6:]}"
_RANK = {ERROR: 0, WARNING: 1, INFO: 2}


def evaluate_shown(project: ProjectSheet, profile: Profile) -> FormResult:
    """The engine's verdict on a sheet as it shows: a 得分 formula counts as its suggestion."""
    form = project.form()
    formula_rows = {i for i in project.formula_score_rows() if i < len(form.indicators)}
    if formula_rows:
        first = evaluate_form(form, profile)
        for i in formula_rows:
            form.indicators[i].score = first.rows[i].scored.suggested
    return evaluate_form(form, profile)


def flags_of(file: str, project: ProjectSheet, result: FormResult) -> list[Located]:
    """The findings on one project sheet, each placed on its cell."""
    name = project.project_name or project.sheet
    return [f.at(file=file, sheet=project.sheet, project=name, cell=L.finding_cell(f.field, f.row))
            for f in result.findings]


def previous_flags(book: Book) -> list[tuple[str, str]]:
    """(sheet, cell) of each line the last run left on 检查结果."""
    sheet = find_sheet(book, R.SHEET)
    if sheet is None:
        return []
    last = sheet.used_range.last_cell.row
    if last < R.FIRST_ROW:
        return []
    cols = R.COLUMNS
    grid = read_block(sheet, R.block(last))
    out = []
    for r in range(R.FIRST_ROW, last + 1):
        on, cell = grid.get(f"{cols['工作表']}{r}"), grid.get(f"{cols['单元格']}{r}")
        if isinstance(on, str) and on and is_address(cell):
            out.append((on, cell))
    return out


def result_sheet(book: Book):
    """The 检查结果 sheet, emptied; created after 汇总 (or at the end) the first time. Widths
    and header are set every time, so a sheet left by an older layout is laid out anew."""
    sheet = find_sheet(book, R.SHEET)
    if sheet is not None:
        sheet.clear_contents()
    else:
        anchor = find_sheet(book, L.SUMMARY_SHEET) or book.sheets[-1]
        sheet = book.sheets.add(name=R.SHEET, after=anchor)
    for col, width in R.WIDTHS.items():
        sheet.range(f"{col}1").column_width = width
    header = sheet.range(f"A{R.HEADER_ROW}:{R.LAST_COLUMN}{R.HEADER_ROW}")
    header.color = HEADER_COLOUR
    header.font.bold = True
    return sheet


def summary(projects: int, counts: dict[str, int]) -> str:
    """What the clerk is told, and the first line of 检查结果; `counts` by severity."""
    if not any(counts.values()):
        return f"检查了 {projects} 个项目，没有发现问题。"
    return (f"检查了 {projects} 个项目：{tally_text(counts, '处')}。"
            f"详见“{R.SHEET}”工作表，点“单元格”一栏可跳到出问题的单元格；"
            f"出错的单元格已标成红色，{SEVERITY_LABELS[WARNING]}和{SEVERITY_LABELS[INFO]}标成黄色。")


def write_results(book: Book, flags: list[Located], message: str) -> None:
    sheet = result_sheet(book)
    write_cells(sheet, result_cells(flags, message, linked_file=book_file(book)))
    sheet.activate()


def book_file(book: Book) -> str:
    """The open workbook's file name, as the 文件 column names it."""
    return str(book.name)


def colour_cells(book: Book, flags: list[Located], before: list[tuple[str, str]]) -> None:
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
    file = book_file(book)
    flags: list[Located] = []
    for project in projects:
        flags += flags_of(file, project, evaluate_shown(project, profile))
        sheet = find_sheet(book, project.sheet)
        with unprotected(sheet):
            show_used_rows(sheet, project)      # prints the rows in use, 总分 right after
    by_severity = tally(flags)
    counts = {"项目": len(projects),
              **{SEVERITY_LABELS[s]: n for s, n in by_severity.items()}}
    message = summary(len(projects), by_severity)
    before = previous_flags(book)
    write_results(book, flags, message)
    colour_cells(book, flags, before)
    return tell(book, Report(ACTION, message, ok=True, counts=counts, findings=flags))
