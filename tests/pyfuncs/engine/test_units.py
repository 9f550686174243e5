"""Numbers with units, and cells that should hold one number."""

import pytest

from pyfuncs.engine.units import Quantity, find_quantities, read_number


@pytest.mark.parametrize(("text", "number", "value", "unit", "written"), [
    ("20 次", 20, 20, "次", "次"),
    ("5万元", 5, 5e4, "元", "万元"),
    ("3400 亿元", 3400, 3.4e11, "元", "亿元"),
    ("40 万", 40, 4e5, "", "万"),
    ("90.0%", 90, 90, "%", "%"),
    ("1000 人次", 1000, 1000, "人次", "人次"),
    ("60 家以上", 60, 60, "家", "家"),
    ("10 次以上", 10, 10, "次", "次"),
    ("打印机2台", 2, 2, "台", "台"),
    ("39", 39, 39, "", ""),
])
def test_first_quantity(text: str, number: float, value: float, unit: str, written: str) -> None:
    q = find_quantities(text)[0][0]
    assert (q.number, q.value, q.unit, q.written_unit) == (number, value, unit, written)


def test_years_are_not_the_number() -> None:
    found = find_quantities("2023 年完成 10 家")
    assert [q.number for q, *_ in found] == [10]
    assert [q.number for q, *_ in find_quantities("2023 年")] == [2023]


def test_units_compare() -> None:
    assert Quantity(5, 1e4, "元").compatible(Quantity(50000, 1, "元"))
    assert Quantity(40, 1e4, "").compatible(Quantity(400000, 1, "元"))
    assert not Quantity(5, 1, "次").compatible(Quantity(5, 1, "家"))
    assert not Quantity(90, 1, "%").compatible(Quantity(90, 1, "人"))


def test_show() -> None:
    assert Quantity(20, 1, "次", "次").show() == "20 次"
    assert Quantity(90.0, 1, "%", "%").show() == "90%"
    assert Quantity(5, 1e4, "元", "万元").show() == "5 万元"


@pytest.mark.parametrize(("raw", "expected"), [
    (None, (None, True)),
    ("", (None, True)),
    (3, (3.0, True)),
    (27.97, (27.97, True)),
    ("30,000", (30000.0, True)),
    ("６０", (60.0, True)),
    ("8 分", (8.0, True)),
    ("3 万元", (3.0, True)),
    ("82.3%", (0.823, True)),
    ("abc", (None, False)),
    ("3-4", (None, False)),
    (True, (None, False)),
    (float("nan"), (None, True)),
])
def test_read_number(raw: object, expected: tuple) -> None:
    number, ok = read_number(raw)
    assert ok == expected[1]
    assert number == pytest.approx(expected[0]) if expected[0] is not None else number is None
