"""Writing through xlwings in few calls, text kept as text."""

from __future__ import annotations

from macros.book import as_input, blocks
from workbook.cells import Formula


def test_cells_grouped_into_rectangles() -> None:
    cells = {f"{c}{r}": f"{c}{r}" for r in range(13, 88) for c in "BCDEFGHI"}
    cells["B3"] = "name"
    cells["F4"] = "unit"
    got = dict(blocks(cells))
    assert set(got) == {"B3:B3", "F4:F4", "B13:I87"}
    assert got["B13:I87"][1] == [f"{c}14" for c in "BCDEFGHI"]


def test_a_gap_splits_the_rows_it_cuts_only() -> None:
    cells = {f"{c}{r}": (c, r) for r in range(13, 16) for c in "BCDEFGI"}
    cells["H14"] = 8
    got = dict(blocks(cells))
    assert set(got) == {"B13:G13", "I13:I13", "B14:I14", "B15:G15", "I15:I15"}
    assert sum(len(v) * len(v[0]) for v in got.values()) == len(cells)


def test_text_that_looks_like_a_formula_stays_text() -> None:
    assert as_input("=10 万元") == "'=10 万元"
    assert as_input("-5%") == "'-5%"
    assert as_input(Formula("=SUM(A1:A2)")) == "=SUM(A1:A2)"
    assert as_input("   ") is None and as_input(None) is None and as_input(3) == 3
