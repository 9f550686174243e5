"""Every file the tool writes reads back with the findings of its source (issue 9): the filled
.xlsm and .xlsx, the values-only copy (定稿), the --split files, the data workbook, JSON and YAML
that extract writes, and the template — for the seed and for a data set holding everything a
clerk can type (tests/data/typed-by-clerks.json)."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from tests_support import DATA, SEED, needs_lo

from jixiao.batch.audit import audit
from jixiao.batch.extract import extract
from jixiao.batch.fill import fill
from localc.jobs import recalculate
from pyfuncs.engine import ERROR, load_profile
from services.formats import DataSet, read_data, write_data
from workbook import layout as L
from workbook.fill import write_form

TYPED = DATA / "typed-by-clerks.json"
TEMPLATE = Path(__file__).parents[3] / "workbook" / "template" / "jixiao.xlsm"
KINDS = ("xlsm", "xlsx", "values-only", "final", "split", "split-values-only", "data.xlsx", "json",
         "yaml")


def findings(paths: list[Path]) -> Counter:
    """What an audit says, wherever it says it (a data file names its cells differently)."""
    return Counter((r.project, r.code, r.severity, r.message) for r in audit(paths, jobs=1).rows)


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> dict[str, tuple[Path, Counter, Path]]:
    """Each source, its findings and the .xlsm filled from it (extract's input)."""
    out = {}
    for name, path in (("seed", SEED), ("typed-by-clerks", TYPED)):
        folder = tmp_path_factory.mktemp(name)
        out[name] = (path, findings([path]), fill(path, folder / "filled.xlsm").outputs[0])
    return out


def written(kind: str, source: Path, filled: Path, folder: Path) -> list[Path]:
    """The files of one kind the tool writes from `source`."""
    if kind == "split" or kind == "split-values-only":
        return fill(source, split=folder / kind, values_only=kind != "split", jobs=1).outputs
    if kind == "xlsm":
        return [filled]
    if kind == "xlsx":
        return fill(source, folder / "filled.xlsx").outputs
    if kind == "values-only":
        return fill(source, folder / "定稿.xlsx", values_only=True).outputs
    if kind == "final":                   # fill --final: written beside the .xlsm, one fill
        return fill(source, folder / "filled.xlsm", final=folder / "定稿.xlsx").outputs[1:]
    out = folder / f"extracted.{kind.removeprefix('data.')}"
    extract([filled], out)
    return [out]


@pytest.mark.parametrize("source", ["seed", "typed-by-clerks"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_written_file_reads_back_with_the_findings_of_its_source(kind, source, sources,
                                                                   tmp_path):
    path, expected, filled = sources[source]
    assert expected                               # both sources hold mistakes to find
    assert findings(written(kind, path, filled, tmp_path)) == expected


def test_the_final_written_beside_the_workbook_is_the_values_only_fill(tmp_path) -> None:
    """`fill -o x.xlsm --final y.xlsx` fills once and writes the same final copy, part for part,
    as a separate `fill --values-only`: only the time stamp of docProps/core.xml differs, and
    the `outlineLevelCol="0"` openpyxl adds to each sheet's format once it has saved it."""
    both = fill(SEED, tmp_path / "filled.xlsm", final=tmp_path / "定稿.xlsx").outputs
    alone = fill(SEED, tmp_path / "单独定稿.xlsx", values_only=True).outputs[0]
    assert [p.name for p in both] == ["filled.xlsm", "定稿.xlsx"]
    with zipfile.ZipFile(both[1]) as a, zipfile.ZipFile(alone) as b:
        names = sorted(set(a.namelist()) - {"docProps/core.xml"})
        assert names == sorted(set(b.namelist()) - {"docProps/core.xml"})
        assert [n for n in names if _part(a, n) != _part(b, n)] == []


def _part(z: zipfile.ZipFile, name: str) -> bytes:
    return z.read(name).replace(b' outlineLevelCol="0"', b"")


@pytest.mark.parametrize("args, message", [
    (["--final", "定稿.xlsx", "--split", "分"], "--final 须与 -o 一起使用"),
    (["-o", "a.xlsm", "--final", "定稿.xlsm"], "定稿"),
    (["-o", "a.xlsx", "--final", "a.xlsx"], "同一个文件"),
])
def test_a_final_that_cannot_be_written_is_refused_first(tmp_path, capsys, args, message) -> None:
    from jixiao.cli import main

    status = main(["fill", str(SEED), *[str(tmp_path / a) if a.endswith((".xlsx", ".xlsm"))
                                       or a == "分" else a for a in args]])
    assert status == 2 and message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_template_reads_back_as_no_project(tmp_path) -> None:
    """Its source is an empty data set: nothing to report, nothing to extract."""
    result = audit([TEMPLATE], jobs=1)
    assert result.projects == [] and not [r for r in result.rows if r.severity == ERROR]
    data = extract([TEMPLATE], tmp_path / "空.json")
    assert (data.forms, [p for p in data.problems if p.severity == ERROR]) == ([], [])


@needs_lo
def test_a_form_typed_into_the_template_reads_back_with_its_findings(tmp_path) -> None:
    """A clerk types a form into the template's project sheet and Calc recalculates it."""
    form = read_data(TYPED).forms[1]
    wb = openpyxl.load_workbook(TEMPLATE, keep_vba=True)
    (sheet,) = [ws for ws in wb.worksheets if ws.title not in L.NOT_PROJECT_SHEETS]
    write_form(sheet, form, load_profile())
    typed = tmp_path / "typed.xlsm"
    wb.save(typed)
    live = recalculate(typed, tmp_path / "recalculated.xlsx")
    alone = tmp_path / "alone.json"
    write_data(DataSet([form]), alone)
    assert findings([live]) == findings([alone])
