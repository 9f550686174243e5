"""Number cells of a form (amounts, 分值, 得分, stated totals) read into numbers, or into the
finding that says why not: text that is not a number, or a number beyond what a form holds."""

from __future__ import annotations

from .findings import Finding, make
from .units import OUT_OF_RANGE, check_number


def read_cell(value: object, field: str, not_a_number: str, *, label: str,
              row: int | None = None, severities: dict[str, str] | None = None,
              **values: object) -> tuple[float | None, Finding | None]:
    """Read one number cell.

    Args:
        value: the cell as typed.
        field: the logical field, put on the finding.
        not_a_number: the code of the finding for a value that is not a number; its message
            receives `value` (the cell as typed) and `values`.
        label: what the cell is (`分值`, `年度资金总额的全年预算数`), for the message about a
            number out of range.
        row: the indicator row, when the cell is in one.
        severities: the profile's severity overrides.

    Returns:
        (number, None) — the number is None for a blank cell — or (None, the finding).
    """
    number, problem = check_number(value)
    if problem is None:
        return number, None
    code = "NUMBER_OUT_OF_RANGE" if problem == OUT_OF_RANGE else not_a_number
    return None, make(code, field, row=row, severities=severities, value=str(value),
                      label=label, **values)
