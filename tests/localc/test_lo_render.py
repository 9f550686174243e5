"""The README's picture: the seed project typed into the template, printed by LibreOffice, its
first page a PNG (`python -m localc.render`)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from tests_support import needs_lo, needs_poppler

from localc.render import DPI, SEED_PROJECT, main, only_sheet, seed_form
from workbook.fill import Filler


def test_only_the_project_sheet_is_left_to_print() -> None:
    form, unit = seed_form()
    assert form.name == SEED_PROJECT and unit
    wb, refs = Filler(unit=unit).fill([form])
    only_sheet(wb, refs[0].sheet)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == [SEED_PROJECT] and wb.active.title == SEED_PROJECT


@needs_lo
@needs_poppler
def test_the_picture_of_a_filled_page(tmp_path: Path, capsys) -> None:
    out = tmp_path / "图" / "form-page.png"
    assert main([str(out)]) == 0
    assert capsys.readouterr().out.strip() == f"已生成 {out}"
    png = out.read_bytes()
    assert png.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", png[16:24])
    # an A4 portrait page at DPI (pdftoppm rounds up), as the project sheet prints
    assert width == pytest.approx(210 / 25.4 * DPI, abs=2)
    assert height == pytest.approx(297 / 25.4 * DPI, abs=2)
