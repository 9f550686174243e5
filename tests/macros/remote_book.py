"""xlwings' remote book (the engine of xlwings Lite and xlwings Server) built from a real
workbook file, and the actions it records played back onto that file.

:func:`remote_book` sends what Excel would send: every sheet's name, visibility and values —
typed values as typed, and for each formula cell the value it shows (computed by
:mod:`workbook.values`, as desktop Excel with our worksheet functions shows it; or `#NAME?`, as
Excel shows it where the JX_ functions are not installed, e.g. Excel on the web).

The remote book turns writes into actions (`book.json()["actions"]`) and never applies them.
:func:`replay` applies them to the openpyxl workbook the payload was built from, as Office.js
would, so a test can look at the real file the macros leave behind.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from typing import Any

import xlwings as xw
from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import get_column_letter

NAME_ERROR = "#NAME?"
LICENSE = "noncommercial"   # xlwings PRO's PolyForm Noncommercial licence: government use is noncommercial


def use_licence() -> None:
    """The remote book is licence-gated; the noncommercial key fits a government tool.

    xlwings registers its remote engine when it is first imported, and only with a key; when an
    earlier test imported it without one, the engine is registered here.
    """
    os.environ["XLWINGS_LICENSE_KEY"] = LICENSE
    if "remote" not in [engine.name for engine in xw.engines]:
        from xlwings.pro import _xlremote

        xw.engines.add(xw.main.Engine(impl=_xlremote.engine))


_LINK = re.compile(r'^=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)$')


def _formula_shows(formula: str) -> object:
    """What Excel shows for a formula we have no value for: a link's text, else #NAME?."""
    link = _LINK.match(formula)
    return link.group(1).replace('""', '"') if link else NAME_ERROR


def _shown(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def payload(wb: Workbook, shows: Mapping[str, Mapping[str, object]] | None = None, *,
            name: str = "jixiao.xlsm", active: int = 0) -> dict[str, Any]:
    """The JSON an Office.js client sends for `wb`.

    Args:
        shows: sheet → cell → what each formula cell shows; a formula cell missing from it
            shows `#NAME?`.
    """
    sheets = []
    for ws in wb.worksheets:
        computed = (shows or {}).get(ws.title, {})
        rows = []
        for row in ws.iter_rows(min_row=1, max_row=max(ws.max_row, 1),
                                max_col=max(ws.max_column, 1)):
            out = []
            for cell in row:
                if cell.data_type == "f":
                    shown = computed.get(cell.coordinate)
                    out.append(_formula_shows(str(cell.value)) if shown is None else _shown(shown))
                else:
                    out.append(_shown(cell.value))
            rows.append(out)
        sheets.append({"name": ws.title, "values": rows, "pictures": [], "tables": [],
                       "visibility": "Visible" if ws.sheet_state == "visible" else "Hidden"})
    doc = {"client": "Office.js", "version": xw.__version__,
           "book": {"name": name, "active_sheet_index": active, "selection": "A1"},
           "names": [], "sheets": sheets}
    return json.loads(json.dumps(doc))


def remote_book(wb: Workbook, shows: Mapping[str, Mapping[str, object]] | None = None,
                **kwargs: Any) -> xw.Book:
    use_licence()
    return xw.Book(json=payload(wb, shows, **kwargs))


def actions(book: xw.Book, func: str | None = None) -> list[dict[str, Any]]:
    found = book.json()["actions"]
    return [a for a in found if func is None or a["func"] == func]


# --- playing the actions back -----------------------------------------------------------------

def _cell_input(ws, ref: str, value: object) -> None:
    """A value as Excel stores what was written: `'` keeps text, `=` starts a formula."""
    cell = ws[ref]
    if value == "" or value is None:
        cell.value = None
    elif isinstance(value, str) and value.startswith("'"):
        cell.value = value[1:]
        cell.data_type = "s"
    else:
        cell.value = value


def _block(action: dict[str, Any]):
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    for i in range(action["row_count"]):
        for j in range(action["column_count"]):
            yield i, j, f"{get_column_letter(c0 + j)}{r0 + i}"


def _fill(colour: str | None) -> PatternFill:
    if colour is None:
        return PatternFill(fill_type=None)
    rgb = "FF" + colour.lstrip("#").upper()
    return PatternFill("solid", fgColor=rgb, bgColor=rgb)


def replay(wb: Workbook, book: xw.Book) -> list[str]:
    """Apply the book's actions to `wb` (the workbook its payload came from).

    Returns:
        The alert texts, in order. Raises on an action it does not know, so nothing a macro
        does can pass unseen.
    """
    alerts = []
    for a in book.json()["actions"]:
        func, args = a["func"], a["args"]
        ws = wb.worksheets[a["sheet_position"]] if a["sheet_position"] is not None else None
        if func in ("setValues", "setFormula"):
            for i, j, ref in _block(a):
                _cell_input(ws, ref, a["values"][i][j])
        elif func == "setRangeColors":
            for i, j, ref in _block(a):
                colour = args[0][i][j]
                if colour != "keep":
                    ws[ref].fill = _fill(colour)
        elif func == "setRangeColor":
            for _, _, ref in _block(a):
                ws[ref].fill = _fill(args[0])
        elif func == "addSheet":
            wb.create_sheet(args[1], args[0])
        elif func == "copySheet":
            position, target, name = args
            copy = wb.copy_worksheet(ws)
            copy.title = name
            index = target if position == "Before" else target + 1
            wb.move_sheet(copy, offset=index - wb.worksheets.index(copy))
        elif func == "setSheetName":
            ws.title = args[0]
        elif func == "sheetDelete":
            wb.remove(ws)
        elif func == "sheetClearContents":
            for row in ws.iter_rows():
                for cell in row:
                    if cell.coordinate not in ws.merged_cells:
                        cell.value = None
        elif func == "setColumnWidth":
            for _, _, ref in _block(a):
                ws.column_dimensions[ref.rstrip("0123456789")].width = args[0]
        elif func == "setRowHidden":
            r0 = a["start_row"] + 1
            for i in range(a["row_count"]):
                ws.row_dimensions[r0 + i].hidden = bool(args[0])
        elif func == "setSheetVisibility":
            ws.sheet_state = "visible" if args == "Visible" else "hidden"
        elif func == "setPrintArea":
            ws.print_area = args[0]
        elif func == "alert":
            alerts.append(args[0])
        elif func in ("activateSheet", "setFontProperty"):
            continue
        else:
            raise NotImplementedError(f"replay does not know {func}: {a}")
    return alerts
