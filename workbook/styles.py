"""The printed form's look: fonts, borders, shading, number formats."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Color, Font, PatternFill, Protection, Side
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .cells import set_value

FONT_NAME = "宋体"
# The workbook's Normal font, which sets the size of a unit of column width: Calibri 11, 7
# pixels a unit (Excel's default on Windows; LibreOffice measures it by Carlito, its metric twin).
# xlwings' workbook, which the template starts from, has Calibri 12 (8 pixels a unit).
NORMAL = Font(name="Calibri", sz=11, family=2, scheme="minor", color=Color(theme=1))
BODY = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
TITLE = Font(name=FONT_NAME, size=18, bold=True)
SUBTITLE = Font(name=FONT_NAME, size=12)
HELPER = Font(name=FONT_NAME, size=9, color="FF595959")

THIN = Side(style="thin", color="FF000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

INPUT_FILL = PatternFill("solid", fgColor="FFEAF2FB")      # light blue: type here
HEADER_FILL = PatternFill("solid", fgColor="FFF2F2F2")
HELPER_FILL = PatternFill("solid", fgColor="FFFAFAFA")
ERROR_FILL = PatternFill("solid", fgColor="FFFFC7CE", bgColor="FFFFC7CE")    # red
FINDING_FILL = PatternFill("solid", fgColor="FFFFF2CC", bgColor="FFFFF2CC")  # yellow
ERROR_FONT = Font(color="FF9C0006")

CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
CENTER_TOP = Alignment(horizontal="center", vertical="top", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
LEFT_TOP = Alignment(horizontal="left", vertical="top", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")

UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)

PERCENT = "0.0%"
SCORE = "0.00"
AMOUNT = "General"
YEAR = '"（"0" 年度）"'
GRADE = '"等级："@'


# The layout names looks and formats; these are the objects behind the names.
FONTS = {"body": BODY, "bold": BOLD, "title": TITLE, "subtitle": SUBTITLE, "helper": HELPER,
         "error": ERROR_FONT}
FILLS = {"input": INPUT_FILL, "header": HEADER_FILL, "helper": HELPER_FILL, "error": ERROR_FILL,
         "finding": FINDING_FILL}
ALIGNS = {"center": CENTER, "center_top": CENTER_TOP, "left": LEFT, "left_top": LEFT_TOP,
          "right": RIGHT}
TEXT = "@"       # what is typed stays as typed: `95%` is not turned into 0.95
NUMBER_FORMATS = {"percent": PERCENT, "score": SCORE, "amount": AMOUNT, "year": YEAR,
                  "grade": GRADE, "text": TEXT}


def use_normal_font(wb: Workbook) -> None:
    """Make :data:`NORMAL` the font of the Normal style (the stylesheet's first font), which
    column widths are counted in (:data:`workbook.pages.PIXELS_PER_WIDTH`)."""
    fonts = list(wb._fonts)
    fonts[0] = NORMAL
    wb._fonts = IndexedList(fonts)


def a4_one_page_wide(ws: Worksheet, *, landscape: bool) -> None:
    """Print on A4, scaled to one page wide, as many pages tall as needed."""
    if landscape:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def a4_at_scale(ws: Worksheet, scale: int, *, landscape: bool) -> None:
    """Print on A4 at a stated scale (%), which Excel and LibreOffice both keep as it is, so
    pages planned at that scale break the same way in either."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.scale = scale
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)


def list_line(ws: Worksheet, r: int, cells: dict[str, object], *, formats: dict[str, str],
              left: str, inputs: tuple[str, ...] = ()) -> None:
    """One line of a list sheet (目录, 汇总): values written, bordered, numbers formatted.

    Args:
        cells: address → value (a :class:`~workbook.cells.Formula` for a formula).
        formats: column → number format.
        left: the column whose text is left-aligned (the project name).
        inputs: columns a clerk types into (shaded, unlocked).
    """
    for ref, value in cells.items():
        cell = ws[ref]
        col = ref.rstrip("0123456789")
        set_value(cell, value)
        cell.font, cell.border = BODY, GRID
        cell.alignment = LEFT if col == left else CENTER
        cell.number_format = formats.get(col, "General")
        if col in inputs:
            cell.fill, cell.protection = INPUT_FILL, UNLOCKED
    ws.row_dimensions[r].height = 20


def header_row(ws: Worksheet, row: int, columns: dict[str, str]) -> None:
    """Titles (title → column) as a bold, shaded, bordered header row."""
    for title, col in columns.items():
        cell = ws[f"{col}{row}"]
        cell.value = title
        cell.font, cell.alignment, cell.border, cell.fill = BOLD, CENTER, GRID, HEADER_FILL
