"""services/extent: a sheet measured as the reader will place its cells.

Each sheet below writes its cells in a way the format allows but Excel never uses: whitespace
other than a space after `<c`, lower-case or zero-padded addresses, rows and cells without an
address after one with it, empty tags carrying an address, a namespace prefix. Each is kept
small enough to open safely, and our measure must give exactly the block python-calamine
allocates for it — in the quick check too — so that the same trick placed at XFD1048576 is
refused before the reader can abort the process. The giant forms are audited in a separate
process, which must finish with the refusal, not die.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from services.extent import SMALL
from services.untrusted import UntrustedFileError, check_workbook
from tests.hostile.corpus import rewrite_part

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
ODD = {     # what is added to the sheet's data; the last row and column calamine gives it
    "newline-after-c": (b'<row r="5"><c\nr="C5" t="inlineStr"><is><t>x</t></is></c></row>', 5, 3),
    "tab-after-c": (b'<row r="5"><c\tr="C5"><v>1</v></c></row>', 5, 3),
    "lower-case": (b'<row r="6"><c r="d6"><v>1</v></c></row>', 6, 4),
    "zero-padded": (b'<row r="7"><c r="E0007"><v>1</v></c></row>', 7, 5),
    "empty-far-cell": (b'<row r="8"><c r="Q80" s="0"/></row>', 1, 1),
    "cell-after-addressed": (b'<row r="120"><c r="A1"><v>1</v></c><c><v>2</v></c></row>',
                             120, 2),
    "rows-after-addressed": (b'<row r="300"></row><row><c><v>1</v></c></row>', 301, 1),
    "empty-row-tag": (b'<row r="300"></row><row r="2"/><row><c><v>1</v></c></row>', 3, 1),
    "empty-cell-tag": (b'<row r="3"><c r="Z3"></c><c r="A3"/><c><v>1</v></c></row>', 3, 2),
    "letters-in-row": (b'<row r="B40"><c><v>1</v></c></row>', 40, 1),
    "prefixed": (f'<row r="9"><x:c xmlns:x="{MAIN}" r="F9"><x:v>1</x:v></x:c></row>'.encode(),
                 9, 6),
    "attribute-order": (b'<row r="11"><c s="0" r="G11"><v>1</v></c></row>', 11, 7),
}


def _odd(tmp_path: Path, name: str, extra: bytes) -> Path:
    wb = Workbook()
    wb.active.title = "表1"
    wb.active["A1"] = "项目名称"
    wb.save(tmp_path / "base.xlsx")
    return rewrite_part(tmp_path / "base.xlsx", tmp_path / f"{name}.xlsx", SHEET,
                        lambda x: x.replace(b"</sheetData>", extra + b"</sheetData>"))


@pytest.mark.parametrize("name", sorted(ODD))
def test_our_measure_is_the_block_calamine_allocates(tmp_path: Path, name: str) -> None:
    extra, rows, columns = ODD[name]
    path = _odd(tmp_path, name, extra)
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("表1")
    assert (sheet.end[0] + 1, sheet.end[1] + 1) == (rows, columns)       # the fact we mirror
    exact = check_workbook(path)["表1"]
    assert (exact.rows, exact.columns) == (rows, columns)
    quick = check_workbook(path, exact=False)["表1"]
    assert quick == exact or (quick == SMALL and rows <= SMALL.rows and columns <= SMALL.columns)


FAR = {     # each trick reaching row 1,048,576 or column XFD
    "newline-after-c": b'<row r="1048576"><c\nr="C1048576"><v>1</v></c></row>',
    "tab-after-c": b'<row r="5"><c\tr="XFD5"><v>1</v></c></row>',
    "lower-case": b'<row r="6"><c r="xfd1048576"><v>1</v></c></row>',
    "zero-padded": b'<row r="7"><c r="E01048576"><v>1</v></c></row>',
    "cell-after-addressed": b'<row r="1048576"><c r="A1"><v>1</v></c><c><v>2</v></c></row>',
    "rows-after-addressed": b'<row r="1048000"></row><row><c><v>1</v></c></row>',
    "empty-row-tag": b'<row r="2"/><row r="1048000"/><row><c><v>1</v></c></row>',
    "empty-cell-tag": b'<row r="3"><c r="A3"></c><c r="XFD3"/><c><v>1</v></c></row>',
    "letters-in-row": b'<row r="B1048576"><c><v>1</v></c></row>',
    "prefixed": f'<row r="9"><x:c xmlns:x="{MAIN}" r="XFD9"><x:v>1</x:v></x:c></row>'.encode(),
    "attribute-order": b'<row r="11"><c s="0" r="G1048576"><v>1</v></c></row>',
    "address-twice": b'<row r="12"><c r="A12" r="XFD1048576"><v>1</v></c></row>',
    "address-twice-spaced": b'<row r="12"><c r="A12" r = "XFD1048576"><v>1</v></c></row>',
    "quoted-bracket": b'<row r="12"><c r="A12" s=">" r="XFD1048576"><v>1</v></c></row>',
}


@pytest.mark.parametrize("name", sorted(FAR))
def test_the_same_trick_far_away_is_refused(tmp_path: Path, name: str) -> None:
    path = _odd(tmp_path, name, FAR[name])
    for exact in (True, False):
        with pytest.raises(UntrustedFileError, match=r"拒绝打开|已损坏"):
            check_workbook(path, exact=exact)


@pytest.mark.parametrize("ref", ["AAAA1", "A00000000001", "1", "A"])
def test_an_address_the_reader_would_misread_is_refused(tmp_path: Path, ref: str) -> None:
    path = _odd(tmp_path, "bad", f'<row r="2"><c r="{ref}"><v>1</v></c></row>'.encode())
    for exact in (True, False):
        with pytest.raises(UntrustedFileError, match="单元格地址"):
            check_workbook(path, exact=exact)


@pytest.mark.parametrize("name", ["newline-after-c", "lower-case", "rows-after-addressed"])
def test_the_audit_of_a_far_trick_ends_with_the_refusal(tmp_path: Path, name: str) -> None:
    """Before this check mirrored the reader, these aborted the audit (a Rust allocation
    failure, exit 134) — so it runs in its own process."""
    path = _odd(tmp_path, name, FAR[name])
    done = subprocess.run([sys.executable, "-m", "jixiao", "audit", str(path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode in (0, 1, 2), done.stderr[-500:]
    assert "拒绝打开" in done.stdout + done.stderr


def _random_sheet(rng: random.Random) -> bytes:
    """Rows and cells written every way the format allows and then some: addresses or none,
    either case, zero-padded, empty tags, whitespace after the tag name, prefixes, a second
    address, attributes before the address."""
    out = []
    for _ in range(rng.randint(1, 6)):
        row_attr = rng.choice(["", f' r="{rng.randint(1, 60)}"', f' r="B{rng.randint(1, 60)}"'])
        cells = []
        for _ in range(rng.randint(0, 5)):
            col = "".join(rng.choice("ABCXYZabz") for _ in range(rng.randint(1, 2)))
            ref = f"{col}{rng.choice(['', '0', '00'])}{rng.randint(1, 80)}"
            attrs = rng.choice(["", f' r="{ref}"', f' s="0" r="{ref}"', f' r="{ref}" s="0"',
                                f' r="{ref}" r="A1"', f"\nr='{ref}'", f'\tr="{ref}" t="n"'])
            name = rng.choice(["c", "c", "c", "x:c"])
            value = rng.choice(["<v>1</v>", "", "<is><t>x</t></is>"])
            if name == "x:c":
                value = value.replace("<v>", "<x:v>").replace("</v>", "</x:v>")
            cells.append(f"<{name}{attrs}/>" if not value and rng.random() < 0.5
                         else f"<{name}{attrs}>{value}</{name}>")
        out.append(f"<row{row_attr}>{''.join(cells)}</row>" if cells or rng.random() < 0.5
                   else f"<row{row_attr}/>")
    return "".join(out).encode()


def test_on_random_sheets_our_measure_never_falls_short_of_the_reader(tmp_path: Path) -> None:
    """Two hundred random sheets (fixed seed): wherever the check passes a sheet, the block
    python-calamine allocates for it lies inside the measure, quick or exact."""
    rng = random.Random(20261130)
    wb = Workbook()
    wb.active.title = "表1"
    wb.active["A1"] = "项目名称"
    wb.save(tmp_path / "base.xlsx")
    checked = 0
    for k in range(200):
        body = _random_sheet(rng).replace(b"x:c", f'x:c xmlns:x="{MAIN}"'.encode(), 1) \
            if rng.random() < 0.5 else _random_sheet(rng)
        path = rewrite_part(tmp_path / "base.xlsx", tmp_path / f"r{k}.xlsx", SHEET,
                            lambda x, body=body: re.sub(rb"<sheetData>.*</sheetData>|<sheetData/>",
                                                        b"<sheetData>" + body + b"</sheetData>",
                                                        x, flags=re.S))
        try:
            measures = [check_workbook(path, exact=e)["表1"] for e in (True, False)]
        except UntrustedFileError:
            continue                    # refused: never read
        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("表1")
        except Exception:               # the reader rejects it: nothing allocated
            continue
        if sheet.height == 0:
            continue
        rows, columns = sheet.end[0] + 1, sheet.end[1] + 1
        for m in measures:
            assert m.rows >= rows and m.columns >= columns, (body, m, (rows, columns))
        checked += 1
    assert checked >= 50                # enough of them were read to mean something


def test_the_quick_search_means_what_its_plain_form_says() -> None:
    """The quick search is written with possessive repeats (cheaper); on 20,000 random cell
    tags it finds exactly what the same pattern without them finds."""
    from services.extent import _NOT_SMALL

    plain = re.compile(_NOT_SMALL.pattern.replace(b"}+", b"}").replace(b"?+", b"?"))
    assert plain.pattern != _NOT_SMALL.pattern
    rng = random.Random(7)
    bits = [b"<c", b" ", b"\t", b'r="', b"A", b"Z", b"a", b"1", b"0", b"9", b'"', b" s=", b" t=",
            b' r="', b"inlineStr", b"/", b">", b"x"]
    for _ in range(20_000):
        tag = b"<c" + b"".join(rng.choice(bits) for _ in range(rng.randint(1, 12)))
        assert (plain.search(tag) is None) == (_NOT_SMALL.search(tag) is None), tag
