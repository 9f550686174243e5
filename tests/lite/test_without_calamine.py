"""Without python-calamine (Pyodide has no wheel of it) the batch commands read a workbook's values
with openpyxl and find the same forms, cell for cell."""

from __future__ import annotations

import sys

import pytest

from jixiao.batch.sources import ValuesBook, find_forms
from services.untrusted import read_checked
from workbook.fill import fill_workbook, save


@pytest.fixture(scope="module")
def seed_file(seed, seed_forms, tmp_path_factory):
    path = tmp_path_factory.mktemp("seed") / "jixiao.xlsx"
    save(fill_workbook(seed_forms, unit=seed["单位"]), path)
    return path


def test_openpyxl_reads_what_calamine_reads(seed_file, monkeypatch) -> None:
    with_calamine = find_forms(seed_file)
    assert ValuesBook(read_checked(seed_file))._calamine is not None
    monkeypatch.setitem(sys.modules, "python_calamine", None)     # import fails, as in Pyodide
    book = ValuesBook(read_checked(seed_file))
    assert book._calamine is None
    without = find_forms(seed_file)
    assert len(without.forms) == 15
    assert [(f.sheet, f.form) for f in without.forms] == [(f.sheet, f.form)
                                                          for f in with_calamine.forms]
    assert (without.unit, without.problems) == (with_calamine.unit, with_calamine.problems)
