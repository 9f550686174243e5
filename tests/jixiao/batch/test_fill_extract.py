"""fill → extract → fill on the seed; outputs atomic, inputs never written, no leaks."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from tests_support import DATA, SEED

from jixiao.batch.extract import extract
from jixiao.batch.fill import fill
from pyfuncs.engine import FUND_ROWS, Form, Indicator, load_profile
from services.atomic import OutputError
from services.filled import write_forms
from services.formats import DataSet, read_data, write_data
from workbook import layout as L
from workbook.fill import Filler

TYPED = DATA / "typed-by-clerks.json"


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fill") / "seed.xlsm"
    result = fill(SEED, out)
    assert (result.outputs, result.problems, result.projects) == ([out], [], 15)
    return out


def as_filled(doc: dict) -> dict:
    """A data document as the form filled from it shows it: a blank 年度资金总额 beside filled
    rows is their sum (the form's formula); nothing else changes."""
    for rec in doc["项目"]:
        amounts = rec["资金"]
        for i, total in enumerate(amounts["年度资金总额"]):
            parts = [amounts[r][i] for r in FUND_ROWS[1:] if amounts[r][i] is not None]
            if total is None and parts:
                amounts["年度资金总额"][i] = sum(parts)
    return doc


@pytest.mark.parametrize("source", [SEED, TYPED], ids=["seed", "typed-by-clerks"])
@pytest.mark.parametrize("suffix", ["json", "xlsx", "yaml"])
def test_round_trip_keeps_every_field(source, suffix, tmp_path) -> None:
    """fill → extract gives back every field of every project, and the document's 单位 and
    年度: stated figures, 备注, each 二级 as typed, 10分, 95%, blank 得分."""
    fill(source, tmp_path / "filled.xlsm")
    extract([tmp_path / "filled.xlsm"], tmp_path / f"back.{suffix}")
    original = as_filled(read_data(source).to_document())
    back = read_data(tmp_path / f"back.{suffix}")
    assert not back.problems
    assert back.to_document() == original


def test_round_trip_loses_nothing(filled, tmp_path) -> None:
    back = extract([filled], tmp_path / "back.xlsx")
    assert not back.problems and len(back.forms) == 15
    again = tmp_path / "again.xlsm"
    fill(tmp_path / "back.xlsx", again)
    first, second = openpyxl.load_workbook(filled), openpyxl.load_workbook(again)
    for name in first.sheetnames[1:16]:
        for ref in (*L.CELLS.values(), *(f"{c}{r}" for c in "BCDEFGHI"
                                         for r in range(L.FIRST_ROW, L.LAST_ROW + 1))):
            assert first[name][ref].value == second[name][ref].value, (name, ref)


def test_every_formula_carries_its_value(filled) -> None:
    values = openpyxl.load_workbook(filled, data_only=True)
    ws = values["数字化诊断监理招标专项工作经费"]
    assert (ws["H6"].value, ws["H88"].value, ws["I88"].value) == (2.03, 86.53, "良")
    assert "xl/vbaProject.bin" in zipfile.ZipFile(filled).namelist()


def test_values_only(tmp_path) -> None:
    out = tmp_path / "final.xlsx"
    fill(SEED, out, values_only=True)
    wb = openpyxl.load_workbook(out)
    assert not [c.coordinate for ws in wb for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert "xl/vbaProject.bin" not in zipfile.ZipFile(out).namelist()
    assert wb["推进工业互联网建设工作经费"]["J19"].value.startswith("【错误】得分 8 超过分值 5")
    assert not set(L.NOT_IN_FINAL_COPY) & set(wb.sheetnames)


def test_a_final_copy_leaves_the_laid_out_workbook_whole(tmp_path) -> None:
    """The filler's workbook is reused; a values-only save must not lose its sheets."""
    forms = read_data(SEED).forms[:2]
    filler = Filler(load_profile())
    write_forms(filler, forms, tmp_path / "final.xlsx", values_only=True)
    write_forms(filler, forms, tmp_path / "live.xlsm")
    final = openpyxl.load_workbook(tmp_path / "final.xlsx").sheetnames
    live = openpyxl.load_workbook(tmp_path / "live.xlsm").sheetnames
    assert live == [*final[:4], L.BLANK_SHEET, L.LISTS_SHEET, L.CONF_SHEET]
    assert final[4:] == [L.LISTS_SHEET]


def test_split_one_workbook_per_project(tmp_path) -> None:
    result = fill(SEED, split=tmp_path / "split", jobs=2)
    assert result.projects == 15 and len(result.outputs) == 15
    names = sorted(p.name for p in (tmp_path / "split").iterdir())
    assert "数字化诊断监理招标专项工作经费.xlsx" in names and len(names) == 15
    wb = openpyxl.load_workbook(tmp_path / "split" / "数字化诊断监理招标专项工作经费.xlsx",
                                data_only=True)
    assert wb.sheetnames[1] == "数字化诊断监理招标专项工作经费"
    assert wb.worksheets[1]["H88"].value == 86.53


def test_nothing_leaks_from_one_form_to_the_next(tmp_path) -> None:
    big = Form(name="甲", year=2023, goal="甲的目标", indicators=[
        Indicator("产出指标 (50 分)", "数量指标", f"指标{i}", "≥10 次", "12", 2, 1.5, "原因")
        for i in range(20)])
    small = Form(name="乙", indicators=[Indicator("产出指标 (50 分)", "数量指标", "x", "≥1 次", "1", 5)])
    data = tmp_path / "two.json"
    write_data(DataSet([big, small]), data)
    fill(data, split=tmp_path / "out", jobs=1)
    ws = openpyxl.load_workbook(tmp_path / "out" / "乙.xlsx").worksheets[1]
    assert ws["B11"].value is None and ws["A2"].value is None
    assert ws["H13"].value == L.score_formula(L.FIRST_ROW).formula()
    assert all(ws[f"{c}14"].value is None for c in "BCDEFGI")
    assert ws["H14"].value == L.score_formula(L.FIRST_ROW + 1).formula()


def test_an_input_is_never_written(tmp_path) -> None:
    data = tmp_path / "data.xlsx"
    write_data(read_data(SEED), data)
    before = data.read_bytes()
    with pytest.raises(OutputError, match="就是输入文件"):
        fill(data, data)
    with pytest.raises(OutputError, match="就是输入文件"):
        extract([data], data)
    assert data.read_bytes() == before


def test_an_output_that_cannot_be_written(tmp_path) -> None:
    with pytest.raises(OutputError, match=r"文件夹 .* 不存在"):
        fill(SEED, tmp_path / "no-such-folder" / "out.xlsm")
    folder = tmp_path / "a-folder.xlsm"          # a folder where the file should go
    folder.mkdir()
    (folder / "keep.txt").write_text("earlier work", encoding="utf-8")
    with pytest.raises(OutputError, match="无法写入"):
        fill(SEED, folder)
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "earlier work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.xlsm"]


def test_a_failed_write_leaves_the_earlier_file(tmp_path, monkeypatch) -> None:
    out = tmp_path / "out.xlsm"
    out.write_bytes(b"earlier work")
    import workbook.cached

    def broken(*args, **kwargs):
        raise OSError("磁盘已满")
    monkeypatch.setattr(workbook.cached.Workbook, "save", broken)
    with pytest.raises(OSError, match="磁盘已满"):
        fill(SEED, out)
    assert out.read_bytes() == b"earlier work"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsm"]      # no temporary left


def test_a_project_with_errors_is_skipped(tmp_path) -> None:
    data = read_data(SEED).to_document()
    data["项目"][2]["资金"]["本年财政拨款"][1] = "四十"
    path = tmp_path / "bad.json"
    import json
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = fill(path, tmp_path / "out.xlsx")
    assert result.projects == 14
    (problem,) = result.problems
    assert "第 3 个项目" in str(problem) and "“四十”不是数字" in str(problem)
