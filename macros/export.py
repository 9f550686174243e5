"""导出定稿: a values-only `.xlsx` copy of the workbook, for WPS users, e-mail and print.

The copy is built, not saved from Excel: the forms are read from the open workbook and written
by the writer `jixiao fill --values-only` uses too (:func:`services.filled.write_forms` with
`values_only`): a workbook laid out like the template, the forms typed in, every formula cell
replaced by the value the engine computes for it (:func:`workbook.values.workbook_values`, the
twin of the template's formulas that the workbook tests check against a real spreadsheet
engine), without 空白项目 and xlwings.conf. So the copy has no formula and no VBA, reads the same
in WPS, a viewer or `openpyxl(data_only=True)`, and the open workbook is not touched. This works
alike on desktop Excel and on the remote engine, which cannot save a copy of the book at all.
"""

from __future__ import annotations

from pathlib import Path

from pyfuncs.engine import JixiaoError
from services.atomic import refuse_overwriting_inputs
from services.filled import write_forms
from workbook import layout as L
from workbook.fill import Filler

from .book import Book, book_profile, index_facts, project_sheets
from .report import Report, refused, tell

ACTION = "导出定稿"
SUFFIX = "-定稿.xlsx"


def beside(book: Book) -> Path | None:
    """`<workbook name>-定稿.xlsx` in the workbook's folder, or None when it has no folder
    (never saved, or a remote book, which knows its name only)."""
    full = Path(str(book.fullname))
    if not full.is_absolute() or not full.parent.is_dir():
        return None
    return full.with_name(full.stem + SUFFIX)


def export_final(book: Book, path: str | Path | None = None) -> Report:
    """导出定稿: save the values-only copy as `path`, by default beside the workbook."""
    target = Path(path) if path is not None else beside(book)
    if target is None:
        return refused(book, ACTION, (
            "不知道工作簿保存在哪个文件夹：请先把工作簿保存到电脑上再导出定稿。"
            "在 xlwings Lite 中请指定保存位置（如 /data/定稿.xlsx），再从菜单“Files”下载。"))
    if target.suffix.lower() != ".xlsx":
        return refused(book, ACTION, f"定稿只能保存为 .xlsx 文件，{target.name} 不是。")
    projects = project_sheets(book)
    if not projects:
        return refused(book, ACTION, "这个工作簿里没有项目表，没有可导出的定稿。")
    if len(projects) > L.PROJECT_ROOM:
        return refused(book, ACTION, f"定稿最多包含 {L.PROJECT_ROOM} 个项目，现有 {len(projects)} 个。")
    profile = book_profile(book)
    facts = index_facts(book)
    forms = [p.form() for p in projects]
    refs = [L.ProjectRef(p.sheet, f.name, facts.note(p.sheet, f.name))
            for p, f in zip(projects, forms, strict=True)]
    try:
        refuse_overwriting_inputs(target, [Path(str(book.fullname))])
        write_forms(Filler(profile, facts.unit), forms, target, values_only=True, refs=refs)
    except JixiaoError as exc:
        return refused(book, ACTION, str(exc), path=target)
    message = (f"已导出定稿 {target}（{len(forms)} 个项目，只含数值，没有公式和宏），"
               "可以用 WPS 打开、发邮件或打印；当前工作簿没有改动。")
    return tell(book, Report(ACTION, message, path=target, counts={"项目": len(forms)}))
