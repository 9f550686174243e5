"""The data format as JSON: `{"单位": …, "年度": …, "项目": [project records]}`."""

from __future__ import annotations

import codecs
import json
import tempfile
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pyfuncs.engine import WARNING, Form
from pyfuncs.engine.findings import Located
from pyfuncs.engine.model import cell_text

from ..limits import MAX_DEPTH, MAX_FILE_BYTES
from .dataset import DataSet, DataStream, Place, RecordCheck, forms_from_records
from .json_stream import BOM, CHUNK, PROJECTS, FrameError, Part, line_and_column, parts, read_part
from .nesting import TOO_DEEP, DocumentTooBig, measure, python_children


def json_place(file: str):
    def place(i: int, field: str, row: int | None) -> Place:
        where = f"第 {i + 1} 个项目"
        if row is not None:
            where += f" 第 {row + 1} 行指标"
        return Place(file, column=f"{where} {field}".strip())

    return place


NO_PROJECTS = "找不到“项目”列表：文件应为 {\"项目\": [ … ]}。"


def from_document(doc: Any, file: str) -> DataSet:
    """A data set from a parsed JSON or YAML document (a mapping, or a bare list of projects)."""
    problems: list[Located] = []
    if isinstance(doc, list):
        doc = {"项目": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("项目"), list):
        problems.append(Place(file).problem(NO_PROJECTS))
        return DataSet(problems=problems)
    forms = forms_from_records(doc["项目"], json_place(file), problems)
    unit, year = doc.get("单位"), doc.get("年度")
    problems += _unit_and_year(file, unit, year)
    return DataSet(forms, str(unit or "") if isinstance(unit, str | int | float) else "",
                   year if isinstance(year, str | int | float) else None, problems)


def _unit_and_year(file: str, unit: Any, year: Any) -> list[Located]:
    return [Place(file, column=key).problem(f"{key}应为一段文字或一个数，已忽略。", severity=WARNING)
            for key, value in (("单位", unit), ("年度", year))
            if not (value is None or isinstance(value, str | int | float))]


def too_large(path: Path) -> Located | None:
    size = Path(path).stat().st_size
    if size > MAX_FILE_BYTES:
        return Place(path.name).problem(
            f"有 {size / 2**20:.0f} MB，超过 {MAX_FILE_BYTES // 2**20} MB 上限，拒绝读取。")
    return None


