"""The LibreOffice harness: a workbook calling JX_ functions recalculates live, errors included;
rows inserted, copied and typed into inside LibreOffice.

The tests marked `needs_lo` run LibreOffice for real (about 2 s a run); the others check the
generated Basic, the value conversions, the edits as the bridge reads them, and the killing of
a hung soffice with a fake one.
"""

from __future__ import annotations

import datetime
import hashlib
import inspect
import math
import os
import shutil
import stat
import struct
import subprocess
import time
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from workbook import libreoffice as lo
from workbook.cells import Formula

needs_lo = pytest.mark.skipif(
    not lo.available(),
    reason="LibreOffice is not installed (apt-get install --no-install-recommends "
    "libreoffice-calc python3-uno libreoffice-script-provider-python fonts-noto-cjk "
    "poppler-utils)",
)

SHEET = "项目1"
FORMULAS = {
    "H6": "=JX_EXEC_RATE(D6,C6)",
    "I6": "=JX_FUND_SCORE(D6,C6,10)",
    "J6": "=JX_FUND_SCORE(D6,C6)",
    "H10": "=JX_SCORE(E10,F10,G10)",
    "H11": "=JX_GRADE(86.53)",
    "H12": '=JX_BAND("效果明显","达成预期指标",10)',
    "H13": '=JX_CHECK("≤5万元",5,5,8,"")',
    "H14": "=SUM(I6,H10)",
    "H15": "=JX_EXEC_RATE(D15,C15)",  # both blank
    "H16": "=ISTEXT(H15)",
    "H17": "=LEN(H15)",
    "H18": "=JX_EXEC_RATE(D18,C18)",  # budget 0
    "H19": '=IFERROR(H18,"x")',
    "H20": "=ERROR.TYPE(H18)",
    "H21": '=JX_SCORE("看不懂","也看不懂",10)',
    "H22": "=JX_SCORES(H18:H19,F10:F11,G10:G11)",  # an error inside a range argument
}


