"""Actions a clerk runs from Excel on the open workbook (xlwings `Book`).

Each action is a function of an xlwings Book, so one body runs from desktop Excel through the
add-in's RunPython (`Book.caller()`, see :mod:`macros.run`), from xlwings Lite as a script
(`lite/main.py`) and from tests on xlwings' remote book. Each returns a :class:`Report` and
shows it to the clerk.

- :func:`check_all` — 检查全部
- :func:`refresh_index` — 更新目录与汇总
- :func:`add_project` — 新增项目
- :func:`export_final` — 导出定稿
- :func:`import_data` / :func:`export_data` — 导入数据 / 导出数据
"""

from .check import check_all
from .data import export_data, import_data
from .export import export_final
from .index import refresh_index
from .project import add_project
from .report import Report
from .run import (
    run_add_project,
    run_check_all,
    run_export_data,
    run_export_final,
    run_import_data,
    run_refresh_index,
)

__all__ = [
    "Report", "add_project", "check_all", "export_data", "export_final", "import_data",
    "refresh_index", "run_add_project", "run_check_all", "run_export_data", "run_export_final",
    "run_import_data", "run_refresh_index",
]
