"""The template recalculating live in LibreOffice: a clerk types into the input cells (with
openpyxl, into a copy of the built template, no cached values), LibreOffice recalculates with
the JX_ functions bound to Python, and 执行率, every 得分, 总分, 等级 and the check column follow.
The same scenarios as test_recalc_formulas.py, plus what only a real office program shows: the
red conditional format, a row inserted by hand, and the filled 15-project workbook computed by
LibreOffice equal, cell for cell, to our own values (which test_values.py equals to `formulas`).

Every workbook is recalculated in one LibreOffice session (:func:`localc.jobs.run_jobs`).
"""

from __future__ import annotations

import math
import re
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from tests_support import needs_lo, needs_poppler

from localc.edits import CopyRow, Edit, InsertRows, Protect, SetCells
from localc.jobs import Job, run_jobs
from localc.png import pdf_to_png
from localc.render import only_sheet
from pyfuncs import udfs
from pyfuncs.engine import Indicator
from pyfuncs.engine.findings import NO_FINDINGS
from pyfuncs.engine.record import replace
from pyfuncs.xlerror import ERRORS
from workbook import layout as L
from workbook.build import build_template, new_workbook, project_refs
from workbook.cells import set_value
from workbook.fill import Filler, fill_workbook, save
from workbook.values import project_values, workbook_values

pytestmark = needs_lo

SEED_PROJECT = "数字化诊断监理招标专项工作经费"
PARTLY = "部分达成预期指标并具有一定效果"
# sheet → what the clerk types there; each scenario on a project sheet of its own
SCENARIOS: dict[str, dict[str, object]] = {
    "资金": {"C7": 34, "D7": 34, "E7": 27.97},
    "预算为零": {"D7": 0, "E7": 3},
    "数值指标": {"E13": "≥20 次", "F13": 15, "G13": 10,
                 "E14": "≥20 次", "F14": 15, "G14": 10, "I14": "下半年才启动"},
    "部分达成": {"E14": "效果明显", "F14": PARTLY, "G14": 4, "I14": "进度滞后",
                 "E15": "效果明显", "F15": PARTLY, "G15": 4, "I15": "进度滞后", "H15": 3.5},
    "超分值": {"E13": "≥20 次", "F13": 22, "G13": 10, "H13": 10,
               "E15": "≤5万元", "F15": 5, "G15": 5, "H15": 8},
}
RED, INPUT_BLUE = (0xFF, 0xC7, 0xCE), (0xEA, 0xF2, 0xFB)   # styles.ERROR_FILL, INPUT_FILL

# The inserted row: above row 20 of the seed project (its 8th indicator), a copy of row 19.
AT = 20
NEW_ROW = {"B": None, "C": None, "D": "指标 4: 回访已诊断企业", "E": "≥10 家", "F": 12,
           "G": 5, "H": 4, "I": "部分企业未能按时回访"}


def _typed_scenarios() -> openpyxl.Workbook:
    wb = new_workbook(project_refs(list(SCENARIOS)))
    for sheet, cells in SCENARIOS.items():
        for ref, value in cells.items():
            set_value(wb[sheet][ref], value)
    return wb


def _insertion(sheet: str) -> list[Edit]:
    """What the README tells a clerk: unprotect, insert a row, copy the row above into it,
    type the new indicator, protect again."""
    return [Protect(sheet, on=False), InsertRows(sheet, AT),
            CopyRow(sheet, AT - 1, AT),
            SetCells(sheet, {f"{c}{AT}": v for c, v in NEW_ROW.items()}),
            Protect(sheet, on=True)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory, seed, live_seed_forms) -> dict[str, Job]:
    """Every workbook of this module, recalculated (or printed) by one LibreOffice session:
    name → its job (`src` as typed, `dst` as LibreOffice saved it)."""
    folder = tmp_path_factory.mktemp("lo-recalc")
    src, out = folder / "src", folder / "out"
    src.mkdir()
    template = build_template(src / "jixiao.xlsm")
    scenarios = save(_typed_scenarios(), src / "scenarios.xlsx")
    red = save(only_sheet(_typed_scenarios(), "超分值"), src / "red.xlsx")
    seed_book = save(fill_workbook(live_seed_forms, unit=seed["单位"]), src / "seed.xlsx")
    form = next(f for f in live_seed_forms if f.name == SEED_PROJECT)
    one, refs = Filler(unit=seed["单位"]).fill([form])
    one_book = save(one, src / "one.xlsx")
    cleared = {f"{c}13": None for c in "EFG"}
    jobs = {
        "blank": Job(template, out / "blank.xlsx"),
        "scenarios": Job(scenarios, out / "scenarios.xlsx"),
        "cleared": Job(scenarios, out / "cleared.xlsx", [SetCells("数值指标", cleared)]),
        "red": Job(red, out / "red.pdf"),
        "seed": Job(seed_book, out / "seed.xlsx"),
        "inserted": Job(one_book, out / "inserted.xlsx", _insertion(refs[0].sheet)),
    }
    run_jobs(list(jobs.values()), timeout=300)
    return jobs


