"""The scoring engine: pure Python, no Excel.

Where each rule lives:

- `text`, `units`, `timing`, `parse` — reading what clerks type (numbers, units, dates and
  deadlines, directions, tiers).
- `funding` — 执行率 and the funding score.
- `indicator` — one indicator row's score, band and checks.
- `form` — a whole form: group and total weights, 总分, stated totals.
- `grade` — 等级 and the cap of the total by 执行率.
- `findings` — the catalogue of what a reviewer checks, and findings placed on a cell.
- `describe` — what a typed target or actual was understood as, in plain Chinese.
- `errors` — the base of every error whose message is for the clerk.
- `profile` — the settings that differ between provinces and years.
- `model` — the form as data.
"""

from .describe import describe
from .errors import JixiaoError
from .findings import CATALOGUE, ERROR, INFO, WARNING, Finding, Located
from .form import FormResult, RowResult, evaluate_form, evaluate_row, group_label, split_label
from .funding import FundingResult, evaluate_funding, execution_rate, funding_score
from .grade import cap_total, grade
from .indicator import Band, RowScore, check_row, score_row
from .model import FUND_COLUMNS, FUND_ROWS, INDICATOR_FIELDS, Form, Funding, Indicator
from .parse import Actual, Target, parse_actual, parse_target
from .profile import DEFAULT_PROFILE, Profile, ProfileError, builtin_names, load_profile
from .rounding import round_half_up
from .units import Quantity, read_number

__all__ = [
    "CATALOGUE",
    "DEFAULT_PROFILE",
    "ERROR",
    "FUND_COLUMNS",
    "FUND_ROWS",
    "INDICATOR_FIELDS",
    "INFO",
    "WARNING",
    "Actual",
    "Band",
    "Finding",
    "Form",
    "FormResult",
    "Funding",
    "FundingResult",
    "Indicator",
    "JixiaoError",
    "Located",
    "Profile",
    "ProfileError",
    "Quantity",
    "RowResult",
    "RowScore",
    "Target",
    "builtin_names",
    "cap_total",
    "check_row",
    "describe",
    "evaluate_form",
    "evaluate_funding",
    "evaluate_row",
    "execution_rate",
    "funding_score",
    "grade",
    "group_label",
    "load_profile",
    "parse_actual",
    "parse_target",
    "read_number",
    "round_half_up",
    "score_row",
    "split_label",
]
