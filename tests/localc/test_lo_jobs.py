"""The jobs, run in LibreOffice for real (about 2 s a run): a workbook calling JX_ functions
recalculates live, errors included, prints to PDF; rows are inserted, copied and typed into
inside LibreOffice; inputs stay untouched. The refusals need no LibreOffice."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from lo_books import FORMULAS, SHEET, digest, formula_book, small_book
from tests_support import needs_lo, needs_poppler

from localc.edits import CopyRow, InsertRows, Protect, SetCells
from localc.jobs import Job, edit_and_recalculate, recalculate, run_jobs, to_pdf
from localc.png import pdf_to_png
from localc.process import LibreOfficeError
from workbook.cells import Formula


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The test workbook, its digest before the run, and its recalculation by LibreOffice."""
    folder = tmp_path_factory.mktemp("lo")
    src = formula_book(folder / "自评表.xlsx")
    before = digest(src)
    return src, recalculate(src, folder / "out" / "重算.xlsx", timeout=120), before


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
    assert digest(src) == before
    assert sorted(p.name for p in src.parent.iterdir()) == ["out", src.name]


@needs_lo
@needs_poppler
def test_pdf_and_png_show_computed_numbers(
    recalculated: tuple[Path, Path, str], tmp_path: Path,
) -> None:
    pdf = to_pdf(recalculated[0], tmp_path)
    assert pdf == tmp_path / "自评表.pdf"
    pngs = pdf_to_png(pdf, tmp_path / "png")
    assert pngs and pngs[0].name == "自评表-1.png"
    assert pngs[0].read_bytes().startswith(b"\x89PNG") and pngs[0].stat().st_size > 1000
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "7.5" in text and "良" in text and "#DIV/0!" in text


# --- editing inside LibreOffice (run_jobs, edit_and_recalculate) -------------------------------

@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[Path]]:
    """One session, two jobs: the small workbook edited and saved as .xlsx, and as .pdf."""
    folder = tmp_path_factory.mktemp("edit")
    src = small_book(folder / "小表.xlsx")
    before = digest(src)
    sheet = "表 一"
    edits = [
        Protect(sheet, on=False), InsertRows(sheet, 3), CopyRow(sheet, 2, 3),
        SetCells(sheet, {"A3": 7, "C1": None, "C2": "=10 万元", "C3": "  ",
                         "D1": Formula('=IF(A3>5,"大","小")'),
                         "D2": Formula("=JX_GRADE('汇总'!A1*6)")}),
        Protect(sheet, on=True),
    ]
    jobs = [Job(src, folder / "out" / "改.xlsx", edits), Job(src, folder / "改.pdf")]
    return src, before, run_jobs(jobs, timeout=120)


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
    assert digest(src) == before


@needs_lo
def test_a_protected_row_is_not_pasted_silently(tmp_path: Path) -> None:
    src = small_book(tmp_path / "小表.xlsx")
    with pytest.raises(LibreOfficeError, match=r"小表\.xlsx.*受保护"):
        edit_and_recalculate(src, tmp_path / "out.xlsx", [CopyRow("表 一", 2, 3)])
    assert not (tmp_path / "out.xlsx").exists()


def test_run_jobs_refuses_what_it_cannot_save(tmp_path: Path) -> None:
    src = small_book(tmp_path / "小表.xlsx")
    with pytest.raises(LibreOfficeError, match="只能保存为"):
        run_jobs([Job(src, tmp_path / "out.csv")])
    with pytest.raises(LibreOfficeError, match="不能把重算结果写回原工作簿"):
        edit_and_recalculate(src, src)
    with pytest.raises(LibreOfficeError, match="找不到工作簿"):
        edit_and_recalculate(tmp_path / "没有.xlsx", tmp_path / "out.xlsx")
