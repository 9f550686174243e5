"""What tests anywhere under tests/ share: the built-in example, and the skip markers for the
tests that need LibreOffice or poppler-utils installed."""

import shutil

import pytest

from jixiao.examples import SEED_2023
from localc.process import available

SEED = SEED_2023

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
