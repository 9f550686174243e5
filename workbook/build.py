"""Assembling the workbook: 目录, the project sheets, 汇总, the blank sheet to copy, the dropdown
lists and the xlwings configuration — on top of the xlwings VBA, so Excel can call Python.

The VBA project is xlwings' own from `quickstart_standalone.xlsm` inside the xlwings package (its
`xlwings` module and `Dictionary` class, stream for stream) with the `xlwings_udfs` module that
xlwings' Import Functions would generate added (:mod:`workbook.vbaproject`): opened in Excel with
macros enabled, the JX_ functions work at once, with no import and no Trust Center change.
"""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.workbook.defined_name import DefinedName

from pyfuncs.engine import Profile, load_profile
from pyfuncs.engine.errors import JixiaoError
from pyfuncs.vba import VBA_MODULE, module_source

from . import layout as L
from .cached import save_workbook
from .cells import set_value
from .charts import summary_chart
from .names import quoted, sheet_name
from .sheet_writer import copy_sheet, write_sheet
from .styles import use_normal_font
from .vbaproject import add_module


class TooManyProjects(JixiaoError, ValueError):
    """More projects than a workbook's 目录 and 汇总 have lines for."""


TEMPLATE_PATH = Path(__file__).with_name("template") / "jixiao.xlsm"
LITE_TEMPLATE_PATH = TEMPLATE_PATH.with_name("jixiao-lite.xlsx")    # for xlwings Lite
FIXED_TIME = datetime(2023, 1, 1)   # document dates fixed, so a build is reproducible
VBA_PART = "xl/vbaProject.bin"


def xlwings_vba_source() -> Path:
    """The workbook inside the installed xlwings package that carries its VBA."""
    return Path(str(resources.files("xlwings") / "quickstart_standalone.xlsm"))


@lru_cache(maxsize=1)
def vba_project() -> bytes:
    """The `vbaProject.bin` every workbook carries: xlwings' project plus `xlwings_udfs`."""
    with zipfile.ZipFile(xlwings_vba_source()) as z:
        base = z.read(VBA_PART)
    return add_module(base, VBA_MODULE, module_source())


def _with_our_vba(wb: Workbook) -> None:
    """Swap the VBA project openpyxl keeps for :func:`vba_project` (the other parts stay)."""
    kept = wb.vba_archive
    archive = zipfile.ZipFile(io.BytesIO(), "a", zipfile.ZIP_DEFLATED)
    for name in kept.namelist():
        archive.writestr(name, vba_project() if name == VBA_PART else kept.read(name))
    wb.vba_archive = archive


def project_refs(names: Sequence[str], notes: Sequence[str] = ()) -> list[L.ProjectRef]:
    """Sheet names for projects, unique and valid, in order."""
    taken = {L.INDEX_SHEET, L.SUMMARY_SHEET, L.BLANK_SHEET, L.LISTS_SHEET, L.CONF_SHEET}
    refs = []
    for i, name in enumerate(names):
        sheet = sheet_name(name or f"项目{i + 1}", taken)
        taken.add(sheet)
        refs.append(L.ProjectRef(sheet, name, notes[i] if i < len(notes) else ""))
    return refs


