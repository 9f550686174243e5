"""The `jixiao` command as a user runs it: installed entry point, Chinese output, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from jixiao import __version__
from jixiao.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("jixiao")
    cmd = [exe, *args] if exe else [sys.executable, "-m", "jixiao", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"jixiao {__version__}"
    assert __version__ != "0+unknown"


def test_score_a_seed_row() -> None:
    out = run("score", "≥20 次", "22", "10")
    assert out.returncode == 0
    assert "年度指标值：≥ 20 次" in out.stdout
    assert "建议得分：10" in out.stdout
    assert "检查结果：无问题" in out.stdout


def test_score_with_a_stated_score_that_breaks_the_rules() -> None:
    out = run("score", "≤5万元", "5", "5", "--stated", "8")
    assert out.returncode == 1
    assert "SCORE_OVER_WEIGHT" in out.stdout


def test_score_explains_understanding(capsys) -> None:
    assert main(["score", "部分达成预期指标并具有一定效果", "部分达成预期指标并具有一定效果", "2",
                 "--stated", "1.2", "--remark", "项目未完成"]) == 0
    text = capsys.readouterr().out
    assert "可得分范围：1.2–1.59" in text
    assert "定性，按完成档次" in text


@pytest.mark.parametrize(("args", "says"), [
    (["score", "≥20 次", "22", "十"], "分值“十”不是数字"),
    (["score", "≥20 次", "22", "10", "--profile", "nowhere"], "没有名为“nowhere”的配置"),
    (["score", "≥20 次"], "缺少参数"),
    (["frobnicate"], "参数"),
    (["fill", "数据.json"], "二选一"),
    (["data-template", "模板.csv"], "数据模板只能保存为 .xlsx"),
])
def test_bad_input_is_one_chinese_line(args, says) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert says in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.parametrize("columns", [None, "100", "0", "x"])
def test_help_is_as_wide_as_argparse_makes_it(monkeypatch, columns) -> None:
    """The help is wrapped to the width shutil would give argparse (COLUMNS, the terminal or
    80), measured without importing shutil at start-up; a wider terminal, wider lines."""
    from jixiao.cli import build_parser, terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns
    text = build_parser().format_help()
    assert max(len(line) for line in text.splitlines()) <= terminal_columns() - 2


def test_version_loads_neither_shutil_nor_traceback() -> None:
    """`jixiao --version` (and every command's parser) measures the terminal itself."""
    code = ("import contextlib, io, sys\nfrom jixiao.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
            "    main(['--version'])\n"
            "print(sorted({'shutil', 'traceback', 'tempfile'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def _subparsers(parser) -> dict:
    import argparse

    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


def test_a_parser_built_for_one_command_parses_and_helps_as_the_whole() -> None:
    """`main` builds the parser of the sub-command it runs only: each sub-command's parser is
    the same built alone as built with all the others, and the top level's help (and its
    complaint about a mistyped sub-command) the same without their arguments."""
    from jixiao.cli import build_parser

    whole = build_parser()
    assert build_parser(None).format_help() == whole.format_help()
    assert list(_subparsers(build_parser("audtt"))) == list(_subparsers(whole))
    for name, parser in _subparsers(whole).items():
        alone = _subparsers(build_parser(name))
        assert list(alone) == [name]
        assert alone[name].format_help() == parser.format_help()
        assert [a.dest for a in alone[name]._actions] == [a.dest for a in parser._actions]
