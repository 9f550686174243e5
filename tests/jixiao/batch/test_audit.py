"""`jixiao audit`: the seed's known mistakes and nothing else, from every kind of input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import openpyxl
import pytest
from tests_support import KNOWN_FINDINGS, SEED, needs_lo, needs_poppler

from jixiao.batch.audit import audit, format_table
from jixiao.batch.extract import extract
from jixiao.batch.fill import fill
from services.formats import read_data, write_data
from workbook import layout as L
from workbook.cells import set_value
from workbook.layout import results as R

# where each known finding sits on a filled form
CELLS = {(name, row, code): L.finding_cell(field, row) for name, row, code, field in [
    ("节能环保、安全生产、盐业管理及小微企业融资担保核查工作经费", 21, "FULL_BUT_UNFINISHED", "得分"),
    ("膜、塑料及刷业产业链专班工作经费", 8, "SCORE_BELOW_FORMULA", "得分"),
    ("推进工业互联网建设工作经费", 6, "SCORE_OVER_WEIGHT", "得分"),
    ("推进工业互联网建设工作经费", 0, "GROUP_WEIGHT_MISMATCH", "一级"),
    ("推进工业互联网建设工作经费", None, "TOTAL_WEIGHT_MISMATCH", "总分.分值"),
    ("退役军人事务管理经费", 4, "NA_WEIGHTED", "分值"),
    ("退役军人事务管理经费", 6, "NA_WEIGHTED", "分值"),
    ("退役军人事务管理经费", 7, "NA_WEIGHTED", "分值"),
    ("县干招商组招商工作经费", 13, "NA_WEIGHTED", "分值"),
    ("追加推进世界制造业大会及制造强省项目工作经费", 1, "OVER_COMPLETION", "实际完成值"),
    ("追加推进世界制造业大会及制造强省项目工作经费", 2, "OVER_COMPLETION", "实际完成值"),
]}


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    out = tmp_path_factory.mktemp("audit") / "seed.xlsm"
    fill(SEED, out)
    return out


def test_cell_table_covers_every_known_finding() -> None:
    assert set(CELLS) == KNOWN_FINDINGS


def test_data_file(tmp_path) -> None:
    result = audit([SEED])
    assert {(r.project, r.code) for r in result.rows} == {(n, c) for n, _, c in KNOWN_FINDINGS}
    assert len(result.rows) == len(KNOWN_FINDINGS)
    assert result.has_errors and len(result.projects) == 15


def test_filled_workbook_names_the_cells(filled) -> None:
    result = audit([filled])
    found = {(r.project, r.cell, r.code) for r in result.rows}
    assert found == {(n, cell, c) for (n, _, c), cell in CELLS.items()}
    by_name = {p.project: p for p in result.projects}
    digital = by_name["数字化诊断监理招标专项工作经费"]
    assert (round(digital.rate, 4), digital.funding_score, digital.total, digital.grade) == (
        0.2027, 2.03, 86.53, "良")


def test_a_stale_value_in_a_form_is_caught(filled, tmp_path) -> None:
    """A form whose shown numbers were typed wrong (here: 总分 and 执行率) is flagged."""
    wb = openpyxl.load_workbook(filled)
    ws = wb["数字化诊断监理招标专项工作经费"]
    ws["H88"], ws["G6"] = 90, 0.5
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    codes = {r.code for r in audit([path]).rows if r.project == "数字化诊断监理招标专项工作经费"}
    assert {"TOTAL_MISMATCH", "FUND_RATE_MISMATCH"} <= codes


def test_one_bad_input_does_not_stop_the_others(filled, tmp_path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook", encoding="utf-8")
    result = audit([broken, filled])
    assert len(result.projects) == 15
    assert result.rows[0].code == "INPUT" and "broken.xlsx" in result.rows[0].message


def test_reports(filled, tmp_path) -> None:
    audit([filled], report=tmp_path / "r.json")
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert len(doc["检查结果"]) == len(KNOWN_FINDINGS) and len(doc["项目"]) == 15
    audit([filled], report=tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert wb.sheetnames == [R.SHEET, R.PROJECTS_SHEET, R.CODES_SHEET]
    ws = wb[R.SHEET]
    assert ws.max_row == R.FIRST_ROW + len(KNOWN_FINDINGS) - 1
    heading = ws[R.SUMMARY_CELL].value
    assert heading.startswith("安庆市经济和信息化局本级 2023 年度项目支出绩效自评审核报告（审核日期 ")
    assert heading.endswith("评分配置 national-2020）  共 15 个项目：错误 7 条，警告 4 条，提示 0 条。")
    # printable: A4 landscape, one page wide, the header on every page; one file: no 文件 column
    assert (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.fitToWidth) == (
        "landscape", int(ws.PAPERSIZE_A4), 1)
    assert ws.print_title_rows == f"${R.HEADER_ROW}:${R.HEADER_ROW}"
    assert ws.column_dimensions[R.COLUMNS["文件"]].hidden
    assert ws.column_dimensions[R.COLUMNS["工作表"]].hidden
    assert [ws[f"{c}{R.HEADER_ROW}"].value for c in R.COLUMNS.values()] == list(R.COLUMNS)
    lines = [{t: ws[f"{c}{r}"].value for t, c in R.COLUMNS.items()}
             for r in range(R.FIRST_ROW, ws.max_row + 1)]
    assert {(x["项目"], x["单元格"], x["代码"]) for x in lines} == {
        (n, cell, c) for (n, _, c), cell in CELLS.items()}
    assert {x["文件"] for x in lines} == {filled.name}
    assert {x["严重程度"] for x in lines} == {"错误", "警告"}
    # sorted by project, then by row and column; each cell a link into the form
    keys = [(x["项目"], int(x["单元格"][1:]), x["单元格"][0]) for x in lines]
    assert keys == sorted(keys)
    form = os.path.relpath(filled.resolve(), tmp_path.resolve())     # relative: travels along
    for x, r in zip(lines, range(R.FIRST_ROW, ws.max_row + 1), strict=True):
        link = ws[f"{R.COLUMNS['单元格']}{r}"].hyperlink
        assert (link.target, link.location) == (form, f"'{x['工作表']}'!{x['单元格']}")
    projects = wb[R.PROJECTS_SHEET]
    assert [c.value for c in projects[1]] == ["序号", "项目", "执行率", "资金得分", "总分", "等级",
                                              "错误", "警告"]
    assert projects.max_row == 16
    rate = next(r for r in projects.iter_rows(min_row=2) if r[1].value == "数字化诊断监理招标专项工作经费")
    assert (rate[2].number_format, rate[3].number_format, rate[4].number_format) == (
        "0.0%", "0.00", "0.00")
    codes = wb[R.CODES_SHEET]
    counted = {r[0].value: r[2].value for r in codes.iter_rows(min_row=2)}
    assert counted == dict(Counter(c for (_, _, c) in KNOWN_FINDINGS)) and len(codes._charts) == 1


@needs_lo
@needs_poppler
def test_the_report_as_pdf(filled, tmp_path) -> None:
    pdf = tmp_path / "审核报告.pdf"
    audit([filled], report=pdf)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert "审核报告" in first and "NA_WEIGHTED" in first
    assert re.search(r"第\s*1\s*页\s*共\s*3\s*页", first)       # 检查结果, 项目汇总, 问题分类


def their_form(path, form, *, funding: bool = True, score_column: bool = True):
    """`form` typed into a workbook in the official layout by someone else: shifted one column
    and two rows, labels spelt loosely; optionally without its funding block or 得分 column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评表"
    def put(r: int, c: int, v: object) -> None:
        set_value(ws.cell(r + 2, c + 1), v)     # `=6000 个` stays text, as typed

    put(1, 1, "项目支出绩效自评表")
    put(2, 1, "( 2023 年度 )")
    put(3, 1, "项目名称:")
    put(3, 2, form.name)
    put(4, 1, "主管部门")
    put(4, 2, form.department)
    put(4, 5, "实施单位")
    put(4, 6, form.unit)
    if funding:
        for k, h in enumerate(["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]):
            put(5, 3 + k, h)
        put(5, 1, "项目资金（万元）")
        for k, row in enumerate(["年度资金总额:", "其中:本年财政拨款", "上年结转资金", "其他资金"]):
            put(6 + k, 2, row)
            for j, v in enumerate(form.funding.amounts[list(form.funding.amounts)[k]]):
                put(6 + k, 3 + j, v)
        put(6, 6, 10)
        put(6, 7, "100.0%")
        put(6, 8, 10)
    put(10, 1, "年度总体目标")
    put(10, 2, "预期目标")
    put(10, 6, "实际完成情况")
    put(11, 2, form.goal)
    put(11, 6, form.outcome)
    headers = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
               "得分" if score_column else "评分标准", "偏差原因分析及改进措施"]
    for k, h in enumerate(headers):
        put(12, 2 + k, h)
    for i, ind in enumerate(form.indicators):
        for k, v in enumerate([ind.level1, ind.level2, ind.level3, ind.target, ind.actual,
                               ind.weight, ind.score, ind.remark]):
            put(13 + i, 2 + k, v)
    last = 13 + len(form.indicators)
    put(last, 1, "总分")
    put(last, 7, 100)
    put(last, 8, 97)
    wb.save(path)
    return path


def test_forms_in_the_official_layout_made_by_someone_else(tmp_path) -> None:
    """Blocks found by their labels: shifted one column and two rows, labels spelt loosely."""
    form = read_data(SEED).forms[7]              # 推进工业互联网建设工作经费
    result = audit([their_form(tmp_path / "他们的表.xlsx", form)])
    (summary,) = result.projects
    assert (summary.project, summary.total) == (form.name, 97)
    found = {(r.code, r.cell) for r in result.rows}
    assert found == {("SCORE_OVER_WEIGHT", "I21"), ("GROUP_WEIGHT_MISMATCH", "C15"),
                     ("TOTAL_WEIGHT_MISMATCH", "H30")}


def test_a_form_read_in_part_says_what_it_could_not_read(tmp_path) -> None:
    """No funding block: an error says so at the project's name, no 执行率, 资金得分, 总分 or 等级
    is shown as if the form had been read whole, and only the table's own findings remain (the
    total weight, which needs the funding 分值, is not checked).
    No 得分 column (a 评分标准 column in its place): the error names it, nothing else is said."""
    form = read_data(SEED).forms[7]
    result = audit([their_form(tmp_path / "无资金栏.xlsx", form, funding=False)])
    (summary,) = result.projects
    assert (summary.rate, summary.funding_score, summary.total, summary.grade) == (
        None, None, None, None)
    found = {(r.code, r.cell, r.severity) for r in result.rows}
    assert found == {("BLOCK_NOT_FOUND", "C5", "error"), ("SCORE_OVER_WEIGHT", "I21", "error"),
                     ("GROUP_WEIGHT_MISMATCH", "C15", "error")}    # the table's own: still said
    assert result.has_errors
    assert "未找到资金栏" in next(r.message for r in result.rows if r.code == "BLOCK_NOT_FOUND")

    result = audit([their_form(tmp_path / "无得分列.xlsx", form, score_column=False)])
    assert [(r.code, r.cell) for r in result.rows] == [("BLOCK_NOT_FOUND", "C5")]
    assert "“得分”列" in result.rows[0].message
    assert result.projects[0].total is None

    data = extract([tmp_path / "无得分列.xlsx"], tmp_path / "读回.json")
    assert [p.code for p in data.problems] == ["BLOCK_NOT_FOUND"]


def test_command_line_exit_codes(filled, tmp_path) -> None:
    exe = [sys.executable, "-m", "jixiao"]
    out = subprocess.run([*exe, "audit", str(filled)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1
    assert "共 15 个项目：错误 7 条，警告 4 条" in out.stdout
    clean = tmp_path / "clean.json"
    data = read_data(SEED)
    data.forms = [f for f in data.forms if f.name == "数字化诊断监理招标专项工作经费"]
    write_data(data, clean)
    out = subprocess.run([*exe, "audit", str(clean)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "错误 0 条" in out.stdout


def test_table_text() -> None:
    text = format_table(audit([SEED]))
    assert "SCORE_OVER_WEIGHT" in text and text.splitlines()[-1].startswith("共 15 个项目")


def test_a_blank_score_in_a_data_file_is_the_suggested_one(tmp_path) -> None:
    data = read_data(SEED)
    data.forms = [f for f in data.forms if f.name == "数字化诊断监理招标专项工作经费"]
    for ind in data.forms[0].indicators:
        if ind.score == ind.weight:
            ind.score = None
    data.forms[0].stated_total = None
    path = tmp_path / "blank-scores.json"
    write_data(data, path)
    result = audit([path])
    assert result.rows == [] and result.projects[0].total == 86.53


def test_a_number_in_a_text_column_and_only_there_asks_for_the_percent_formats() -> None:
    """A number in 年度指标值 or 实际完成值 may be a typed 95% (stored as 0.95): the reader then
    looks up the cells' formats. A number in 分值 or 得分 does not send it looking."""
    from jixiao.batch.sources import _texts_hold_numbers
    from workbook.read import split_ref

    places = {f: split_ref(L.indicator_cell(f, 3)) for f in L.INDICATOR_COLUMN_OF}
    width = max(c for _, c in places.values())
    for field, (r, c) in places.items():
        grid = [[""] * width for _ in range(L.LAST_ROW)]
        grid[r - 1][c - 1] = 0.95
        assert _texts_hold_numbers(grid) == (field in L.TYPED_AS_TEXT), field
