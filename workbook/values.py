"""What every formula cell of a filled workbook shows, evaluated from the layout's own formulas.

openpyxl writes formulas without their results, so a file it saves shows nothing in WPS,
viewers, `openpyxl(data_only=True)` or calamine until Excel recalculates it. Here the very
formula trees the builder wrote (:mod:`workbook.layout`) are evaluated with Excel's rules
(:mod:`workbook.formula`) over the cells fill types, `JX_` calls going to the worksheet
functions — so the cached value of a cell is, by construction, what its formula computes.
:mod:`workbook.cached` writes it beside the formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pyfuncs.engine import Form, Profile

from . import layout as L
from .cells import Formula
from .fill import form_cells
from .formula import BookContext, Call, Expr, col_letter, evaluate, parse_ref
from .formula.inputs import expr_inputs, inputs
from .formula.values import error_of, to_bool

Values = dict[str, object]
Key = tuple[int, int]


def _excel(v: object) -> object:
    """A typed value as the cell holds it: numbers as floats, blank text as blank."""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, str) and not v.strip():
        return None
    return v


def _key(address: str) -> Key:
    r = parse_ref(address)
    return r.row, r.col


@lru_cache(maxsize=8)
def _project_formulas(profile: Profile) -> dict[Key, Expr]:
    return L.project_spec(profile).formulas()


@lru_cache(maxsize=64)
def _sheet_formulas(spec: L.SheetSpec) -> dict[Key, Expr]:
    return spec.formulas()


@lru_cache(maxsize=8)
def _project_constants(profile: Profile) -> dict[Key, object]:
    return {_key(a): _excel(v) for a, v in L.project_spec(profile).constants().items()}


@lru_cache(maxsize=8)
def _project_inputs(profile: Profile) -> dict[Key, frozenset[Key] | None]:
    return inputs(_project_formulas(profile))


@lru_cache(maxsize=8)
def _untouched(profile: Profile) -> tuple[dict[Key, object], dict[Key, object]]:
    """What an untouched project sheet holds, and what each of its formulas shows."""
    typed = typed_cells(Form(), profile)
    return typed, _lone_sheet_values(typed, profile, {})


def _lone_sheet_values(typed: dict[Key, object], profile: Profile,
                       settled: dict[Key, object]) -> dict[Key, object]:
    """Every formula cell's value on a project sheet evaluated on its own (no 目录 or 汇总)."""
    ctx = BookContext({_SHEET: _project_formulas(profile)}, {_SHEET: typed},
                      {L.PROFILE_NAME: profile.source}, {_SHEET: settled})
    return ctx.sheet_values(_SHEET)


@lru_cache(maxsize=8)
def _guarded(profile: Profile) -> dict[Key, frozenset[Key]]:
    """The formula cells that are `IF(condition, yes, no)`, each with the inputs of its
    condition and of the branch an untouched sheet takes: while those are as untouched, the
    condition and that branch — so the cell — show what they show there, whatever the other
    branch reads (the guard of an unused row's =JX_GROUP over the labels above it)."""
    formulas, cells = _project_formulas(profile), _project_inputs(profile)
    typed, shown = _untouched(profile)
    ctx = BookContext({_SHEET: formulas}, {_SHEET: typed}, {L.PROFILE_NAME: profile.source},
                      {_SHEET: shown})
    out = {}
    for key, expr in formulas.items():
        if not (isinstance(expr, Call) and expr.fn == "IF" and len(expr.args) in (2, 3)):
            continue
        condition = expr_inputs(expr.args[0], cells, formulas)
        taken = to_bool(evaluate(expr.args[0], ctx, _SHEET))
        if condition is None or error_of(taken):
            continue
        branch = expr.args[1] if taken else expr.args[2] if len(expr.args) == 3 else None
        used = frozenset() if branch is None else expr_inputs(branch, cells, formulas)
        if used is not None:
            out[key] = condition | used
    return out


_SHEET = "项目"


