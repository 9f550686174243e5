"""Rows written as text (workbook/rowxml.py) are byte for byte what openpyxl's own writer
writes, for every kind of cell openpyxl can hold — ours and the ones left to openpyxl. (Where
openpyxl runs on lxml, its output differs in form, `<c …></c>` for `<c … />`: there the two
files must read back the same.)"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Color, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula

from pyfuncs.engine import Form
from pyfuncs.xlerror import ERRORS
from workbook.cached import save_workbook
from workbook.fill import fill_workbook
from workbook.sheetparts import used_range

TEXTS = ["plain", "  spaces around  ", " lead", "tail ", "   ", "", "a & b <c> \"d\" 'e'",
         "]]> &amp; &#10;", "line\nbreak\r\n\ttab", "=10 万元", "+1", "-", "@x", "中文 全角　空格",
         "😀 astral", "x" * 5000]


def every_kind() -> openpyxl.Workbook:
    """A workbook with a cell of every kind, styled and not, in rows with and without sizes."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "a & <b>"
    values: list[object] = [*TEXTS, 0, 0.0, -0.0, 1, -2.5, 1e-300, 1.7976931348623157e308, 10 ** 20,
                            float("nan"), float("inf"), True, False, "#N/A", "#DIV/0!",
                            "=SUM(A1:A3)", '=IF(A1="<&>",1,2)', "=", date(2023, 1, 2),
                            datetime(2023, 1, 2, 3, 4, 5)]
    looks = [None, Font(bold=True), PatternFill("solid", fgColor="FFEEDD"),
             Border(left=Side(style="thin")), Alignment(wrap_text=True)]
    for i, value in enumerate(values, start=1):
        for j, look in enumerate(looks, start=1):
            cell = ws.cell(i, j, value)
            if value in ("#N/A", "#DIV/0!"):
                cell.data_type = "e"
            if isinstance(value, str) and value.startswith(("+", "-", "@")):
                cell.data_type = "s"
            if look is not None:
                setattr(cell, {Font: "font", PatternFill: "fill", Border: "border",
                               Alignment: "alignment"}[type(look)], look)
    ws.cell(1, 8).fill = PatternFill("solid", fgColor="123456")     # empty, styled
    ws.cell(2, 8)                                                   # empty, unstyled
    ws.cell(3, 8).comment = Comment("a note", "me")
    ws.cell(4, 8).hyperlink = "https://example.com/?a=1&b=<2>"
    ws.cell(5, 8).value = CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])
    ws["I1"] = ArrayFormula("I1:I2", "=A1:A2*2")
    ws.merge_cells("J1:K3")
    ws.cell(6, 8).number_format = "0.00%"
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[3].hidden = True
    ws.row_dimensions[60].height = 12.75                           # a row with no cells
    ws.row_dimensions[61].fill = PatternFill("solid", fgColor="00FF00")
    ws.row_dimensions[62].outlineLevel = 1
    ws.row_dimensions[63].thickBot = True
    wb.create_sheet("empty")
    return wb


def parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


def read_back(path) -> list[tuple]:
    wb = openpyxl.load_workbook(path, rich_text=True)
    return [(ws.title, c.coordinate, c.data_type, getattr(c.value, "text", c.value), c.style_id,
             str(c.hyperlink), str(c.comment)) for ws in wb for row in ws.iter_rows() for c in row]


def same_file(ours, theirs) -> bool:
    if openpyxl.LXML:
        return read_back(ours) == read_back(theirs)
    return parts(ours) == parts(theirs)


def test_every_kind_of_cell_is_written_as_openpyxl_writes_it(tmp_path) -> None:
    wb = every_kind()
    theirs = tmp_path / "openpyxl.xlsx"
    wb.save(theirs)
    ours = save_workbook(every_kind(), tmp_path / "ours.xlsx")
    assert b"&amp;amp;" in parts(theirs)["xl/worksheets/sheet1.xml"]   # the texts did go in
    assert same_file(ours, theirs)


def test_a_filled_workbook_is_written_as_openpyxl_writes_it(tmp_path, seed) -> None:
    forms = [Form.from_record(r) for r in seed["项目"][:3]]
    theirs = tmp_path / "openpyxl.xlsx"
    wb = fill_workbook(forms)
    wb.vba_archive = None
    wb.save(theirs)
    assert same_file(save_workbook(fill_workbook(forms), tmp_path / "ours.xlsx"), theirs)


