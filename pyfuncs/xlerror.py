"""Excel error values (`#VALUE!`, `#DIV/0!`…) returned by the worksheet functions as values.

A worksheet function never raises: where Excel itself would show an error, ours returns an
:class:`XlError`. It is a `str` (`"#VALUE!"`), so anything that does not know it still shows the
right text; on Windows :class:`pyfuncs.udfs.ExcelErrors` hands Excel a real error value, so
`ISERROR` and `IFERROR` work on it.
"""

from __future__ import annotations


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
