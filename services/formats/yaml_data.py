"""The data format as YAML: the same document as JSON, easier to type by hand."""

from __future__ import annotations

from pathlib import Path

import yaml

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
    Path(path).write_text(yaml.safe_dump(data.to_document(), allow_unicode=True,
                                         sort_keys=False, width=100), encoding="utf-8")
