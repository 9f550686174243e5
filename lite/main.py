"""绩效自评表助手 in xlwings Lite: paste this file into the xlwings Lite editor's main.py.

Each script below is one action of the `macros` package — the same code the desktop add-in's
RunPython runs — so nothing here checks or computes anything itself. The JX_ worksheet functions
of :mod:`pyfuncs.udfs` are imported here, so xlwings Lite registers them as its custom functions
under the same names (`=JX_SCORE(...)`).

jixiao is not on PyPI. requirements.txt installs what it needs from PyPI and Pyodide; jixiao
itself comes from its wheel in xlwings Lite's /data folder (menu Files > import), unpacked into
site-packages below when it is not installed already (e.g. from a URL in requirements.txt).

xlwings Lite runs in Excel on Windows, on the Mac and on the web. Files live in its own folder
/data (xlwings Lite menu > Files: import a file there, or export one from there to your PC);
the file actions below read and write there.
"""

import importlib
import importlib.util
import sysconfig
import zipfile
from pathlib import Path

import xlwings as xw
from xlwings import script

DATA_FOLDER = "/data"


class PackageMissing(ImportError):
    """jixiao is not installed and its wheel is not in /data. Not a JixiaoError: that class is
    in the very package that is missing; xlwings Lite shows this message in its Output pane."""


def _unpack_wheel_from_data() -> None:
    """Make `jixiao` importable: installed already, or unpacked from /data/jixiao-*.whl."""
    if importlib.util.find_spec("macros") is not None:
        return
    wheels = sorted(Path(DATA_FOLDER).glob("jixiao-*.whl"))
    if not wheels:
        raise PackageMissing("找不到 jixiao 的安装包：请通过 xlwings Lite 菜单 Files 把 "
                          "jixiao-….whl 导入到 /data，再点菜单 Restart。")
    with zipfile.ZipFile(wheels[-1]) as wheel:
        wheel.extractall(sysconfig.get_path("purelib"))
    importlib.invalidate_caches()


_unpack_wheel_from_data()

import macros  # noqa: E402
from macros.run import safely  # noqa: E402
from pyfuncs.udfs import (  # noqa: E402, F401  (imported: xlwings Lite registers them)
    JX_BAND,
    JX_CHECK,
    JX_EXEC_RATE,
    JX_FORM_CHECK,
    JX_FUND_SCORE,
    JX_GRADE,
    JX_GROUP,
    JX_PARSE,
    JX_SCORE,
    JX_SCORES,
)


def _in_data(name: str) -> str:
    """A file name typed into the form, inside xlwings Lite's /data folder."""
    name = (name or "").strip()
    return name if name.startswith("/") else f"{DATA_FOLDER}/{name}"


@script(name="检查全部")
def 检查全部(book: xw.Book):
    """检查所有项目表，结果写在“检查结果”工作表，出问题的单元格标红、标黄。"""
    return safely(book, macros.check_all)


@script(name="更新目录与汇总")
def 更新目录与汇总(book: xw.Book):
    """增加、改名、删除或调整项目表的顺序以后，重新生成目录和汇总。"""
    return safely(book, macros.refresh_index)


@script(name="新增项目")
def 新增项目(book: xw.Book, 项目名称: str):
    """从“空白项目”复制一张新的项目表，名称即工作表名称（最多 31 个字）。"""
    return safely(book, macros.add_project, 项目名称)


@script(name="导出定稿")
def 导出定稿(book: xw.Book, 文件名: str = "定稿.xlsx"):
    """把只含数值的定稿保存到 /data，再从菜单 Files 下载。"""
    return safely(book, macros.export_final, _in_data(文件名))


@script(name="导入数据")
def 导入数据(book: xw.Book, 文件名: str = "数据.xlsx"):
    """从 /data 中的数据文件（.xlsx、.json、.yaml）导入项目。"""
    return safely(book, macros.import_data, _in_data(文件名))


@script(name="导出数据")
def 导出数据(book: xw.Book, 文件名: str = "数据.xlsx"):
    """把所有项目导出为 /data 中的数据文件，再从菜单 Files 下载。"""
    return safely(book, macros.export_data, _in_data(文件名))
