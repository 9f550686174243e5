"""The xlwings Lite variant (`jixiao fill --lite`, workbook/template/jixiao-lite.xlsx): the same
workbook as the standard one, every JX_ call saved as `_xldudf_JX_…` (how Excel saves a call to
an add-in's custom function), and it reads back through the tool exactly as the standard one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from jixiao.batch.audit import audit
from jixiao.batch.extract import extract
from jixiao.batch.fill import fill
from jixiao.cli import main
from pyfuncs.engine.findings import ERROR, WARNING
from pyfuncs.engine.record import asdict, replace
from pyfuncs.worksheet import __all__ as JX_FUNCTIONS
from services.formats import read_data
from workbook import layout as L
from workbook.build import LITE_TEMPLATE_PATH, build_template
from workbook.formula.lite import LITE_PREFIX, called_functions, lite_formula

SEED = Path(__file__).resolve().parents[2] / "jixiao" / "examples" / "seed-2023.json"


def formulas(path: Path) -> dict[tuple[str, str], str]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb for row in ws.iter_rows() for c in row
            if c.data_type == "f"}


def jx_calls(found: dict[tuple[str, str], str]) -> list[str]:
    return [name for text in found.values() for name in called_functions(text)
            if "JX_" in name.upper()]


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> tuple[Path, Path]:
    """The seed's 15 projects filled twice: the standard .xlsx and the Lite variant."""
    folder = tmp_path_factory.mktemp("lite")
    standard, lite = folder / "standard.xlsx", folder / "lite.xlsx"
    fill(SEED, standard, quiet=True)
    fill(SEED, lite, quiet=True, lite=True)
    return standard, lite


def test_every_jx_call_is_spelled_for_lite(books) -> None:
    _, lite = books
    calls = jx_calls(formulas(lite))
    assert len(calls) > 15 * 300
    assert all(c.startswith(LITE_PREFIX) for c in calls), sorted(set(calls))[:5]
    assert {c.removeprefix(LITE_PREFIX) for c in calls} == set(JX_FUNCTIONS) - {"JX_SCORES"}


def test_the_variant_differs_only_in_that_spelling(books) -> None:
    standard, lite = (formulas(p) for p in books)
    assert standard.keys() == lite.keys()
    assert {k: lite_formula(v) for k, v in standard.items()} == lite
    assert sum(standard[k] != lite[k] for k in standard) > 15 * 300
    ours, theirs = (openpyxl.load_workbook(p, data_only=True) for p in books)
    assert ours.sheetnames == theirs.sheetnames
    for ws in ours:      # the cached values too: Excel shows them until Lite recalculates
        assert [[c.value for c in r] for r in ws.iter_rows()] == \
            [[c.value for c in r] for r in theirs[ws.title].iter_rows()], ws.title


def test_spelling_leaves_text_and_other_functions_alone(profile) -> None:
    text = '=IF(A1="JX_SCORE(",SUM(B1),JX_GRADE(jx_score(C1)))'
    assert lite_formula(text) == \
        '=IF(A1="JX_SCORE(",SUM(B1),_xldudf_JX_GRADE(_xldudf_jx_score(C1)))'
    assert lite_formula("=SUM(A1:A3)") == "=SUM(A1:A3)"
    assert lite_formula("=JX_NOT_OURS(A1)") == "=JX_NOT_OURS(A1)"
    for expr in L.project_spec(profile).formulas().values():
        text = expr.formula()                # the tokenizer gives every layout formula back
        assert lite_formula(text).replace(LITE_PREFIX, "") == text


def test_it_reads_back_and_audits_as_the_standard_workbook(books, tmp_path: Path) -> None:
    standard, lite = books
    ours = extract([standard], tmp_path / "standard.json")
    theirs = extract([lite], tmp_path / "lite.json")
    assert [asdict(f) for f in theirs.forms] == \
        [asdict(f) for f in ours.forms]
    assert len(theirs.forms) == 15
    seed = read_data(SEED).forms
    assert [f.name for f in theirs.forms] == [f.name for f in seed]
    a, b = audit([standard], quiet=True, jobs=1), audit([lite], quiet=True, jobs=1)
    strip = [replace(r, file="") for r in a.rows]
    assert [replace(r, file="") for r in b.rows] == strip
    assert [replace(p, file="") for p in b.projects] == \
        [replace(p, file="") for p in a.projects]
    assert b.count(ERROR) == 7 and b.count(WARNING) == 4


def test_committed_lite_template_is_the_build(tmp_path: Path) -> None:
    """Golden file: after a deliberate change, run `python -m workbook.build`."""
    built = build_template(tmp_path / "jixiao-lite.xlsx", lite=True)

    def members(path: Path) -> dict[str, bytes]:
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}

    assert members(built) == members(LITE_TEMPLATE_PATH)
    assert not [n for n in members(built) if "vba" in n.lower()]
    calls = jx_calls(formulas(LITE_TEMPLATE_PATH))
    assert calls and all(c.startswith(LITE_PREFIX) for c in calls)


def test_the_command_line_refuses_what_lite_cannot_use(tmp_path: Path, capsys) -> None:
    assert main(["fill", str(SEED), "-o", str(tmp_path / "x.xlsm"), "--lite", "-q"]) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert main(["fill", str(SEED), "-o", str(tmp_path / "x.xlsx"), "--lite",
                 "--values-only", "-q"]) == 2
    assert "--lite" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
