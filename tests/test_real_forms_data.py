"""The corpus of published forms (tests/data/real_forms/) is well formed: each names the
address it came from, its grid is a rectangle, its merges and its expected findings point at
cells inside the grid. The reader is held to these forms in tests of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl.utils.cell import range_boundaries

FOLDER = Path(__file__).parent / "data" / "real_forms"
FORMS = sorted(FOLDER.glob("*.json"))


def test_the_corpus_spans_provinces_and_years() -> None:
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in FORMS]
    assert len(docs) >= 25
    assert len({d["province"] for d in docs} - {"不详"}) >= 8
    assert len({d["year"] for d in docs}) >= 4


@pytest.mark.parametrize("path", FORMS, ids=[p.stem for p in FORMS])
def test_a_form_is_well_formed(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["source"].startswith(("http://", "https://"))
    grid = doc["grid"]
    width = len(grid[0])
    assert width >= 5 and all(len(row) == width for row in grid)
    for span in doc["merged"]:
        c0, r0, c1, r1 = range_boundaries(span)
        assert 1 <= r0 <= r1 <= len(grid) and 1 <= c0 <= c1 <= width, span
    for finding in doc["expected"]["findings"]:
        c0, r0, c1, r1 = range_boundaries(finding["cell"])
        assert r1 <= len(grid) and c1 <= width, finding
        assert finding["what"] and finding["rule"]