def not_utf8(path: Path) -> Located | None:
    """A problem when the file is not UTF-8 text (a UTF-8 BOM allowed), checked as a stream."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    done = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            if done == 0 and chunk.startswith(BOM):
                chunk = chunk[len(BOM):]
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                return _not_utf8(path, done - pending + exc.start)
            done += len(chunk)
    try:
        decoder.decode(b"", True)
    except UnicodeDecodeError as exc:
        return _not_utf8(path, done - len(exc.object) + exc.start)
    return None


def _not_utf8(path: Path, at: int) -> Located:
    return Place(path.name).problem(
        f"不是 UTF-8 编码的文本（第 {at + 1} 个字节）：请在编辑器中另存为 UTF-8。")


def read_text(path: Path) -> str | DataSet:
    """The file's text (a UTF-8 BOM allowed), or a data set holding the problem when it is too
    large or not UTF-8 text."""
    path = Path(path)
    problem = too_large(path) or not_utf8(path)
    if problem is not None:
        return DataSet(problems=[problem])
    return path.read_bytes().decode("utf-8-sig")


_JSON_MESSAGES = {
    "Expecting value": "此处应有一个值", "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号", "Extra data": "结尾有多余的内容",
    "Unterminated string starting at": "引号没有配对", "Invalid control character at": "文字中有控制字符",
    "Expecting property name enclosed in double quotes": "键名应放在双引号中",
    "Invalid \\escape": "无效的转义符 \\", "Invalid \\uXXXX escape": "无效的转义符 \\u",
}


class _Refused(Exception):
    """The whole file is refused; `problem` says why."""

    def __init__(self, problem: Located) -> None:
        super().__init__(str(problem))
        self.problem = problem


def _syntax(path: Path, msg: str, offset: int, project: int | None = None) -> Located:
    line, column = line_and_column(path, offset)
    what = _JSON_MESSAGES.get(msg, "不是正确的 JSON")
    if project is None:
        return Place(path.name, row=line).problem(f"JSON 格式错误：第 {column} 列{what}。")
    return Place(path.name, row=line, column=f"第 {project + 1} 个项目").problem(
        f"JSON 格式错误：第 {column} 列{what}，本项目未处理。")


def _load(path: Path, f, part: Part) -> Any:
    """One part parsed and measured.

    Raises:
        json.JSONDecodeError, DocumentTooBig, RecursionError: as the parser and the bounds say.
    """
    if part.depth > MAX_DEPTH:          # refused before the parser recurses into it
        raise DocumentTooBig(TOO_DEEP)
    text = read_part(f, part)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:    # the place in the file, not in the part
        exc.pos = part.start + len(text[:exc.pos].encode("utf-8"))
        raise
    measure(value, python_children, above=part.depth - _depth(value))
    return value


def _depth(value: Any) -> int:
    """The bracket nesting of a parsed value (what the cutter counted inside it)."""
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def open_stream(path: Path) -> DataStream:
    """Check a JSON data file project by project (nothing but the names is kept) and return it
    as a stream whose forms are read again, one at a time, when asked for."""
    path = Path(path)
    problem = too_large(path) or not_utf8(path)
    if problem is not None:
        return DataStream(problems=[problem])
    problems: list[Located] = []
    check = RecordCheck(json_place(path.name), problems)
    spans: array[int] = array("q")
    names: list[str] = []
    top: dict[str, Any] = {}
    lists = 0                      # the 项目 lists met (a bare list is one)
    with open(path, "rb") as cut, open(path, "rb") as f:       # one cuts, one reads the parts
        try:
            for part in _parts(path, cut):
                if part.opens or (part.key == PROJECTS and part.index is None):
                    lists += 1
                    if lists > 1:
                        raise _Refused(Place(path.name, column=PROJECTS).problem(
                            "“项目”出现了不止一次：请合并为一个列表。"))
                    if part.opens:
                        continue
                if part.index is None:          # 单位, 年度, anything else: checked, not kept
                    value = _top_value(path, f, part)
                    if part.key in ("单位", "年度") or part.key == PROJECTS:
                        top[part.key] = value
                    continue
                rec = _item(path, f, part, problems)
                if rec is not _SKIPPED and check(part.index, rec):
                    spans.extend((part.start, part.end))
                    names.append(cell_text(rec.get("项目名称")))
        except _Refused as exc:
            return DataStream(problems=[exc.problem])
    if not lists or PROJECTS in top:        # none, or not a list
        return DataStream(problems=[Place(path.name).problem(NO_PROJECTS)])
    unit, year = top.get("单位"), top.get("年度")
    problems += _unit_and_year(path.name, unit, year)

    def forms() -> Iterator[Form]:
        with open(path, "rb") as f:
            for k in range(0, len(spans), 2):
                f.seek(spans[k])
                yield Form.from_record(json.loads(f.read(spans[k + 1] - spans[k])
                                                  .decode("utf-8")))

    return DataStream(str(unit or "") if isinstance(unit, str | int | float) else "",
                      year if isinstance(year, str | int | float) else None, problems, names,
                      forms)


_SKIPPED = object()


def _parts(path: Path, f) -> Iterator[Part]:
    try:
        yield from parts(f)
    except FrameError as exc:
        raise _Refused(_syntax(path, exc.msg, exc.offset)) from None


def _top_value(path: Path, f, part: Part) -> Any:
    """A value outside the projects: any mistake in it refuses the whole file, as before."""
    try:
        return _load(path, f, part)
    except json.JSONDecodeError as exc:
        raise _Refused(_syntax(path, exc.msg, exc.pos)) from None
    except RecursionError:
        raise _Refused(Place(path.name).problem(TOO_DEEP)) from None
    except DocumentTooBig as exc:
        raise _Refused(Place(path.name).problem(str(exc))) from None


def _item(path: Path, f, part: Part, problems: list[Located]) -> Any:
    """One project record, or _SKIPPED with its problem added: a project that is not JSON, too
    deep or too large is left out on its own, the others go on."""
    if not part.complete:             # the file ends inside it: the cutter says so next
        return _SKIPPED
    place = json_place(path.name)(part.index or 0, "", None)
    try:
        return _load(path, f, part)
    except json.JSONDecodeError as exc:
        problems.append(_syntax(path, exc.msg, exc.pos, part.index))
    except RecursionError:
        problems.append(place.problem(f"{TOO_DEEP}本项目未处理。"))
    except DocumentTooBig as exc:
        problems.append(place.problem(f"{exc}本项目未处理。"))
    return _SKIPPED


def read(path: Path) -> DataSet:
    return open_stream(path).data_set()


def write(data: DataSet, path: Path) -> None:
    Path(path).write_text(json.dumps(data.to_document(), ensure_ascii=False, indent=2) + "\n",
                          encoding="utf-8")


class Spool:
    """A JSON data file written one project at a time: each project's text goes to a temporary
    file as it comes, the document (单位 and 年度 first, as :func:`write` lays it out, byte for
    byte) is put together at the end."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 (close())
        self.count = 0

    def add(self, form: Form) -> None:
        self.file.write(self.item(form.to_record()))
        self.count += 1

    def item(self, record: dict[str, Any]) -> str:
        text = json.dumps(record, ensure_ascii=False, indent=2)
        # split on "\n" only: a text may hold other line separators (U+2028), never "\n"
        return ("," if self.count else "") + "".join("\n    " + line for line in text.split("\n"))

    def head(self, unit: str, year: Any) -> str:
        top = json.dumps({"单位": unit, "年度": year}, ensure_ascii=False, indent=2)
        return top[:-2] + ",\n  \"项目\": [" + ("" if self.count else "]")

    def tail(self) -> str:
        return "\n  ]\n}\n" if self.count else "\n}\n"

    def write(self, path: Path, unit: str, year: Any, _write_set: object = None) -> None:
        """The document: head, the projects as spooled, tail."""
        with open(path, "w", encoding="utf-8") as out:
            out.write(self.head(unit, year))
            self.file.seek(0)
            while chunk := self.file.read(1 << 16):
                out.write(chunk)
            out.write(self.tail())

    def close(self) -> None:
        self.file.close()
