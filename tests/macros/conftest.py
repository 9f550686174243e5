"""Fixtures for the macros: the filled seed workbook and xlwings' remote book built from it.

The remote book (the engine of xlwings Lite and xlwings Server) needs an xlwings PRO licence
key; its PolyForm Noncommercial licence grants `noncommercial` for noncommercial and government
use, which is what :func:`remote_book.use_licence` sets.
"""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    # this folder shares the name of the package under test: make sure `import macros` finds
    # the package (with `python -m pytest` from the project folder it does anyway)
    sys.path.insert(0, str(ROOT))

import xlwings as xw  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402
from remote_book import payload, use_licence  # noqa: E402

from pyfuncs.engine import load_profile  # noqa: E402
from workbook.build import project_refs  # noqa: E402
from workbook.fill import fill_workbook, save  # noqa: E402
from workbook.values import workbook_values  # noqa: E402

use_licence()


@pytest.fixture(scope="session")
def seed_file(seed, seed_forms, tmp_path_factory) -> Path:
    """The seed's 15 forms typed into the template, as a clerk's workbook on disk."""
    path = tmp_path_factory.mktemp("seed") / "jixiao.xlsx"
    save(fill_workbook(seed_forms, unit=seed["单位"]), path)
    return path


@pytest.fixture(scope="session")
def seed_shows(seed_forms) -> dict:
    """What the seed workbook's formula cells show in Excel with the JX_ functions."""
    refs = project_refs([f.name for f in seed_forms])
    return workbook_values(refs, seed_forms, load_profile())


@pytest.fixture
def seed_wb(seed_file) -> Workbook:
    """A fresh copy of the seed workbook (tests replay actions onto it)."""
    return load_workbook(seed_file)


@pytest.fixture(scope="session")
def seed_payload(seed_file, seed_shows) -> dict:
    return payload(load_workbook(seed_file), seed_shows)


@pytest.fixture
def seed_book(seed_payload):
    """The seed workbook as xlwings Lite would hand it to a script (a fresh book each test)."""
    use_licence()
    return xw.Book(json=copy.deepcopy(seed_payload))
