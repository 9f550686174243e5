"""The first customer's forms (jixiao/examples/seed-2023.json, from shared/seed): every number in them.

The tool must reproduce the numbers that follow the rules, and flag exactly the seed's known
mistakes (docs/rules.md §5) and nothing on the rows that are right.
"""

from __future__ import annotations

import pytest
from tests_support import KNOWN_FINDINGS

from pyfuncs.engine import evaluate_form, read_number
from pyfuncs.engine.findings import fmt_percent, has_findings
from pyfuncs.udfs import JX_BAND, JX_CHECK, JX_EXEC_RATE, JX_FUND_SCORE, JX_GRADE, JX_SCORE

ROW_COUNTS = [15, 60, 16, 9, 9, 11, 16, 15, 75, 16, 9, 10, 17, 10, 16]

# (project, row index or None, code): every finding the seed must produce, and no other.
SCORE_CODES = {"SCORE_OVER_WEIGHT", "SCORE_BELOW_FORMULA", "SCORE_ABOVE_FORMULA",
               "SCORE_OUT_OF_BAND", "NA_WEIGHTED"}


def test_the_example_holds_the_seed(seed) -> None:
    assert len(seed["项目"]) == 15
    assert [len(p["指标"]) for p in seed["项目"]] == ROW_COUNTS


def test_funding_reproduced_by_the_worksheet_functions(seed) -> None:
    for p in seed["项目"]:
        budget, executed = p["资金"]["年度资金总额"][1:]
        stated = p["执行率"]
        decimals = len(stated.split(".")[1].rstrip("%")) if "." in stated else 0
        assert fmt_percent(JX_EXEC_RATE(executed, budget), decimals) == stated, p["项目名称"]
        assert JX_FUND_SCORE(executed, budget, p["资金分值"]) == p["资金得分"], p["项目名称"]


def test_known_mistakes_and_nothing_else(seed_forms, profile) -> None:
    found = set()
    for f in seed_forms:
        for x in evaluate_form(f, profile).findings:
            found.add((f.name, x.row, x.code))
    assert found == KNOWN_FINDINGS


def test_the_rows_behind_the_known_mistakes(seed_forms) -> None:
    by_name = {f.name: f for f in seed_forms}
    cost = by_name["推进工业互联网建设工作经费"].indicators[6]
    assert (cost.level2, cost.target, cost.weight, cost.score) == ("成本指标", "≤5万元", 5, 8)
    assert sum(i.weight or 0 for i in by_name["推进工业互联网建设工作经费"].indicators) == 87
    veterans = by_name["退役军人事务管理经费"].indicators
    assert sum(veterans[i].weight for i in (4, 6, 7)) == 25


def test_rule_following_rows_reproduced(seed_forms, profile) -> None:
    """Every row whose stated score follows the rules: JX_SCORE gives it (qualitative rows:
    it lies in JX_BAND's band), and JX_CHECK has nothing to say about its score."""
    mistaken = {(n, r) for n, r, c in KNOWN_FINDINGS if c in SCORE_CODES}
    checked = {"quantitative": 0, "qualitative": 0, "not_applicable": 0}
    for f in seed_forms:
        result = evaluate_form(f, profile)
        for ind, row in zip(f.indicators, result.rows, strict=True):
            if (f.name, row.index) in mistaken:
                continue
            stated, _ = read_number(ind.score)
            kind = row.scored.kind
            checked[kind] += 1
            suggested = JX_SCORE(ind.target, ind.actual, ind.weight)
            if kind == "qualitative":
                low, _, high = JX_BAND(ind.target, ind.actual, ind.weight).partition("–")
                assert float(low) <= stated <= float(high or low), (f.name, row.index)
                assert row.scored.band.contains(stated)
            else:
                assert suggested == stated, (f.name, row.index, ind.target, ind.actual)
            messages = JX_CHECK(ind.target, ind.actual, ind.weight, ind.score, ind.remark)
            assert "得分应" not in messages and "超过分值" not in messages
    assert sum(checked.values()) == sum(ROW_COUNTS) - len(mistaken) == 298
    assert checked == {"quantitative": 22, "qualitative": 262, "not_applicable": 14}


def test_mistaken_rows_are_caught_by_jx_check(seed_forms) -> None:
    by_name = {f.name: f for f in seed_forms}
    for name, row, code in KNOWN_FINDINGS:
        if row is None or code in ("GROUP_WEIGHT_MISMATCH",):
            continue
        ind = by_name[name].indicators[row]
        found = JX_CHECK(ind.target, ind.actual, ind.weight, ind.score, ind.remark)
        assert has_findings(found) and found.startswith("【"), (name, row)


@pytest.mark.parametrize("index", range(15))
def test_totals_and_grades(seed, seed_forms, profile, index) -> None:
    rec, f = seed["项目"][index], seed_forms[index]
    result = evaluate_form(f, profile)
    assert result.total == rec["总分"]
    assert result.grade == JX_GRADE(rec["总分"]) == ("良" if rec["总分"] < 90 else "优")
