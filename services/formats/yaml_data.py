"""The data format as YAML: the same document as JSON, easier to type by hand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from pyfuncs.engine import Form
from pyfuncs.engine.findings import Located
from pyfuncs.engine.model import cell_text

from ..limits import MAX_DEPTH
from . import json_data
from .dataset import DataSet, DataStream, Place, RecordCheck
from .json_data import NO_PROJECTS, _unit_and_year, json_place, not_utf8, too_large
from .json_stream import CHUNK, PROJECTS
from .nesting import (
    OPEN,
    TOO_DEEP,
    DocumentTooBig,
    flow_depth,
    measure,
    yaml_children,
)


def open_stream(path: Path) -> DataStream:
    """Check a YAML data file project by project — each composed, measured (aliases counted
    as used) and built on its own, then dropped — and return it as a stream whose forms are
    built again, one at a time, when asked for."""
    path = Path(path)
    problem = too_large(path) or not_utf8(path) or _too_deep(path)
    if problem is not None:
        return DataStream(problems=[problem])
    problems: list[Located] = []
    place = json_place(path.name)
    check = RecordCheck(place, problems)
    kept = bytearray()                 # per project: 1 when it makes a form
    names: list[str] = []
    top: dict[str, Any] = {}
    lists = 0
    try:
        for kind, key, index, node, loader in _walk(path):
            if kind == "list":
                lists += 1
                continue
            if kind != "item":                # 单位, 年度, anything else: measured, built
                measure(node, yaml_children, above=1 if kind == "value" else 0)
                value = loader.construct_document(node)
                if kind == "doc" or key in ("单位", "年度", PROJECTS):
                    top[str(key)] = value
                    lists += key == PROJECTS
                continue
            try:
                measure(node, yaml_children, above=1 if key is None else 2)
                rec = loader.construct_document(node)
            except DocumentTooBig as exc:
                problems.append(place(index, "", None).problem(f"{exc}本项目未处理。"))
                kept.append(0)
                continue
            except ConstructorError as exc:         # parsed, but no value (a key that is a list)
                problems.append(_not_yaml(path, exc, f"第 {index + 1} 个项目"))
                kept.append(0)
                continue
            ok = check(index, rec)
            kept.append(ok)
            if ok:
                names.append(cell_text(rec.get("项目名称")))
    except DocumentTooBig as exc:
        return DataStream(problems=[Place(path.name).problem(str(exc))])
    except RecursionError:
        return DataStream(problems=[Place(path.name).problem(TOO_DEEP)])
    except yaml.YAMLError as exc:
        return DataStream(problems=[_not_yaml(path, exc)])
    if lists != 1 or PROJECTS in top:
        return DataStream(problems=[Place(path.name).problem(
            NO_PROJECTS if lists < 2 else "“项目”出现了不止一次：请合并为一个列表。")])
    unit, year = top.get("单位"), top.get("年度")
    problems += _unit_and_year(path.name, unit, year)

    def forms() -> Iterator[Form]:
        for kind, _key, index, node, loader in _walk(path):
            if kind == "item" and kept[index]:
                yield Form.from_record(loader.construct_document(node))

    return DataStream(str(unit or "") if isinstance(unit, str | int | float) else "",
                      year if isinstance(year, str | int | float) else None, problems, names,
                      forms)


def _not_yaml(path: Path, exc: yaml.YAMLError, project: str = "") -> Located:
    mark = getattr(exc, "problem_mark", None)
    row = mark.line + 1 if mark is not None else None
    col = f"第 {mark.column + 1} 列附近" if mark is not None else ""
    skipped = "，本项目未处理" if project else ""
    return Place(path.name, row=row, column=project).problem(
        f"YAML 格式错误：{col}不是正确的 YAML（检查缩进、冒号后的空格和引号是否配对）{skipped}。")


def _too_deep(path: Path) -> Located | None:
    """Flow brackets nested too deep, counted before PyYAML sees them (see flow_depth)."""
    with open(path, encoding="utf-8-sig") as f:
        deep = flow_depth(iter(lambda: f.read(CHUNK), "")) > MAX_DEPTH
    return Place(path.name).problem(TOO_DEEP) if deep else None


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, driven one node at a time."""

    def open(self, event: yaml.NodeEvent) -> None:
        """A collection read item by item: an alias to it is refused when measured."""
        if event.anchor is not None:
            self.anchors[event.anchor] = OPEN


Part = tuple[str, Any, int | None, Any, _Loader]


def _walk(path: Path) -> Iterator[Part]:
    """The document's parts in file order: ("value", key, None, node) for each key of the
    top mapping but the `项目` list, ("list", key, None, None) where that list (or a bare list)
    opens, ("item", key, i, node) for each project, ("doc", None, None, node) for a document
    that is neither a mapping nor a list; each with the loader that builds it."""
    with open(path, encoding="utf-8-sig") as f:
        loader = _Loader(f)
        try:
            loader.get_event()                              # the stream starts
            if loader.check_event(yaml.StreamEndEvent):
                yield "doc", None, None, yaml.ScalarNode("tag:yaml.org,2002:null", ""), loader
                return
            loader.get_event()                              # the document starts
            if loader.check_event(yaml.MappingStartEvent):
                loader.open(loader.get_event())
                while not loader.check_event(yaml.MappingEndEvent):
                    key_node = loader.compose_node(None, None)
                    measure(key_node, yaml_children, above=1)
                    key = loader.construct_document(key_node)
                    if key == PROJECTS and loader.check_event(yaml.SequenceStartEvent):
                        yield from _items(loader, key)
                    else:
                        yield "value", key, None, loader.compose_node(None, None), loader
                loader.get_event()
            elif loader.check_event(yaml.SequenceStartEvent):
                yield from _items(loader, None)
            else:
                yield "doc", None, None, loader.compose_node(None, None), loader
            loader.get_event()                              # the document ends
            if not loader.check_event(yaml.StreamEndEvent):
                event = loader.get_event()
                raise ComposerError("expected a single document in the stream", None,
                                    "but found another document", event.start_mark)
        finally:
            loader.dispose()


def _items(loader: _Loader, key: str | None) -> Iterator[Part]:
    loader.open(loader.get_event())
    yield "list", key, None, None, loader
    index = 0
    while not loader.check_event(yaml.SequenceEndEvent):
        yield "item", key, index, loader.compose_node(None, None), loader
        index += 1
    loader.get_event()


def read(path: Path) -> DataSet:
    return open_stream(path).data_set()


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

    def tail(self) -> str:
        return ""
