"""The 审核报告 as a workbook (:mod:`.report`): 检查结果, 项目汇总 and 问题分类 with its chart,
A4 landscape, one page wide; and the same printed to PDF by LibreOffice."""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.hyperlink import Hyperlink

from pyfuncs.engine import ERROR, WARNING
from pyfuncs.engine.findings import SEVERITY_LABELS, Located
from services.atomic import write_atomically
from workbook import styles as S
from workbook.cells import set_value
from workbook.heights import row_height
from workbook.layout import results as R
from workbook.results_sheet import is_address, result_cells

from ..usage import UsageError
from .results import AuditResult

WORKBOOKS = (".xlsx", ".xlsm")
PROJECT_COLUMNS = ("序号", "项目", "执行率", "资金得分", "总分", "等级",
                   SEVERITY_LABELS[ERROR], SEVERITY_LABELS[WARNING], "文件")
PROJECT_WIDTHS = (6, 44, 10, 10, 10, 8, 8, 8, 24)
PROJECT_FORMATS = {"执行率": S.PERCENT, "资金得分": S.SCORE, "总分": S.SCORE}


def to_pdf(wb: Workbook, path: Path) -> Path:
    """The report workbook printed to `path` by LibreOffice."""
    from localc.jobs import to_pdf
    from localc.process import LibreOfficeError, available

    if not available():
        raise UsageError("生成 PDF 报告需要 LibreOffice；请安装 LibreOffice，或把报告保存为 .xlsx。")
    with tempfile.TemporaryDirectory(prefix="jx-report-") as tmp:
        book = Path(tmp) / f"{path.stem}.xlsx"
        wb.save(book)
        try:
            pdf = to_pdf(book, Path(tmp) / "pdf")
        except LibreOfficeError as exc:
            raise UsageError(f"无法生成 PDF 报告：{exc}") from exc
        return write_atomically(path, lambda t: Path(t).write_bytes(pdf.read_bytes()))


def report_workbook(result: AuditResult, rows: list[Located], heading: str, folder: Path,
                    inputs: dict[str, Path]) -> Workbook:
    """The report's workbook: `rows` are the findings in the order to show, `heading` the
    title line (:func:`.report.title`)."""
    wb = Workbook()
    several = len({p.file for p in result.projects} | {r.file for r in rows}) > 1
    _findings(wb.active, rows, heading, folder, inputs, several)
    _projects(wb.create_sheet(R.PROJECTS_SHEET), result, several)
    _codes(wb.create_sheet(R.CODES_SHEET), rows)
    for ws in wb.worksheets[1:]:
        ws.oddHeader.center.text = heading.split("（")[0]
    return wb


def _print(ws, title_row: int, heading: str = "") -> None:
    S.a4_one_page_wide(ws, landscape=True)
    if heading:
        ws.oddHeader.center.text = heading
    ws.print_title_rows = R.print_titles(title_row)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def _findings(ws, rows: list[Located], heading: str, folder: Path, inputs: dict[str, Path],
              several: bool) -> None:
    ws.title = R.SHEET
    for ref, value in result_cells(rows, heading).items():
        set_value(ws[ref], value)
    ws[R.SUMMARY_CELL].font = S.BOLD
    for col in R.COLUMNS.values():
        cell = ws[f"{col}{R.HEADER_ROW}"]
        cell.font, cell.fill, cell.border, cell.alignment = S.BOLD, S.HEADER_FILL, S.GRID, S.CENTER
    cols = R.COLUMNS
    for k, f in enumerate(rows):
        r = R.FIRST_ROW + k
        for col in cols.values():
            ws[f"{col}{r}"].border, ws[f"{col}{r}"].alignment = S.GRID, S.LEFT
        source = inputs.get(f.file)
        if source is not None and source.suffix.lower() in WORKBOOKS and f.sheet \
                and is_address(f.cell):
            target = os.path.relpath(source.resolve(), folder.resolve())
            link = ws[f"{cols['单元格']}{r}"]
            link.hyperlink = Hyperlink(ref=link.coordinate, target=target,
                                       location=f"'{f.sheet}'!{f.cell}")
            link.style = "Hyperlink"
            link.border, link.alignment = S.GRID, S.LEFT
    widths = R.REPORT_COLUMN_WIDTHS
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for k, f in enumerate(rows):
        texts = {cols["项目"]: f.project or "", cols["代码"]: f.code, cols["说明"]: f.message}
        ws.row_dimensions[R.FIRST_ROW + k].height = row_height(texts, widths, minimum=16)
    ws.merge_cells(R.title_span())
    ws[R.SUMMARY_CELL].alignment = S.LEFT
    ws.row_dimensions[R.REPORT_TITLE_ROW].height = 36
    # the sheet repeats the project's name, and one file needs no file column
    ws.column_dimensions[cols["工作表"]].hidden = all(f.sheet in ("", f.project) for f in rows)
    ws.column_dimensions[cols["文件"]].hidden = not several
    ws.freeze_panes = f"{cols['文件']}{R.FIRST_ROW}"
    last = R.FIRST_ROW + len(rows) - 1
    ws.auto_filter.ref = f"{cols['文件']}{R.HEADER_ROW}:{R.LAST_COLUMN}{max(R.HEADER_ROW, last)}"
    ws.print_area = R.block(max(R.HEADER_ROW, last))
    _print(ws, R.HEADER_ROW)


