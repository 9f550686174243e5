"""The edits as the bridge reads them inside LibreOffice."""

from __future__ import annotations

import datetime

import pytest

from localc.edits import InsertRows, SetCells, edit_spec
from workbook.cells import Formula


def test_edits_as_the_bridge_reads_them() -> None:
    spec = edit_spec(SetCells("S", {"A1": 3, "A2": "=10 万元", "A3": None, "A4": " ",
                                    "A5": Formula("=SUM(A1:A2)")}))
    assert spec == {"op": "SetCells", "sheet": "S", "cells": {
        "A1": ["number", 3.0], "A2": ["text", "=10 万元"], "A3": ["blank", None],
        "A4": ["blank", None], "A5": ["formula", "=SUM(A1:A2)"]}}
    assert edit_spec(InsertRows("S", 20)) == {
        "op": "InsertRows", "sheet": "S", "row": 20, "count": 1}
    with pytest.raises(TypeError):
        edit_spec(SetCells("S", {"A1": datetime.date(2023, 1, 1)}))
