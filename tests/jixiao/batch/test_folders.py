"""Folders as inputs to audit and extract: read recursively, by pattern, in path order, without
lock files and our own unfinished outputs; a folder with nothing to read is a problem of its
own and the other inputs go on."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from tests_support import SEED

from jixiao.batch.audit import audit
from jixiao.batch.extract import extract
from jixiao.batch.fill import fill
from jixiao.batch.inputs import expand


@pytest.fixture(scope="module")
def received(tmp_path_factory):
    """A finance office's folder: the seed's 15 forms split over two units' sub-folders, the
    data file beside them, and the clutter a shared folder collects."""
    root = tmp_path_factory.mktemp("received")
    split = root / "split"
    fill(SEED, split=split, jobs=1, quiet=True)
    forms = sorted(split.glob("*.xlsx"))
    for k, f in enumerate(forms):
        unit = root / "收到" / ("甲单位" if k < 7 else "乙单位")
        unit.mkdir(parents=True, exist_ok=True)
        shutil.move(f, unit / f.name)
    shutil.copyfile(SEED, root / "收到" / "数据.json")
    (root / "收到" / "~$锁定.xlsx").write_bytes(b"lock")
    (root / "收到" / "甲单位" / ".~jixiao.999.ab.xlsx").write_bytes(b"unfinished")
    (root / "收到" / "说明.txt").write_text("不是表", encoding="utf-8")
    (root / "空").mkdir()
    return root


def test_a_folder_is_its_workbooks_and_data_files_in_path_order(received) -> None:
    files, problems = expand([received / "收到"])
    assert problems == []
    assert len(files) == 16 and files == sorted(files)
    assert {f.suffix for f in files} == {".xlsx", ".json"}
    assert not [f for f in files if f.name.startswith(("~$", ".~jixiao."))]
    only_json, _ = expand([received / "收到"], "*.JSON")        # case-blind, as on Windows
    assert [f.name for f in only_json] == ["数据.json"]


def test_auditing_a_folder_is_auditing_its_files(received) -> None:
    files, _ = expand([received / "收到"], "*.xlsx")
    by_folder = audit([received / "收到"], pattern="*.xlsx", jobs=1, quiet=True)
    by_files = audit(files, jobs=1, quiet=True)
    assert len(by_folder.projects) == 15
    assert by_folder.rows == by_files.rows and by_folder.projects == by_files.projects


def test_a_folder_with_nothing_to_read_is_one_problem_and_the_rest_goes_on(received) -> None:
    result = audit([received / "空", received / "收到" / "数据.json"], jobs=1, quiet=True)
    assert len(result.projects) == 15
    empty = [r for r in result.rows if r.file == "空"]
    assert len(empty) == 1 and "没有要读的文件" in empty[0].message
    data = extract([received / "收到" / "甲单位", received / "空"], received / "甲.json")
    assert len(data.forms) == 7
    assert [p.file for p in data.problems if "没有要读的文件" in p.message] == ["空"]


def test_the_command_takes_a_folder_and_a_pattern(received) -> None:
    out = subprocess.run([sys.executable, "-m", "jixiao", "audit", str(received / "收到"),
                          "--pattern", "*.json", "-q"], capture_output=True, text=True,
                         cwd=received)
    assert out.returncode == 1 and out.stderr == ""           # the seed's own errors
    out = subprocess.run([sys.executable, "-m", "jixiao", "audit", "--json",
                          str(received / "收到" / "乙单位")], capture_output=True, text=True,
                         cwd=received)
    assert len(json.loads(out.stdout)["项目"]) == 8          # 乙单位's forms
