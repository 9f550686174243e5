"""services/sheet_parts: the size check measures the very part the reader will read.

A workbook can point its reader somewhere other than where a general XML library would look:
a sheet's relationship target in another case, an id written with a character reference, the
workbook itself in another folder. Each decoy below shows a small sheet where a naive lookup
looks and puts a sparse giant where python-calamine looks; the check must refuse it (before
this module, each was read unmeasured and the reader aborted the process).
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from services.untrusted import UntrustedFileError, check_sheet, check_workbook
from tests.real_forms_support import as_workbook, load
from workbook.book_parts import BookParts

ROOT = Path(__file__).resolve().parents[2]
GIANT = (b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
         b"</sheetData>")


def _base(tmp_path: Path) -> Path:
    wb = Workbook()
    wb.active.title = "表1"
    wb.active["A1"] = "项目名称"
    wb.create_sheet("表2")["A1"] = "x"
    wb.save(tmp_path / "base.xlsx")
    return tmp_path / "base.xlsx"


def _rebuild(src: Path, dst: Path, change) -> Path:
    """Copy a zip part by part through `change(name, data) -> [(name, data), …]`."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            for name, data in change(info.filename, zin.read(info)):
                zout.writestr(name, data)
    return dst


def _giant(data: bytes) -> bytes:
    return data.replace(b"</sheetData>", GIANT)


def _case_decoy(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The relationship names `Worksheets/Sheet1.xml`; the zip holds the giant under the
    lower-case name only the reader's case-blind lookup finds."""
    if name == "xl/_rels/workbook.xml.rels":
        return [(name, data.replace(b"/xl/worksheets/sheet1.xml", b"Worksheets/Sheet1.xml"))]
    if name == "xl/worksheets/sheet1.xml":
        return [(name, _giant(data))]
    return [(name, data)]


def _id_decoy(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """The sheet's id is `rId&#49;`: decoded it is rId1 (a small sheet), raw it names a
    second relationship to a giant."""
    if name == "xl/workbook.xml":
        return [(name, data.replace(b'r:id="rId1"', b'r:id="rId&#49;"'))]
    if name == "xl/_rels/workbook.xml.rels":
        extra = (b'<Relationship Id="rId&#49;" Target="/xl/worksheets/giant.xml" Type="http://'
                 b'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>')
        return [(name, data.replace(b"<Relationship ", extra + b"<Relationship ", 1))]
    if name == "xl/worksheets/sheet1.xml":
        return [(name, data), ("xl/worksheets/giant.xml", _giant(data))]
    return [(name, data)]


def _folder_decoy(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """`_rels/.rels` puts the workbook in `other/`, whose sheet is a giant; `xl/` is a decoy."""
    if name == "_rels/.rels":
        return [(name, data.replace(b"xl/workbook.xml", b"other/workbook.xml"))]
    out = [(name, data)]
    if name.startswith("xl/") and name != "xl/worksheets/sheet1.xml":
        out.append(("other/" + name[3:], data.replace(b'"/xl/', b'"/other/')))
    if name == "xl/worksheets/sheet1.xml":
        out.append(("other/worksheets/sheet1.xml", _giant(data)))
    return out


DECOYS = {"case": _case_decoy, "id": _id_decoy, "folder": _folder_decoy}


@pytest.mark.parametrize("kind", sorted(DECOYS))
def test_a_decoy_sheet_is_seen_through(tmp_path: Path, kind: str) -> None:
    path = _rebuild(_base(tmp_path), tmp_path / f"{kind}.xlsx", DECOYS[kind])
    assert "表1" in CalamineWorkbook.from_path(str(path)).sheet_names
    for exact in (True, False):
        with pytest.raises(UntrustedFileError, match="拒绝打开"):
            check_workbook(path, exact=exact)
    with pytest.raises(UntrustedFileError, match="拒绝打开"):
        check_sheet(path, "表1", exact=False)


def test_the_audit_of_a_decoy_ends_with_the_refusal(tmp_path: Path) -> None:
    path = _rebuild(_base(tmp_path), tmp_path / "case.xlsx", _case_decoy)
    done = subprocess.run([sys.executable, "-m", "jixiao", "audit", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (0, 1, 2), done.stderr[-500:]
    assert "拒绝打开" in done.stdout + done.stderr


def test_a_commented_out_sheet_and_a_sheet_named_twice(tmp_path: Path) -> None:
    base = _base(tmp_path)

    def comment(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name == "xl/workbook.xml":
            data = data.replace(b"<sheets>", '<sheets><!-- <sheet name="假" r:id="rId9"/> -->'.encode())
        return [(name, data)]

    path = _rebuild(base, tmp_path / "comment.xlsx", comment)
    assert list(check_workbook(path)) == ["表1", "表2"]

    def twice(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name == "xl/workbook.xml":
            data = data.replace('name="表2"'.encode(), 'name="表1"'.encode())
        return [(name, data)]

    with pytest.raises(UntrustedFileError, match="同名的工作表"):
        check_workbook(_rebuild(base, tmp_path / "twice.xlsx", twice))


def test_the_sheets_found_are_the_readers_on_every_real_form(tmp_path: Path) -> None:
    books = sorted((ROOT / "workbook" / "template").glob("*.xls*"))
    for form in sorted((ROOT / "tests" / "data" / "real_forms").glob("*.json")):
        books.append(as_workbook(load(form), tmp_path / f"{form.stem}.xlsx"))
    for book in books:
        with zipfile.ZipFile(book) as z:
            found = BookParts(z).sheets
        assert [name for name, _ in found] == CalamineWorkbook.from_path(str(book)).sheet_names


def test_two_parts_named_alike_but_for_case_are_refused(tmp_path: Path) -> None:
    """The reader looks parts up ignoring case and takes the last of equal names: the check
    cannot know which one it reads, so the file is refused."""
    def twin(name: str, data: bytes) -> list[tuple[str, bytes]]:
        if name == "xl/worksheets/sheet1.xml":
            return [(name, data), ("XL/Worksheets/Sheet1.xml", _giant(data))]
        return [(name, data)]

    path = _rebuild(_base(tmp_path), tmp_path / "twin.xlsx", twin)
    with pytest.raises(UntrustedFileError, match="同名的部件"):
        check_workbook(path, exact=False)
