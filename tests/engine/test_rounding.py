"""Half-up rounding, as the seed prints scores."""

import pytest

from pyfuncs.engine import round_half_up


@pytest.mark.parametrize(("x", "decimals", "expected"), [
    (8.225, 2, 8.23), (0.125, 2, 0.13), (10 * 0.8225, 2, 8.23), (27.97 / 34 * 10, 2, 8.23),
    (9.12 / 45 * 10, 2, 2.03), (56.839 / 57 * 10, 2, 9.97), (2.5, 0, 3), (-1.005, 2, -1.01),
    (4.124999, 2, 4.12), (0.0, 2, 0.0), (-0.001, 2, 0.0), (7.0, 2, 7.0), (1e20, 2, 1e20),
    (0.3333333, 4, 0.3333), (99.995, 2, 100.0),
])
def test_round_half_up(x, decimals, expected) -> None:
    assert round_half_up(x, decimals) == expected


def test_results_print_as_written() -> None:
    assert repr(round_half_up(27.97 / 34 * 10)) == "8.23"
