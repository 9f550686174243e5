"""What tests anywhere under tests/ share: the built-in example and the findings it must give
(tests/data/seed-findings.json), and the skip markers for the tests that need LibreOffice or
poppler-utils installed."""

import json
import shutil
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
               "poppler-utils")
needs_lo = pytest.mark.skipif(
    not available(),
    reason=f"LibreOffice is not installed (apt-get install --no-install-recommends {LO_PACKAGES})",
)
needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="pdftoppm and pdftotext (poppler-utils) are needed to look at a printed page",
)
