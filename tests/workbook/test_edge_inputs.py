"""Edge inputs typed straight into project sheets (tests/data/edge-inputs.json): every formula
cell shows the same in our evaluation of the layout's formula trees, in the `formulas` engine and
in LibreOffice — errors included — and the values-only copy shows exactly those values."""

from __future__ import annotations

import json
import math
from pathlib import Path

import openpyxl
import pytest
from tests_support import needs_lo

from localc.jobs import Job, run_jobs
from pyfuncs.xlerror import ERRORS
from workbook.build import new_workbook, project_refs
from workbook.cached import save_workbook
from workbook.cells import set_value
from workbook.fill import save
from workbook.values import book_values, sheet_cells

formulas = pytest.importorskip("formulas")
from formulas_recalc.formulas_model import FormulasWorkbook  # noqa: E402

EDGE = json.loads((Path(__file__).parents[1] / "data" / "edge-inputs.json")
                  .read_text(encoding="utf-8"))["sheets"]


@pytest.fixture(scope="module")
def edge(tmp_path_factory, profile):
    """The edge workbook saved with formulas only, and our values for its formula cells."""
    folder = tmp_path_factory.mktemp("edge")
    refs = project_refs(list(EDGE))
    wb = new_workbook(refs, profile)
    for sheet, cells in EDGE.items():
        for ref, value in cells.items():
            set_value(wb[sheet][ref], value)
    plain = save(wb, folder / "edge.xlsx")
    ours = book_values(refs, [sheet_cells(c, profile) for c in EDGE.values()], profile)
    return folder, wb, plain, ours


def same(ours: object, theirs: object) -> bool:
    if isinstance(ours, bool) or isinstance(theirs, bool):
        return ours == theirs
    if isinstance(ours, int | float) and isinstance(theirs, int | float):
        return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-9)
    return ours == theirs or (ours in ("", None) and theirs in ("", None))


def flat(values: dict[str, dict[str, object]]) -> dict[tuple[str, str], object]:
    return {(s, r): v for s, cells in values.items() for r, v in cells.items()}


def test_the_edge_cases_show_what_excel_shows(edge) -> None:
    """Not a vacuous agreement: text in 分值 makes its 得分 #VALUE!, which SUM passes on to 总分
    and 等级 (where a Python SUM that skips errors would have said 21 and 差)."""
    _, _, _, ours = edge
    text = ours["文字分值"]
    assert text["H13"] == "#VALUE!" and text["H88"] == "#VALUE!" and text["I88"] == "#VALUE!"
    assert text["G88"] == 20          # SUM passes over the texts 五分 and 10分: 10 + 10
    assert ours["预算为零"]["G6"] == "#DIV/0!"
    assert ours["错误值"]["C6"] == ""     # COUNT passes over an error typed into an amount…
    assert ours["错误值"]["J6"] == "#DIV/0!"   # …which the form check then answers with
    assert ours["只填合计行"]["G6"] == pytest.approx(27.97 / 34)
    assert "25" in ours["不适用"]["J13"]             # 不适用 with weight is flagged
    assert all(ours["满表"][f"H{r}"] not in ("", None) for r in range(13, 88))


def test_the_formulas_engine_agrees_on_every_formula_cell(edge) -> None:
    _, _, plain, ours = edge
    engine = FormulasWorkbook(plain).calculate_all()
    expected = flat(ours)
    # the engine lists the error values typed into input cells among its results
    typed_errors = {(s, r) for s, cells in EDGE.items() for r, v in cells.items() if v in ERRORS}
    assert set(engine) - set(expected) == typed_errors
    assert set(expected) <= set(engine)
    engine = {k: engine[k] for k in expected}
    wrong = {k: (expected[k], engine[k]) for k in engine if not same(expected[k], engine[k])}
    assert not wrong, list(wrong.items())[:5]


@needs_lo
def test_libreoffice_agrees_on_every_formula_cell(edge) -> None:
    folder, _, plain, ours = edge
    job = Job(plain, folder / "lo" / "edge.xlsx")
    run_jobs([job], timeout=300)
    theirs = openpyxl.load_workbook(job.dst, data_only=True)
    expected = flat(ours)
    shown = {k: theirs[k[0]][k[1]].value for k in expected}
    # LibreOffice does not call a Basic function — the bridge to our JX_ functions — when an
    # argument holds an error value; it shows an error of its own choosing instead of the one
    # Excel's call would return. So where both show an error, the kind may differ…
    both_errors = {k for k, v in expected.items() if v in ERRORS and shown[k] in ERRORS}
    wrong = {k: (v, shown[k]) for k, v in expected.items()
             if k not in both_errors and not same(v, shown[k])}
    # …and where Excel calls the form check with an error inside its table (a 得分 showing
    # #VALUE!), LibreOffice shows an error instead of the check's message, and 汇总's count of
    # that sheet's messages becomes an error too. (The row check gets its 得分 through IFERROR,
    # so it shows its message in both.)
    lo_only = {("文字分值", "J6"), ("汇总", "I3"), ("汇总", "J3")}
    assert set(wrong) == lo_only, list(wrong.items())[:5]
    assert all(shown[k] in ERRORS for k in lo_only)
    assert len(both_errors) >= 10


def test_the_values_only_copy_shows_the_values(edge) -> None:
    folder, wb, _, ours = edge
    path = save_workbook(wb, folder / "定稿.xlsx", ours, values_only=True)
    copy = openpyxl.load_workbook(path)
    shown = {(s, r): copy[s][r].value for s, r in flat(ours) if s in copy.sheetnames}
    assert all(copy[s][r].data_type != "f" for s, r in shown)
    wrong = {k: (flat(ours)[k], v) for k, v in shown.items() if not same(flat(ours)[k], v)}
    assert not wrong, list(wrong.items())[:5]
