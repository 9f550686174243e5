"""导入数据 / 导出数据: the batch data files (.xlsx 说明/项目/指标, .json, .yaml) into and out
of the open workbook, through :mod:`services.formats` — the same reader and writer as the batch
commands, so a problem in a file is reported with its file, sheet, row and column.
"""

from __future__ import annotations

from pathlib import Path

from pyfuncs.engine import ERROR, JixiaoError
from pyfuncs.engine.findings import SEVERITY_LABELS
from services.atomic import refuse_overwriting_inputs, write_atomically
from services.formats import DataSet, Place, common_year, read_data, write_data
from workbook import layout as L
from workbook.names import sheet_name

from .book import (
    Book,
    book_profile,
    find_sheet,
    index_facts,
    project_sheets,
    sheet_names,
    write_cells,
)
from .excel import unprotected
from .index import NOT_OURS, rebuild, refs_of
from .project import NO_BLANK, copy_blank, full_message, type_form
from .report import Report, refused, tell

IMPORT, EXPORT = "导入数据", "导出数据"


def import_data(book: Book, path: str | Path) -> Report:
    """导入数据: type each project of a data file into its sheet.

    A project whose 项目名称 matches a sheet's replaces what that sheet holds; any other gets a
    new sheet copied from 空白项目. A project the file's checks reject is left out and named in
    the report. 目录 and 汇总 are rebuilt afterwards; the file's 单位 goes above 目录.
    """
    path = Path(path)
    if find_sheet(book, L.INDEX_SHEET) is None:
        return refused(book, IMPORT, NOT_OURS)
    if find_sheet(book, L.BLANK_SHEET) is None:
        return refused(book, IMPORT, NO_BLANK)
    data = read_data(path)
    problems = [str(p) for p in data.problems]
    if not data.forms:
        return refused(book, IMPORT, f"没有从 {path.name} 导入任何项目。", details=problems,
                       path=path)
    profile = book_profile(book)
    projects = project_sheets(book)
    facts = index_facts(book)
    by_name = {p.project_name: p for p in projects if p.project_name}
    empty = [p for p in projects if p.is_empty()]
    taken = set(sheet_names(book))
    notes: dict[str, str] = {}
    added = replaced = no_room = 0
    for form in data.forms:
        project = by_name.get(form.name)
        if project is None and empty:           # the template's 项目1: fill it, rename it
            project = empty.pop(0)
            sheet = find_sheet(book, project.sheet)
            taken.discard(project.sheet)
            sheet.name = project.sheet = sheet_name(form.name, taken)
            taken.add(project.sheet)
            by_name[form.name] = project
            added += 1
        elif project is None:
            if len(projects) >= L.PROJECT_ROOM:
                problems.append(str(Place(path.name).problem(
                    f"项目“{form.name}”未导入：{full_message()}", form.name)))
                no_room += 1
                continue
            name = sheet_name(form.name, taken)
            taken.add(name)
            sheet, project = copy_blank(book, name, projects)
            projects.append(project)
            by_name[form.name] = project
            added += 1
        else:
            sheet = find_sheet(book, project.sheet)
            replaced += 1
        type_form(sheet, project, form, profile)
        notes[project.sheet] = form.note or facts.note(project.sheet, form.name)
    if data.unit:
        index = find_sheet(book, L.INDEX_SHEET)
        with unprotected(index):
            write_cells(index, {L.INDEX_UNIT_CELL: data.unit})
    problems += rebuild(book, refs_of(projects, facts, notes))
    done = added + replaced
    message = (f"已从 {path.name} 导入 {done} 个项目（新增 {added} 个，更新 {replaced} 个），"
               "目录和汇总已更新。")
    left_out = sum(1 for p in data.problems if p.severity == ERROR) + no_room
    if left_out:
        message += f"文件中有 {left_out} 处{SEVERITY_LABELS[ERROR]}，出错的项目没有导入，见下。"
    elif problems:
        message += f"另有 {len(problems)} 条说明，见下。"
    return tell(book, Report(IMPORT, message, ok=not left_out, path=path, details=problems,
                             counts={"导入": done, "新增": added, "更新": replaced}))


def export_data(book: Book, path: str | Path) -> Report:
    """导出数据: every project sheet as a data file (the format follows the suffix)."""
    path = Path(path)
    projects = project_sheets(book)
    if not projects:
        return refused(book, EXPORT, "这个工作簿里没有项目表，没有可导出的数据。")
    facts = index_facts(book)
    forms = []
    for p in projects:
        form = p.form()
        form.note = facts.note(p.sheet, form.name)
        forms.append(form)
    data = DataSet(forms=forms, unit=facts.unit, year=common_year(forms))
    try:
        refuse_overwriting_inputs(path, [Path(book.fullname)])
        write_atomically(path, lambda tmp: write_data(data, tmp))
    except JixiaoError as exc:
        return refused(book, EXPORT, str(exc), path=path)
    message = f"已把 {len(forms)} 个项目导出到 {path}。"
    return tell(book, Report(EXPORT, message, path=path, counts={"项目": len(forms)}))
