"""What tests anywhere under tests/ share: the built-in example and the findings it must give
(tests/data/seed-findings.json), and the skip markers for the tests that need LibreOffice or
poppler-utils installed."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from jixiao.examples import SEED_2023
from localc.process import available

SEED = SEED_2023
DATA = Path(__file__).parent / "data"

# (project, indicator row or None, code): every finding the seed must produce, and no other.
KNOWN_FINDINGS = frozenset(
    (f["项目"], f["指标行"], f["代码"])
    for f in json.loads((DATA / "seed-findings.json").read_text(encoding="utf-8"))["findings"])

LO_PACKAGES = ("libreoffice-calc python3-uno libreoffice-script-provider-python fonts-noto-cjk "
               "fonts-crosextra-carlito poppler-utils")
needs_lo = pytest.mark.skipif(
    not available(),
    reason=f"LibreOffice is not installed (apt-get install --no-install-recommends {LO_PACKAGES})",
)
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="pdftoppm and pdftotext (poppler-utils) are needed to look at a printed page",
)


def _calibri_metrics() -> bool:
    """Whether LibreOffice finds Calibri's metrics (Carlito): column widths are counted in the
    digits of the workbook's Calibri, so without it every column prints wider than in Excel."""
    try:
        found = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True,
                               timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "Carlito" in found or "Calibri" in found


needs_carlito = pytest.mark.skipif(
    not _calibri_metrics(),
    reason="LibreOffice prints columns as Excel does only with Calibri's metrics "
           "(apt-get install fonts-crosextra-carlito)",
)
