"""The data format as JSON: `{"单位": …, "年度": …, "项目": [project records]}`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyfuncs.engine import WARNING
from pyfuncs.engine.findings import Located

from ..limits import MAX_FILE_BYTES
from .dataset import DataSet, Place, forms_from_records
from .nesting import TOO_DEEP, DocumentTooBig, measure, python_children


def json_place(file: str):
    def place(i: int, field: str, row: int | None) -> Place:
        where = f"第 {i + 1} 个项目"
        if row is not None:
            where += f" 第 {row + 1} 行指标"
        return Place(file, column=f"{where} {field}".strip())

    return place


def from_document(doc: Any, file: str) -> DataSet:
    """A data set from a parsed JSON or YAML document (a mapping, or a bare list of projects)."""
    problems: list[Located] = []
    if isinstance(doc, list):
        doc = {"项目": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("项目"), list):
        problems.append(Place(file).problem("找不到“项目”列表：文件应为 {\"项目\": [ … ]}。"))
        return DataSet(problems=problems)
    forms = forms_from_records(doc["项目"], json_place(file), problems)
    unit, year = doc.get("单位"), doc.get("年度")
    for key, value in (("单位", unit), ("年度", year)):
        if not (value is None or isinstance(value, str | int | float)):
            problems.append(Place(file, column=key).problem(f"{key}应为一段文字或一个数，已忽略。",
                                                            severity=WARNING))
    return DataSet(forms, str(unit or "") if isinstance(unit, str | int | float) else "",
                   year if isinstance(year, str | int | float) else None, problems)


def read_text(path: Path) -> str | DataSet:
    """The file's text (a UTF-8 BOM allowed), or a data set holding the problem when it is too
    large or not UTF-8 text."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return DataSet(problems=[Place(path.name).problem(
            f"有 {size / 2**20:.0f} MB，超过 {MAX_FILE_BYTES // 2**20} MB 上限，拒绝读取。")])
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return DataSet(problems=[Place(path.name).problem(
            f"不是 UTF-8 编码的文本（第 {exc.start + 1} 个字节）：请在编辑器中另存为 UTF-8。")])


_JSON_MESSAGES = {
    "Expecting value": "此处应有一个值", "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号", "Extra data": "结尾有多余的内容",
    "Unterminated string starting at": "引号没有配对", "Invalid control character at": "文字中有控制字符",
    "Expecting property name enclosed in double quotes": "键名应放在双引号中",
    "Invalid \\escape": "无效的转义符 \\", "Invalid \\uXXXX escape": "无效的转义符 \\u",
}


def read(path: Path) -> DataSet:
    text = read_text(path)
    if isinstance(text, DataSet):
        return text
    try:
        doc = json.loads(text)
        measure(doc, python_children)
    except json.JSONDecodeError as exc:
        what = _JSON_MESSAGES.get(exc.msg, "不是正确的 JSON")
        return DataSet(problems=[Place(path.name, row=exc.lineno).problem(
            f"JSON 格式错误：第 {exc.colno} 列{what}。")])
    except RecursionError:
        return DataSet(problems=[Place(path.name).problem(TOO_DEEP)])
    except DocumentTooBig as exc:
        return DataSet(problems=[Place(path.name).problem(str(exc))])
    return from_document(doc, path.name)


def write(data: DataSet, path: Path) -> None:
    Path(path).write_text(json.dumps(data.to_document(), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")
