"""A project sheet is recognised by its title and header rows: described alone
(`layout.header_spec`), they carry the very labels the whole description gives them, so the
reader can tell our sheets apart without building the whole sheet's description."""

from __future__ import annotations

import pytest

from pyfuncs.engine import builtin_names, load_profile
from workbook import layout as L
from workbook.layout.sheet import LABEL, SheetSpec
from workbook.read import split_ref

HEAD_ROWS = {L.FUND_HEADER_ROW, L.TABLE_HEADER_ROW, split_ref(L.TITLE_CELL)[0]}


def _labels(spec: SheetSpec) -> dict[str, object]:
    return {a: c.value for a, c in spec.cells.items()
            if c.role == LABEL and c.value and split_ref(a)[0] in HEAD_ROWS}


@pytest.mark.parametrize("name", builtin_names())
def test_the_header_rows_alone_carry_the_labels_of_the_whole_sheet(name: str) -> None:
    profile = load_profile(name)
    head = _labels(L.header_spec(profile))
    assert head == _labels(L.project_spec(profile))
    assert len(head) > 10 and L.TITLE in head.values()
