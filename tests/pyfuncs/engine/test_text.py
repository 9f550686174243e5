"""Cleaning typed text: widths, signs, LaTeX, stray spaces, thousands separators."""

import pytest

from pyfuncs.engine.text import compact, is_blank, normalise


@pytest.mark.parametrize(("raw", "clean"), [
    ("６０ 家以上", "60 家以上"),
    ("≧９０％", "≥90%"),
    ("≦30000 元", "≤30000 元"),
    ("＝10 万元", "=10 万元"),
    ("2 0 次以上", "20 次以上"),
    ("满意度 \\geq 90.0%", "满意度 ≥ 90.0%"),
    ("$\\leq$ 5 万元", "≤ 5 万元"),
    ("30,000 元", "30000 元"),
    ("1,000,000", "1000000"),
    ("1,2 次", "1,2 次"),
    ("  每年\u3000 4 次 ", "每年 4 次"),
    ("不低于90.0%", "不低于90.0%"),
])
def test_normalise(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


def test_compact_removes_every_space() -> None:
    assert compact("效益 指标 (30 分)") == "效益指标(30分)"
    assert compact("满意度指 标") == "满意度指标"


@pytest.mark.parametrize("value", [None, "", "  ", "\u3000"])
def test_blank(value: object) -> None:
    assert is_blank(value)


def test_not_blank() -> None:
    assert not is_blank("0")
    assert not is_blank(0)
