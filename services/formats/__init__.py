"""Data files a batch job reads and writes, one module per format (tablib style).

`.xlsx` — the data workbook a clerk fills by hand; `.json` and `.yaml` — the same fields as
one document. :func:`read_data` never raises for bad content: problems come back in the
:class:`DataSet`, each naming its file, sheet, row and column.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from pyfuncs.engine.errors import JixiaoError

from ..untrusted import os_reason
from .dataset import INPUT, DataSet, DataStream, FormSink, Place, Years, common_year


class UnknownFormat(JixiaoError, ValueError):
    """A data file asked for in a format there is no module for; the message is Chinese."""


FORMATS = {".xlsx": "xlsx_data", ".json": "json_data", ".yaml": "yaml_data", ".yml": "yaml_data"}
"""Suffix → the module of that format, loaded when a file of it is read or written (YAML and
openpyxl cost start-up time a command that never meets such a file should not pay)."""


def _module(path: Path) -> ModuleType | None:
    name = FORMATS.get(Path(path).suffix.lower())
    return None if name is None else importlib.import_module(f".{name}", __name__)


def read_data(path: Path) -> DataSet:
    """Read a data file of any supported format, all of it at once."""
    return open_data(path).data_set()


def open_data(path: Path) -> DataStream:
    """Open a data file of any supported format as a stream: checked through first (its
    problems, unit, year and project names known), its forms read one at a time after."""
    path = Path(path)
    module = _module(path)
    if module is None:
        kinds = "、".join(FORMATS)
        return DataStream(problems=[Place(path.name).problem(f"不支持的文件类型：应为 {kinds}。")])
    if not path.is_file():
        what = "是文件夹，不是数据文件" if path.is_dir() else f"找不到文件 {path}"
        return DataStream(problems=[Place(path.name).problem(f"{what}。")])
    try:
        return module.open_stream(path)
    except OSError as exc:          # unreadable: permissions, a disk or network failure
        return DataStream(problems=[Place(path.name).problem(f"无法读取：{os_reason(exc)}。")])


def form_sink(path: Path) -> FormSink:
    """Where forms go as they are read, to be written as a data file at `path` at the end
    (`sink.write(path, unit, year, write_data)`, then `sink.close()`)."""
    spool = getattr(_module(path), "Spool", None)
    return spool() if spool is not None else FormSink()


def write_data(data: DataSet, path: Path) -> None:
    """Write a data file; the format follows the suffix."""
    path = Path(path)
    module = _module(path)
    if module is None:
        raise UnknownFormat(f"不支持的文件类型 {path.suffix}：应为 {'、'.join(FORMATS)}。")
    module.write(data, path)


__all__ = ["FORMATS", "INPUT", "DataSet", "DataStream", "FormSink", "Place", "UnknownFormat",
           "Years", "common_year", "form_sink", "open_data", "read_data", "write_data"]
