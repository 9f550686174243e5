"""How a workbook for xlwings Lite spells our worksheet functions in its saved formulas.

In a cell, xlwings Lite names a custom function after its Python function, upper-cased and with
no prefix (`=JX_SCORE(…)`, as a clerk types it). In the file, Excel saves a call to an add-in's
(Office.js) custom function as `_xldudf_` + that name, and on opening binds only that spelling
to the add-in; a bare `JX_SCORE(…)` in the file stays an unknown name until the formula is
entered again. So the Lite variant of a workbook is the same workbook with every JX_ call
respelled at saving time (:func:`lite_formula`): the formulas themselves are the layout's.
"""

from __future__ import annotations

from functools import lru_cache

from openpyxl.formula.tokenizer import Token, Tokenizer

from pyfuncs.worksheet import __all__ as JX_FUNCTIONS

LITE_PREFIX = "_xldudf_"


def _is_call(token: Token) -> bool:
    return token.type == Token.FUNC and token.subtype == Token.OPEN


@lru_cache(maxsize=8192)
def lite_formula(formula: str) -> str:
    """`formula` (`=…`) with each call of a JX_ function spelled `_xldudf_JX_…(`; the rest,
    string literals included, unchanged."""
    if "JX_" not in formula.upper():
        return formula
    tokens = Tokenizer(formula).items
    for token in tokens:
        if _is_call(token) and token.value[:-1].upper() in JX_FUNCTIONS:
            token.value = LITE_PREFIX + token.value
    return "=" + "".join(t.value for t in tokens)


def called_functions(formula: str) -> list[str]:
    """The names of the functions a formula calls, as spelled in it, in order."""
    return [t.value[:-1] for t in Tokenizer(formula).items if _is_call(t)]


__all__ = ["LITE_PREFIX", "called_functions", "lite_formula"]
