"""The built-in example holds the seed's forms with every number as printed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SEED_TEXT = ROOT.parent / "shared" / "seed" / "000_05fa6c65047645a4.txt"
ROW_COUNTS = [15, 60, 16, 9, 9, 11, 16, 15, 75, 16, 9, 10, 17, 10, 16]
NUMBER = r"(\d+(?:\.\d+)?)"


def test_counts_weights_and_scores(seed) -> None:
    projects = seed["项目"]
    assert [len(p["指标"]) for p in projects] == ROW_COUNTS
    for p in projects:
        weights = sum(r["分值"] or 0 for r in p["指标"])
        scores = sum(r["得分"] or 0 for r in p["指标"])
        expected = 87 if p["项目名称"] == "推进工业互联网建设工作经费" else 90
        assert weights == expected, p["项目名称"]
        assert round(p["资金得分"] + scores, 2) == p["总分"], p["项目名称"]


@pytest.mark.skipif(not SEED_TEXT.is_file(), reason="shared/seed is not beside this checkout")
def test_funding_and_totals_as_printed(seed) -> None:
    text = SEED_TEXT.read_text(encoding="utf-8")
    funding = re.findall(r"年度资金总额:\s+" + r"\s+".join([NUMBER] * 4) + r"\s+(\S+%)\s+" + NUMBER,
                         text)
    totals = re.findall(r"^总分\s+100\s+(\S+)", text, flags=re.M)
    names = re.findall(r"^项目名称\s+(\S+)", text, flags=re.M)
    projects = seed["项目"]
    assert len(funding) == len(totals) == len(names) == len(projects) == 15
    for p, f, total, name in zip(projects, funding, totals, names, strict=True):
        assert p["项目名称"] == name
        initial, budget, executed, weight, rate, score = f
        assert p["资金"]["年度资金总额"] == [float(initial), float(budget), float(executed)]
        assert (p["资金分值"], p["执行率"], p["资金得分"]) == (float(weight), rate, float(score))
        assert p["总分文本"] == total and p["总分"] == float(total)