def _build(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["C6"], ws["D6"] = 34, 27.97
    ws["E10"], ws["F10"], ws["G10"] = "≥20 次", 15, 10
    ws["E11"], ws["F11"], ws["G11"] = "效果明显", "达成预期指标", 10
    ws["C18"], ws["D18"] = 0, 5
    for cell, formula in FORMULAS.items():
        ws[cell] = formula
    ws["K10"] = ArrayFormula("K10:K11", "=JX_SCORES(E10:E11,F10:F11,G10:G11)")
    summary = wb.create_sheet("汇总")
    summary["A1"] = f"='{SHEET}'!H10*2"
    summary["A2"] = f"=JX_GRADE('{SHEET}'!H14*6)"
    wb.save(path)
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The test workbook, its digest before the run, and its recalculation by LibreOffice."""
    folder = tmp_path_factory.mktemp("lo")
    src = _build(folder / "自评表.xlsx")
    before = _digest(src)
    return src, lo.recalculate(src, folder / "out" / "重算.xlsx", timeout=120), before


@needs_lo
def test_jx_functions_compute_in_libreoffice(recalculated: tuple[Path, Path, str]) -> None:
    ws = openpyxl.load_workbook(recalculated[1], data_only=True)[SHEET]
    assert ws["H6"].value == pytest.approx(27.97 / 34)
    assert ws["I6"].value == 8.23
    assert ws["J6"].value == 8.23  # the optional 分值 omitted
    assert ws["H10"].value == 7.5
    assert ws["H11"].value == "良"
    assert ws["H12"].value == "8–10"
    assert ws["H13"].value.startswith("【错误】得分 8 超过分值 5")
    assert ws["H14"].value == 15.73
    assert [ws["K10"].value, ws["K11"].value] == [7.5, 10]


@needs_lo
def test_blank_input_gives_an_empty_string(recalculated: tuple[Path, Path, str]) -> None:
    ws = openpyxl.load_workbook(recalculated[1], data_only=True)[SHEET]
    assert ws["H15"].value in ("", None)  # openpyxl reads an empty cached string as None
    assert ws["H16"].value is True  # but Calc saw text: ""
    assert ws["H17"].value == 0


@needs_lo
def test_error_values_are_real_calc_errors(recalculated: tuple[Path, Path, str]) -> None:
    ws = openpyxl.load_workbook(recalculated[1], data_only=True)[SHEET]
    assert (ws["H18"].value, ws["H18"].data_type) == ("#DIV/0!", "e")
    assert ws["H19"].value == "x"
    assert ws["H20"].value == 2  # ERROR.TYPE of #DIV/0!
    assert (ws["H21"].value, ws["H21"].data_type) == ("#VALUE!", "e")
    # Calc passes the error on without calling the function (Excel would call it)
    assert ws["H22"].value == "#DIV/0!"


@needs_lo
def test_cross_sheet_references_and_the_source_is_untouched(
    recalculated: tuple[Path, Path, str],
) -> None:
    src, dst, before = recalculated
    summary = openpyxl.load_workbook(dst, data_only=True)["汇总"]
    assert summary["A1"].value == 15
    assert summary["A2"].value == "优"  # 15.73 × 6 = 94.38
    assert openpyxl.load_workbook(dst)[SHEET]["H10"].value == FORMULAS["H10"]
    assert _digest(src) == before
    assert sorted(p.name for p in src.parent.iterdir()) == ["out", src.name]


@needs_lo
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_pdf_and_png_show_computed_numbers(
    recalculated: tuple[Path, Path, str], tmp_path: Path,
) -> None:
    pdf = lo.to_pdf(recalculated[0], tmp_path)
    assert pdf == tmp_path / "自评表.pdf"
    pngs = lo.pdf_to_png(pdf, tmp_path / "png")
    assert pngs and pngs[0].name == "自评表-1.png"
    assert pngs[0].read_bytes().startswith(b"\x89PNG") and pngs[0].stat().st_size > 1000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "7.5" in text and "良" in text and "#DIV/0!" in text


# --- without LibreOffice ----------------------------------------------------------------------

def test_basic_has_one_function_per_jx_function() -> None:
    source = lo.basic_source()
    for name, fn in lo.worksheet_functions().items():
        params = inspect.signature(fn).parameters.values()
        heads = [("Optional " if p.default is not p.empty else "") + f"p_{p.name}"
                 for p in params]
        assert f"Function {name}({', '.join(heads)})\n" in source


def _payload(x: float) -> int:
    assert math.isnan(x)
    return struct.unpack("<Q", struct.pack("<d", x))[0] & 0xFFFF


def test_call_converts_like_a_cell() -> None:
    assert lo.call("JX_SCORE", ("≥20 次", 15, 10, None), "1110") == 7.5
    assert lo.call("JX_EXEC_RATE", (None, None, None), "110") == ""
    assert _payload(lo.call("JX_EXEC_RATE", (5, 0, None), "110")) == 532  # #DIV/0!
    column = lo.call("JX_SCORES", ((("≥20 次",), ("效果明显",)), ((15,), ("达成预期指标",)),
                                   10, None), "1110")
    assert column == ((7.5,), (10.0,))


def _fake_soffice(folder: Path, hang_after_writing: bool) -> Path:
    """A stand-in for soffice that writes its output (or not) and then never exits."""
    write = 'cp "${@: -1}" "$out/book.xlsx"' if hang_after_writing else ":"
    script = folder / "soffice"
    script.write_text(
        "#!/bin/bash\n"
        'out=$(for a in "$@"; do [ "$prev" = --outdir ] && echo "$a"; prev=$a; done)\n'
        f'mkdir -p "$out"; {write}\n'
        f'sleep 300 & echo $! >> "{folder}/pids"; echo $$ >> "{folder}/pids"; sleep 300\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("hang_after_writing", [True, False])
def test_a_hung_soffice_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hang_after_writing: bool,
) -> None:
    fake = _fake_soffice(tmp_path, hang_after_writing)
    monkeypatch.setattr(lo, "_soffice", lambda: fake)
    monkeypatch.setattr(lo, "available", lambda: True)
    monkeypatch.setattr(lo, "SETTLE_SECONDS", 0.3)
    src = _build(tmp_path / "自评表.xlsx")
    start = time.monotonic()
    if hang_after_writing:
        assert lo.recalculate(src, tmp_path / "dst.xlsx", timeout=20).is_file()
    else:
        timed_out = r"LibreOffice 在 0\.5 秒内没有完成：自评表\.xlsx"
        with pytest.raises(lo.LibreOfficeError, match=timed_out):
            lo.recalculate(src, tmp_path / "dst.xlsx", timeout=0.5)
    assert time.monotonic() - start < 15
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert len(pids) == (2 if hang_after_writing else 4)  # the failed run was tried twice
    assert not any(_running(pid) for pid in pids)
    assert os.path.exists(src)


# --- editing inside LibreOffice (run_jobs, edit_and_recalculate) -------------------------------

def _small(path: Path) -> Path:
    """A protected sheet with three amounts, their sum and a per-row formula; a second sheet."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表 一"
    ws["A1"], ws["A2"], ws["A3"], ws["A4"] = 1, 2, 3, "=SUM(A1:A3)"
    ws["B2"], ws["C1"] = "=JX_SCORE(\"≥20 次\",A2*10,10)", "旧"
    ws.protection.sheet = True
    wb.create_sheet("汇总")["A1"] = "='表 一'!A4"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[Path]]:
    """One session, two jobs: the small workbook edited and saved as .xlsx, and as .pdf."""
    folder = tmp_path_factory.mktemp("edit")
    src = _small(folder / "小表.xlsx")
    before = _digest(src)
    sheet = "表 一"
    edits = [
        lo.Protect(sheet, on=False), lo.InsertRows(sheet, 3), lo.CopyRow(sheet, 2, 3),
        lo.SetCells(sheet, {"A3": 7, "C1": None, "C2": "=10 万元", "C3": "  ",
                            "D1": Formula('=IF(A3>5,"大","小")'),
                            "D2": Formula("=JX_GRADE('汇总'!A1*6)")}),
        lo.Protect(sheet, on=True),
    ]
    jobs = [lo.Job(src, folder / "out" / "改.xlsx", edits), lo.Job(src, folder / "改.pdf")]
    return src, before, lo.run_jobs(jobs, timeout=120)