@pytest.fixture(scope="module")
def shown(runs):
    """name → the recalculated workbook as a reader sees it (openpyxl, data_only)."""
    opened: dict[str, openpyxl.Workbook] = {}

    def get(name: str) -> openpyxl.Workbook:
        if name not in opened:
            opened[name] = openpyxl.load_workbook(runs[name].dst, data_only=True)
        return opened[name]

    return get


def values(ws, *refs: str) -> list:
    return [ws[r].value for r in refs]


def blank(v: object) -> bool:
    return v in ("", None)  # openpyxl reads a cached empty string as None


# --- typing into the template ---------------------------------------------------------------

def test_a_blank_workbook_shows_no_errors(shown) -> None:
    wb = shown("blank")
    sheets = (L.INDEX_SHEET, "项目1", L.SUMMARY_SHEET, L.BLANK_SHEET)
    errors = [(ws.title, c.coordinate, c.value) for ws in (wb[s] for s in sheets)
              for row in ws.iter_rows() for c in row if c.data_type == "e" or c.value in ERRORS]
    assert not errors
    for sheet in ("项目1", L.BLANK_SHEET):
        ws = wb[sheet]
        checks = [ws[f"{L.CHECK_COLUMN}{r}"].value for r in range(L.FIRST_ROW, L.LAST_ROW + 1)]
        assert all(blank(v) for v in [*checks, ws[L.FORM_CHECK_CELL].value])
        assert all(blank(v) for v in values(ws, "G6", "H6", "H88", "I88"))
        assert ws["G88"].value == 10       # the funding 分值 alone


def test_typing_a_budget_and_an_execution(shown) -> None:
    rate, score, total_budget = values(shown("scenarios")["资金"], "G6", "H6", "D6")
    assert (round(rate, 4), score, total_budget) == (0.8226, 8.23, 34)


def test_a_budget_of_zero_shows_no_rate(shown) -> None:
    ws = shown("scenarios")["预算为零"]
    rate, score, total, check = values(ws, "G6", "H6", "H88", L.FORM_CHECK_CELL)
    assert (rate, score) == ("#DIV/0!", "#DIV/0!")
    assert blank(total)
    assert "全年预算数为空或为 0" in check    # J6 reads the amounts, not the #DIV/0! cells


def test_numeric_actual_below_its_target(shown) -> None:
    ws = shown("scenarios")["数值指标"]
    score, band, check, reading = values(ws, "H13", "K13", "J13", "L13")
    assert (score, band, reading) == (7.5, "7.5", "≥ 20 次")
    assert check.startswith("【错误】得分 7.5 低于分值 10，偏差原因分析及改进措施却为空")
    assert values(ws, "H14") == [7.5] and ws["J14"].value == NO_FINDINGS     # with a remark


def test_choosing_partly_achieved(shown) -> None:
    ws = shown("scenarios")["部分达成"]
    score, band, check = values(ws, "H14", "K14", "J14")
    assert (score, band, check) == (2.4, "2.4–3.19", NO_FINDINGS)
    check = ws["J15"].value                                        # 3.5 typed over it
    assert check.startswith(f"【错误】实际完成值为“{PARTLY}”")
    assert "得分应在 2.4–3.19 之间" in check


def test_a_score_typed_above_its_weight(shown) -> None:
    ws = shown("scenarios")["超分值"]
    assert ws["J15"].value.startswith("【错误】得分 8 超过分值 5")
    assert ws["J13"].value == NO_FINDINGS


def test_clearing_typed_values_blanks_the_row(shown) -> None:
    """Deleted in LibreOffice (not only left out of a fresh file): the row is blank again."""
    ws = shown("cleared")["数值指标"]
    assert all(blank(v) for v in values(ws, "H13", "J13", "K13", "L13"))
    assert values(ws, "H14") == [7.5]


