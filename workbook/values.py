"""What every formula cell of a filled workbook shows, computed in Python with the engine.

openpyxl writes formulas without their results, so a file it saves shows nothing in WPS,
viewers, `openpyxl(data_only=True)` or calamine until Excel recalculates it. We compute each
formula cell's value here — by calling the same JX_ worksheet functions the formulas call, on
the same cells, and doing the SUMs the formulas do — and write it beside the formula
(:mod:`workbook.cached`). A test recalculates the same workbook in a real spreadsheet engine
and requires every value to agree, so this twin of the formulas in
:mod:`workbook.project_sheet`, :mod:`workbook.index_sheet` and :mod:`workbook.summary_sheet`
cannot drift from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pyfuncs import udfs
from pyfuncs.engine import FUND_ROWS, Form, Profile
from pyfuncs.xlerror import VALUE, is_error

from . import layout as L
from .fill import form_cells

Values = dict[str, object]
FIRST, LAST, TOTAL = L.FIRST_ROW, L.LAST_ROW, L.TOTAL_ROW


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _excel(v: object) -> object:
    """A typed value as Excel hands it to a worksheet function (numbers as floats)."""
    if _is_number(v):
        return float(v)  # type: ignore[arg-type]
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _sum(values: Sequence[object]) -> float:
    """SUM: numbers only, text and blanks ignored."""
    return float(sum(v for v in values if _is_number(v)))  # type: ignore[misc]


def project_values(form: Form, profile: Profile) -> Values:
    """The value of every formula cell of a project sheet holding `form`.

    Args:
        form: the form typed into the sheet (an empty Form for an untouched sheet).
        profile: the profile the sheet was built with.
    """
    typed: Values = {L.CELLS["资金.分值"]: profile.funding_weight}
    typed.update({ref: _excel(v) for ref, v in form_cells(form).items()})
    out: Values = {}

    def get(ref: str) -> object:
        return out[ref] if ref in out else typed.get(ref)

    name = profile.source
    parts = [L.FUND_ROW_OF[r] for r in FUND_ROWS[1:]]
    total_row = L.FUND_ROW_OF["年度资金总额"]
    for col in L.FUND_COLUMN_OF.values():
        cells = [get(f"{col}{r}") for r in parts]
        out[f"{col}{total_row}"] = _sum(cells) if any(_is_number(v) for v in cells) else ""
    executed = get(L.CELLS["资金.年度资金总额.全年执行数"])
    budget = get(L.CELLS[f"资金.年度资金总额.{profile.denominator}"])
    out[L.CELLS["资金.执行率"]] = udfs.JX_EXEC_RATE(executed, budget, name)
    out[L.CELLS["资金.得分"]] = udfs.JX_FUND_SCORE(executed, budget, get(L.CELLS["资金.分值"]), name)

    group = L.GROUP_COLUMN
    used = {r for r in range(FIRST, LAST + 1)
            if any(typed.get(f"{c}{r}") not in (None, "") for c in "BCDEFGHI")}
    for r in range(FIRST, LAST + 1):
        if r not in used:      # an unused row: every JX_ function there answers ""
            out[f"H{r}"] = out[f"{L.CHECK_COLUMN}{r}"] = out[f"{L.BAND_COLUMN}{r}"] = ""
            out[f"{L.PARSE_COLUMN}{r}"] = ""
            out[f"{group}{r}"] = out[f"{group}{r - 1}"] if r > FIRST else ""
            continue
        if f"H{r}" not in typed:
            out[f"H{r}"] = udfs.JX_SCORE(get(f"E{r}"), get(f"F{r}"), get(f"G{r}"), name)
        e, f, g, h, i = (get(f"{c}{r}") for c in "EFGHI")
        out[f"{L.CHECK_COLUMN}{r}"] = udfs.JX_CHECK(e, f, g, h, i, name)
        out[f"{L.BAND_COLUMN}{r}"] = udfs.JX_BAND(e, f, g, name)
        out[f"{L.PARSE_COLUMN}{r}"] = udfs.JX_PARSE(e, name)
        labels = [get(f"B{k}") for k in range(FIRST, r + 1)]
        out[f"{group}{r}"] = udfs.JX_GROUP(labels, name)

    weights = [get(f"G{r}") for r in range(FIRST, LAST + 1)]
    scores = [get(f"H{r}") for r in range(FIRST, LAST + 1)]
    groups = [out[f"{group}{r}"] for r in range(FIRST, LAST + 1)]
    _, weight_col, score_col = L.SUBTOTAL_COLUMNS
    for k, g in enumerate(profile.groups):
        r = L.SUBTOTAL_FIRST_ROW + k
        out[f"{weight_col}{r}"] = _sum([w for w, m in zip(weights, groups, strict=True) if m == g.name])
        out[f"{score_col}{r}"] = _sum([s for s, m in zip(scores, groups, strict=True) if m == g.name])

    fund_score = out[L.CELLS["资金.得分"]]
    fund_weight = get(L.CELLS["资金.分值"])
    out[L.CELLS["总分.分值"]] = _plus(fund_weight, _sum(weights))
    total = fund_score + _sum(scores) if _is_number(fund_score) else ""
    out[L.CELLS["总分.得分"]] = total
    out[L.CELLS["等级"]] = udfs.JX_GRADE(total, name)

    block = [[get(f"{c}{r}") for c in "CDEF"] for r in range(total_row, parts[-1] + 1)]
    table = [[get(f"{c}{r}") for c in "BCDEFGHI"] for r in range(FIRST, LAST + 1)]
    out[L.FORM_CHECK_CELL] = udfs.JX_FORM_CHECK(block, table, total, name)
    return out


def _plus(a: object, b: float) -> object:
    """`a + b` as Excel does it: a blank counts as 0, text makes #VALUE!."""
    if a is None:
        return b
    if _is_number(a):
        return float(a) + b  # type: ignore[arg-type]
    return VALUE if not is_error(a) else a


