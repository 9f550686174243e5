"""The printed 定稿, as LibreOffice prints it: only the rows in use, 总分 on a page with indicator
rows, every project numbered 第 N 页 共 M 页 on its own, black on white, nothing blank; A4
portrait at the scale the sheet states, which the page plan counts with."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from tests_support import needs_carlito, needs_lo, needs_poppler

from jixiao.batch.demo import demo
from localc.jobs import to_pdf
from workbook import layout as L
from workbook.pages import A4, SPARE, breaks, page_room, print_scale
from workbook.styles import BODY

FOOTER = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")
PAGE_LIMIT = 32                 # the demo's 定稿, all sheets (issue 11: 51, then 44 pages)
LO_PIXELS_PER_WIDTH = 7.43      # LibreOffice's unit of column width: Carlito 11's digit, unrounded


def test_the_last_row_never_stands_alone() -> None:
    rows = [(r, 100.0) for r in range(1, 11)]
    assert breaks(rows, 450) == [4, 8]               # 4 + 4 + 2 rows
    assert breaks(rows[:9], 400) == [4, 7]           # 4 + 3 + 2, not 4 + 4 + the last alone
    assert breaks(rows, 300, title=100) == [3, 5, 7, 8]   # 2 rows below the title per page
    assert breaks(rows, 2000) == []


def _project_sheets(path: Path) -> list[Worksheet]:
    wb = load_workbook(path)
    return [ws for ws in wb.worksheets if ws.title not in L.NOT_PROJECT_SHEETS]


def test_the_plan_counts_at_the_scale_the_sheet_states(final: Path) -> None:
    for ws in _project_sheets(final):
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.scale) == (
            "portrait", int(ws.PAPERSIZE_A4), L.PRINT_SCALE)
        assert not ws.sheet_properties.pageSetUpPr.fitToPage    # no scale of the program's own
        assert print_scale(ws, L.PRINT_COLUMNS) == setup.scale / 100
        m = ws.page_margins
        assert page_room(ws, L.PRINT_COLUMNS) == pytest.approx(
            (A4[1] - 72 * (m.top + m.bottom)) / (setup.scale / 100) * SPARE)


def test_the_printed_columns_fit_the_paper_and_stay_readable(final: Path) -> None:
    ws = _project_sheets(final)[0]
    m, zoom = ws.page_margins, ws.page_setup.scale / 100
    # measured as LibreOffice measures (wider than Excel's 7 pixels a unit), in points
    printed = sum(ws.column_dimensions[c].width for c in L.PRINT_COLUMNS) \
        * LO_PIXELS_PER_WIDTH * 0.75 * zoom
    assert printed <= 0.98 * (A4[0] - 72 * (m.left + m.right))
    assert BODY.size * zoom >= 8                # the form's text on paper, in points


@pytest.fixture(scope="module")
def final(tmp_path_factory) -> Path:
    return demo(tmp_path_factory.mktemp("demo")).final


def test_the_final_copy_hides_unused_rows_and_shading(final: Path) -> None:
    wb = load_workbook(final)
    projects = [ws for ws in wb.worksheets if ws.title not in L.NOT_PROJECT_SHEETS]
    assert len(projects) == 15
    for ws in projects:
        used = next(r for r in reversed(L.indicator_rows()) if ws[L.indicator_cell("三级", r - L.FIRST_ROW)].value)
        assert [r for r in L.indicator_rows() if ws.row_dimensions[r].hidden] == list(
            range(used + 1, L.LAST_ROW + 1))
        assert not ws.row_dimensions[L.TOTAL_ROW].hidden
        assert not ws.conditional_formatting
        assert not any(c.fill.fill_type for row in ws.iter_rows() for c in row)
    summary = wb[L.SUMMARY_SHEET]
    shown = [r for r in range(L.SUMMARY_FIRST_ROW, L.SUMMARY_TOTAL_ROW)
             if not summary.row_dimensions[r].hidden]
    assert len(shown) == len(projects)


def test_the_summary_has_a_native_chart_of_rates_and_totals(final: Path) -> None:
    with zipfile.ZipFile(final) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        xml = z.read(charts[0]).decode()
    assert len(charts) == 1
    spans = L.summary_chart_spans()
    for key in ("序号", "执行率", "总分"):        # every line: hidden lines stay out of the chart
        first, last = spans[key].split(":")
        assert f"'{L.SUMMARY_SHEET}'!${first[0]}${first[1:]}:${last[0]}${last[1:]}" in xml
    assert "<barChart>" in xml and "<lineChart>" in xml and '<plotVisOnly val="1"' in xml


def _pages(pdf: Path) -> list[str]:
    n = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout).group(1))
    return [subprocess.run(["pdftotext", "-f", str(p), "-l", str(p), "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
            for p in range(1, n + 1)]


@needs_lo
@needs_poppler
@needs_carlito
def test_the_printed_final_copy(final: Path, tmp_path: Path) -> None:
    pages = _pages(to_pdf(final, tmp_path))
    planned = [int(FOOTER.search(ws.oddFooter.center.text.replace("&P", "1")).group(2))
               for ws in _project_sheets(final)]
    # the pages fill planned and no page LibreOffice added (no column spilt onto a page of its
    # own); 目录, 汇总 and its chart one page each
    assert len(pages) == 3 + sum(planned) <= PAGE_LIMIT
    projects = [p for p in pages if L.TITLE in p or FOOTER.search(p)]
    assert len(pages) - len(projects) == 3          # 目录; 汇总 on one page, its chart on the next
    assert "合计" in pages[-2] and "追加推进世界制造业大会" in pages[-2]
    assert "各项目总分与预算执行率" in pages[-1]
    numbers = [tuple(map(int, FOOTER.search(p).groups())) for p in projects]
    k = 0
    while k < len(numbers):                 # 1/M … M/M for every project, in turn
        m = numbers[k][1]
        assert numbers[k:k + m] == [(n, m) for n in range(1, m + 1)]
        k += m
    assert sum(n == 1 for n, _ in numbers) == 15
    for text, (n, _) in zip(projects, numbers, strict=True):
        lines = [line for line in text.splitlines() if line.strip()]
        head = next((i for i, line in enumerate(lines) if "一级指标" in line), None)
        if n > 1:                           # a page after the first: the table goes on
            assert head is not None and head <= 2, text
        if n == 1 and head is None:         # a first page that ends above the table
            continue
        total = next((i for i, line in enumerate(lines) if "总分" in line), len(lines))
        # the indicator rows: each line between the table's header and 总分 showing a 得分
        rows = [line for line in lines[head + 1:total] if re.search(r"\d\.\d\d\b", line)]
        assert rows, text       # no page of the table without rows, no 总分 without them
