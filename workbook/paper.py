"""The final copy prints black on white, as the paper form is: no input shading, no header
shading, no conditional colours (the copy is for reading and filing, not for typing)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from copy import copy

from openpyxl import Workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.styles import PatternFill

NO_FILL = PatternFill(fill_type=None)


@contextlib.contextmanager
def black_on_white(wb: Workbook) -> Iterator[None]:
    """Within the block every sheet of `wb` is without fills and conditional formats; they
    are put back afterwards, so `wb` is left as it was."""
    saved = []
    for ws in wb.worksheets:
        fills = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.has_style and cell.fill is not None and cell.fill.fill_type:
                    fills[cell.coordinate] = copy(cell.fill)
                    cell.fill = NO_FILL
        saved.append((ws, ws.conditional_formatting, fills))
        ws.conditional_formatting = ConditionalFormattingList()
    try:
        yield
    finally:
        for ws, conditional, fills in saved:
            ws.conditional_formatting = conditional
            for ref, fill in fills.items():
                ws[ref].fill = fill