def test_a_cell_repeated_over_sheets_is_written_for_what_it_shows(tmp_path) -> None:
    """Cell texts are made once a save and reused: the same formula showing 0 and -0 (equal,
    but written apart), 1 and TRUE, text and an error of the same spelling, each stays itself
    — with its formula and in the values-only copy."""
    shown = [0.0, -0.0, 1.0, True, "#N/A", ERRORS["#N/A"], "", 2.5]
    wb = openpyxl.Workbook()
    for i in range(len(shown)):
        wb.create_sheet(f"s{i}")["A1"] = "=B1"
    values = {f"s{i}": {"A1": v} for i, v in enumerate(shown)}
    cells = {}
    for name, only in (("live.xlsx", False), ("final.xlsx", True)):
        with zipfile.ZipFile(save_workbook(wb, tmp_path / name, values, values_only=only)) as z:
            cells[only] = [re.search(rb"<c r=\"A1\"(?:[^>]*/>|.*?</c>)",
                                     z.read(f"xl/worksheets/sheet{i + 2}.xml"))[0]
                           for i in range(len(shown))]
    assert cells[False] == [b'<c r="A1"><f>B1</f><v>0</v></c>', b'<c r="A1"><f>B1</f><v>-0</v></c>',
                            b'<c r="A1"><f>B1</f><v>1</v></c>',
                            b'<c r="A1" t="b"><f>B1</f><v>1</v></c>',
                            b'<c r="A1" t="e"><f>B1</f><v>#N/A</v></c>',
                            b'<c r="A1" t="e"><f>B1</f><v>#N/A</v></c>',
                            b'<c r="A1" t="str"><f>B1</f><v /></c>',
                            b'<c r="A1"><f>B1</f><v>2.5</v></c>']
    assert cells[True] == [b'<c r="A1"><v>0</v></c>', b'<c r="A1"><v>-0</v></c>',
                           b'<c r="A1"><v>1</v></c>', b'<c r="A1" t="b"><v>1</v></c>',
                           b'<c r="A1" t="e"><v>#N/A</v></c>', b'<c r="A1" t="e"><v>#N/A</v></c>',
                           b'<c r="A1" />', b'<c r="A1"><v>2.5</v></c>']


def sheets_alike_and_not() -> openpyxl.Workbook:
    """Sheets whose merged spans, conditional formats and validations are the same, or differ
    in one thing each: a span, a rule's look (its dxfId), a colour's kind, a validation's
    range or message."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    looks = [(PatternFill("solid", fgColor="FFEEDD"), "A1:B2", "C1:C9", "x"),
             (PatternFill("solid", fgColor="FFEEDD"), "A1:B2", "C1:C9", "x"),
             (PatternFill("solid", fgColor="DDEEFF"), "A1:B2", "C1:C9", "x"),
             (PatternFill("solid", fgColor=Color(theme=4)), "A1:B2", "C1:C9", "x"),
             (PatternFill("solid", fgColor="FFEEDD"), "A1:B3", "C1:C8", "x"),
             (PatternFill("solid", fgColor="FFEEDD"), "A1:B2", "C1:C9", "y"),
             (PatternFill("solid", fgColor="FFEEDD"), "A1:B2", "C1:C9", "x")]
    for i, (fill, span, checked, message) in enumerate(looks):
        ws = wb.create_sheet(f"s{i}")
        ws["A1"] = i
        ws.merge_cells(span)
        ws.conditional_formatting.add("C1:C9", FormulaRule(formula=["C1>1"], fill=fill))
        ws.conditional_formatting.add("D1:D9", FormulaRule(formula=["D1>1"], font=Font(b=True),
                                                           stopIfTrue=True))
        dv = DataValidation(type="decimal", operator="greaterThan", formula1="0",
                            error=message, showErrorMessage=True)
        dv.add(checked)
        ws.add_data_validation(dv)
    return wb


def test_parts_repeated_over_sheets_are_written_as_openpyxl_writes_them(tmp_path) -> None:
    """Merged spans, conditional formats and validations made once a save and reused
    (workbook/sheetparts.py): each sheet's, and the looks' dxfIds, as openpyxl writes them."""
    theirs = tmp_path / "openpyxl.xlsx"
    sheets_alike_and_not().save(theirs)
    ours = save_workbook(sheets_alike_and_not(), tmp_path / "ours.xlsx")
    written = parts(theirs)
    assert written["xl/worksheets/sheet3.xml"] != written["xl/worksheets/sheet1.xml"]
    assert same_file(ours, theirs)


def test_the_used_range_is_openpyxls() -> None:
    wb = every_kind()
    ws = wb.create_sheet("sparse")
    ws["C7"], ws["AB3"], ws["E40"] = 1, 2, 3
    for sheet in wb:
        assert used_range(sheet) == sheet.calculate_dimension()
    assert used_range(wb["empty"]) == "A1:A1"
