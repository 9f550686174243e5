"""更新目录与汇总: rebuild 目录 and 汇总 from the project sheets as they are now.

After sheets were added, renamed, deleted or reordered, each line of 目录 and 汇总 is written
again with exactly what the builder writes (:func:`workbook.layout.index_row_cells`,
:func:`workbook.layout.summary_row_cells`), in tab order; lines past the last project
are cleared. The 备注 a clerk typed stays with its project.
"""

from __future__ import annotations

from collections.abc import Sequence

from workbook import layout as L

from .book import (
    Book,
    IndexFacts,
    ProjectSheet,
    find_sheet,
    index_facts,
    project_sheets,
    show_rows,
    write_cells,
)
from .excel import unprotected
from .report import Report, refused, tell

ACTION = "更新目录与汇总"
NOT_OURS = "这个工作簿没有“目录”和“汇总”工作表，不是绩效自评表模板。"


def refs_of(projects: Sequence[ProjectSheet], facts: IndexFacts,
            notes: dict[str, str] | None = None) -> list[L.ProjectRef]:
    """ProjectRefs for the sheets: the typed 项目名称 and the 备注 from 目录 (or `notes`)."""
    refs = []
    for p in projects:
        name = p.project_name
        note = (notes or {}).get(p.sheet)
        refs.append(L.ProjectRef(p.sheet, name, facts.note(p.sheet, name) if note is None else note))
    return refs


def rebuild(book: Book, refs: Sequence[L.ProjectRef]) -> list[str]:
    """Write every line of 目录 and 汇总 for `refs`; returns the problems, in Chinese."""
    problems = []
    listed = list(refs[: L.PROJECT_ROOM])
    if len(refs) > L.PROJECT_ROOM:
        left = "、".join(r.sheet for r in refs[L.PROJECT_ROOM:])
        problems.append(f"目录和汇总最多列 {L.PROJECT_ROOM} 个项目，未列入：{left}。")
    lines = L.line_cells(listed)
    index = find_sheet(book, L.INDEX_SHEET)
    if index is None:
        problems.append(f"找不到“{L.INDEX_SHEET}”工作表，目录未更新。")
    else:
        with unprotected(index):
            write_cells(index, lines[L.INDEX_SHEET])
            index.page_setup.print_area = L.index_spec(len(listed)).page.area
    summary = find_sheet(book, L.SUMMARY_SHEET)
    if summary is None:
        problems.append(f"找不到“{L.SUMMARY_SHEET}”工作表，汇总未更新。")
    else:
        with unprotected(summary):
            write_cells(summary, lines[L.SUMMARY_SHEET])
            show_rows(summary, range(L.SUMMARY_FIRST_ROW, L.SUMMARY_TOTAL_ROW),
                      L.summary_unused_rows(len(listed)))
    return problems


def refresh_index(book: Book) -> Report:
    """更新目录与汇总: list every project sheet, in tab order, in 目录 and 汇总."""
    if find_sheet(book, L.INDEX_SHEET) is None and find_sheet(book, L.SUMMARY_SHEET) is None:
        return refused(book, ACTION, NOT_OURS)
    projects = project_sheets(book)
    refs = refs_of(projects, index_facts(book))
    problems = rebuild(book, refs)
    shown = min(len(refs), L.PROJECT_ROOM)
    message = f"目录和汇总已更新：共 {shown} 个项目。"
    return tell(book, Report(ACTION, message, ok=not problems, counts={"项目": shown},
                             details=problems))
