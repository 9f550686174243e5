"""The data format as YAML: the same document as JSON, easier to type by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from . import json_data
from .dataset import DataSet, DataStream, Place
from .json_data import from_document, read_text
from .nesting import DocumentTooBig, load_yaml


def open_stream(path: Path) -> DataStream:
    """The data set read whole, as a stream."""
    return DataStream.of(read(path))


def read(path: Path) -> DataSet:
    text = read_text(path)
    if isinstance(text, DataSet):
        return text
    try:
        doc = load_yaml(text)
    except DocumentTooBig as exc:
        return DataSet(problems=[Place(path.name).problem(str(exc))])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        col = f"第 {mark.column + 1} 列附近" if mark is not None else ""
        return DataSet(problems=[Place(path.name, row=row).problem(
            f"YAML 格式错误：{col}不是正确的 YAML（检查缩进、冒号后的空格和引号是否配对）。")])
    return from_document(doc, path.name)


def write(data: DataSet, path: Path) -> None:
    Path(path).write_text(_dump(data.to_document()), encoding="utf-8")


def _dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)


class Spool(json_data.Spool):
    """A YAML data file written one project at a time (see :class:`json_data.Spool`): a block
    list under `项目:` is laid out item by item exactly as the whole document is."""

    def item(self, record: dict[str, Any]) -> str:
        return _dump([record])

    def head(self, unit: str, year: Any) -> str:
        return _dump({"单位": unit, "年度": year}) + ("项目:\n" if self.count else "项目: []\n")

    tail_text = ""

    def write(self, path: Path, unit: str, year: Any, _write_set: object = None) -> None:
        with open(path, "w", encoding="utf-8") as out:
            out.write(self.head(unit, year))
            self.file.seek(0)
            while chunk := self.file.read(1 << 16):
                out.write(chunk)
