"""services/untrusted: the size check a sheet passes before any reader allocates its grid.

The audit asks for the quick check (`exact=False`): a sheet seen in one search to lie inside
A1:Z999 passes with that bound. Everything else — a cell beyond it, cells written without their
address, an entity declaration — takes the exact, streaming measure, so the quick check can
never pass what the exact one refuses.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from jixiao.batch.fill import fill
from jixiao.examples import load_seed_2023
from services.extent import SMALL, Extent
from services.untrusted import UntrustedFileError, check_sheet, check_workbook
from tests.hostile.corpus import rewrite_part, sparse_giant

SHEET = "xl/worksheets/sheet1.xml"


def _book(path: Path, cells: dict[str, object]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "表1"
    for ref, value in cells.items():
        ws[ref] = value
    wb.save(path)
    return path


def test_a_small_sheet_passes_the_quick_check_with_its_bound(tmp_path: Path) -> None:
    path = _book(tmp_path / "小.xlsx", {"A1": "项目名称", "I90": 10})
    assert check_workbook(path, exact=False) == {"表1": SMALL}
    assert check_workbook(path) == {"表1": Extent(90, 9, 2)}
    assert check_sheet(path, "表1", exact=False) == SMALL


@pytest.mark.parametrize("far", ["AA5", "A1000", "ZZ999"])
def test_a_cell_beyond_the_bound_is_measured_exactly(tmp_path: Path, far: str) -> None:
    path = _book(tmp_path / "远.xlsx", {"A1": "项目名称", far: 1})
    assert check_workbook(path, exact=False) == check_workbook(path)
    assert check_workbook(path, exact=False)["表1"] != SMALL


def test_a_sparse_giant_is_refused_by_the_quick_check(tmp_path: Path) -> None:
    path = sparse_giant(tmp_path / "巨.xlsx")
    with pytest.raises(UntrustedFileError, match=r"巨\.xlsx.*表1"):
        check_workbook(path, exact=False)


def test_cells_without_their_address_take_the_exact_measure(tmp_path: Path) -> None:
    """The format lets a cell leave out `r` (it follows the one before): 1,500 such cells in
    one row reach column 1,500, past the column bound, though no address says so."""
    src = _book(tmp_path / "原.xlsx", {"A1": 1})
    row = b'<row r="1">' + b"<c><v>1</v></c>" * 1500 + b"</row>"
    path = rewrite_part(src, tmp_path / "无地址.xlsx", SHEET,
                        lambda x: re.sub(rb"<row .*?</row>", row, x, count=1, flags=re.S))
    with pytest.raises(UntrustedFileError, match="列"):
        check_workbook(path, exact=False)


def test_an_entity_declaration_in_a_small_sheet_is_refused(tmp_path: Path) -> None:
    src = _book(tmp_path / "原.xlsx", {"A1": "项目名称"})
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    path = rewrite_part(src, tmp_path / "实体.xlsx", SHEET, lambda x: bomb + x.split(b"?>", 1)[-1])
    with pytest.raises(UntrustedFileError, match="已损坏"):
        check_workbook(path, exact=False)


def test_an_entity_declaration_in_the_sheet_list_is_refused(tmp_path: Path) -> None:
    src = _book(tmp_path / "原.xlsx", {"A1": "项目名称"})
    bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'
    path = rewrite_part(src, tmp_path / "实体.xlsx", "xl/workbook.xml",
                        lambda x: bomb + x.split(b"?>", 1)[-1])
    with pytest.raises(UntrustedFileError, match=r"workbook\.xml"):
        check_workbook(path, exact=False)


def test_our_own_forms_take_the_quick_path(tmp_path: Path) -> None:
    """Every sheet of the filled seed workbook (its largest form has 75 indicator rows) lies
    inside the bound: the audit never streams our own sheets."""
    data = tmp_path / "seed.json"
    data.write_text(json.dumps(load_seed_2023(), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "seed.xlsx"
    fill(data, out, quiet=True)
    extents = check_workbook(out, exact=False)
    assert len(extents) == 15 + 5 and set(extents.values()) == {SMALL}


@pytest.mark.parametrize("giant_first", [True, False])
def test_a_part_named_twice_is_refused(tmp_path: Path, giant_first: bool) -> None:
    """Two parts of one name: the size check and the reader might each take a different one
    (a small sheet measured, a sparse giant read), so the file is refused whatever the order."""
    import warnings
    import zipfile

    sparse_giant(tmp_path / "giant.xlsx")
    small = _book(tmp_path / "small.xlsx", {"A1": "项目名称"})
    out = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(small) as z, zipfile.ZipFile(tmp_path / "giant.xlsx") as g, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w, warnings.catch_warnings():
        warnings.simplefilter("ignore")             # zipfile warns of the duplicate name
        for info in z.infolist():
            copies = [z.read(info)]
            if info.filename == SHEET:
                copies.insert(0 if giant_first else 1, g.read(SHEET))
            for data in copies:
                w.writestr(info.filename, data)
    with pytest.raises(UntrustedFileError, match="同名的部件"):
        check_workbook(out, exact=False)


def test_the_reader_gets_the_bytes_the_check_passed_not_the_file_as_it_is_later(
        tmp_path: Path) -> None:
    """A file saved over between the check and the read (a clerk saving on a shared folder)
    is not read unchecked: the reader is handed the checked bytes."""
    from jixiao.batch.sources import ValuesBook
    from services.untrusted import read_checked

    path = _book(tmp_path / "表.xlsx", {"A1": "检查时的内容", "B2": 3})
    checked = read_checked(path, exact=False)
    _book(path, {"A1": "换过的内容", "C5": 7})               # saved over after the check
    book = ValuesBook(checked)
    assert book.grid("表1") == [["检查时的内容", ""], ["", 3.0]]


def test_a_sheet_the_check_skipped_is_measured_before_it_is_read(tmp_path: Path) -> None:
    """Read in a child process: were the sheet read unmeasured, python-calamine would abort."""
    from services.untrusted import read_checked

    path = sparse_giant(tmp_path / "大.xlsx")
    checked = read_checked(path, skip={"表1"}, exact=False)
    assert checked.extents == {}
    with pytest.raises(UntrustedFileError, match="表1"):
        checked.sheet("表1", exact=False)
    code = ("import sys\nfrom jixiao.batch.sources import ValuesBook\n"
            "from services.untrusted import UntrustedFileError, read_checked\n"
            "book = ValuesBook(read_checked(sys.argv[1], skip={'表1'}, exact=False))\n"
            "try:\n    book.grid('表1')\nexcept UntrustedFileError as exc:\n    print(exc)\n")
    run = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr
    assert "表1" in run.stdout and "拒绝打开" in run.stdout