@needs_lo
def test_rows_inserted_and_copied_and_cells_typed(edited) -> None:
    src, before, (xlsx, pdf) = edited
    shown = openpyxl.load_workbook(xlsx, data_only=True)
    ws, f = shown["表 一"], openpyxl.load_workbook(xlsx)["表 一"]
    # the sum grew over the inserted row; the copied row's formula points at its own row
    assert (f["A5"].value, ws["A5"].value) == ("=SUM(A1:A4)", 13)
    assert f["B3"].value == '=JX_SCORE("≥20 次",A3*10,10)' and ws["B3"].value == 10
    assert ws["B2"].value == 10 and ws["B4"].value is None
    # text stays text, blanks empty the cell, a Formula is a formula written as in Excel
    assert (ws["C1"].value, ws["C2"].value, ws["C3"].value) == (None, "=10 万元", None)
    assert (f["D1"].value, ws["D1"].value) == ('=IF(A3>5,"大","小")', "大")
    assert ws["D2"].value == "中"                          # 13 × 6 = 78
    assert shown["汇总"]["A1"].value == 13
    assert f.protection.sheet
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.name == "改.pdf"
    assert _digest(src) == before


@needs_lo
def test_a_protected_row_is_not_pasted_silently(tmp_path: Path) -> None:
    src = _small(tmp_path / "小表.xlsx")
    with pytest.raises(lo.LibreOfficeError, match=r"小表\.xlsx.*受保护"):
        lo.edit_and_recalculate(src, tmp_path / "out.xlsx", [lo.CopyRow("表 一", 2, 3)])
    assert not (tmp_path / "out.xlsx").exists()


def test_edits_as_the_bridge_reads_them() -> None:
    spec = lo._edit_spec(lo.SetCells("S", {"A1": 3, "A2": "=10 万元", "A3": None, "A4": " ",
                                           "A5": Formula("=SUM(A1:A2)")}))
    assert spec == {"op": "SetCells", "sheet": "S", "cells": {
        "A1": ["number", 3.0], "A2": ["text", "=10 万元"], "A3": ["blank", None],
        "A4": ["blank", None], "A5": ["formula", "=SUM(A1:A2)"]}}
    assert lo._edit_spec(lo.InsertRows("S", 20)) == {
        "op": "InsertRows", "sheet": "S", "row": 20, "count": 1}
    with pytest.raises(TypeError):
        lo._edit_spec(lo.SetCells("S", {"A1": datetime.date(2023, 1, 1)}))


def test_run_jobs_refuses_what_it_cannot_save(tmp_path: Path) -> None:
    src = _small(tmp_path / "小表.xlsx")
    with pytest.raises(lo.LibreOfficeError, match="只能保存为"):
        lo.run_jobs([lo.Job(src, tmp_path / "out.csv")])
    with pytest.raises(lo.LibreOfficeError, match="不能把重算结果写回原工作簿"):
        lo.edit_and_recalculate(src, src)
    with pytest.raises(lo.LibreOfficeError, match="找不到工作簿"):
        lo.edit_and_recalculate(tmp_path / "没有.xlsx", tmp_path / "out.xlsx")


def test_a_hung_session_is_killed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake_soffice(tmp_path, hang_after_writing=False)
    monkeypatch.setattr(lo, "_soffice", lambda: fake)
    monkeypatch.setattr(lo, "available", lambda: True)
    src = _small(tmp_path / "小表.xlsx")
    start = time.monotonic()
    with pytest.raises(lo.LibreOfficeError, match=r"LibreOffice 在 0\.5 秒内没有完成：小表\.xlsx"):
        lo.edit_and_recalculate(src, tmp_path / "out.xlsx", timeout=0.5)
    assert time.monotonic() - start < 15
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert len(pids) == 4  # tried twice
    assert not any(_running(pid) for pid in pids)
    assert not (tmp_path / "out.xlsx").exists()
