"""Bounds on a parsed JSON / YAML document: how deep it nests and how many values it holds.

A YAML file can name a value once and repeat it by alias: nine lines of aliases make a
billion values (an "alias bomb"). The document graph is measured as composed — aliases counted
as often as they are used — before any Python object is built from it, and a document deeper
than :data:`~services.limits.MAX_DEPTH` or larger than :data:`~services.limits.MAX_NODES` is
refused with a Chinese message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import yaml

from ..limits import MAX_DEPTH, MAX_NODES

TOO_DEEP = f"嵌套超过 {MAX_DEPTH} 层：数据文件只有“项目 → 资金 / 指标 → 各栏”几层，请检查文件内容。"
TOO_LARGE = f"展开后超过 {MAX_NODES:,} 个值（YAML 的别名 * 层层引用会成倍展开），拒绝读取。"
RECURSIVE = "YAML 别名引用了它自己所在的内容，无法展开，拒绝读取。"


class DocumentTooBig(ValueError):
    """A document over a bound; `str` is the Chinese reason (turned into a problem by the reader)."""


def measure(root: Any, children: Callable[[Any], Iterable[Any]], above: int = 0) -> None:
    """Refuse `root` if it nests deeper than MAX_DEPTH or expands to more than MAX_NODES values;
    `above`: the levels of the document around it (a project of a list in a mapping has two),
    when a document is measured one part at a time.

    Works on any graph (shared and even cyclic nodes), iteratively, each node visited once:
    size and depth are remembered per node, so an alias bomb is measured without expanding it.
    """
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            kids = list(children(node))
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            on_path.discard(key)
            if size[key] > MAX_NODES:
                raise DocumentTooBig(TOO_LARGE)
            continue
        if key in size:
            continue
        if key in on_path:
            raise DocumentTooBig(RECURSIVE)
        on_path.add(key)
        if len(on_path) + above > MAX_DEPTH:
            raise DocumentTooBig(TOO_DEEP)
        stack.append((node, True))
        stack.extend((k, False) for k in children(node) if id(k) not in size)
    if depth[id(root)] + above > MAX_DEPTH:
        raise DocumentTooBig(TOO_DEEP)


def python_children(value: Any) -> Iterable[Any]:
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    if isinstance(value, list):
        return value
    return ()


OPEN = yaml.SequenceNode("tag:yaml.org,2002:seq", [])
"""Stands for a collection read item by item (the `项目` list, the document's mapping) where an
alias names it: an alias to it from inside is a document that holds itself."""


def yaml_children(node: yaml.Node) -> Iterable[yaml.Node]:
    if node is OPEN:
        raise DocumentTooBig(RECURSIVE)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return ()


_BRACKET = re.compile(r"[\[\]{}]")


def flow_depth(text: str | Iterable[str]) -> int:
    """How deep `[ ]` / `{ }` nest, counted before parsing (PyYAML takes time that grows with
    the square of this depth); brackets inside quoted text may count too, which only errs on
    the side of a deeper count for texts with unmatched brackets. `text` may come in pieces
    (a file read as a stream)."""
    depth = deepest = 0
    for piece in [text] if isinstance(text, str) else text:
        for m in _BRACKET.finditer(piece):
            if m.group() in "[{":
                depth += 1
                if depth > deepest:
                    deepest = depth
                    if deepest > MAX_DEPTH:
                        return deepest
            elif depth:
                depth -= 1
    return deepest


def load_yaml(text: str) -> Any:
    """`yaml.safe_load`, with the composed document measured before it is constructed.

    Raises:
        DocumentTooBig: too deep, too large once aliases are expanded, or recursive.
        yaml.YAMLError: not YAML.
    """
    if flow_depth(text) > MAX_DEPTH:
        raise DocumentTooBig(TOO_DEEP)
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise DocumentTooBig(TOO_DEEP) from None
        if node is None:
            return None
        measure(node, yaml_children)
        return loader.construct_document(node)
    finally:
        loader.dispose()
