"""Data files in and out: every format round-trips the seed; bad input names its place."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from tests_support import SEED

from pyfuncs.engine import WARNING
from services.formats import DataSet, read_data, write_data


@pytest.mark.parametrize("suffix", [".xlsx", ".json", ".yaml"])
def test_round_trip(tmp_path, suffix) -> None:
    original = read_data(SEED)
    assert len(original.forms) == 15 and not original.problems
    path = tmp_path / f"data{suffix}"
    write_data(original, path)
    back = read_data(path)
    assert not back.problems
    assert back.forms == original.forms
    assert back.unit == "安庆市经济和信息化局本级"


def data_workbook(tmp_path: Path, edit=None) -> Path:
    path = tmp_path / "数据.xlsx"
    write_data(read_data(SEED), path)
    if edit:
        wb = openpyxl.load_workbook(path)
        edit(wb)
        wb.save(path)
    return path


def messages(data: DataSet) -> list[str]:
    return [str(p) for p in data.problems]


def test_text_in_a_number_column(tmp_path) -> None:
    def edit(wb):
        ws = wb["项目"]
        col = [c.value for c in ws[1]].index("本年财政拨款（全年预算数）") + 1
        ws.cell(5, col, "三十万")
    data = read_data(data_workbook(tmp_path, edit))
    assert len(data.forms) == 14                      # the other projects go on
    (msg,) = messages(data)
    assert "数据.xlsx 工作表“项目” 第 5 行" in msg and "“三十万”不是数字" in msg
    assert "本年财政拨款（全年预算数）" in msg


def test_text_in_an_indicator_weight(tmp_path) -> None:
    def edit(wb):
        wb["指标"]["G7"] = "八分"
    data = read_data(data_workbook(tmp_path, edit))
    (msg,) = messages(data)
    assert "工作表“指标” 第 7 行 G 列（分值）" in msg and "“八分”不是数字" in msg
    assert len(data.forms) == 14


def test_missing_sheet(tmp_path) -> None:
    data = read_data(data_workbook(tmp_path, lambda wb: wb.remove(wb["指标"])))
    assert messages(data) == ["【错误】数据.xlsx：缺少工作表“指标”。"]
    assert data.forms == []


def test_duplicate_project_names(tmp_path) -> None:
    def edit(wb):
        wb["项目"]["A4"] = wb["项目"]["A3"].value
    data = read_data(data_workbook(tmp_path, edit))
    assert any("重复" in m and "第 4 行" in m for m in messages(data))
    assert len(data.forms) == 14


def test_a_long_project_name(tmp_path) -> None:
    doc = json.loads(SEED.read_text(encoding="utf-8"))
    doc["项目"][0]["项目名称"] = "很" * 120
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    data = read_data(path)
    assert len(data.forms) == 15
    (problem,) = data.problems
    assert problem.severity == WARNING
    assert "项目名称有 120 个字，工作表名称将截为前 31 个字" in str(problem)


@pytest.mark.parametrize(("content", "name", "says"), [
    (b"", "empty.xlsx", "是空文件"),
    (b"%PDF-1.4 not a workbook", "renamed.xlsx", "可能是改了扩展名的其他文件"),
    (b"{", "broken.json", "JSON 格式错误"),
    (b"a: [", "broken.yaml", "YAML 格式错误"),
    (b"x", "data.csv", "不支持的文件类型"),
])
def test_unreadable_files(tmp_path, content, name, says) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (msg,) = messages(read_data(path))
    assert says in msg and name in msg


def test_zip_bomb_is_refused_before_unpacking(tmp_path) -> None:
    import zipfile
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 2**20))
    (msg,) = messages(read_data(path))
    assert "压缩比异常" in msg


def test_text_that_looks_like_a_formula_stays_text(tmp_path) -> None:
    original = read_data(SEED)
    original.forms[0].name = "=HYPERLINK(\"x\")"
    original.forms[0].indicators[0].target = "+5 次"
    path = tmp_path / "d.xlsx"
    write_data(original, path)
    ws = openpyxl.load_workbook(path)["项目"]
    assert (ws["A2"].value, ws["A2"].data_type) == ("=HYPERLINK(\"x\")", "s")
    assert read_data(path).forms[0].name == "=HYPERLINK(\"x\")"
