"""`jixiao extract`: filled forms back into the data format."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from openpyxl import load_workbook

from pyfuncs.engine import WARNING, Form
from pyfuncs.engine.record import record
from services.atomic import (
    refuse_overwriting,
    refuse_overwriting_inputs,
    refuse_suffix,
    write_atomically,
)
from services.formats import (
    FORMATS,
    DataSet,
    Place,
    Years,
    common_year,
    form_sink,
    open_data,
    write_data,
)
from services.untrusted import UntrustedFileError, read_checked
from workbook import layout as L
from workbook.read import index_facts, openpyxl_typed, read_form

from .inputs import expand
from .sources import find_forms, is_data_file


def _ours(path: Path) -> DataSet | None:
    """Our own workbooks are read with their formulas, so a 得分 still on its formula stays
    blank (the suggested score) instead of becoming a typed number; a formula a clerk typed
    (`=1+2`) is read as its cached value."""
    try:
        checked = read_checked(path)         # openpyxl reads the bytes the check passed
        wb = load_workbook(checked.stream(), keep_vba=False, rich_text=False)
    except (UntrustedFileError, Exception):
        return None
    if L.CONF_SHEET not in wb.sheetnames or L.INDEX_SHEET not in wb.sheetnames:
        return None
    values: list = []

    def cached(sheet: str):
        if not values:
            values.append(load_workbook(checked.stream(), data_only=True, keep_vba=False,
                                        rich_text=False))
        return values[0][sheet]

    facts = index_facts(lambda ref: wb[L.INDEX_SHEET][ref].value)
    forms = []
    for ws in wb.worksheets:
        if ws.title in L.NOT_PROJECT_SHEETS:
            continue
        form = read_form(openpyxl_typed(ws, lambda title=ws.title: cached(title)))
        if form.name or form.indicators:
            form.note = facts.note(ws.title, form.name)
            forms.append(form)
    return DataSet(forms, facts.unit, common_year(forms))


@record
class Extracted(DataSet):
    """What extract read: the problems, and the forms (kept only when asked: `count` says how
    many were written)."""

    count: int = 0


def extract(inputs: Sequence[Path], out: Path, *, force: bool = True,
            pattern: str | None = None, keep: bool = True) -> Extracted:
    """Read every form in `inputs` (files, or folders read recursively for the files matching
    `pattern`: :mod:`jixiao.batch.inputs`) and write them to one data file (`.xlsx`, `.json`,
    `.yaml`); without `force` an existing `out` is refused before any work.

    The forms go to the output as each file is read (a JSON or YAML output keeps them in a
    temporary file until the end), so with `keep=False` memory does not grow with the number
    of files; with `keep` they are also returned.
    """
    out = Path(out)
    files, problems = expand(inputs, pattern)
    refuse_suffix(out, tuple(FORMATS), "数据文件")
    refuse_overwriting_inputs(out, [Path(p) for p in files])
    refuse_overwriting([out], force)
    total = Extracted(problems=problems)
    sink = form_sink(out)
    years = Years()
    seen: set[str] = set()
    repeated: list[str] = []
    try:
        for p in map(Path, files):
            unit, forms = _read(p, total.problems)
            total.unit = total.unit or unit
            for form in forms:
                sink.add(form)
                years.add(form)
                total.count += 1
                if keep:
                    total.forms.append(form)
                if form.name in seen:
                    repeated.append(form.name)
                seen.add(form.name)
        total.year = years.common
        for name in repeated:
            total.problems.append(
                Place(out.name).problem(f"项目名称“{name}”出现不止一次。", name, WARNING))
        write_atomically(out, lambda tmp: sink.write(tmp, total.unit, total.year, write_data))
    finally:
        sink.close()
    return total


def _read(p: Path, problems: list) -> tuple[str, Iterator[Form]]:
    """The unit and the forms of one input; its problems are added to `problems`."""
    if p.suffix.lower() in (".json", ".yaml", ".yml"):       # a data file, read as a stream
        stream = open_data(p)
        problems += stream.problems
        return stream.unit, stream.forms()
    data = None if is_data_file(p) or p.suffix.lower() not in (".xlsx", ".xlsm") else _ours(p)
    if data is None:
        found = find_forms(p)
        missing = [f.at(file=ff.file, sheet=ff.sheet, project=ff.form.name,
                        cell=ff.cell_of(f.field, f.row))
                   for ff in found.forms for f in ff.missing.values()]
        problems += [*found.problems, *missing]
        return found.unit, iter([ff.form for ff in found.forms])
    problems += data.problems
    return data.unit, iter(data.forms)
