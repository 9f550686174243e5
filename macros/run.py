"""Entries for Excel: one function per action, for the xlwings add-in's RunPython and for
xlwings Lite, each catching what the action could not foresee so the clerk never sees a
traceback — only a Chinese message box.

From VBA (the module `macros/jixiao_macros.bas` has a Sub for each)::

    RunPython "import macros; macros.run_check_all()"

Text a clerk typed (a project name, a file path) reaches Python as a list of its UTF-16 code
units (`macros.run_add_project([26032, 39033, 30446])`), so no quote or backslash in it can
break the command line.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import xlwings as xw

from pyfuncs.engine import JixiaoError

from .check import check_all
from .data import export_data, import_data
from .export import export_final
from .index import refresh_index
from .project import add_project
from .report import Report, refused

ACTIONS: dict[Callable[..., Report], str] = {
    check_all: "检查全部", refresh_index: "更新目录与汇总", add_project: "新增项目",
    export_final: "导出定稿", import_data: "导入数据", export_data: "导出数据",
}
DATA_SUFFIX = "-数据.xlsx"


def text_of(value: str | Sequence[int] | None) -> str | None:
    """A text passed from VBA: as is, or rebuilt from UTF-16 code units (surrogates too)."""
    if value is None or isinstance(value, str):
        return value
    units = bytes(b for u in value for b in int(u).to_bytes(2, "little"))
    return units.decode("utf-16-le", errors="replace")


def safely(book: Any, action: Callable[..., Report], *args: Any) -> Report:
    """Run an action; a :class:`JixiaoError` is shown as the Chinese message it carries, any
    other error as an unforeseen one to pass on to the developers — never a traceback."""
    name = ACTIONS.get(action, "操作")
    try:
        return action(book, *args)
    except JixiaoError as exc:    # the clerk's mistake, said in Chinese: how to put it right
        return refused(book, name, f"操作没有完成：{exc}")
    except Exception as exc:   # the net under every button: the clerk gets a message
        detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return refused(book, name,
                       f"操作没有完成，出现了意外错误。请把这段文字发给技术人员：{detail}")


def _caller() -> Any:
    return xw.Book.caller()


def _beside(book: Any, suffix: str) -> Path:
    full = Path(str(book.fullname))
    return full.with_name(full.stem + suffix)


def run_check_all() -> Report:
    """检查全部, for RunPython."""
    return safely(_caller(), check_all)


def run_refresh_index() -> Report:
    """更新目录与汇总, for RunPython."""
    return safely(_caller(), refresh_index)


def run_add_project(name: str | Sequence[int] | None = None) -> Report:
    """新增项目, for RunPython; `name` as text or UTF-16 code units."""
    return safely(_caller(), add_project, text_of(name) or "")


def run_export_final() -> Report:
    """导出定稿, for RunPython: `<workbook>-定稿.xlsx` beside the workbook."""
    return safely(_caller(), export_final)


def run_import_data(path: str | Sequence[int] | None = None) -> Report:
    """导入数据, for RunPython; by default `<workbook>-数据.xlsx` beside the workbook."""
    book = _caller()
    chosen = text_of(path)
    return safely(book, import_data, chosen or _beside(book, DATA_SUFFIX))


def run_export_data(path: str | Sequence[int] | None = None) -> Report:
    """导出数据, for RunPython; by default `<workbook>-数据.xlsx` beside the workbook."""
    book = _caller()
    chosen = text_of(path)
    return safely(book, export_data, chosen or _beside(book, DATA_SUFFIX))
