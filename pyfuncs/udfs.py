"""The worksheet functions as Excel sees them, through xlwings.

Every `JX_` function of :mod:`pyfuncs.worksheet` is registered here with xlwings' decorators:
its arguments arrive with Excel errors as their text, ranges as 2-D lists, and its error
values go back to Excel as real errors. This is the module named under `UDF Modules` in the
workbook's `xlwings.conf` sheet and in the `xlwings_udfs` VBA module; only what talks to
Excel imports it, since xlwings (and numpy with it) take a quarter of a second to load.

On Linux and in tests the decorators are inert, so these are the plain Python functions.
"""

from __future__ import annotations

import inspect
from typing import Any

import xlwings as xw

from . import worksheet
from .xlerror import XlError


def _to_com(value: Any) -> Any:
    """Our error values as COM error variants (Windows only); everything else unchanged."""
    if isinstance(value, XlError):
        import pythoncom  # type: ignore[import-not-found]  # Windows only
        from win32com.client import VARIANT  # type: ignore[import-not-found]

        return VARIANT(pythoncom.VT_ERROR, -2146828288 + value.code)
    if isinstance(value, list):
        return [_to_com(v) for v in value]
    return value


class ExcelErrors(xw.conversion.Converter):
    """xlwings return converter: turns :class:`XlError` into Excel's own error values.

    Used where xlwings runs the function for Excel: on Windows (COM) an error must be a COM
    error variant; through Office.js (xlwings Lite, xlwings Server — their options carry the
    Office.js `runtime`) xlwings itself turns an error's text into Excel's error, so the
    `XlError` passes as it is. Elsewhere the decorators are inert and callers get the `XlError`.
    """

    @staticmethod
    def write_value(value: Any, options: dict[str, Any]) -> Any:
        return value if "runtime" in options else _to_com(value)


def _for_excel(fn: Any) -> Any:
    """`fn` with xlwings' decorators: every argument may carry an Excel error (as text); the
    arguments the function names in `ranges` take a whole range."""
    wrapped = fn
    for name in inspect.signature(fn).parameters:
        options: dict[str, Any] = {"err_to_str": True}
        if name in fn.ranges:
            options["ndim"] = 2
        wrapped = xw.arg(name, **options)(wrapped)
    wrapped = xw.ret(ExcelErrors)(wrapped)
    return xw.func(category="绩效自评")(wrapped)


JX_BAND = _for_excel(worksheet.JX_BAND)
JX_CHECK = _for_excel(worksheet.JX_CHECK)
JX_EXEC_RATE = _for_excel(worksheet.JX_EXEC_RATE)
JX_FORM_CHECK = _for_excel(worksheet.JX_FORM_CHECK)
JX_FUND_SCORE = _for_excel(worksheet.JX_FUND_SCORE)
JX_GRADE = _for_excel(worksheet.JX_GRADE)
JX_GROUP = _for_excel(worksheet.JX_GROUP)
JX_PARSE = _for_excel(worksheet.JX_PARSE)
JX_SCORE = _for_excel(worksheet.JX_SCORE)
JX_SCORES = _for_excel(worksheet.JX_SCORES)

__all__ = worksheet.__all__
