"""The JX_ functions installed into a LibreOffice profile the way a clerk installs them
(`jixiao libreoffice install`), used there with no variable of ours, and removed again; and what
a filled workbook shows in a LibreOffice without them.

One fresh profile for the module: the install lays it out (LibreOffice starts once in it),
writes the functions and proves them; the template is then opened there, a seed project typed
in through UNO, recalculated, and every formula cell of its sheet compared with the engine.
"""

from __future__ import annotations

import json
import math
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest
from tests_support import needs_lo

from jixiao.cli import main
from localc.bridge import INSTALLED_PATHS, PATHS_ENV
from localc.edits import SetCells
from localc.install import MODULE, install, is_installed, uninstall
from localc.jobs import Job, recalculate, run_jobs
from localc.process import LibreOfficeError
from localc.profile import python_paths
from pyfuncs.engine.findings import NO_FINDINGS
from pyfuncs.xlerror import ERRORS
from services.filled import write_forms
from workbook import layout as L
from workbook.build import new_workbook, project_refs
from workbook.cached import save_workbook
from workbook.cells import set_value
from workbook.fill import Filler, form_cells
from workbook.values import book_values, project_values, sheet_cells

pytestmark = needs_lo

TEMPLATE = Path(__file__).resolve().parents[2] / "workbook" / "template" / "jixiao.xlsm"
SEED_PROJECT = "数字化诊断监理招标专项工作经费"


@pytest.fixture(scope="module")
def lo_profile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lo-install") / "profile"   # never used: no folder yet
    assert not folder.exists()
    assert install(folder) == folder.resolve()                 # lays it out, checks JX_ cells
    return folder


def _same(ours: object, theirs: object) -> bool:
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9)
    return ours == theirs or (ours in ("", None) and theirs in ("", None))


def test_install_puts_module_and_bridge_into_the_profile(lo_profile: Path) -> None:
    assert is_installed(lo_profile)
    standard = lo_profile / "user" / "basic" / "Standard"
    xlb = (standard / "script.xlb").read_text(encoding="utf-8")
    assert 'library:name="Module1"' in xlb and f'library:name="{MODULE}"' in xlb
    bridge = (lo_profile / "user" / "Scripts" / "python" / "jx_bridge.py").read_text("utf-8")
    assert f"INSTALLED_PATHS: list[str] = {python_paths()!r}" in bridge
    assert INSTALLED_PATHS == []                      # the package's own bridge stays as it was
    assert PATHS_ENV not in os.environ


def test_a_project_typed_into_the_template_computes_as_the_engine(
    lo_profile: Path, seed_forms, profile, tmp_path: Path,
) -> None:
    """Opened in the installed profile (soffice gets none of our variables), the template's
    first project sheet takes a seed project typed through UNO; after recalculating, every
    formula cell shows what the engine computes for that project."""
    form = next(f for f in seed_forms if f.name == SEED_PROJECT)
    sheet = next(s for s in openpyxl.load_workbook(TEMPLATE, read_only=True).sheetnames
                 if s not in L.NOT_PROJECT_SHEETS)
    out = tmp_path / "typed.xlsx"
    run_jobs([Job(TEMPLATE, out, [SetCells(sheet, form_cells(form))])], profile=lo_profile,
             timeout=300)
    shown = openpyxl.load_workbook(out, data_only=True)[sheet]
    expected = project_values(form, profile)
    assert len(expected) > 350
    wrong = {ref: (v, shown[ref].value) for ref, v in expected.items()
             if not _same(v, shown[ref].value)}
    assert not wrong, list(wrong.items())[:5]
    assert round(shown[L.CELLS["总分.得分"]].value, 2) == 86.53
    assert shown[L.CELLS["等级"]].value == "良"


def test_the_command_line_reports_and_uninstall_removes(lo_profile: Path, capsys,
                                                        tmp_path: Path) -> None:
    profile = lo_profile
    """Run last in the module: `status`, `uninstall`, and then a JX_ cell is #NAME? again."""
    assert main(["libreoffice", "status", "--lo-profile", str(profile)]) == 0
    assert "已安装" in capsys.readouterr().out
    assert main(["libreoffice", "uninstall", "--lo-profile", str(profile)]) == 0
    assert "已从 LibreOffice 移除" in capsys.readouterr().out
    assert not is_installed(profile)
    xlb = (profile / "user" / "basic" / "Standard" / "script.xlb").read_text(encoding="utf-8")
    assert 'library:name="Module1"' in xlb and MODULE not in xlb
    assert not uninstall(profile)                     # nothing left to remove
    wb = openpyxl.Workbook()
    wb.active["A1"] = "=JX_GRADE(86.53)"
    wb.save(tmp_path / "one.xlsx")
    out = recalculate(tmp_path / "one.xlsx", tmp_path / "out.xlsx", profile=profile)
    assert openpyxl.load_workbook(out, data_only=True).active["A1"].value == "#NAME?"


def test_install_refuses_while_libreoffice_runs(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / ".lock").write_text("", encoding="utf-8")
    assert main(["libreoffice", "install", "--lo-profile", str(folder)]) == 2
    assert "请先关闭所有 LibreOffice 窗口" in capsys.readouterr().err
    assert list(folder.iterdir()) == [folder / ".lock"]