def _projects(ws, result: AuditResult, several: bool) -> None:
    headers = PROJECT_COLUMNS if several else PROJECT_COLUMNS[:-1]
    for k, (h, w) in enumerate(zip(headers, PROJECT_WIDTHS, strict=False), start=1):
        c = ws.cell(1, k, h)
        c.font, c.fill, c.border, c.alignment = S.BOLD, S.HEADER_FILL, S.GRID, S.CENTER
        ws.column_dimensions[R.column_letter(k)].width = w
    for r, p in enumerate(result.projects, start=2):
        line = (r - 1, p.project, p.rate, p.funding_score, p.total, p.grade, p.errors,
                p.warnings, p.file)
        for k, (h, v) in enumerate(zip(headers, line, strict=False), start=1):
            c = ws.cell(r, k)
            set_value(c, v)
            c.border = S.GRID
            c.alignment = S.LEFT if h in ("项目", "文件") else S.CENTER
            c.number_format = PROJECT_FORMATS.get(h, "General")
        ws.row_dimensions[r].height = row_height({"项目": p.project}, {"项目": PROJECT_WIDTHS[1]},
                                                 minimum=16)
    n = len(result.projects)
    ws.freeze_panes = R.TABLE_FREEZE
    ws.auto_filter.ref = R.table_span(len(headers), n)
    ws.print_area = R.table_span(len(headers), n)
    _print(ws, 1)


def _codes(ws, rows: list[Located]) -> None:
    counts = Counter((f.code, f.severity_label) for f in rows)
    for k, (h, w) in enumerate(zip(("代码", "严重程度", "条数"), (28, 10, 8), strict=True), start=1):
        c = ws.cell(1, k, h)
        c.font, c.fill, c.border, c.alignment = S.BOLD, S.HEADER_FILL, S.GRID, S.CENTER
        ws.column_dimensions[R.column_letter(k)].width = w
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    for r, ((code, severity), n) in enumerate(ordered, start=2):
        for k, v in enumerate((code, severity, n), start=1):
            c = ws.cell(r, k, v)
            c.border, c.alignment = S.GRID, S.LEFT if k == 1 else S.CENTER
    _print(ws, 1)           # no print area: the chart below the table prints with it
    if ordered:
        chart = BarChart()
        chart.type, chart.title, chart.style, chart.legend = "bar", "按代码统计的问题", 10, None
        chart.add_data(Reference(ws, min_col=3, min_row=1, max_row=len(ordered) + 1),
                       titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(ordered) + 1))
        chart.height, chart.width = max(7.0, 0.7 * len(ordered) + 3), 16
        ws.add_chart(chart, R.cell(len(ordered) + 3, 1))
