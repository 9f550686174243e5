"""A picture of a filled project page, as LibreOffice prints it: `python -m localc.render [out.png]`.

The seed project 数字化诊断监理招标专项工作经费 is typed into the template as a clerk would, saved
without cached values, recalculated and printed to PDF by LibreOffice with the JX_ functions live
(:mod:`localc.jobs`), and the first page becomes the PNG shown in the README.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from pyfuncs.engine import Form
from workbook.fill import Filler, save

from .jobs import edit_and_recalculate
from .png import pdf_to_png
from .process import LibreOfficeError

ROOT = Path(__file__).resolve().parents[1]
SEED_PROJECT = "数字化诊断监理招标专项工作经费"
DEFAULT_OUT = ROOT / "docs" / "form-page.png"
# the command line's built-in example, read as a file: localc stands below the command line
SEED = ROOT / "jixiao" / "examples" / "seed-2023.json"
DPI = 110  # an A4 portrait page of about 910 × 1290 pixels: the form's 8-point print stays readable


def only_sheet(wb: Workbook, sheet: str) -> Workbook:
    """Leave `sheet` as the one visible sheet of `wb`, so that only it is printed.

    The other visible sheets are removed: LibreOffice 7.4 prints a hidden sheet too when it has
    a print area. The hidden sheets stay (选项 holds the 评分配置 the formulas name; they have no
    print area and are not printed).
    """
    for ws in list(wb.worksheets):
        if ws.title != sheet and ws.sheet_state == "visible":
            wb.remove(ws)
    wb.active = wb.sheetnames.index(sheet)
    wb[sheet].sheet_view.tabSelected = True
    return wb


def seed_form(name: str = SEED_PROJECT) -> tuple[Form, str]:
    """A project of the built-in example and its 单位."""
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    rec = next(r for r in seed["项目"] if r["项目名称"] == name)
    return Form.from_record(rec), seed["单位"]


def render_page(form: Form, out: Path, *, unit: str = "", dpi: int = DPI) -> Path:
    """Print `form`'s project sheet with LibreOffice and save its first page as a PNG.

    Args:
        form: the form to type into the template.
        out: the PNG to write (its folder is created).
        unit: the 单位 of the workbook.
        dpi: resolution of the picture.

    Returns:
        `out`.

    Raises:
        localc.process.LibreOfficeError: LibreOffice or pdftoppm is missing or failed.
    """
    wb, refs = Filler(unit=unit).fill([form])
    only_sheet(wb, refs[0].sheet)
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="jx-render-") as tmp:
        book = save(wb, Path(tmp) / "page.xlsx")        # formulas only: LibreOffice computes
        pdf = edit_and_recalculate(book, Path(tmp) / "page.pdf")
        first = pdf_to_png(pdf, Path(tmp) / "png", dpi=dpi)[0]
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(first, out)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m localc.render [out.png]` (default docs/form-page.png)."""
    args = list(sys.argv[1:] if argv is None else argv)
    out = Path(args[0]) if args else DEFAULT_OUT
    form, unit = seed_form()
    try:
        render_page(form, out, unit=unit)
    except LibreOfficeError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"已生成 {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
