"""新增项目: bad names refused in Chinese with nothing changed; a good one copies 空白项目."""

from __future__ import annotations

import pytest
from remote_book import actions, remote_book, replay

from macros import add_project
from workbook import layout as L
from workbook.names import name_problem

BAD = {
    "": "工作表名称不能为空。",
    "   ": "工作表名称不能为空。",
    "节能环保、安全生产、盐业管理及小微企业融资担保核查工作经费（追加）":
        "个字符，最多 31 个",
    "工业/信息化": "含有不能使用的字符：/",
    "项目[2024]": "含有不能使用的字符：[ ]",
    "问题?": "含有不能使用的字符：?",
    "'引号": "不能以单引号开头或结尾",
    "History": "是 Excel 保留的名称",
    "职称评审费": "已经有名为“职称评审费”的工作表",
    "汇总": "已经有名为“汇总”的工作表",
}


@pytest.mark.parametrize("name", list(BAD))
def test_a_bad_name_is_refused_in_chinese(seed_book, name) -> None:
    report = add_project(seed_book, name)
    assert not report.ok
    assert BAD[name] in report.message
    assert report.message == name_problem(name.strip(), {s.name for s in seed_book.sheets})
    assert [a["func"] for a in actions(seed_book)] == ["alert"]     # nothing else happened
    assert actions(seed_book, "alert")[0]["args"][0] == report.message


def test_a_new_project_sheet_from_the_blank_one(seed_wb, seed_shows) -> None:
    book = remote_book(seed_wb, seed_shows)
    report = add_project(book, "  新增：数字经济专项  ")
    assert report.ok and report.sheet == "新增：数字经济专项"
    assert report.counts == {"项目": 16}
    funcs = [a["func"] for a in actions(book)]
    assert funcs[:2] == ["copySheet", "setSheetName"] and funcs[-1] == "alert"
    replay(seed_wb, book)
    names = seed_wb.sheetnames
    assert names.index("新增：数字经济专项") == names.index(L.SUMMARY_SHEET) - 1
    ws = seed_wb["新增：数字经济专项"]
    assert ws[L.CELLS["项目名称"]].value == "新增：数字经济专项"
    assert ws[L.indicator_cell("得分", 0)].value == L.score_formula(L.FIRST_ROW).formula()   # the template's
    index = seed_wb[L.INDEX_SHEET]
    row = L.INDEX_FIRST_ROW + 15
    assert index[f"{L.INDEX_COLUMNS['工作表']}{row}"].value == "新增：数字经济专项"
    assert index[f"{L.INDEX_COLUMNS['序号']}{row}"].value == 16
    assert "新增：数字经济专项" in index[f"{L.INDEX_COLUMNS['项目名称']}{row}"].value


def test_without_the_blank_sheet_nothing_is_added(seed_wb) -> None:
    seed_wb.remove(seed_wb[L.BLANK_SHEET])
    book = remote_book(seed_wb)
    report = add_project(book, "新项目")
    assert not report.ok and f"找不到“{L.BLANK_SHEET}”" in report.message
    assert [a["func"] for a in actions(book)] == ["alert"]
