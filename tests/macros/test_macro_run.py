"""The entries for Excel: text from VBA, the net under every button, the VBA module."""

from __future__ import annotations

import pytest
import xlwings as xw
from remote_book import actions, remote_book

from macros import check_all, run
from macros.project import NoBlankSheet
from macros.vba import BAS_PATH, SUBS, render
from workbook import layout as L


def utf16_units(text: str) -> list[int]:
    """What the VBA helper PyCodes sends: AscW of every UTF-16 unit, as unsigned numbers."""
    data = text.encode("utf-16-le")
    return [int.from_bytes(data[i:i + 2], "little") for i in range(0, len(data), 2)]


def test_text_from_vba_survives_quotes_and_rare_characters() -> None:
    for text in ("新项目", "O'Brien \"引号\" 项目", r"C:\数据\2023 年.xlsx", "𠀀 扩展字"):
        assert run.text_of(utf16_units(text)) == text
    assert run.text_of("as is") == "as is" and run.text_of(None) is None


def test_an_unknown_profile_is_a_chinese_message(seed_wb) -> None:
    seed_wb[L.LISTS_SHEET][L.PROFILE_CELL] = "no-such-profile"
    book = remote_book(seed_wb)
    report = run.safely(book, check_all)
    assert not report.ok
    assert report.message.startswith("操作没有完成：没有名为“no-such-profile”的配置")
    assert [a["func"] for a in actions(book)] == ["alert"]


def test_only_a_jixiao_error_is_taken_for_a_message_to_the_clerk(seed_wb) -> None:
    def refuses(book):
        raise NoBlankSheet("找不到“空白项目”工作表。")

    def breaks(book):
        raise ValueError("一段中文，却不是给填报人的")

    book = remote_book(seed_wb)
    assert run.safely(book, refuses).message == "操作没有完成：找不到“空白项目”工作表。"
    report = run.safely(book, breaks)
    assert not report.ok
    assert report.message == ("操作没有完成，出现了意外错误。请把这段文字发给技术人员："
                              "ValueError: 一段中文，却不是给填报人的")
    assert [a["func"] for a in actions(book)] == ["alert", "alert"]


def test_the_vba_module_is_current_and_calls_what_exists() -> None:
    text = render()
    assert BAS_PATH.read_bytes() == text.encode("ascii")          # ASCII: any code page
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    for sub in SUBS:
        assert f"Sub {sub}()" in text
    for call in ("run_check_all()", "run_refresh_index()", "run_export_final()",
                 "run_add_project(", "run_import_data(", "run_export_data("):
        assert f"macros.{call}" in text
        assert callable(getattr(run, call.split("(")[0]))


@pytest.fixture
def caller(seed_book):
    """The book RunPython would hand over: xlwings' own `Book.set_mock_caller`."""
    seed_book.set_mock_caller()
    yield seed_book
    del xw.Book._mock_caller


def test_the_runpython_entries(caller) -> None:
    assert run.run_check_all().counts["错误"] == 7
    report = run.run_add_project(utf16_units("数字经济 \"专项\""))
    assert report.ok and report.sheet == "数字经济 \"专项\""
    assert not run.run_add_project(utf16_units("a:b")).ok
    assert run.run_refresh_index().counts == {"项目": 16}
    assert "不知道工作簿保存在哪个文件夹" in run.run_export_final().message
