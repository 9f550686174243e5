"""What the terminal shows: columns aligned by display width, long names ending in “…”, a 文件
column for several files, the place of every input problem; --json and --quiet for scripts;
progress only for a person at a terminal."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests_support import SEED

from jixiao.batch.audit import audit, format_table
from jixiao.terminal import pad, shorten, table, width

EXE = [sys.executable, "-m", "jixiao"]


def test_widths_shortening_and_padding() -> None:
    assert width("项目a") == 5 and width("") == 0
    assert shorten("推进工业经济高质量发展工作经费", 10) == "推进工业…"
    assert width(shorten("推进工业经济高质量发展工作经费", 11)) <= 11
    assert shorten("职称评审费", 10) == "职称评审费"
    assert pad("执行率", 8, right=True) == "  执行率"


def test_a_table_lines_up_by_display_width() -> None:
    text = table(["项目", "代码", "说明"], [["职称评审费", "NA_WEIGHTED", "甲"],
                                            ["ab", "X", "乙"]])
    lines = text.splitlines()
    cols = [width(line[:line.index(c)]) for line, c in zip(lines, ("代码", "NA_WEIGHTED", "X"),
                                                          strict=True)]
    assert len(set(cols)) == 1


def test_several_files_get_a_file_column_and_input_problems_their_place(tmp_path: Path) -> None:
    bad = tmp_path / "坏数据.json"
    bad.write_text(json.dumps({"项目": [{"项目名称": "甲", "指标": [{"三级": "x", "分值": "abc"}]}]},
                              ensure_ascii=False), encoding="utf-8")
    text = format_table(audit([bad, SEED]))
    head, *lines = text.splitlines()
    assert head.split()[:3] == ["文件", "项目", "位置"]
    problem = next(line for line in lines if "INPUT" in line)
    assert problem.startswith("坏数据.json") and "第 1 个项目" in problem
    long = next(line for line in lines if "节能环保" in line)
    assert "…" in long                                          # a long name, shortened
    code_at = {width(line[:line.index(code)]) for line in lines[:-1]
               for code in ("INPUT", "NA_WEIGHTED", "SCORE_OVER_WEIGHT") if code in line}
    assert len(code_at) == 1                                    # one column, whatever the names


def test_json_and_quiet_for_scripts() -> None:
    out = subprocess.run([*EXE, "audit", "--json", str(SEED)], capture_output=True, text=True,
                         timeout=120)
    doc = json.loads(out.stdout)
    assert out.returncode == 1 and len(doc["项目"]) == 15 and doc["单位"]
    assert out.stderr == ""                                     # no progress: not a terminal
    quiet = subprocess.run([*EXE, "audit", "-q", str(SEED)], capture_output=True, text=True,
                           timeout=120)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (1, "", "")


def test_widths_measured_without_wcwidth_agree_with_it() -> None:
    """The characters measured here (ASCII, Chinese, full-width, the usual punctuation) have
    the width wcwidth gives them, alone and in text; any other character is wcwidth's."""
    import wcwidth

    from jixiao.terminal import known_width
    known = [chr(c) for c in range(0x110000) if known_width(chr(c))]
    assert len(known) > 20_000
    assert [width(ch) for ch in known] == [wcwidth.wcwidth(ch) for ch in known]
    for text in ("推进工业经济“高质量”发展……≥95%", "a—b（续）", "项目\u0301", "表\u200d格😀", "\x1b[1m"):
        whole = wcwidth.wcswidth(text)
        by_char = sum(max(wcwidth.wcwidth(ch), 0) for ch in text)
        assert width(text) == (whole if whole >= 0 else by_char)
    assert width(shorten("项目😀😀😀😀", 7)) <= 7
