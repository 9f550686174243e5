"""lite/main.py, as an xlwings Lite user pastes it: its scripts call the same actions."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

import pytest
from remote_book import actions

import macros

LITE = Path(__file__).resolve().parents[2] / "lite"


@pytest.fixture(scope="module")
def lite():
    spec = importlib.util.spec_from_file_location("jixiao_lite_main", LITE / "main.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_check_all_from_lite(lite, seed_book) -> None:
    report = lite.检查全部(seed_book)
    assert isinstance(report, macros.Report)
    assert report.counts == {"项目": 15, "错误": 7, "警告": 4, "提示": 0}
    assert actions(seed_book, "alert")


def test_add_project_from_lite(lite, seed_book) -> None:
    assert not lite.新增项目(seed_book, "a/b").ok
    report = lite.新增项目(seed_book, "数字经济专项")
    assert report.ok and report.sheet == "数字经济专项"
    assert lite.更新目录与汇总(seed_book).counts == {"项目": 16}


def test_file_actions_from_lite_use_its_data_folder(lite, seed_book, tmp_path) -> None:
    assert lite._in_data("定稿.xlsx") == "/data/定稿.xlsx"
    report = lite.导出定稿(seed_book, str(tmp_path / "定稿.xlsx"))
    assert report.ok and (tmp_path / "定稿.xlsx").is_file()
    assert lite.导出数据(seed_book, str(tmp_path / "数据.json")).ok
    assert lite.导入数据(seed_book, str(tmp_path / "数据.json")).counts["更新"] == 15


def test_an_unforeseen_error_is_a_message_not_a_traceback(lite, seed_book) -> None:
    report = lite.导入数据(seed_book, "/nonexistent-folder/数据.xlsx")
    assert not report.ok and "找不到文件" in report.text


def test_requirements_name_the_package_and_what_it_needs() -> None:
    lines = [line for line in (LITE / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert "xlwings==0.37.8" in lines
    # every dependency of the package that applies in Pyodide (calamine's marker leaves it out)
    project = tomllib.loads((LITE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    needed = {re.split(r"[<>=;\[ ]", d, maxsplit=1)[0].lower()
              for d in project["project"]["dependencies"] if "emscripten" not in d}
    assert {re.split(r"[<>=]", line, maxsplit=1)[0].lower() for line in lines} == needed
    assert not any("example.invalid" in line or "jixiao" in line for line in lines)
