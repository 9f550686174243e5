"""services/zipdir: the quick reader of a small zip agrees with zipfile, or steps aside.

Every workbook the tool ships or writes, and the real forms rebuilt as workbooks, are read both
ways: the same parts, sizes and bytes. A zip this reader does not handle (zip64 records, data
before the first part, an encrypted or oddly named part, a damaged part) raises Unusual, and
the size check then gives exactly what it gives through zipfile.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from jixiao.batch.fill import fill
from jixiao.examples import load_seed_2023
from services.untrusted import UntrustedFileError, check_workbook
from services.zipdir import Unusual, ZipDir
from tests.real_forms_support import as_workbook, load

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "workbook" / "template").glob("*.xls*"))


def _same(path: Path) -> None:
    with zipfile.ZipFile(path) as z, ZipDir(path) as ours:
        theirs = z.infolist()
        assert [(p.filename, p.file_size, p.compress_size) for p in ours.infolist()] == [
            (i.filename, i.file_size, i.compress_size) for i in theirs]
        for info in theirs:
            assert ours.read(info.filename) == z.read(info), info.filename


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_our_templates_read_the_same(template: Path) -> None:
    _same(template)


def test_a_filled_workbook_and_the_real_forms_read_the_same(tmp_path: Path) -> None:
    import json

    data = tmp_path / "seed.json"
    data.write_text(json.dumps(load_seed_2023(), ensure_ascii=False), encoding="utf-8")
    fill(data, tmp_path / "seed.xlsx", quiet=True)
    _same(tmp_path / "seed.xlsx")
    forms = sorted((ROOT / "tests" / "data" / "real_forms").glob("*.json"))
    assert len(forms) >= 25
    for form in forms:
        _same(as_workbook(load(form), tmp_path / f"{form.stem}.xlsx"))


def _rezip(src: Path, dst: Path, **kwargs: object) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", **kwargs) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info), compress_type=kwargs.get(
                "compression", zipfile.ZIP_DEFLATED))
    return dst


def _zip64_count(src: Path, dst: Path) -> Path:
    """The end record says its count of parts is in a zip64 record (0xFFFF)."""
    data = bytearray(src.read_bytes())
    at = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, at + 8, 0xFFFF, 0xFFFF)
    dst.write_bytes(bytes(data))
    return dst


def _prepended(src: Path, dst: Path) -> Path:
    dst.write_bytes(b"\0" * 64 + src.read_bytes())
    return dst


def _flag_encrypted(src: Path, dst: Path) -> Path:
    """The sheet list's directory entry says it is encrypted (the zip way, not Excel's)."""
    data = bytearray(src.read_bytes())
    at = data.find(b"PK\x01\x02")
    while data[at + 46:at + 46 + 15] != b"xl/workbook.xml":
        at = data.find(b"PK\x01\x02", at + 4)
    flags = struct.unpack_from("<H", data, at + 8)[0]
    struct.pack_into("<H", data, at + 8, flags | 1)
    dst.write_bytes(bytes(data))
    return dst


def _damaged_part(src: Path, dst: Path) -> Path:
    """One byte of the first sheet's packed data changed: bad data or a bad CRC."""
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x55
    dst.write_bytes(bytes(data))
    return dst


UNUSUAL = {"zip64-count": _zip64_count, "prepended": _prepended, "encrypted-flag": _flag_encrypted,
           "damaged-part": _damaged_part}


@pytest.mark.parametrize("kind", sorted(UNUSUAL))
def test_an_unusual_zip_is_left_to_zipfile(tmp_path: Path, kind: str) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "项目名称"
    wb.save(tmp_path / "base.xlsx")
    path = UNUSUAL[kind](tmp_path / "base.xlsx", tmp_path / f"{kind}.xlsx")
    with pytest.raises(Unusual), ZipDir(path) as z:
        for name in z.namelist():
            z.read(name)
    # the check's answer is zipfile's: the same extents, or the same refusal
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                z.read(name)
    except (zipfile.BadZipFile, RuntimeError):
        with pytest.raises(UntrustedFileError, match=r"损坏|密码"):
            check_workbook(path)
    else:
        assert check_workbook(path) == check_workbook(
            _rezip(path, tmp_path / "plain.xlsx", compression=zipfile.ZIP_DEFLATED))


def test_zip64_sizes_in_the_local_headers_read_the_same(tmp_path: Path) -> None:
    """zipfile's force_zip64 puts zip64 sizes in each part's own header only; the directory
    stays ordinary, and its sizes are the ones read."""
    shutil.copy(TEMPLATES[0], tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as zin, zipfile.ZipFile(
            tmp_path / "z64.xlsx", "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            with zout.open(info.filename, "w", force_zip64=True) as f:
                f.write(zin.read(info))
    _same(tmp_path / "z64.xlsx")


def test_stored_parts_read_the_same(tmp_path: Path) -> None:
    shutil.copy(TEMPLATES[0], tmp_path / "t.xlsx")
    _same(_rezip(tmp_path / "t.xlsx", tmp_path / "stored.xlsx", compression=zipfile.ZIP_STORED))
