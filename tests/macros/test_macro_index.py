"""更新目录与汇总 after sheets were added, renamed, deleted and reordered."""

from __future__ import annotations

from remote_book import actions, remote_book, replay

from macros import refresh_index
from workbook import layout as L

COLS = L.INDEX_COLUMNS


def rearrange(wb) -> list[tuple[str, str]]:
    """What a clerk does by hand: returns (sheet, project name) in the new tab order."""
    wb.remove(wb["职称评审费"])                                       # deleted
    wb["非公有制企业党建工作经费"].title = "党建经费"                     # renamed
    wb.move_sheet("党建经费", offset=3)                                # moved down
    added = wb.copy_worksheet(wb[L.BLANK_SHEET])                       # added at the end …
    added.title = "新项目"
    added[L.CELLS["项目名称"]] = "新增的一个项目"
    wb.move_sheet(added, offset=wb.sheetnames.index(L.SUMMARY_SHEET) - wb.sheetnames.index("新项目"))
    wb[L.INDEX_SHEET][f"{COLS['备注']}{L.INDEX_FIRST_ROW}"] = "单列"   # the 备注 of 党建经费
    return [(ws.title, ws[L.CELLS["项目名称"]].value) for ws in wb.worksheets
            if ws.title not in (L.INDEX_SHEET, L.SUMMARY_SHEET, L.BLANK_SHEET, L.LISTS_SHEET,
                                L.CONF_SHEET)]


def test_index_and_summary_follow_the_sheets(seed_wb, seed_shows) -> None:
    order = rearrange(seed_wb)
    assert len(order) == 15 and order[-1] == ("新项目", "新增的一个项目")
    book = remote_book(seed_wb, seed_shows)
    report = refresh_index(book)
    assert report.ok and report.counts == {"项目": 15}
    replay(seed_wb, book)
    index, summary = seed_wb[L.INDEX_SHEET], seed_wb[L.SUMMARY_SHEET]
    for k in range(L.PROJECT_ROOM):
        ref = None
        if k < len(order):
            sheet, name = order[k]
            ref = L.ProjectRef(sheet, name, "单列" if sheet == "党建经费" else "")
        for cell, value in L.index_row_cells(L.INDEX_FIRST_ROW + k, k + 1, ref).items():
            assert index[cell].value == value, cell
        for cell, value in L.summary_row_cells(L.SUMMARY_FIRST_ROW + k, k + 1, ref).items():
            assert summary[cell].value == value, cell
    assert index.print_area.endswith(f"$C${L.INDEX_FIRST_ROW + 14}")


def test_written_in_a_few_calls(seed_book) -> None:
    refresh_index(seed_book)
    writes = [a for a in actions(seed_book) if a["func"] in ("setValues", "setFormula")]
    assert len(writes) <= 3                       # 目录: two blocks (A:C, E:H); 汇总: one
    assert {a["func"] for a in writes} == {"setFormula"}


def test_a_book_without_index_and_summary_is_refused(seed_wb) -> None:
    for name in (L.INDEX_SHEET, L.SUMMARY_SHEET):
        seed_wb.remove(seed_wb[name])
    book = remote_book(seed_wb)
    report = refresh_index(book)
    assert not report.ok and "不是绩效自评表模板" in report.message
    assert [a["func"] for a in actions(book)] == ["alert"]