# --- a filled workbook in a LibreOffice without the functions ----------------------------------

@pytest.fixture(scope="module")
def plain(tmp_path_factory, seed_forms, seed) -> tuple[Path, openpyxl.Workbook, Path]:
    """The filled 15-project workbook, opened in a fresh LibreOffice with default settings
    (never installed into) and saved again: what a clerk without the functions sees; the
    workbook's formulas; the workbook."""
    folder = tmp_path_factory.mktemp("lo-plain")
    book = folder / "seed.xlsm"
    write_forms(Filler(unit=seed["单位"]), seed_forms, book)
    try:
        out = recalculate(book, folder / "shown.xlsx", profile=folder / "profile")
    except LibreOfficeError as exc:
        pytest.fail(str(exc))
    formulas = openpyxl.load_workbook(book)
    return out, formulas, book


def test_plain_libreoffice_shows_no_name_error_on_the_blank_sheet(plain) -> None:
    """空白项目 holds nothing typed: every JX_ cell there stands behind a native guard."""
    assert [e for e in _name_errors(plain) if e[0] == L.BLANK_SHEET] == []


def _name_errors(plain) -> list[tuple[str, str, str]]:
    out, formulas, _ = plain
    shown = openpyxl.load_workbook(out, data_only=True)
    return [(ws.title, c.coordinate, str(formulas[ws.title][c.coordinate].value))
            for ws in shown for row in ws.iter_rows() for c in row if c.value in ERRORS]


def test_plain_libreoffice_shows_no_name_error_anywhere(plain) -> None:
    """LibreOffice recalculates on opening every formula cell stored without a result (an empty
    text, an error value): a used row whose check found nothing stores NO_FINDINGS, not "", and
    an unused row's native guard `IF(COUNTA(…)=0,"",JX_…)` answers before the unknown function.
    (It was 309 error cells on the seed workbook while "no findings" was stored as "": #NAME?
    in an .xlsx, #VALUE! in this .xlsm, whose VBA functions LibreOffice runs.)"""
    assert _name_errors(plain) == []
    out, _, _ = plain
    shown = openpyxl.load_workbook(out, data_only=True)
    checks = [shown[s][f"{L.CHECK_COLUMN}{r}"].value for s in shown.sheetnames
              if s not in L.NOT_PROJECT_SHEETS for r in L.indicator_rows()]
    assert checks.count(NO_FINDINGS) > 250             # what a clerk sees on a checked row


def test_plain_libreoffice_recalculates_a_check_stored_empty(plain, tmp_path: Path) -> None:
    """The control: the same workbook with each NO_FINDINGS result stored as an empty text shows
    an error in exactly those cells — LibreOffice recalculated them and cannot compute JX_CHECK,
    so the test above holds because of what the file stores."""
    _, formulas, original = plain
    book = tmp_path / "empty-checks.xlsm"
    stored = openpyxl.load_workbook(original, data_only=True)
    emptied = {(ws.title, c.coordinate) for ws in stored for row in ws.iter_rows() for c in row
               if c.value == NO_FINDINGS}
    assert len(emptied) > 250
    with zipfile.ZipFile(original) as src, zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(f"<v>{NO_FINDINGS}</v>".encode(), b"<v></v>")
            dst.writestr(item, data)
    out = recalculate(book, tmp_path / "shown.xlsx", profile=tmp_path / "profile")
    assert {(s, ref) for s, ref, _ in _name_errors((out, formulas, book))} == emptied


def test_plain_libreoffice_shows_an_error_only_where_the_file_holds_one(tmp_path: Path,
                                                                        profile) -> None:
    """The edge inputs (tests/data/edge-inputs.json: a budget of 0, text in 分值, typed error
    values…): LibreOffice also recalculates a cell stored with an error value, so there the kind
    of error may change (#DIV/0! becomes #NAME?), but no cell that holds a value shows an
    error, and every cell that holds an error still shows one."""
    sheets = json.loads((Path(__file__).parents[1] / "data" / "edge-inputs.json")
                        .read_text(encoding="utf-8"))["sheets"]
    refs = project_refs(list(sheets))
    wb = new_workbook(refs, profile)
    for sheet, cells in sheets.items():
        for ref, value in cells.items():
            set_value(wb[sheet][ref], value)
    values = book_values(refs, [sheet_cells(c, profile) for c in sheets.values()], profile)
    book = save_workbook(wb, tmp_path / "edge.xlsx", values)
    out = recalculate(book, tmp_path / "shown.xlsx", profile=tmp_path / "profile")
    stored = openpyxl.load_workbook(book, data_only=True)
    shown = openpyxl.load_workbook(out, data_only=True)
    holds_error = {(ws.title, c.coordinate) for ws in stored for row in ws.iter_rows()
                   for c in row if c.value in ERRORS}
    shows_error = {(ws.title, c.coordinate) for ws in shown for row in ws.iter_rows()
                   for c in row if c.value in ERRORS}
    assert shows_error == holds_error
    assert len(holds_error) > 20
