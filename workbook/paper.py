"""The final copy prints black on white, as the paper form is: no input shading, no header
shading, no conditional colours (the copy is for reading and filing, not for typing)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.styles import PatternFill
from openpyxl.styles.differential import DifferentialStyleList
from openpyxl.utils.indexed_list import IndexedList

NO_FILL = PatternFill(fill_type=None)


RESERVED_FILLS = 2
"""The first two fills of a stylesheet (none, gray125) are the format's own: kept as they are."""


@contextlib.contextmanager
def black_on_white(wb: Workbook) -> Iterator[None]:
    """Within the block every sheet of `wb` is without fills and conditional formats; they
    are put back afterwards, so `wb` is left as it was.

    Cells name their fill by its place in the workbook's one table of fills, so emptying that
    table's entries clears every cell at once, without visiting the cells (a 15-project
    workbook has about 40,000 cells; the table, a dozen entries). openpyxl writes the
    stylesheet from that table and from the conditional formats' styles, which an earlier
    save of the same workbook has filled (`Workbook._fills`, `_differential_styles`,
    openpyxl 3.1).
    """
    fills, differential = wb._fills, wb._differential_styles
    wb._fills = IndexedList([*fills[:RESERVED_FILLS],
                             *[NO_FILL] * max(len(fills) - RESERVED_FILLS, 0)])
    wb._differential_styles = DifferentialStyleList()   # the conditional formats' own styles
    saved = [(ws, ws.conditional_formatting) for ws in wb.worksheets]
    for ws, _ in saved:
        ws.conditional_formatting = ConditionalFormattingList()
    try:
        yield
    finally:
        wb._fills, wb._differential_styles = fills, differential
        for ws, conditional in saved:
            ws.conditional_formatting = conditional
