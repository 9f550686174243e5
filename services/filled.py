"""Saving filled workbooks: `jixiao fill` and the macro 导出定稿 write forms the same way."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Sequence
from pathlib import Path

from pyfuncs.engine import Form
from workbook import layout as L
from workbook.cached import save_workbook
from workbook.fill import Filler
from workbook.values import workbook_values

from .atomic import write_atomically


def write_forms(filler: Filler, forms: Sequence[Form], path: Path, *,
                values_only: bool = False, refs: Sequence[L.ProjectRef] | None = None,
                final: Path | None = None, lite: bool = False) -> Path:
    """Fill one workbook with `forms` and write it atomically, values cached (or, with
    `values_only`, the final copy: values without formulas; with `lite`, the variant for
    xlwings Lite). `refs`: see :meth:`Filler.fill`. `final`: also write the final copy of the
    same workbook there (an .xlsx), from the same fill and values — the demo and
    `jixiao fill --final` fill once for both."""
    with collector_held_off():
        wb, refs = filler.fill(forms, refs=refs)
        values = workbook_values(refs, forms, filler.profile)
        written = write_atomically(path, lambda tmp: save_workbook(wb, tmp, values,
                                                                   values_only=values_only,
                                                                   lite=lite))
        if final is not None:
            write_atomically(final, lambda tmp: save_workbook(wb, tmp, values,
                                                              values_only=True))
    return written


@contextlib.contextmanager
def collector_held_off() -> Iterator[None]:
    """Python's cycle collector held off while a workbook is filled and saved, then run once
    over what was made. Filling makes some 10⁵ objects that all live on (cells, styles,
    values): the collector, walking them again and again as they pile up, took a sixth of a
    30-project fill."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(1)
