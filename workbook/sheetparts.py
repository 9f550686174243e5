"""The parts of a sheet's XML around its rows that repeat sheet after sheet, made once a save.

Every project sheet is laid out alike, so its merged spans, conditional formats and validations
serialise to the same text on each: openpyxl builds and serialises their elements again for
every sheet (a third of saving the sheets, beside the rows). While :func:`writing_parts` is in
force, each such part is keyed by what it holds — every attribute and child openpyxl would
write — and its text, captured as openpyxl wrote it the first time, is written again for the
next sheet holding the same. Anything not understood is written by openpyxl as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterator

from et_xmlfile.xmlfile import _IncrementalFileWriter
from openpyxl.descriptors import Descriptor
from openpyxl.descriptors.serialisable import Serialisable
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.dimensions import SheetDimension

Write = Callable[[WorksheetWriter], None]


class _Unknown(Exception):
    """A value the content key does not know how to compare: the part is not reused."""


def content(value: object) -> Hashable:
    """A key equal for two values exactly when openpyxl writes them the same (each field
    openpyxl serialises, nested objects in turn; types kept apart: 1 is not True or 1.0)."""
    kind = value.__class__
    if value is None or kind in (str, int, float, bool):
        return kind, value
    if isinstance(value, CellRange):
        return CellRange, value.bounds
    if isinstance(value, MultiCellRange):
        return MultiCellRange, tuple(content(r) for r in value.ranges)
    if isinstance(value, list | tuple):
        return kind, tuple(content(v) for v in value)
    if isinstance(value, Descriptor):        # a field never set (a colour's unused kinds)
        return Descriptor, None
    if isinstance(value, Serialisable):
        names = (*value.__attrs__, *value.__elements__, *(k for k, _ in value.__namespaced__))
        return kind, tuple(content(getattr(value, n, None)) for n in names)
    raise _Unknown(kind)


def _merged(ws) -> Hashable:
    return tuple(r.bounds for r in ws.merged_cells)


def _formats(ws) -> Hashable:
    # a rule's look (dxf) is not written with it, but decides the dxfId written
    return tuple((content(cf.sqref), content(cf.pivot),
                  tuple((content(rule), content(rule.dxf)) for rule in rules))
                 for cf, rules in ws.conditional_formatting._cf_rules.items())


def _validations(ws) -> Hashable:
    return content(ws.data_validations)


def _replayed(write: Write, key_of: Callable[[object], Hashable],
              made: dict[tuple, str]) -> Write:
    """`write`, its text kept under the key of what the sheet holds and written again for the
    next sheet with the same key."""
    def replay(self: WorksheetWriter) -> None:
        xf = self.xf.send(True)
        self.xf.send(None)                  # the stream waits for elements again
        try:
            key = (write, key_of(self.ws))
        except _Unknown:
            key = None
        if key is None or not isinstance(xf, _IncrementalFileWriter):
            write(self)
            return
        text = made.get(key)
        if text is None:
            out, kept = [], xf._file
            xf._file = out.append
            try:
                write(self)
            finally:
                xf._file = kept
            text = made[key] = "".join(out)
        xf._file(text)

    return replay


PARTS = {"write_merged_cells": _merged, "write_formatting": _formats,
         "write_validations": _validations}


def used_range(ws) -> str:
    """`Worksheet.calculate_dimension`: the span from the first used row and column to the
    last (`A1:A1` for an empty sheet), worked out in two passes over the addresses instead of
    a Python loop adding each to two sets."""
    if not ws._cells:
        return "A1:A1"
    rows, cols = zip(*ws._cells, strict=True)
    return (f"{get_column_letter(min(cols))}{min(rows)}:"
            f"{get_column_letter(max(cols))}{max(rows)}")


def _write_dimensions(self: WorksheetWriter) -> None:
    """openpyxl's `write_dimensions`, the span worked out by :func:`used_range`."""
    self.xf.send(SheetDimension(used_range(self.ws)).to_tree())


@contextlib.contextmanager
def writing_parts() -> Iterator[None]:
    """While inside, each part of :data:`PARTS` is made once for the sheets holding the same,
    and the used range is worked out faster."""
    made: dict[tuple, str] = {}
    originals = {name: getattr(WorksheetWriter, name) for name in (*PARTS, "write_dimensions")}
    for name, key_of in PARTS.items():
        setattr(WorksheetWriter, name, _replayed(originals[name], key_of, made))
    WorksheetWriter.write_dimensions = _write_dimensions
    try:
        yield
    finally:
        for name, write in originals.items():
            setattr(WorksheetWriter, name, write)
