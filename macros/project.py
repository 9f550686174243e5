"""新增项目 and typing a whole form into a project sheet (shared with 导入数据).

A new project sheet is a copy of 空白项目, so it carries every formula, format, dropdown and
protection of the template; then 目录 and 汇总 are rebuilt to list it.
"""

from __future__ import annotations

from pyfuncs.engine import Form, JixiaoError, Profile
from workbook import layout as L
from workbook.fill import blank_cells, form_cells
from workbook.names import name_problem

from .book import (
    PROJECT_BLOCK,
    SCORE_ROW_OF,
    Book,
    ProjectSheet,
    Sheet,
    find_sheet,
    index_facts,
    project_sheets,
    read_block,
    sheet_names,
    show_used_rows,
    write_cells,
)
from .excel import unprotected
from .index import rebuild, refs_of
from .report import Report, refused, tell

ACTION = "新增项目"
NO_BLANK = f"找不到“{L.BLANK_SHEET}”工作表：新项目要从它复制。请从模板中把“{L.BLANK_SHEET}”复制回来。"


class NoBlankSheet(JixiaoError, LookupError):
    """The workbook has lost 空白项目, the sheet every new project is copied from."""


def full_message() -> str:
    return f"目录和汇总最多容纳 {L.PROJECT_ROOM} 个项目，已经满了：请另建一个工作簿。"


def copy_blank(book: Book, name: str, projects: list[ProjectSheet]) -> tuple[Sheet, ProjectSheet]:
    """A copy of 空白项目 named `name`, placed after the last project sheet (or after 目录).

    Returns:
        The new sheet and its :class:`ProjectSheet` (what the copy holds, as read).
    """
    blank = find_sheet(book, L.BLANK_SHEET)
    if blank is None:
        raise NoBlankSheet(NO_BLANK)
    anchor = find_sheet(book, projects[-1].sheet) if projects else find_sheet(book, L.INDEX_SHEET)
    sheet = blank.copy(after=anchor, name=name) if anchor is not None else blank.copy(name=name)
    sheet.visible = True                        # 空白项目 is hidden and has no print area
    sheet.page_setup.print_area = L.PRINT_AREA
    grid = read_block(sheet, PROJECT_BLOCK)
    project = ProjectSheet(sheet.name, grid, frozenset(SCORE_ROW_OF.values()))
    return sheet, project


def type_form(sheet: Sheet, project: ProjectSheet, form: Form, profile: Profile) -> None:
    """Type `form` into a project sheet over whatever the clerk had typed there: every input
    cell as the empty template holds it (each 得分 back on its formula), then the form's cells
    (:func:`workbook.fill.blank_cells`, :func:`workbook.fill.form_cells`)."""
    cells = {**blank_cells(profile), **form_cells(form)}
    with unprotected(sheet):
        write_cells(sheet, cells)
        project.record(cells)
        show_used_rows(sheet, project)


def add_project(book: Book, name: str) -> Report:
    """新增项目: a new project sheet from 空白项目, named `name` (also its 项目名称).

    A name Excel would refuse (empty, longer than 31 characters, `[]:*?/\\`, taken) is refused
    with a Chinese message; nothing is changed then.
    """
    name = name.strip() if isinstance(name, str) else ""
    problem = name_problem(name, set(sheet_names(book)))
    if problem:
        return refused(book, ACTION, problem)
    if find_sheet(book, L.BLANK_SHEET) is None:
        return refused(book, ACTION, NO_BLANK)
    projects = project_sheets(book)
    if len(projects) >= L.PROJECT_ROOM:
        return refused(book, ACTION, full_message())
    facts = index_facts(book)
    sheet, project = copy_blank(book, name, projects)
    cells = {L.CELLS["项目名称"]: name}
    write_cells(sheet, cells)          # an input cell: unlocked, no need to lift protection
    project.record(cells)
    projects.append(project)
    problems = rebuild(book, refs_of(projects, facts))
    sheet.activate()
    message = (f"已新增项目“{name}”（工作表“{sheet.name}”），目录和汇总已更新。"
               "请在浅蓝色单元格中填写；项目名称可以改成全称。")
    return tell(book, Report(ACTION, message, ok=not problems, counts={"项目": len(projects)},
                             details=problems, sheet=sheet.name))
