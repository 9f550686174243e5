"""Small workbooks the harness tests hand to LibreOffice, made with openpyxl."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

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


def formula_book(path: Path) -> Path:
    """Every JX_ function in cells, blanks and errors included, an array formula and a second
    sheet referring to the first."""
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


def small_book(path: Path) -> Path:
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


def digest(path: Path) -> str:
    """The file's SHA-256, to show that LibreOffice left an input untouched."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
