"""The batch commands as a clerk runs them: `jixiao demo`, `fill`, `extract`, `data-template`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
from tests_support import SEED

from workbook import layout as L
from workbook.formula.tree import col_number


def jixiao(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jixiao", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


def test_demo(tmp_path) -> None:
    out = jixiao("demo", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("序号") and "项目名称" in lines[0]
    assert any("数字化诊断监理招标专项工作经费" in x and "20.3%" in x and "86.53" in x and "良" in x
               for x in lines)
    assert "【错误】推进工业互联网建设工作经费 H19：得分 8 超过分值 5" in out.stdout
    folder = tmp_path / "jixiao-demo"
    assert {p.name for p in folder.iterdir()} == {
        "模板.xlsm", "示例数据.json", "绩效自评表-2023.xlsm", "绩效自评表-2023-定稿.xlsx", "审核报告.xlsx"}
    assert "绩效自评表-2023-定稿.xlsx" in out.stdout
    # the seed states its rates as text (`82.3%`): 目录 and 汇总 still hold numbers, which the
    # chart plots, in the live workbook's cached values and in the final copy alike
    for name in ("绩效自评表-2023.xlsm", "绩效自评表-2023-定稿.xlsx"):
        wb = openpyxl.load_workbook(folder / name, data_only=True)
        ws, first = wb[L.SUMMARY_SHEET], L.SUMMARY_FIRST_ROW
        column = col_number(L.SUMMARY_COLUMNS["执行率"]) - 1
        rates = [r[column] for r in ws.iter_rows(min_row=first, max_row=first + 14,
                                                 values_only=True)]
        assert len(rates) == 15 and all(isinstance(v, int | float) for v in rates), (name, rates)
        assert 0.82 < rates[1] < 0.83


def test_fill_extract_and_data_template(tmp_path) -> None:
    out = jixiao("fill", str(SEED), "-o", "填好.xlsx", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "共填写 15 个项目，跳过 0 个。" in out.stdout
    out = jixiao("extract", "填好.xlsx", "-o", "读回.yaml", cwd=tmp_path)
    assert out.returncode == 0 and "读出 15 个项目" in out.stdout
    out = jixiao("data-template", "空白.xlsx", cwd=tmp_path)
    assert out.returncode == 0
    wb = openpyxl.load_workbook(tmp_path / "空白.xlsx")
    assert wb.sheetnames == ["说明", "项目", "指标"]
    assert wb["指标"].data_validations.dataValidation


def test_bad_input_is_one_chinese_line(tmp_path) -> None:
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    for args, says in [
        (("fill", "x.txt", "-o", "a.xlsx"), "不支持的文件类型"),
        (("fill", str(SEED)), "请用 -o 指定输出工作簿"),
        (("fill", str(SEED), "-o", "no/such/dir/a.xlsx"), "不存在"),
        (("audit", "missing.xlsx"), "找不到文件"),
    ]:
        out = jixiao(*args, cwd=tmp_path)
        assert out.returncode in (1, 2), args
        assert says in out.stderr + out.stdout, (args, out.stderr)
        assert "Traceback" not in out.stderr


def test_progress_bar(capsys) -> None:
    from jixiao.batch.parallel import Progress, ordered_map

    bar = Progress(200, "审核中", force=True)
    for _ in range(200):
        bar.step()
    bar.done()
    err = capsys.readouterr().err
    assert "审核中 [" in err and "200/200" in err
    assert list(ordered_map(abs, [-3, 2, -1] * 10, jobs=2)) == [3, 2, 1] * 10   # order kept
