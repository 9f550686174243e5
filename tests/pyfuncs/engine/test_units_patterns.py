"""The unit patterns take any non-ASCII character where they mean one Chinese character and
the code checks it (a class of the 21k characters is costly to compile at every start-up).
Here the readers answer exactly as the former patterns, written with that class, did: on every
code point of the Basic Multilingual Plane in the places a unit or a word can stand, and on
every text of the seed, the clerks' texts and the corpus of real forms."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jixiao.examples import load_seed_2023
from pyfuncs.engine import units
from pyfuncs.engine.text import normalise

DATA = Path(__file__).parents[2] / "data"

# the patterns as they were written before (pyfuncs/engine/units.py)
_UNIT = "|".join(units._KNOWN_UNITS) + r"|[\u4e00-\u9fff]"
_QUANTITY = re.compile(
    r"(?<![\d.])(?P<num>[+-]?\d+(?:\.\d+)?)\s*"
    r"(?:(?P<pct>[%‰])|(?P<mult>[千万亿])?"
    r"(?:(?=" + "|".join(units._UNIT_SUFFIXES) + r")|(?P<unit>" + _UNIT + r"))?)")
_SIMPLE = re.compile(
    r"((?:[≥≤=<>\u4e00-\u9fff]+ ?)?)([+-]?[0-9]+(?:\.[0-9]+)?)"
    r"(?: ?(?:(%)|([千万亿])(" + _UNIT + r")?|(" + _UNIT + r")))?")


def former_find(text: str) -> list[tuple[units.Quantity, int, int]]:
    if units._BARE.fullmatch(text):
        return [(units.Quantity(units.to_number(text)), 0, len(text))]
    found, years = [], []
    for m in _QUANTITY.finditer(text):
        num, pct, mult, unit = m.group("num", "pct", "mult", "unit")
        q = units._quantity(num, pct, mult, unit)
        is_year = unit == "年" and not mult and len(num) == 4 and num[:2] in ("19", "20")
        (years if is_year else found).append((q, m.start(), m.end("num")))
    return found or years


def former_simple(text: str) -> tuple[str, units.Quantity] | None:
    m = _SIMPLE.fullmatch(text)
    if m is None:
        return None
    words, num, pct, mult, unit, alone = m.groups()
    try:
        return words, units._quantity(num, pct, mult, unit or alone)
    except units.NumberOutOfRange:
        return None


def _answer(read: Callable[[str], object], text: str) -> object:
    try:
        return read(text)
    except units.NumberOutOfRange:
        return "out of range"


def _same(text: str) -> None:
    assert _answer(units.find_quantities, text) == _answer(former_find, text), text
    assert units.simple_quantity(text) == former_simple(text), text


FIND_PLACES = ("5{c}", "5 {c}", "5万{c}", "5{c}6 个", "5 {c}7", "{c}5", "5{c}以上")
SIMPLE_PLACES = ("5{c}", "5 {c}", "5万{c}", "{c}5", "{c} 5 次", "不少于{c}5", "{c}≥5万{c}",
                 "≥{c}{c} 12.5%", "5 万{c}")


@pytest.mark.parametrize("block", range(16), ids=lambda b: f"U+{b:X}000")
def test_every_code_point_reads_as_before(block: int) -> None:
    for code in range(block * 0x1000, (block + 1) * 0x1000):
        c = chr(code)
        for place in FIND_PLACES:
            text = place.format(c=c)
            assert _answer(units.find_quantities, text) == _answer(former_find, text), text
        for place in SIMPLE_PLACES:
            text = place.format(c=c)
            assert units.simple_quantity(text) == former_simple(text), text


def test_characters_beyond_the_plane_read_as_before() -> None:
    for c in ("\U00020000", "\U0002a6d6", "\U0001f600", "\U00010000", "\U0010ffff"):
        for place in FIND_PLACES + SIMPLE_PLACES:
            _same(place.format(c=c))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_every_text_of_the_seed_and_the_corpus_reads_as_before() -> None:
    documents = [load_seed_2023()] + [json.loads(p.read_text(encoding="utf-8"))
                                      for p in sorted(DATA.rglob("*.json"))]
    seen = {s for d in documents for s in _strings(d)}
    assert len(seen) > 2000       # the corpus is there
    for text in seen:
        for form in {text, normalise(text)}:
            _same(form)
