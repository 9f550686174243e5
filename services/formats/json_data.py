"""The data format as JSON: `{"单位": …, "年度": …, "项目": [project records]}`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyfuncs.engine.findings import Located

from .dataset import DataSet, Place, forms_from_records


def json_place(file: str):
    def place(i: int, field: str, row: int | None) -> Place:
        where = f"第 {i + 1} 个项目"
        if row is not None:
            where += f" 第 {row + 1} 行指标"
        return Place(file, column=f"{where} {field}")

    return place


def from_document(doc: Any, file: str) -> DataSet:
    """A data set from a parsed JSON or YAML document (a mapping, or a bare list of projects)."""
    problems: list[Located] = []
    if isinstance(doc, list):
        doc = {"项目": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("项目"), list):
        problems.append(Place(file).problem("找不到“项目”列表：文件应为 {\"项目\": [ … ]}。"))
        return DataSet(problems=problems)
    records = [r if isinstance(r, dict) else {} for r in doc["项目"]]
    for i, r in enumerate(doc["项目"]):
        if not isinstance(r, dict):
            problems.append(Place(file, column=f"第 {i + 1} 个项目").problem("不是一个项目记录。"))
    forms = forms_from_records(records, json_place(file), problems)
    return DataSet(forms, str(doc.get("单位") or ""), doc.get("年度"), problems)


def read_text(path: Path) -> str | DataSet:
    """The file's text, or a data set holding the problem when it is not UTF-8 text."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return DataSet(problems=[Place(path.name).problem("不是 UTF-8 编码的文本。")])


def read(path: Path) -> DataSet:
    text = read_text(path)
    if isinstance(text, DataSet):
        return text
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return DataSet(problems=[Place(path.name, row=exc.lineno).problem(
            f"JSON 格式错误：{exc.msg}（第 {exc.colno} 列）。")])
    return from_document(doc, path.name)


def write(data: DataSet, path: Path) -> None:
    Path(path).write_text(json.dumps(data.to_document(), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
