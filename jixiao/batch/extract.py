"""`jixiao extract`: filled forms back into the data format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import load_workbook

from pyfuncs.engine import WARNING
from services.atomic import (
    refuse_overwriting,
    refuse_overwriting_inputs,
    refuse_suffix,
    write_atomically,
)
from services.formats import FORMATS, DataSet, Place, write_data
from services.untrusted import UntrustedFileError, check_workbook
from workbook import layout as L
from workbook.read import read_form

from .sources import find_forms, is_data_file


def _ours(path: Path) -> DataSet | None:
    """Our own workbooks are read with their formulas, so a 得分 still on its formula stays
    blank (the suggested score) instead of becoming a typed number."""
    try:
        check_workbook(path)
        wb = load_workbook(path, keep_vba=False, rich_text=False)
    except (UntrustedFileError, Exception):
        return None
    if "xlwings.conf" not in wb.sheetnames or "目录" not in wb.sheetnames:
        return None
    forms = [read_form(ws) for ws in wb.worksheets if ws.title not in L.NOT_PROJECT_SHEETS]
    unit = str(wb["目录"][L.INDEX_UNIT_CELL].value or "")
    return DataSet([f for f in forms if f.name or f.indicators], unit)


def extract(inputs: Sequence[Path], out: Path, *, force: bool = True) -> DataSet:
    """Read every form in `inputs` and write them to one data file (`.xlsx`, `.json`, `.yaml`);
    without `force` an existing `out` is refused before any work."""
    out = Path(out)
    refuse_suffix(out, tuple(FORMATS), "数据文件")
    refuse_overwriting_inputs(out, [Path(p) for p in inputs])
    refuse_overwriting([out], force)
    total = DataSet()
    for p in map(Path, inputs):
        data = None if is_data_file(p) or p.suffix.lower() not in (".xlsx", ".xlsm") else _ours(p)
        if data is None:
            found = find_forms(p)
            missing = [f.at(file=ff.file, sheet=ff.sheet, project=ff.form.name,
                            cell=ff.cell_of(f.field, f.row))
                       for ff in found.forms for f in ff.missing.values()]
            data = DataSet([ff.form for ff in found.forms], found.unit, None,
                           [*found.problems, *missing])
        total.forms += data.forms
        total.problems += data.problems
        total.unit = total.unit or data.unit
    names = [f.name for f in total.forms]
    for k, name in enumerate(names):
        if name in names[:k]:
            total.problems.append(
                Place(out.name).problem(f"项目名称“{name}”出现不止一次。", name, WARNING))
    write_atomically(out, lambda tmp: write_data(total, tmp))
    return total