# --- the red cell, as printed ------------------------------------------------------------------

def _png_rows(path: Path, last_row: int) -> tuple[int, list[bytes]]:
    """The RGB rows 0..last_row of an 8-bit RGB PNG (what pdftoppm writes), unfiltered."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, _, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert (depth, colour, interlace) == (8, 2, 0)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * 3
    rows, prev = [], bytearray(stride)
    for y in range(last_row + 1):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - 3] if i >= 3 else 0
            b, c = prev[i], prev[i - 3] if i >= 3 else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, rows


def _words(pdf: Path) -> tuple[float, list[tuple[str, tuple[float, ...]]]]:
    """The page width and every word of page 1 with its box (points, from the top left)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                          capture_output=True, text=True, check=True, timeout=60).stdout
    width = float(re.search(r'<page width="([\d.]+)"', html).group(1))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', html)
    return width, [(w[4], tuple(float(x) for x in w[:4])) for w in words]


def _background(pdf: Path, png: Path, word: str) -> tuple[int, int, int]:
    """The commonest colour around `word` on the page: its cell's fill, not its glyphs."""
    page_width, words = _words(pdf)
    (box,) = [b for w, b in words if w == word]
    x0, y0, x1, y1 = box
    width, _ = _png_rows(png, 0)
    scale = width / page_width
    _, rows = _png_rows(png, math.ceil(y1 * scale))
    pixels = Counter(
        rows[y][x * 3:x * 3 + 3]
        for y in range(math.floor(y0 * scale), math.ceil(y1 * scale))
        for x in range(math.floor((x0 - 4) * scale), math.ceil((x1 + 4) * scale)))
    return tuple(pixels.most_common(1)[0][0])


@needs_poppler
def test_a_score_above_its_weight_prints_red(runs, tmp_path) -> None:
    """The conditional format fires in LibreOffice: on the printed page, H15 (8.00 over a
    分值 of 5) has the red fill FFC7CE, while H13 (10.00 of 10) keeps the light-blue input fill."""
    pdf = runs["red"].dst
    png = pdf_to_png(pdf, tmp_path, dpi=100)[0]
    assert _background(pdf, png, "8.00") == RED
    assert _background(pdf, png, "10.00") == INPUT_BLUE


# --- a row inserted by hand ------------------------------------------------------------------

def test_an_inserted_row_is_counted(runs, shown, live_seed_forms, profile) -> None:
    """Inserted above row 20 and copied from row 19 in LibreOffice, with a new indicator
    typed in: 总分 (now on row 89), 分值合计 and the group subtotal include it, and the whole
    sheet shows what the engine computes for the form with that indicator from the start."""
    form = next(f for f in live_seed_forms if f.name == SEED_PROJECT)
    ws = shown("inserted")[SEED_PROJECT]
    f = openpyxl.load_workbook(runs["inserted"].dst)[SEED_PROJECT]
    total = L.TOTAL_ROW + 1
    before = project_values(form, profile)
    assert (before["G88"], round(before["H88"], 2)) == (100, 86.53)
    weight, score, grade = values(ws, f"G{total}", f"H{total}", f"I{total}")
    assert (weight, round(score, 2), grade) == (105, 90.53, "优")
    assert f[f"H{total}"].value == '=IF(ISNUMBER(H6),H6+SUM(H13:H88),"")'
    assert f[f"G{total}"].value == "=F6+SUM(G13:G88)"
    assert "分值合计为 105" in ws[L.FORM_CHECK_CELL].value
    # the copied row's own formulas, on its own row
    assert f[f"J{AT}"].value == (f'=IF(COUNTA(E{AT}:G{AT},I{AT})+COUNT(H{AT})=0,"",'
                                 f'JX_CHECK(E{AT},F{AT},G{AT},IFERROR(H{AT},""),I{AT},评分配置))')
    assert ws[f"K{AT}"].value == udfs.JX_BAND("≥10 家", 12.0, 5.0)
    # the group subtotal (分值合计, 得分合计) of the new row's group grew by 5 and 4
    group = before[f"{L.GROUP_COLUMN}{AT - 1}"]
    sub = next(r for r in range(L.SUBTOTAL_FIRST_ROW, L.SUBTOTAL_FIRST_ROW + 3)
               if ws[f"O{r}"].value == group)
    assert (ws[f"P{sub}"].value, ws[f"Q{sub}"].value) == (
        before[f"P{sub}"] + 5, pytest.approx(before[f"Q{sub}"] + 4))
    # the red and yellow formats and the validations grew with the table
    ranges = {str(cf.sqref) for cf in f.conditional_formatting}
    assert f"H13:H{L.LAST_ROW + 1}" in ranges
    assert f.protection.sheet
    # and everything equals the engine's values for the form with the row from the start
    new = Indicator(level1=form.indicators[AT - 1 - L.FIRST_ROW].level1,
                    level2=form.indicators[AT - 1 - L.FIRST_ROW].level2,
                    level3=NEW_ROW["D"], target=NEW_ROW["E"], actual=NEW_ROW["F"],
                    weight=NEW_ROW["G"], score=NEW_ROW["H"], remark=NEW_ROW["I"])
    indicators = list(form.indicators)
    indicators.insert(AT - L.FIRST_ROW, new)
    expected = project_values(replace(form, indicators=indicators), profile)

    def moved(ref: str) -> str:
        col, row = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
        return f"{col}{int(row) + 1}" if int(row) == L.TOTAL_ROW else ref

    wrong = {ref: (v, ws[moved(ref)].value) for ref, v in expected.items()
             if not same(v, ws[moved(ref)].value)}
    assert not wrong, list(wrong.items())[:5]


