"""The label families a form's blocks and columns are found by (data in `labels.toml`).

A family is every spelling of one field: our own template's label, taken from the layout
description (so the reader and the template cannot drift apart), and the other spellings
published forms use, each listed in `labels.toml` with where it was seen. Labels are compared
by :func:`key`, which folds what real forms vary in: width, spaces and line breaks, leading
numbering, trailing bracketed suffixes (`(A)`, `(10分)`), a trailing colon.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from pyfuncs.engine import FUND_COLUMNS, FUND_ROWS, INDICATOR_FIELDS, load_profile

from . import layout as L
from .formula.tree import col_letter, parse_ref
from .layout.sheet import HELPER, LABEL

TABLE_FILE = Path(__file__).with_name("labels.toml")
LAYOUT = "workbook/layout (our template)"

_SPACES = re.compile(r"\s+")
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")      # 項(xiàng): mirror-site glosses
_NUMBERING = re.compile(r"^(?:\d{1,2}[.、)]|\(\d{1,2}\)|\d{1,2}(?=\D)|[一二三四五六七八九十]+、"
                        r"|\([一二三四五六七八九十]+\))")
_SUFFIX = re.compile(r"\([^()]*\)$")
_WEIGHT = re.compile(r"(\d+(?:\.\d+)?)分")


@dataclass(frozen=True, eq=False)
class Families:
    """Every label family, as {block: {field: {key: source}}} and the lists beside them."""

    blocks: dict[str, dict[str, dict[str, str]]]
    ignore: frozenset[str]
    helper: frozenset[str]
    end: frozenset[str]
    end_prefix: tuple[str, ...]
    total: frozenset[str]
    not_a_sign: frozenset[str]

    def field(self, block: str, text: object) -> str | None:
        """The field of `block` a label names, or None."""
        k = key(text)
        if not k or k in self.ignore or k in self.helper:
            return None
        return self._index(block).get(k)

    @cache  # noqa: B019 — one Families for the life of the process (see families())
    def _index(self, block: str) -> dict[str, str]:
        """Label key → field, for one block."""
        return {k: name for name, variants in reversed(self.blocks[block].items()) for k in variants}

    def ends_table(self, text: object) -> bool:
        """Whether a row opening with this text closes the indicator table."""
        k = key(text)
        return bool(k) and (k in self.end or light(text).startswith(self.end_prefix))

    def is_total(self, text: object) -> bool:
        return key(text) in self.total


def light(text: object) -> str:
    """Width folded, characters mapped, spaces removed: for prefixes."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", str(text)).translate(_chars())
    return _SPACES.sub("", _PINYIN.sub("", s))


def plain(text: str) -> str:
    """A group label as a mirror site garbled it (項(xiàng)目) in its own spelling (项目); other
    text is left exactly as typed."""
    return _PINYIN.sub("", text.translate(_chars()))


def is_empty(value: object) -> bool:
    """A cell that means "nothing here" on printed forms (—, /, -)."""
    return isinstance(value, str) and value.strip() in _empty()


def key(text: object) -> str:
    """A label in the one spelling families are compared in (see the module docstring)."""
    return _key(text) if isinstance(text, str) else ("" if text is None else _key(str(text)))


@lru_cache(maxsize=1 << 16)
def _key(text: str) -> str:
    s = light(text)
    for word in _leading():
        if s.startswith(word) and len(s) > len(word):
            s = s[len(word):]
    s = _NUMBERING.sub("", s, count=1)
    s = s.rstrip(":")
    while True:
        t = _SUFFIX.sub("", s).rstrip(":")
        if t == s or not t:
            break
        s = t
    return s


def weight_in(text: object) -> float | None:
    """The weight a label carries (`预算执行情况(20分)`, `得分(20分*执行率)`), or None."""
    m = _WEIGHT.search(light(text))
    return float(m.group(1)) if m else None


@cache
def _toml() -> dict:
    return tomllib.loads(TABLE_FILE.read_text(encoding="utf-8"))


@cache
def _chars() -> dict[int, str]:
    return str.maketrans(_toml()["chars"])


@cache
def _empty() -> frozenset[str]:
    return frozenset(_toml()["empty"]["values"])


@cache
def _leading() -> tuple[str, ...]:
    return tuple(light(w) for w in _toml()["strip"]["leading"])


@cache
def families() -> Families:
    """The families: our template's labels first, then `labels.toml`'s."""
    data = _toml()
    blocks: dict[str, dict[str, dict[str, str]]] = {}
    for block in ("header", "goal", "fund_column", "fund_row", "table", "split"):
        blocks[block] = {f: {key(k): src for k, src in v.items()} for f, v in data[block].items()}
    ours, helper = _from_layout()
    total = {key(t) for t in ours.pop("total").values()}
    for block, fields in ours.items():
        for f, text in fields.items():
            blocks[block].setdefault(f, {})[key(text)] = LAYOUT
    named = {k for fields in blocks.values() for variants in fields.values() for k in variants}
    keys = lambda section: frozenset(key(k) for k in data[section])  # noqa: E731
    return Families(
        blocks=blocks, ignore=keys("ignore"), helper=frozenset(key(h) for h in helper) - named,
        end=keys("end") | total,
        end_prefix=tuple(light(k) for k in data["end_prefix"]), total=keys("total") | total,
        not_a_sign=keys("split_not_a_sign"))


def _from_layout() -> tuple[dict[str, dict[str, str]], set[str]]:
    """Our template's label for each field (the label cell beside or above the field's cell in
    the layout description), and the titles of its helper blocks."""
    spec = L.project_spec(load_profile())
    labels = {a: c.value for a, c in spec.cells.items()
              if c.role == LABEL and isinstance(c.value, str) and c.value.strip()}
    heads = {L.FUND_HEADER_ROW, L.TABLE_HEADER_ROW, L.SUBTOTAL_HEADER_ROW}
    helper = {c.value for a, c in spec.cells.items()
              if c.role == HELPER and isinstance(c.value, str) and c.value.strip()
              and parse_ref(a).row in heads}

    def left_of(address: str) -> str:
        ref = parse_ref(address)
        for c in range(ref.col - 1, 0, -1):
            text = labels.get(f"{col_letter(c)}{ref.row}")
            if text:
                return text
        raise LookupError(address)

    def above(address: str, row: int) -> str:
        return labels[f"{col_letter(parse_ref(address).col)}{row}"]

    out = {
        "header": {f: left_of(L.CELLS[f]) for f in ("项目名称", "主管部门", "实施单位")},
        "goal": {f: above(L.CELLS[f], L.GOAL_HEADER_ROW) for f in ("预期目标", "实际完成情况")},
        "fund_column": {
            **{c: above(L.CELLS[f"资金.{FUND_ROWS[0]}.{c}"], L.FUND_HEADER_ROW)
               for c in FUND_COLUMNS},
            **{f: above(L.CELLS[f"资金.{f}"], L.FUND_HEADER_ROW) for f in ("分值", "执行率", "得分")}},
        "fund_row": {r: left_of(L.CELLS[f"资金.{r}.{FUND_COLUMNS[0]}"]) for r in FUND_ROWS},
        "table": {f: above(L.indicator_cell(f, 0), L.TABLE_HEADER_ROW) for f in INDICATOR_FIELDS},
        "total": {"总分": left_of(L.CELLS["总分.分值"])},
    }
    return out, helper
