"""导入数据 / 导出数据: the batch data format into and out of the open workbook."""

from __future__ import annotations

import copy

from openpyxl import load_workbook
from remote_book import actions, remote_book, replay

from macros import export_data, import_data
from services.formats import DataSet, read_data, write_data
from workbook import layout as L
from workbook.build import TEMPLATE_PATH
from workbook.read import read_form

STATED = ("执行率", "资金得分", "总分", "等级")   # formula cells in the workbook, not typed


def typed(form) -> dict:
    """A form's record without what the workbook computes."""
    rec = form.to_record()
    for key in (*STATED, "备注"):
        rec.pop(key)
    return rec


def project_forms(wb):
    skip = {L.INDEX_SHEET, L.SUMMARY_SHEET, L.BLANK_SHEET, L.LISTS_SHEET, L.CONF_SHEET}
    return [read_form(wb[name]) for name in wb.sheetnames if name not in skip]


def test_export_then_import_into_the_template(seed_book, seed, seed_forms, tmp_path) -> None:
    path = tmp_path / "数据.xlsx"
    report = export_data(seed_book, path)
    assert report.ok and report.counts == {"项目": 15}
    data = read_data(path)
    assert not data.problems and data.unit == seed["单位"]
    assert [typed(f) for f in data.forms] == [typed(f) for f in seed_forms]

    template = load_workbook(TEMPLATE_PATH)
    book = remote_book(template)
    report = import_data(book, path)
    assert report.ok and report.counts == {"导入": 15, "新增": 15, "更新": 0}
    replay(template, book)
    assert [typed(f) for f in project_forms(template)] == [typed(f) for f in seed_forms]
    assert template.sheetnames[1] == seed_forms[0].name           # the template's 项目1, reused
    index = template[L.INDEX_SHEET]
    assert index[L.INDEX_UNIT_CELL].value == seed["单位"]
    assert index[f"{L.INDEX_COLUMNS['工作表']}{L.INDEX_FIRST_ROW + 14}"].value == \
        template.sheetnames[15]


def test_json_and_yaml_too(seed_book, seed_forms, tmp_path) -> None:
    for suffix in (".json", ".yaml"):
        path = tmp_path / f"数据{suffix}"
        assert export_data(seed_book, path).ok
        assert [typed(f) for f in read_data(path).forms] == [typed(f) for f in seed_forms]


def test_import_replaces_a_project_in_place(seed_wb, seed_forms, tmp_path) -> None:
    changed = copy.deepcopy(seed_forms[7])     # 推进工业互联网建设工作经费
    changed.indicators[6].score = 5            # the score over its weight, corrected
    changed.indicators[2].score = None         # back to the suggested score
    path = tmp_path / "一个项目.json"
    write_data(DataSet(forms=[changed]), path)
    book = remote_book(seed_wb)
    report = import_data(book, path)
    assert report.ok and report.counts == {"导入": 1, "新增": 0, "更新": 1}
    replay(seed_wb, book)
    assert len(seed_wb.sheetnames) == 20                          # no sheet added
    ws = seed_wb[changed.name]
    assert ws[L.indicator_cell("得分", 6)].value == 5
    assert ws[L.indicator_cell("得分", 2)].value == L.score_formula(L.FIRST_ROW + 2).formula()   # formula again
    assert typed(read_form(ws)) == typed(changed)


def test_a_bad_project_is_left_out_and_named(seed_book, seed_forms, tmp_path) -> None:
    good, bad = copy.deepcopy(seed_forms[:2])
    bad.indicators[0].weight = "十分"
    path = tmp_path / "有错.xlsx"
    write_data(DataSet(forms=[good, bad]), path)
    report = import_data(seed_book, path)
    assert not report.ok and report.counts["导入"] == 1
    assert "出错的项目没有导入" in report.message
    assert any("有错.xlsx" in d and "指标" in d and "十分" in d for d in report.details)
    alert = actions(seed_book, "alert")[-1]["args"][0]
    assert report.details[0] in alert


def test_a_missing_file_is_a_message(seed_book, tmp_path) -> None:
    report = import_data(seed_book, tmp_path / "没有这个文件.xlsx")
    assert not report.ok and "没有从 没有这个文件.xlsx 导入任何项目" in report.message
    assert any("找不到文件" in d for d in report.details)
    assert [a["func"] for a in actions(seed_book)] == ["alert"]


def test_export_refuses_an_unknown_format(seed_book, tmp_path) -> None:
    report = export_data(seed_book, tmp_path / "数据.csv")
    assert not report.ok and "不支持的文件类型" in report.message