# --- the seed ----------------------------------------------------------------------------------

def test_a_filled_seed_project(shown) -> None:
    """数字化诊断监理招标专项工作经费 with its stated scores typed in: 20.3%, 2.03, 86.53, 良."""
    ws = shown("seed")[SEED_PROJECT]
    rate, score, total, grade, weights, check = values(
        ws, "G6", "H6", "H88", "I88", "G88", L.FORM_CHECK_CELL)
    assert f"{rate:.1%}" == "20.3%"
    assert (score, round(total, 2), grade, weights) == (2.03, 86.53, "良", 100)
    assert check == NO_FINDINGS


def test_a_seed_mistake_shows_in_the_check_cells(shown) -> None:
    ws = shown("seed")["推进工业互联网建设工作经费"]
    row = L.FIRST_ROW + 6
    assert ws[f"J{row}"].value.startswith("【错误】得分 8 超过分值 5")
    assert "分值合计 47" in ws[L.FORM_CHECK_CELL].value
    assert "分值合计为 97" in ws[L.FORM_CHECK_CELL].value
    assert ws[f"P{L.SUBTOTAL_FIRST_ROW}"].value == 47


def same(ours: object, theirs: object) -> bool:
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9)
    return ours == theirs or (blank(ours) and blank(theirs))


def test_libreoffice_agrees_with_our_values_on_every_formula_cell(
    runs, shown, live_seed_forms, profile,
) -> None:
    """The filled 15-project workbook, saved without cached values and recalculated by
    LibreOffice, shows in every formula cell what :func:`workbook_values` computes (and
    test_values.py proves those equal to the `formulas` engine's): the engines agree."""
    ours = workbook_values(project_refs([f.name for f in live_seed_forms]), live_seed_forms, profile)
    theirs = shown("seed")
    # the formulas as typed (LibreOffice saves the TRUE/FALSE constants of xlwings.conf as
    # =FALSE() formulas: they are not ours, and not compared)
    saved = openpyxl.load_workbook(runs["seed"].src)
    formula_cells = {(ws.title, c.coordinate) for ws in saved.worksheets
                     for row in ws.iter_rows() for c in row if c.data_type == "f"}
    expected = {(sheet, ref): v for sheet, cells in ours.items() for ref, v in cells.items()}
    assert len(expected) > 6000
    assert set(expected) == formula_cells
    wrong = {k: (v, theirs[k[0]][k[1]].value) for k, v in expected.items()
             if not same(v, theirs[k[0]][k[1]].value)}
    assert not wrong, list(wrong.items())[:5]
    # not a vacuous agreement: 342 numbers, 1818 texts (10 of them findings), no error value
    shown_values = [theirs[s][r].value for s, r in expected]
    assert sum(isinstance(v, float | int) for v in shown_values) >= 300
    assert sum(isinstance(v, str) and v.startswith("【") for v in shown_values) >= 10