def _iferror(v: object) -> object:
    return "" if is_error(v) else v


def index_values(refs: Sequence[L.ProjectRef], sheets: dict[str, Values],
                 names: dict[str, str]) -> Values:
    """The formula cells of 目录, from each project sheet's values."""
    cols, c = L.INDEX_COLUMNS, L.CELLS
    out: Values = {}
    for k, ref in enumerate(refs):
        r, v = L.INDEX_FIRST_ROW + k, sheets[ref.sheet]
        out[f"{cols['项目名称']}{r}"] = names[ref.sheet]
        out[f"{cols['执行率']}{r}"] = _iferror(v[c["资金.执行率"]])
        out[f"{cols['总分']}{r}"] = _iferror(v[c["总分.得分"]])
        out[f"{cols['等级']}{r}"] = _iferror(v[c["等级"]])
    return out


def _count(v: Values, label: str) -> float:
    cells = [v.get(L.FORM_CHECK_CELL)] + [v.get(f"{L.CHECK_COLUMN}{r}")
                                          for r in range(FIRST, LAST + 1)]
    mark = f"【{label}】"
    return float(sum(str(x).count(mark) for x in cells if isinstance(x, str)))


def summary_values(refs: Sequence[L.ProjectRef], sheets: dict[str, Values],
                   names: dict[str, str], profile: Profile) -> Values:
    """The formula cells of 汇总, from each project sheet's values."""
    cols, c = L.SUMMARY_COLUMNS, L.CELLS
    out: Values = {}
    for k, ref in enumerate(refs):
        r, v = L.SUMMARY_FIRST_ROW + k, sheets[ref.sheet]
        out.update({
            f"{cols['项目名称']}{r}": names[ref.sheet],
            f"{cols['全年预算数']}{r}": v[c["资金.年度资金总额.全年预算数"]],
            f"{cols['全年执行数']}{r}": v[c["资金.年度资金总额.全年执行数"]],
            f"{cols['执行率']}{r}": _iferror(v[c["资金.执行率"]]),
            f"{cols['资金得分']}{r}": _iferror(v[c["资金.得分"]]),
            f"{cols['总分']}{r}": _iferror(v[c["总分.得分"]]),
            f"{cols['等级']}{r}": _iferror(v[c["等级"]]),
            f"{cols['错误']}{r}": _count(v, "错误"),
            f"{cols['警告']}{r}": _count(v, "警告"),
        })
    r, first, last = L.SUMMARY_TOTAL_ROW, L.SUMMARY_FIRST_ROW, L.SUMMARY_TOTAL_ROW - 1
    for key in ("全年预算数", "全年执行数", "错误", "警告"):
        out[f"{cols[key]}{r}"] = _sum([out.get(f"{cols[key]}{x}") for x in range(first, last + 1)])
    budget, executed = out[f"{cols['全年预算数']}{r}"], out[f"{cols['全年执行数']}{r}"]
    out[f"{cols['执行率']}{r}"] = _iferror(udfs.JX_EXEC_RATE(executed, budget, profile.source))
    return out


@lru_cache(maxsize=8)
def blank_sheet_values(profile: Profile) -> Values:
    """The values of an untouched project sheet (the same for every workbook of a profile)."""
    return project_values(Form(), profile)


def workbook_values(refs: Sequence[L.ProjectRef], forms: Sequence[Form],
                    profile: Profile) -> dict[str, Values]:
    """Sheet name → (cell → value) for every formula cell of a filled workbook."""
    sheets = {ref.sheet: project_values(form, profile)
              for ref, form in zip(refs, forms, strict=True)}
    names = {ref.sheet: form.name for ref, form in zip(refs, forms, strict=True)}
    return {
        **sheets,
        L.INDEX_SHEET: index_values(refs, sheets, names),
        L.SUMMARY_SHEET: summary_values(refs, sheets, names, profile),
        L.BLANK_SHEET: blank_sheet_values(profile),
    }


__all__ = ["index_values", "project_values", "summary_values", "workbook_values"]
