"""Pictures of PDF pages (pdftoppm, from poppler-utils): the last step from a workbook printed by
LibreOffice to an image in the documentation."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .process import LibreOfficeError


def pdf_to_png(pdf: Path, out_dir: Path, dpi: int = 60) -> list[Path]:
    """Render each page of a PDF to PNG with pdftoppm (poppler-utils).

    Args:
        pdf: the PDF file.
        out_dir: folder for the images (created if needed); same-named files are replaced.
        dpi: resolution; 60 is enough to look at a page.

    Returns:
        The images in page order, named `<pdf stem>-<page>.png`.

    Raises:
        LibreOfficeError: pdftoppm is missing, failed or took over 120 seconds.
    """
    pdf, out_dir = Path(pdf), Path(out_dir)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise LibreOfficeError("没有找到 pdftoppm；请安装 poppler-utils")
    with tempfile.TemporaryDirectory(prefix="jx-png-") as tmp:
        cmd = [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(Path(tmp) / pdf.stem)]
        try:
            subprocess.run(cmd, check=True, capture_output=True, timeout=120)
        except subprocess.TimeoutExpired as exc:
            raise LibreOfficeError(f"pdftoppm 在 120 秒内没有完成：{pdf.name}") from exc
        except subprocess.CalledProcessError as exc:
            said = exc.stderr.decode(errors="replace").strip()
            raise LibreOfficeError(f"pdftoppm 无法转换 {pdf.name}：{said}") from exc
        pages = sorted(Path(tmp).glob("*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        out_dir.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.move(p, out_dir / f"{pdf.stem}-{i}.png"))
                for i, p in enumerate(pages, 1)]
