"""Half-up rounding, as the seed prints scores and Excel's ROUND computes them: exact at any
magnitude a form can hold (up to 1e12), at 2 and at 6 decimals."""

import random
from decimal import ROUND_HALF_UP, Decimal

import pytest

from pyfuncs.engine import round_half_up
from pyfuncs.engine.rounding import round_score


@pytest.mark.parametrize(("x", "decimals", "expected"), [
    (8.225, 2, 8.23), (0.125, 2, 0.13), (10 * 0.8225, 2, 8.23), (27.97 / 34 * 10, 2, 8.23),
    (9.12 / 45 * 10, 2, 2.03), (56.839 / 57 * 10, 2, 9.97), (2.5, 0, 3), (-1.005, 2, -1.01),
    (4.124999, 2, 4.12), (0.0, 2, 0.0), (-0.001, 2, 0.0), (7.0, 2, 7.0), (1e20, 2, 1e20),
    (0.3333333, 4, 0.3333), (99.995, 2, 100.0),
    (2.675, 2, 2.68), (1.005, 2, 1.01), (5000000.0, 2, 5000000.0), (5000000.005, 2, 5000000.01),
    (5000000.004, 2, 5000000.0), (12345678.0, 2, 12345678.0), (1e12, 2, 1e12),
    (1e12 - 0.005, 2, 1e12), (1e12 - 0.006, 2, 999999999999.99), (-(1e12 - 0.005), 2, -1e12),
    (0.0000005, 6, 0.000001), (1.2345675, 6, 1.234568), (123456.1234565, 6, 123456.123457),
    (4999999.9999995, 6, 5000000.0), (999999.9999994, 6, 999999.999999), (1e12, 6, 1e12),
    (999999999999.125, 6, 999999999999.125),
])
def test_round_half_up(x, decimals, expected) -> None:
    assert round_half_up(x, decimals) == expected


def test_results_print_as_written() -> None:
    assert repr(round_half_up(27.97 / 34 * 10)) == "8.23"


def _oracle(written: str, decimals: int) -> float:
    return float(Decimal(written).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))


@pytest.mark.parametrize("decimals", [2, 6])
def test_typed_values_round_exactly_up_to_a_trillion(decimals: int) -> None:
    """Values as a form holds them (15 significant digits or fewer), many of them exactly on a
    half, against decimal arithmetic on the float's shortest repr."""
    rng = random.Random(decimals)
    for _ in range(25_000):
        places = rng.randint(0, decimals + 3)
        digits = rng.randint(1, 15)
        whole_digits = min(digits - min(places, digits), 12)
        n = rng.randrange(10 ** (whole_digits + min(places, digits)))
        if rng.random() < 0.5 and places > decimals:   # exactly on a half
            n = n - n % 10 ** (places - decimals) + 5 * 10 ** (places - decimals - 1)
        x = float(Decimal(n).scaleb(-places)) * rng.choice((1, -1))
        assert abs(x) <= 1e12
        assert round_half_up(x, decimals) == _oracle(repr(x), decimals), repr(x)


@pytest.mark.parametrize("decimals", [2, 6])
def test_computed_values_round_as_excel_reads_them(decimals: int) -> None:
    """Any float (17 digits, as arithmetic leaves them) is read at Excel's 15 significant
    digits, then rounded exactly; where those digits agree with the repr's, so does the result."""
    rng = random.Random(10 + decimals)
    for _ in range(25_000):
        x = rng.uniform(0, 10 ** rng.randint(0, 12))
        expected = _oracle(f"{x:.15g}", decimals)
        assert round_half_up(x, decimals) == expected, repr(x)
        if Decimal(f"{x:.15g}") == Decimal(repr(x)):
            assert expected == _oracle(repr(x), decimals)


@pytest.mark.parametrize(("weight", "share", "expected"), [
    (10, 0.8226, 8.23), (1.625, 1.0, 1.625), (1.625, 0.99999, 1.62), (5000000, 1, 5000000),
    (10, 1.5, 10), (10, -0.2, 0), (-10, 0.5, 0), (10, float("nan"), 0),
])
def test_a_score_stays_within_its_weight(weight, share, expected) -> None:
    assert round_score(weight, share, 2) == expected
