"""The VBA project every workbook carries: xlwings' own modules plus `xlwings_udfs`, written on
Linux by workbook.vbaproject and read back by two other readers — oletools, and LibreOffice with
its VBA import on — so a clerk needs no Import Functions and no Trust Center change."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import olefile
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream
from tests_support import needs_lo

from pyfuncs.vba import BAS_PATH, VBA_MODULE
from services.filled import write_forms
from workbook.build import TEMPLATE_PATH, VBA_PART, vba_project, xlwings_vba_source
from workbook.fill import Filler
from workbook.vbaproject import add_module, module_sources
from workbook.vbaproject.cfb import write_compound
from workbook.vbaproject.compression import compress, decompress
from workbook.vbaproject.project import VbaProjectError

FUNCTIONS = re.findall(r"^Function (JX_\w+)\(", BAS_PATH.read_text("ascii"), re.M)


def olevba_modules(path_or_bytes: Path | bytes) -> dict[str, str]:
    """Module name → source text, as oletools' olevba reads them."""
    if isinstance(path_or_bytes, bytes):
        parser = VBA_Parser("vbaProject.bin", data=path_or_bytes)
    else:
        parser = VBA_Parser(str(path_or_bytes))
    try:
        return {name.rsplit(".", 1)[0]: code
                for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def xlwings_own() -> bytes:
    with zipfile.ZipFile(xlwings_vba_source()) as z:
        return z.read(VBA_PART)


# --- compression: ours against oletools' ------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=9000),
                 st.text(alphabet="Dim x As Long\r\n()=.,'\"JX_", max_size=12000).map(str.encode)))
def test_compression_round_trips_through_oletools(data: bytes) -> None:
    packed = compress(data)
    assert decompress(packed) == data
    assert bytes(decompress_stream(bytearray(packed))) == data


def test_our_decompression_reads_excels_streams() -> None:
    with olefile.OleFileIO(io.BytesIO(xlwings_own())) as ole:
        packed = ole.openstream("VBA/dir").read()
    assert decompress(packed) == bytes(decompress_stream(bytearray(packed)))


def test_text_compresses() -> None:
    source = BAS_PATH.read_bytes()
    assert len(compress(source)) < len(source) / 3


# --- the compound file ------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(st.dictionaries(
    st.tuples(st.sampled_from(["", "VBA", "A", "STORAGE2"]),        # no letter in common:
              st.text(alphabet="xyz_019", min_size=1, max_size=31)),  # no stream is a storage
    st.binary(max_size=6000) | st.integers(4090, 20000).map(lambda n: bytes(range(256)) * (n // 256)),
    max_size=12))
def test_compound_files_read_back_with_olefile(streams: dict) -> None:
    paths = {(s, n) if s else (n,): d for (s, n), d in streams.items()}
    with olefile.OleFileIO(io.BytesIO(write_compound(paths))) as ole:
        assert {tuple(p): ole.openstream(p).read() for p in ole.listdir()} == paths


def _check_red_black(ole: olefile.OleFileIO) -> None:
    """Each storage's children: a binary search tree in [MS-CFB] order, no red node with a red
    child, the same number of black nodes on every path."""
    entries = ole.direntries

    def walk(sid: int) -> tuple[int, list[tuple[int, str]]]:
        if sid == olefile.NOSTREAM:
            return 1, []
        e = entries[sid]
        for child in (e.sid_left, e.sid_right):
            if child != olefile.NOSTREAM:
                assert not (e.color == 0 and entries[child].color == 0), e.name
        lh, left = walk(e.sid_left)
        rh, right = walk(e.sid_right)
        assert lh == rh, e.name
        return lh + e.color, [*left, (len(e.name), e.name.upper()), *right]

    for e in entries:
        if e is not None and e.entry_type in (olefile.STGTY_STORAGE, olefile.STGTY_ROOT):
            _, keys = walk(e.sid_child)
            assert keys == sorted(keys) and len(set(keys)) == len(keys)


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 40])
def test_sibling_trees_are_red_black(count: int) -> None:
    streams = {("S", f"n{i:0{i % 3 + 1}d}"): b"x" for i in range(count)}
    with olefile.OleFileIO(io.BytesIO(write_compound(streams))) as ole:
        _check_red_black(ole)


# --- the project ------------------------------------------------------------------------------

def test_the_project_is_xlwings_own_plus_the_functions() -> None:
    """Read by oletools: every module of xlwings' project unchanged, and xlwings_udfs exactly
    the text xlwings' Import Functions generates (pyfuncs/xlwings_udfs.bas, drift-tested)."""
    ours, theirs = olevba_modules(vba_project()), olevba_modules(xlwings_own())
    assert list(ours) == [*theirs, VBA_MODULE]
    assert {m: ours[m] for m in theirs} == theirs
    assert ours[VBA_MODULE] == BAS_PATH.read_bytes().decode("ascii")
    assert module_sources(vba_project()) == ours
    with olefile.OleFileIO(io.BytesIO(vba_project())) as ole:
        _check_red_black(ole)
        project = ole.openstream("PROJECT").read().decode("cp1252")
        names = ole.openstream("PROJECTwm").read()
        mine = ole.openstream(["VBA", VBA_MODULE]).read()
    assert f"\r\nModule={VBA_MODULE}\r\n" in project
    assert VBA_MODULE.encode() + b"\0" + VBA_MODULE.encode("utf-16-le") + b"\0\0\0\0" in names
    assert decompress(mine) == BAS_PATH.read_bytes()          # the source alone, at offset 0


def test_the_template_and_filled_workbooks_carry_it(tmp_path, seed_forms) -> None:
    filled = write_forms(Filler(), seed_forms[:2], tmp_path / "filled.xlsm")
    final = write_forms(Filler(), seed_forms[:1], tmp_path / "final.xlsx", values_only=True)
    for book in (TEMPLATE_PATH, filled):
        with zipfile.ZipFile(book) as z:
            assert z.read(VBA_PART) == vba_project(), book
        assert FUNCTIONS and all(f"Function {fn}(" in olevba_modules(book)[VBA_MODULE]
                                 for fn in FUNCTIONS)
    with zipfile.ZipFile(final) as z:
        assert VBA_PART not in z.namelist()


def test_adding_refuses_what_it_cannot_do() -> None:
    with pytest.raises(VbaProjectError):
        add_module(vba_project(), VBA_MODULE, "x")
    with pytest.raises(VbaProjectError):
        add_module(xlwings_own(), "bad name", "x")
    with pytest.raises(VbaProjectError):
        add_module(b"not a compound file", "ok", "x")


@needs_lo
def test_libreoffice_finds_the_module_and_its_functions(tmp_path) -> None:
    """LibreOffice with VBA import on (load and run) turns the project into the document's
    Basic library VBAProject: xlwings_udfs is there with its source, and the document's script
    provider resolves each JX_ function in it (and no made-up one)."""
    python = shutil.which("python3", path="/usr/bin") or "python3"
    out = subprocess.run(
        [python, str(Path(__file__).with_name("lo_basic_libraries.py")), str(TEMPLATE_PATH),
         VBA_MODULE, *FUNCTIONS, "JX_NO_SUCH"],
        capture_output=True, text=True, timeout=180, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout)
    modules = seen["libraries"]["VBAProject"]
    assert set(olevba_modules(vba_project())) <= set(modules)
    for fn in FUNCTIONS:
        assert re.search(rf"^Function {fn}\(", modules[VBA_MODULE], re.M), fn
    assert seen["scripts"] == {**dict.fromkeys(FUNCTIONS, True), "JX_NO_SUCH": False}
