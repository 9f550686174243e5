"""A finding placed on its cell (Located): one record for every list of problems."""

from __future__ import annotations

import pickle

import pytest

from pyfuncs.engine import ERROR, INFO, WARNING, Indicator, evaluate_row, load_profile
from pyfuncs.engine.findings import (
    SEVERITY_LABELS,
    Finding,
    Located,
    make,
    make_later,
    tally,
    tally_text,
)
from pyfuncs.engine.record import FrozenInstanceError, asdict


def test_a_finding_placed_on_its_cell() -> None:
    finding = make("SCORE_OVER_WEIGHT", "得分", row=6, score=8, weight=5)
    placed = finding.at(file="表.xlsm", sheet="项目甲", project="项目甲", cell="H19")
    assert placed == Located("表.xlsm", "项目甲", "项目甲", "H19", "SCORE_OVER_WEIGHT", ERROR,
                             finding.message)
    assert placed.severity_label == SEVERITY_LABELS[ERROR] == "错误"
    assert str(placed) == f"【错误】表.xlsm 工作表“项目甲” H19：{finding.message}"
    assert list(asdict(placed)) == ["file", "sheet", "project", "cell", "code", "severity",
                                    "message"]


def test_where_names_only_the_parts_there_are() -> None:
    bare = Located("", "", "", "", "X", WARNING, "说明。")
    assert bare.where == "" and str(bare) == "【警告】说明。"
    assert Located("a.json", "", "p", "第 2 个项目 分值", "INPUT", INFO, "m").where == \
        "a.json 第 2 个项目 分值"


def test_tally_names_every_severity() -> None:
    row = evaluate_row(0, Indicator("产出指标", "", "x", "≤5万元", "5", 5, 8, ""), load_profile())
    counts = tally(row.findings)
    assert counts == {ERROR: 1, WARNING: 0, INFO: 0}
    assert tally_text(counts, "条") == "错误 1 条，警告 0 条，提示 0 条"
    assert tally_text({}, "处") == "错误 0 处，警告 0 处，提示 0 处"


def test_a_finding_made_now_or_later_is_the_same_record() -> None:
    """make_later writes the message when it is read: the finding compares, hashes, prints,
    pickles and stays frozen as one made with its message."""
    calls = []

    def values() -> dict[str, object]:
        calls.append(1)
        return {"score": "4", "weight": "5"}

    later = make_later("REASON_MISSING", "偏差原因", values, row=2)
    assert calls == []                      # nothing written until read
    now = make("REASON_MISSING", "偏差原因", row=2, score="4", weight="5")
    eager = Finding(now.code, now.severity, now.message, now.field, now.row)
    assert later == now == eager and hash(later) == hash(eager)
    assert repr(later) == repr(eager) and calls == [1]
    assert later.message == eager.message and calls == [1]   # written once
    assert pickle.loads(pickle.dumps(make_later("REASON_MISSING", "偏差原因", values))) == \
        make("REASON_MISSING", "偏差原因", score="4", weight="5")
    with pytest.raises(FrozenInstanceError):
        later.code = "X"  # type: ignore[misc]
