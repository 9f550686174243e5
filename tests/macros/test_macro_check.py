"""检查全部 on the filled seed, run on xlwings' remote book: the seed's known mistakes at their
cells and nothing else, a 检查结果 sheet of links, coloured cells, counts for the clerk."""

from __future__ import annotations

import copy

from openpyxl import load_workbook
from remote_book import actions, remote_book, replay
from tests_support import KNOWN_FINDINGS

from macros import check_all
from macros.book import Grid, ProjectSheet, template
from macros.check import COLOURS
from pyfuncs.engine import evaluate_form
from pyfuncs.engine.findings import ERROR, SEVERITY_LABELS, WARNING
from workbook import layout as L
from workbook.fill import fill_workbook, save
from workbook.layout import results as R

# the field each known finding points at, so its cell comes from the layout
FIELD = {"SCORE_OVER_WEIGHT": "得分", "SCORE_BELOW_FORMULA": "得分", "FULL_BUT_UNFINISHED": "得分",
         "NA_WEIGHTED": "分值", "OVER_COMPLETION": "实际完成值", "GROUP_WEIGHT_MISMATCH": "一级",
         "TOTAL_WEIGHT_MISMATCH": "总分.分值"}
EXPECTED = {(name, L.finding_cell(FIELD[code], row), code) for name, row, code in KNOWN_FINDINGS}


def fill_of(cell) -> str | None:
    return f"#{cell.fill.fgColor.rgb[-6:]}".lower() if cell.fill.fill_type == "solid" else None


def test_the_known_mistakes_at_their_cells_and_nothing_else(seed_book) -> None:
    report = check_all(seed_book)
    found = {(f.project, f.cell, f.code) for f in report.findings}
    assert found == EXPECTED
    assert len(report.findings) == len(KNOWN_FINDINGS) == 11
    cells = {(f.project, f.code): f.cell for f in report.findings if f.code != "NA_WEIGHTED"}
    assert cells[("推进工业互联网建设工作经费", "SCORE_OVER_WEIGHT")] == "H19"
    assert cells[("推进工业互联网建设工作经费", "TOTAL_WEIGHT_MISMATCH")] == "G88"
    veterans = {f.cell for f in report.findings if f.project == "退役军人事务管理经费"}
    assert veterans == {"G17", "G19", "G20"}
    assert report.counts == {"项目": 15, "错误": 7, "警告": 4, "提示": 0}


def test_the_clerk_is_told_the_counts(seed_book) -> None:
    report = check_all(seed_book)
    alert = actions(seed_book, "alert")[-1]
    assert alert["args"][0] == report.text
    assert "检查了 15 个项目：错误 7 处，警告 4 处，提示 0 处" in report.message


def test_result_sheet_and_colours_in_the_real_file(seed_wb, seed_shows, seed_forms,
                                                   profile) -> None:
    book = remote_book(seed_wb, seed_shows)
    report = check_all(book)
    replay(seed_wb, book)
    ws = seed_wb[R.SHEET]
    cols = R.COLUMNS
    assert [ws[f"{c}{R.HEADER_ROW}"].value for c in cols.values()] == list(cols)
    assert ws[R.SUMMARY_CELL].value == report.message
    by_name = {f.name: f for f in seed_forms}
    lines = []
    for r in range(R.FIRST_ROW, R.FIRST_ROW + len(report.findings)):
        line = {title: ws[f"{c}{r}"].value for title, c in cols.items()}
        sheet, cell = line["工作表"], ws[f"{cols['单元格']}{r}"].value
        assert cell.startswith(f"=HYPERLINK(\"#'{sheet}'!")    # a link to the cell
        assert line["文件"] == book.name
        lines.append(line)
    assert ws[f"A{R.FIRST_ROW + len(report.findings)}"].value is None
    # every line says what the engine says about that project
    for line in lines:
        result = evaluate_form(by_name[line["项目"]], profile)
        said = {(f.code, SEVERITY_LABELS[f.severity], f.message) for f in result.findings}
        assert (line["代码"], line["严重程度"], line["说明"]) in said
    # the cells concerned are coloured, and no other cell of a project sheet is
    worst = {}
    for f in report.findings:
        if worst.get((f.sheet, f.cell)) != ERROR:
            worst[(f.sheet, f.cell)] = f.severity
    colours = {COLOURS[ERROR].lower(), COLOURS[WARNING].lower()}
    for name in by_name:
        for row in seed_wb[name].iter_rows(max_row=L.TOTAL_ROW, max_col=9):
            for cell in row:
                expected = worst.get((name, cell.coordinate))
                if expected:
                    assert fill_of(cell) == COLOURS[expected].lower(), (name, cell.coordinate)
                else:
                    assert fill_of(cell) not in colours, (name, cell.coordinate)


