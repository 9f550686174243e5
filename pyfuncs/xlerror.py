"""Excel error values (`#VALUE!`, `#DIV/0!`…) returned by the worksheet functions as values.

A worksheet function never raises: where Excel itself would show an error, ours returns an
:class:`XlError`. It is a `str` (`"#VALUE!"`), so anything that does not know it still shows the
right text; on Windows :class:`ExcelErrors` hands Excel a real error value, so `ISERROR` and
`IFERROR` work on it.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw


class XlError(str):
    """An Excel error value. `code` is Excel's CVErr number (2015 for #VALUE!)."""

    code: int

    def __new__(cls, text: str, code: int) -> XlError:
        obj = super().__new__(cls, text)
        obj.code = code
        return obj

    def __repr__(self) -> str:
        return f"XlError({str(self)!r})"


NULL = XlError("#NULL!", 2000)
DIV0 = XlError("#DIV/0!", 2007)
VALUE = XlError("#VALUE!", 2015)
REF = XlError("#REF!", 2023)
NAME = XlError("#NAME?", 2029)
NUM = XlError("#NUM!", 2036)
NA = XlError("#N/A", 2042)
ERRORS = {e: e for e in (NULL, DIV0, VALUE, REF, NAME, NUM, NA)}


def is_error(value: object) -> bool:
    """True for our error values and for an error Excel passed in as its text (`#N/A`)."""
    return isinstance(value, str) and value in ERRORS


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
