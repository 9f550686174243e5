"""The reader of other people's forms on the corpus of published forms and on mutations of
them: every form is read, with the rows the transcriber counted; a form moved, relabelled or
given extra columns reads the same and gives the same findings at the moved cells; our own
values-only copy reads back with the findings of the live workbook."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from jixiao.batch.audit import audit
from jixiao.batch.fill import fill
from jixiao.batch.sources import find_forms
from pyfuncs.engine import evaluate_form, load_profile
from workbook import labels

sys.path.insert(0, str(Path(__file__).parents[1]))
from real_forms_support import FORMS, MUTATIONS, as_workbook, load
from tests_support import SEED

IDS = [p.stem for p in FORMS]


def _read(doc: dict, path: Path):
    found = find_forms(as_workbook(doc, path))
    assert len(found.forms) == 1, found.problems
    ff = found.forms[0]
    result = evaluate_form(ff.form, load_profile(), blank_is_suggested=ff.blank_is_suggested)
    flagged = {(f.code, ff.cell_of(f.field, f.row)) for f in ff.findings(result)}
    return ff, flagged


@pytest.mark.parametrize("path", FORMS, ids=IDS)
def test_every_published_form_is_read(path: Path, tmp_path: Path) -> None:
    doc = load(path)
    ff, _ = _read(doc, tmp_path / "form.xlsx")
    assert len(ff.form.indicators) == doc["expected"]["indicators"]
    if doc["expected"]["indicators"]:
        assert "指标" not in ff.missing
    # a column it says it could not find is named nowhere on the form
    named = {labels.families().field("table", t) for row in doc["grid"] for t in row}
    assert not {"分值", "得分"} & set(ff.missing) & named


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
@pytest.mark.parametrize("path", FORMS, ids=IDS)
def test_a_mutated_form_reads_the_same(path: Path, mutation: str, tmp_path: Path) -> None:
    doc = load(path)
    base, flagged = _read(doc, tmp_path / "base.xlsx")
    changed, cell_map = MUTATIONS[mutation](doc)
    other, flagged_other = _read(changed, tmp_path / "changed.xlsx")
    assert other.form.indicators == base.form.indicators
    assert other.form.funding == base.form.funding
    assert (other.form.name, other.form.stated_total) == (base.form.name, base.form.stated_total)
    assert set(other.missing) == set(base.missing)
    assert flagged_other == {(code, cell_map(cell)) for code, cell in flagged}


def test_labels_are_folded_to_one_spelling() -> None:
    for typed in ("年初预算数(A)", "①年初预算数", "1.年初预算数", "年初\n预算数", " 年初 预算数：",
                  "(一)年初预算数", "年初预算数（A）"):
        assert labels.key(typed) == "年初预算数", typed
    assert labels.key("其中：本年财政拨款") == "本年财政拨款"
    assert labels.key("項(xiàng)目名稱(chēng)") == "项目名称"
    assert labels.weight_in("得分 (20 分*执行率)") == 20
    assert labels.weight_in("产出指标（50分）") == 50


def test_our_template_labels_come_from_the_layout() -> None:
    fam = labels.families()
    for block, field, text in (("table", "偏差原因", "偏差原因分析及改进措施"),
                               ("fund_row", "本年财政拨款", "其中：本年财政拨款"),
                               ("header", "项目名称", "项目名称")):
        assert fam.blocks[block][field][labels.key(text)] == labels.LAYOUT
    assert {"分值合计", "得分合计", "检查结果"} <= fam.helper
    assert fam.field("table", "得分计算方法") is None and fam.field("table", "评分标准") is None


def test_every_label_variant_names_its_source() -> None:
    for block in labels.families().blocks.values():
        for variants in block.values():
            assert all(isinstance(src, str) and src.strip() for src in variants.values())


def test_our_values_only_copy_reads_back_with_the_live_findings(tmp_path: Path) -> None:
    """The values-only copy holds our helper blocks (一级指标 | 分值合计 | 得分合计, 检查结果…)
    beside the form: none of them is read as the table or as data."""
    live, final = tmp_path / "live.xlsx", tmp_path / "final.xlsx"
    fill(SEED, live)
    fill(SEED, final, values_only=True)

    def seen(path: Path) -> set[tuple[str, str, str]]:
        return {(r.project, r.cell, r.code) for r in audit([path]).rows}

    assert seen(final) == seen(live)
    assert len(seen(final)) == 11