def new_workbook(projects: Sequence[L.ProjectRef], profile: Profile | None = None,
                 unit: str = "") -> Workbook:
    """A workbook laid out for `projects`, every input empty.

    Args:
        projects: the project sheets to create, in order (at most :data:`layout.PROJECT_ROOM`).
        profile: the scoring profile the formulas follow (default: national-2020).
        unit: the 单位 shown above the cover list.
    """
    profile = profile or load_profile()
    if len(projects) > L.PROJECT_ROOM:
        raise TooManyProjects(f"一个工作簿最多 {L.PROJECT_ROOM} 个项目，现有 {len(projects)} 个。")
    wb = load_workbook(xlwings_vba_source(), keep_vba=True)
    use_normal_font(wb)
    _with_our_vba(wb)
    index, conf = wb["Sheet1"], wb["_xlwings.conf"]
    index.title = L.INDEX_SHEET                 # keeps the VBA document module of Sheet1
    _configure_xlwings(conf)
    write_sheet(index, L.index_spec(len(projects)), {"单位": unit})
    spec = L.project_spec(profile)
    first = None                    # one project sheet laid out; the others copied from it
    for p in projects:
        if first is None:
            first = wb.create_sheet(p.sheet)
            write_sheet(first, spec)
        else:
            copy_sheet(first, spec, p.sheet)
    write_sheet(wb.create_sheet(L.SUMMARY_SHEET), L.summary_spec())
    show_lines(wb, len(projects))
    summary_chart(wb[L.SUMMARY_SHEET])
    blank = L.blank_spec(profile)           # hidden, never printed
    if first is None:
        write_sheet(wb.create_sheet(L.BLANK_SHEET), blank)
    else:
        copy_sheet(first, blank, L.BLANK_SHEET)
    _write_lines(wb, list(projects))
    _options(wb, profile)
    wb.move_sheet(conf, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(conf.title))
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is index
    wb.properties.creator = "jixiao"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.lastModifiedBy = "jixiao"
    return wb


def _configure_xlwings(ws) -> None:
    """The `xlwings.conf` sheet the add-in reads: only the module that holds the UDFs.

    The add-in reads the keys from A1 down to the first blank, and a key it finds there wins
    over the ribbon even when its value is blank; so every other key of xlwings' sheet
    (Interpreter_Win, PYTHONPATH…) is taken out, and the clerk's ribbon settings apply.
    """
    ws.title = L.CONF_SHEET
    keys = [row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value not in (None, "")]
    first_blank = next((r for r in range(1, ws.max_row + 2) if r not in keys), 1)
    for row in range(1, first_blank):
        ws.cell(row, 1).value = ws.cell(row, 2).value = None
    for row, (key, value) in enumerate(L.CONF_KEYS.items(), start=1):
        ws.cell(row, 1).value, ws.cell(row, 2).value = key, value
    ws.sheet_state = "hidden"


def show_lines(wb: Workbook, projects: int) -> None:
    """汇总 shows (and prints) as many lines as there are projects, then 合计."""
    ws = wb[L.SUMMARY_SHEET]
    hidden = set(L.summary_unused_rows(projects))
    for r in range(L.SUMMARY_FIRST_ROW, L.SUMMARY_TOTAL_ROW):
        ws.row_dimensions[r].hidden = r in hidden


def _write_lines(wb: Workbook, projects: list[L.ProjectRef]) -> None:
    """The per-project lines of 目录 and 汇总."""
    for sheet, cells in L.line_cells(projects).items():
        ws = wb[sheet]
        for ref, value in cells.items():
            set_value(ws[ref], value)


def _options(wb: Workbook, profile: Profile) -> None:
    """The hidden 选项 sheet, and a defined name for each of its lists and the profile."""
    spec, names = L.options_spec(profile)
    ws = wb.create_sheet(L.LISTS_SHEET)
    write_sheet(ws, spec)
    for name, ref in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=f"{quoted(L.LISTS_SHEET)}!{ref}")


def build_template(path: Path = TEMPLATE_PATH, profile: Profile | None = None, *,
                   lite: bool = False) -> Path:
    """Build the downloadable template: one empty project sheet, ready to fill in; with `lite`,
    the `.xlsx` variant for xlwings Lite (:func:`workbook.cached.save_workbook`)."""
    wb = new_workbook(project_refs(["项目1"]), profile)
    path.parent.mkdir(parents=True, exist_ok=True)
    if lite:
        return save_workbook(wb, path, lite=True)
    wb.save(path)
    return path


def ship_template(path: Path) -> Path:
    """The downloadable template as shipped, copied to `path`: the committed file, which a
    test holds equal to a rebuild (:func:`build_template`), so that a one-off job such as the
    demo does not lay a project sheet out once more just for it. Built anew when a damaged
    install lacks the file."""
    if not TEMPLATE_PATH.is_file():
        return build_template(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATE_PATH, path)
    return path


def main() -> int:
    """`python -m workbook.build`: rebuild the committed templates."""
    print(f"已生成 {build_template()}")
    print(f"已生成 {build_template(LITE_TEMPLATE_PATH, lite=True)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
