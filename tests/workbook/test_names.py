"""Sheet names within Excel's rules."""

import pytest

from workbook.names import name_problem, quoted, sheet_name


@pytest.mark.parametrize(("project", "name"), [
    ("数字化诊断监理招标专项工作经费", "数字化诊断监理招标专项工作经费"),
    ("节能环保、安全生产、盐业管理及小微企业融资担保核查工作经费（追加）",
     "节能环保、安全生产、盐业管理及小微企业融资担保核查工作经费（追"),
    ("a/b:c*d?e[f]g\\h", "a_b_c_d_e_f_g_h"),
    ("'引号'", "引号"),
    ("   ", "项目"),
    ("History", "History_"),
])
def test_sheet_name(project, name) -> None:
    assert sheet_name(project) == name
    assert len(sheet_name(project)) <= 31


def test_clashes_get_a_suffix() -> None:
    long = "甲" * 40
    first = sheet_name(long)
    second = sheet_name(long, {first})
    assert second == "甲" * 28 + "(2)" and len(second) == 31
    assert sheet_name("汇总", {"汇总"}) == "汇总(2)"
    assert sheet_name("abc", {"ABC"}) == "abc(2)"


@pytest.mark.parametrize(("name", "says"), [
    ("", "不能为空"), ("甲" * 32, "最多 31 个"), ("a/b", "不能使用的字符：/"),
    ("'x", "单引号"), ("目录", "已经有"), ("history", "保留"),
])
def test_name_problems(name, says) -> None:
    assert says in name_problem(name, {"目录"})


def test_good_name_and_quoting() -> None:
    assert name_problem("新项目", {"目录"}) is None
    assert quoted("项目1") == "'项目1'"
    assert quoted("张三's") == "'张三''s'"