def settled_cells(typed: dict[Key, object], profile: Profile) -> dict[Key, object]:
    """The formula cells of a project sheet holding `typed` whose inputs are all as on an
    untouched sheet (or, for an IF, those of its condition and the branch taken there), with
    the value they show there: no need to evaluate them again."""
    blank, shown = _untouched(profile)
    missing = object()
    changed = set()
    for k in typed.keys() | blank.keys():       # 1.0 and TRUE are not the same input
        a, b = typed.get(k, missing), blank.get(k, missing)
        if a.__class__ is not b.__class__ or a != b:
            changed.add(k)
    guarded = _guarded(profile)
    out = {}
    for k, deps in _project_inputs(profile).items():
        if k in typed or k not in shown:
            continue
        guard = guarded.get(k)
        if (deps is not None and deps.isdisjoint(changed)) or (
                guard is not None and guard.isdisjoint(changed)):
            out[k] = shown[k]
    return out


def typed_cells(form: Form, profile: Profile) -> dict[Key, object]:
    """What a project sheet holds outside its formulas once `form` is typed in."""
    return sheet_cells(form_cells(form), profile)


def sheet_cells(typed: dict[str, object], profile: Profile) -> dict[Key, object]:
    """What a project sheet holds outside its formulas: the layout's labels and defaults, then
    what was typed (address → value; a value typed over a formula replaces it)."""
    cells = dict(_project_constants(profile))
    cells.update({_key(a): _excel(v) for a, v in typed.items()})
    return cells


def _addresses(values: dict[Key, object]) -> Values:
    return {f"{col_letter(c)}{r}": v for (r, c), v in values.items()}


def _line_formulas(cells: dict[str, object]) -> dict[Key, Expr]:
    return {_key(a): v.expr for a, v in cells.items() if isinstance(v, Formula) and v.expr}


def workbook_values(refs: Sequence[L.ProjectRef], forms: Sequence[Form],
                    profile: Profile) -> dict[str, Values]:
    """Sheet name → (cell → value) for every formula cell of a filled workbook."""
    return book_values(refs, [typed_cells(f, profile) for f in forms], profile)


def book_values(refs: Sequence[L.ProjectRef], sheets: Sequence[dict[Key, object]],
                profile: Profile) -> dict[str, Values]:
    """Like :func:`workbook_values`, from what each project sheet holds (:func:`sheet_cells`)."""
    refs = list(refs)
    formulas: dict[str, dict[Key, Expr]] = {}
    typed: dict[str, dict[Key, object]] = {}
    settled: dict[str, dict[Key, object]] = {}
    for ref, cells in zip(refs, sheets, strict=True):
        formulas[ref.sheet] = _project_formulas(profile)
        typed[ref.sheet] = cells
        settled[ref.sheet] = settled_cells(cells, profile)
    lines = L.line_cells(refs, room=len(refs))    # no formulas past the last
    formulas[L.INDEX_SHEET] = {**_sheet_formulas(L.index_spec(len(refs))),
                               **_line_formulas(lines[L.INDEX_SHEET])}
    formulas[L.SUMMARY_SHEET] = {**_sheet_formulas(L.summary_spec()),
                                 **_line_formulas(lines[L.SUMMARY_SHEET])}
    ctx = BookContext(formulas, typed, {L.PROFILE_NAME: profile.source}, settled)
    out = {sheet: _addresses(ctx.sheet_values(sheet)) for sheet in formulas}
    out[L.BLANK_SHEET] = blank_sheet_values(profile)
    return out


def project_values(form: Form, profile: Profile) -> Values:
    """The value of every formula cell of a project sheet holding `form`."""
    typed = typed_cells(form, profile)
    return _addresses(_lone_sheet_values(typed, profile, settled_cells(typed, profile)))


@lru_cache(maxsize=8)
def blank_sheet_values(profile: Profile) -> Values:
    """The values of an untouched project sheet (the same for every workbook of a profile)."""
    return _addresses(_untouched(profile)[1])


__all__ = ["blank_sheet_values", "book_values", "project_values", "sheet_cells", "typed_cells",
           "workbook_values"]
