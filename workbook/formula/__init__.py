"""Formulas held as trees: each prints itself as Excel text and evaluates itself in Python.

The layout builds every formula of the workbook from these nodes once (:mod:`workbook.layout`);
the builders write the printed text into the cells, and the cached values a saved workbook
carries come from evaluating the very same tree with Excel's own rules (:mod:`.lib`), so the
text and the value can never tell different stories. The evaluator (and the worksheet
functions it calls) is imported on first use: reading a form needs only the trees.
"""

from typing import Any

from .tree import Call, Expr, F, Lit, Name, Op, Ref, Span, col_letter, parse_ref

__all__ = ["BookContext", "Call", "Expr", "F", "Lit", "Name", "Op", "Ref", "Span", "col_letter",
           "evaluate", "parse_ref"]


def __getattr__(name: str) -> Any:
    if name in ("BookContext", "evaluate"):
        import importlib

        module = importlib.import_module(".evaluate", __name__)
        # the import bound the submodule to `evaluate` here: the function takes its place
        globals().update(BookContext=module.BookContext, evaluate=module.evaluate)
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
