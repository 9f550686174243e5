"""Where a printed project sheet breaks into pages, decided by us rather than left to the program.

Excel and LibreOffice break pages by themselves, and differently; and LibreOffice's page count
(&N) runs over the whole workbook. So fill places the breaks itself: rows go on a page while
they fit (with room to spare, so neither program needs a break of its own), the last printed
row (总分) never stands alone, and the footer can say how many pages the project has.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

DEFAULT_ROW_POINTS = 15.0        # a row without a height of its own (Calibri 11)
PIXELS_PER_WIDTH = 7.0           # one unit of column width, in pixels at 96 dpi (Calibri 11)
SPARE = 0.92                     # share of a page filled at most: room for either program's
A4 = (595.0, 842.0)              # points, portrait


def fit_width_scale(widths: Sequence[float], paper_width: float, left: float,
                    right: float) -> float:
    """The print scale of one-page-wide printing: below 1 only when the columns are wider than
    the paper between the margins (widths in Excel units, paper in points, margins in inches)."""
    content = sum(widths) * PIXELS_PER_WIDTH * 0.75
    usable = paper_width - 72 * (left + right)
    return min(1.0, usable / content) if content else 1.0


def paper(ws: Worksheet) -> tuple[float, float]:
    """(width, height) in points of the A4 sheet as `ws` prints it (portrait or landscape)."""
    return (A4[1], A4[0]) if ws.page_setup.orientation == "landscape" else A4


def print_scale(ws: Worksheet, columns: str) -> float:
    """The scale `ws` prints at, as its print set-up states it: the fixed scale, or for a sheet
    fitted to one page wide the scale its printed `columns` (letters) come to."""
    fit = ws.sheet_properties.pageSetUpPr
    if fit is not None and fit.fitToPage:
        widths = [ws.column_dimensions[c].width for c in columns]
        margins = ws.page_margins
        return fit_width_scale(widths, paper(ws)[0], margins.left, margins.right)
    return (ws.page_setup.scale or 100) / 100


def page_room(ws: Worksheet, columns: str) -> float:
    """Points of rows (at 100 %) one printed page of `ws` holds, room to spare left out: the
    paper between the top and bottom margins, at the sheet's print scale."""
    margins = ws.page_margins
    return (paper(ws)[1] - 72 * (margins.top + margins.bottom)) / print_scale(ws, columns) * SPARE


def breaks(rows: Sequence[tuple[int, float]], room: float, title: float = 0.0) -> list[int]:
    """The rows each page but the last ends on.

    Args:
        rows: (sheet row, height in points) of every printed row, top down.
        room: the points of rows a page holds.
        title: the height of the rows repeated on top of every page after the first.
    """
    out: list[int] = []
    used = 0.0
    for k, (_, height) in enumerate(rows):
        if used and used + height > room:
            out.append(rows[k - 1][0])
            used = title
        used += height
    if out and len(rows) >= 3 and out[-1] == rows[-2][0] and rows[-3][0] not in out:
        out[-1] = rows[-3][0]       # the last row goes with the one before it
    return out


def printed_rows(ws: Worksheet, first: int, last: int) -> list[tuple[int, float]]:
    """(row, height) of the rows from `first` to `last` that are not hidden."""
    out = []
    for r in range(first, last + 1):
        dim = ws.row_dimensions.get(r)
        if dim is not None and dim.hidden:
            continue
        height = dim.height if dim is not None and dim.height else DEFAULT_ROW_POINTS
        out.append((r, float(height)))
    return out


def set_breaks(ws: Worksheet, rows: Sequence[int]) -> None:
    """Manual page breaks after each of `rows` (any earlier ones removed)."""
    ws.row_breaks = RowBreak()
    for r in rows:
        ws.row_breaks.append(Break(id=r))
