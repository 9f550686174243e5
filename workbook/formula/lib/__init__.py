"""Excel's built-in functions and operators, by subject, as the template's formulas use them.

Each module maps Excel names to Python functions that take already-evaluated values; IF and
IFERROR are evaluated lazily by :mod:`workbook.formula.evaluate`.
"""

from . import info, logical, lookup, math, operators, text

BUILTINS = {**info.FUNCTIONS, **logical.FUNCTIONS, **lookup.FUNCTIONS, **math.FUNCTIONS,
            **text.FUNCTIONS}
OPERATORS = operators.OPERATORS

__all__ = ["BUILTINS", "OPERATORS"]
