"""Formulas held as trees: each prints itself as Excel text and evaluates itself in Python.

The layout builds every formula of the workbook from these nodes once (:mod:`workbook.layout`);
the builders write the printed text into the cells, and the cached values a saved workbook
carries come from evaluating the very same tree with Excel's own rules (:mod:`.lib`), so the
text and the value can never tell different stories.
"""

from .evaluate import BookContext, evaluate
from .tree import Call, Expr, F, Lit, Name, Op, Ref, Span, col_letter, parse_ref

__all__ = ["BookContext", "Call", "Expr", "F", "Lit", "Name", "Op", "Ref", "Span", "col_letter",
           "evaluate", "parse_ref"]
