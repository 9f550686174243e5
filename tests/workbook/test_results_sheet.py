"""The 检查结果 sheet's cells, the same for 检查全部 and `jixiao audit --report`."""

from __future__ import annotations

from pyfuncs.engine import ERROR, WARNING
from pyfuncs.engine.findings import Located
from workbook.cells import Formula
from workbook.layout import results as R
from workbook.results_sheet import is_address, result_cells

ON_FORM = Located("表.xlsm", "项目 甲", "项目甲", "H19", "SCORE_OVER_WEIGHT", ERROR, "得分超过分值。")
IN_DATA = Located("数据.xlsx", "指标", "项目乙", "第 3 行 G 列（分值）", "INPUT", WARNING, "说明。")


def test_summary_header_and_one_line_per_finding() -> None:
    cells = result_cells([ON_FORM, IN_DATA], "共 2 个项目。")
    assert cells[R.SUMMARY_CELL] == "共 2 个项目。"
    assert [cells[f"{c}{R.HEADER_ROW}"] for c in R.COLUMNS.values()] == list(R.COLUMNS)
    first = {t: cells[f"{c}{R.FIRST_ROW}"] for t, c in R.COLUMNS.items()}
    assert first == {"文件": "表.xlsm", "工作表": "项目 甲", "项目": "项目甲", "单元格": "H19",
                     "代码": "SCORE_OVER_WEIGHT", "严重程度": "错误", "说明": "得分超过分值。"}
    assert cells[f"{R.COLUMNS['严重程度']}{R.FIRST_ROW + 1}"] == "警告"
    assert len(cells) == 1 + len(R.COLUMNS) * 3
    assert set(R.WIDTHS) == set(R.COLUMNS.values()) and max(R.COLUMNS.values()) == R.LAST_COLUMN


def test_a_cell_of_the_workbook_itself_is_a_link() -> None:
    cells = result_cells([ON_FORM, IN_DATA], "", linked_file="表.xlsm")
    cell = cells[f"{R.COLUMNS['单元格']}{R.FIRST_ROW}"]
    assert isinstance(cell, Formula) and cell == "=HYPERLINK(\"#'项目 甲'!H19\",\"H19\")"
    assert cells[f"{R.COLUMNS['单元格']}{R.FIRST_ROW + 1}"] == "第 3 行 G 列（分值）"


def test_addresses() -> None:
    assert is_address("H19") and is_address("AB100") and is_address("$G$88")
    assert not is_address("第 3 行") and not is_address("SCORE_OVER_WEIGHT")
    assert not is_address("H0") and not is_address(None) and not is_address("")
