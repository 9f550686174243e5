"""Skipping the formulas whose inputs did not change gives exactly the values a full evaluation
gives: on every seed project, on each edge input, and on a sheet with a circle in it."""

from __future__ import annotations

import json
from pathlib import Path

from pyfuncs.engine import Form, load_profile, split_label
from workbook import layout as L
from workbook.formula import BookContext, F, parse_ref
from workbook.formula.inputs import inputs
from workbook.values import _project_formulas, settled_cells, sheet_cells, typed_cells

EDGE = json.loads((Path(__file__).parents[2] / "data" / "edge-inputs.json").read_text("utf-8"))[
    "sheets"]


def full(typed: dict, profile) -> dict:
    ctx = BookContext({"s": _project_formulas(profile)}, {"s": typed}, {"评分配置": profile.source})
    return ctx.sheet_values("s")


def skipping(typed: dict, profile) -> dict:
    ctx = BookContext({"s": _project_formulas(profile)}, {"s": typed}, {"评分配置": profile.source},
                      {"s": settled_cells(typed, profile)})
    return ctx.sheet_values("s")


def exactly(values: dict) -> dict:
    """Values with their types: 1.0 is not TRUE, 0.0 not -0.0."""
    return {k: (type(v), repr(v)) for k, v in values.items()}


def test_settled_cells_show_what_evaluating_them_shows(seed_forms) -> None:
    profile = load_profile()
    sheets = [typed_cells(f, profile) for f in [*seed_forms, Form()]]
    sheets += [sheet_cells(cells, profile) for cells in EDGE.values()]
    skipped = 0
    for typed in sheets:
        assert exactly(skipping(typed, profile)) == exactly(full(typed, profile))
        skipped += len(settled_cells(typed, profile))
    assert skipped > 200 * len(sheets)      # most of a short form's rows need no evaluation


def test_a_guarded_cell_settles_while_its_guard_and_branch_are_untouched(seed_forms) -> None:
    """The =JX_GROUP of an unused row reads the labels above it, which the form changed; its
    guard (nothing typed on the row) reads only its row: it shows "" as on an untouched sheet
    — until something is typed on that row."""
    profile = load_profile()
    typed = typed_cells(seed_forms[0], profile)
    last = L.ROOM - 1
    group = parse_ref(f"{L.GROUP_COLUMN}{L.FIRST_ROW + last}")
    key = (group.row, group.col)
    assert not inputs(_project_formulas(profile))[key].isdisjoint(typed)
    assert settled_cells(typed, profile)[key] == ""
    at = parse_ref(L.indicator_cell("三级", last))
    typed[(at.row, at.col)] = "新指标"
    assert key not in settled_cells(typed, profile)
    assert exactly(skipping(typed, profile)) == exactly(full(typed, profile))
    last_label = [i.level1 for i in seed_forms[0].indicators if i.level1.strip()][-1]
    assert full(typed, profile)[key] == split_label(last_label)[0]     # carried down to it


def test_a_cell_typed_over_a_formula_unsettles_what_reads_it(seed_forms) -> None:
    profile = load_profile()
    typed = typed_cells(seed_forms[0], profile)
    total = parse_ref(L.CELLS["总分.得分"])
    before = settled_cells(typed, profile)
    typed[(total.row - 1, total.col)] = 3.0         # a 得分 typed on the last table row
    after = settled_cells(typed, profile)
    assert (total.row - 1, total.col) not in after
    assert (total.row, total.col) not in after and (total.row, total.col) not in before
    assert skipping(typed, profile) == full(typed, profile)


def test_other_sheets_and_circles_are_always_evaluated() -> None:
    a, b, c = parse_ref("A1"), parse_ref("B1"), parse_ref("C1")
    found = inputs({(1, 1): b + 1, (1, 2): a + 1, (1, 3): F.SUM(parse_ref("A2").on("x")),
                    (1, 4): c + parse_ref("E1")})
    assert found[(1, 1)] is None and found[(1, 2)] is None and found[(1, 3)] is None
    assert found[(1, 4)] is None
    assert inputs({(1, 1): F.SUM(parse_ref("A2").to(parse_ref("B3")))})[(1, 1)] == {
        (2, 1), (2, 2), (3, 1), (3, 2)}