def test_same_findings_where_the_jx_functions_show_name_errors(seed_wb) -> None:
    """Excel on the web has no JX_ functions: every formula cell shows #NAME?."""
    report = check_all(remote_book(seed_wb))
    assert {(f.project, f.cell, f.code) for f in report.findings} == EXPECTED


def test_a_score_left_on_its_formula_counts_as_the_suggested_score(seed_forms, profile,
                                                                     tmp_path) -> None:
    forms = [copy.deepcopy(f) for f in seed_forms if f.name == "推进工业经济高质量发展工作经费"]
    for ind in forms[0].indicators:
        ind.score = None
    path = save(fill_workbook(forms), tmp_path / "one.xlsx")
    book = remote_book(load_workbook(path))
    report = check_all(book)
    assert not {f.code for f in report.findings} & {"SCORE_MISSING"}
    plain = {f.code for f in evaluate_form(forms[0], profile).findings}
    assert "SCORE_MISSING" in plain          # what reading the formula as "blank" would say


def test_a_second_run_gives_last_runs_cells_their_colour_back(seed_wb, seed_shows) -> None:
    first = remote_book(seed_wb, seed_shows)
    check_all(first)
    replay(seed_wb, first)
    sheet = "推进工业互联网建设工作经费"
    seed_wb[sheet]["H19"] = 5                 # the clerk corrects the score over its weight
    second = remote_book(seed_wb)
    report = check_all(second)
    assert ("推进工业互联网建设工作经费", "H19", "SCORE_OVER_WEIGHT") not in {
        (f.project, f.cell, f.code) for f in report.findings}
    assert len(report.findings) == 10
    replay(seed_wb, second)
    assert fill_of(seed_wb[sheet]["H19"]) == template().fills["H19"].lower()
    assert fill_of(seed_wb[sheet]["G88"]) == COLOURS[ERROR].lower()    # still wrong


def test_a_results_sheet_of_an_older_layout_is_laid_out_anew(seed_wb) -> None:
    """Before the 文件 column, 单元格 was column C; what now sits under 单元格 is no address
    and colours nothing."""
    old = seed_wb.create_sheet(R.SHEET)
    old.append(["检查了 15 个项目"])
    old.append(["项目", "工作表", "单元格", "代码", "严重程度", "说明"])
    old.append(["推进工业互联网建设工作经费", "推进工业互联网建设工作经费", "H19",
                "SCORE_OVER_WEIGHT", "错误", "得分超过分值。"])
    book = remote_book(seed_wb)
    report = check_all(book)
    assert len(report.findings) == 11
    replay(seed_wb, book)
    ws = seed_wb[R.SHEET]
    assert [ws[f"{c}{R.HEADER_ROW}"].value for c in R.COLUMNS.values()] == list(R.COLUMNS)
    assert ws.column_dimensions[R.COLUMNS["说明"]].width == R.WIDTHS[R.COLUMNS["说明"]]


def test_reading_a_sheet_whose_formulas_can_be_read() -> None:
    """Desktop Excel reads formulas: a 得分 cell holding a formula is not typed, whatever it
    shows; on the remote engine an error shown there tells the same."""
    score = L.indicator_cell("得分", 0)
    row, col = int(score[1:]), 8
    rows = [[None] * 9 for _ in range(L.TOTAL_ROW)]
    rows[row - 1][col - 1] = 7.5
    desktop = ProjectSheet("s", Grid(rows), frozenset({0}))
    remote = ProjectSheet("s", Grid(rows))
    assert desktop.typed(score) is None and remote.typed(score) == 7.5
    rows[row - 1][col - 1] = "#NAME?"
    assert ProjectSheet("s", Grid(rows)).typed(score) is None
    assert ProjectSheet("s", Grid(rows)).formula_score_rows() == {0}
    assert L.CELLS["资金.执行率"] in template().formulas
    assert desktop.typed(L.CELLS["资金.执行率"]) is None
