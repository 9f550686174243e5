"""No cell address or column letter is written anywhere in the product's code but in the layout
package: a reader finds where a cell is in one place, and moving the form's table one column
is one edit. Read from the source text (tokenize), so a docstring may still show an example."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("pyfuncs", "workbook", "macros", "jixiao", "services", "localc", "lite")
LAYOUT = ROOT / "workbook" / "layout"
ADDRESS = re.compile(r"(?<![A-Za-z0-9_\-#])\$?[A-Z]{1,3}\$?[1-9][0-9]{0,6}(?![A-Za-z0-9_])")
COLUMNS = re.compile(r"^[A-Z]{1,2}$|^(?:ABC|BCD|CDE|DEF|EFG|FGH|GHI)[A-Z]*$")
_QUOTE = re.compile(r"^[rbuRBUfF]*(\"\"\"|'''|\"|')")
# Strings that look like cells but are not: (file, text) → what they are.
NOT_CELLS = {
    ("pyfuncs/engine/textcache.py", "P"): "a type variable",
    ("pyfuncs/engine/textcache.py", "R"): "a type variable",
    ("jixiao/batch/parallel.py", "T"): "a type variable",
    ("jixiao/batch/parallel.py", "R"): "a type variable",
    ("workbook/formula/__init__.py", "F"): "the name of the function-call builder in __all__",
    ("workbook/formula/evaluate.py", "IF"): "an Excel function's name",
    ("workbook/values.py", "IF"): "an Excel function's name",
    ("workbook/sheetparts.py", "A1:A1"): "openpyxl's used range of an empty sheet",
    ("workbook/formula/lib/logical.py", "OR"): "an Excel function's name",
    ("workbook/heights.py", "WF"): "East Asian width classes (wide, full-width)",
    ("workbook/styles.py", "FF595959"): "an ARGB colour",
    ("jixiao/bundle.py", "AMD64"): "64-bit Windows' platform_machine marker value",
    ("services/atomic.py", "X"): "a process state in /proc (X dead)",
    ("services/atomic.py", "Z"): "a process state in /proc (Z zombie)",
    ("jixiao/cli.py", "打开模板或填好的表后，按 Ctrl+Shift+F9 重新计算。"): "a key (hard recalculation)",
}


def _strings(path: Path):
    """Every string literal that is not a docstring, with its line."""
    previous = None
    for tok in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if tok.type == tokenize.STRING:
            docstring = previous in (None, tokenize.INDENT, tokenize.DEDENT, tokenize.NEWLINE)
            quote = _QUOTE.match(tok.string)
            if not docstring and quote:
                yield tok.start[0], tok.string[quote.end():len(tok.string) - len(quote.group(1))]
        if tok.type not in (tokenize.NL, tokenize.COMMENT):
            previous = tok.type


def test_no_cell_address_outside_the_layout() -> None:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if LAYOUT in path.parents:
                continue
            name = str(path.relative_to(ROOT))
            for line, text in _strings(path):
                looks_like_cell = ADDRESS.search(text) or COLUMNS.match(text)
                if looks_like_cell and (name, text) not in NOT_CELLS:
                    found.append(f"{name}:{line}: {text!r}")
    assert found == []


def test_the_scan_sees_addresses() -> None:
    """The scan is not blind: the layout itself is full of them."""
    hits = [t for p in LAYOUT.glob("*.py") for _, t in _strings(p)
            if ADDRESS.search(t) or COLUMNS.match(t)]
    assert len(hits) > 20
