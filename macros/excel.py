"""Desktop Excel only: lifting a sheet's protection while a macro writes to it.

The template protects its sheets (no password) so that clerks type only into the input cells.
Writing 目录, 汇总 or a cell's colour needs the protection lifted for a moment. xlwings has no
API for sheet protection, so this goes through the sheet's COM object (Windows). The remote
engine (xlwings Lite, xlwings Server) cannot lift it at all — see the README section; there,
and where the COM object is absent (macOS), nothing is done and the writes are attempted as is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

# The permissions Excel keeps per protected sheet (Worksheet.Protection.Allow…), restored as
# they were when the protection goes back on.
_ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
          "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
          "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
          "AllowUsingPivotTables")


def _com(sheet: Any) -> Any | None:
    """The sheet's Windows COM object, or None on other engines."""
    try:
        api = sheet.api
        return api if callable(getattr(api, "Unprotect", None)) else None
    except Exception:   # appscript or a remote dict: no COM
        return None


@contextlib.contextmanager
def unprotected(sheet: Any) -> Iterator[None]:
    """Lift the sheet's protection (no password) for the block, then put it back as it was."""
    api = _com(sheet)
    if api is None or not api.ProtectContents:
        yield
        return
    protection = api.Protection
    allow = {name: bool(getattr(protection, name)) for name in _ALLOW}
    api.Unprotect()
    try:
        yield
    finally:
        api.Protect(DrawingObjects=True, Contents=True, Scenarios=True, **allow)
