"""`jixiao demo`: the main job on the built-in example — the 2023 forms of 15 real projects."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pyfuncs.engine import ERROR, WARNING, JixiaoError
from pyfuncs.engine.findings import SEVERITY_LABELS, fmt, fmt_percent
from workbook.build import ship_template

from ..examples import SEED_2023
from ..terminal import pad, say
from .audit import AuditResult, audit
from .fill import fill
from .report import sort_key


class MissingExample(JixiaoError, FileNotFoundError):
    """The built-in example is not where an installed copy keeps it."""


@dataclass
class DemoResult:
    folder: Path
    template: Path
    workbook: Path
    final: Path
    report: Path
    audit: AuditResult


def demo(folder: Path = Path("jixiao-demo"), *, example: Path = SEED_2023,
         quiet: bool = False) -> DemoResult:
    """Copy the template, fill it with the example, audit the result, write everything
    into `folder` (created if missing; files of earlier runs there are replaced). Each step
    is told on stderr as it starts, to a person at a terminal (not when `quiet`)."""
    if not example.is_file():
        raise MissingExample(
            f"找不到示例数据 {example}：请检查文件路径，或重新安装本工具。")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    say("1/3 生成模板……", quiet=quiet)
    template = ship_template(folder / "模板.xlsm")
    data = folder / "示例数据.json"
    shutil.copyfile(example, data)
    workbook = folder / "绩效自评表-2023.xlsm"
    final = folder / "绩效自评表-2023-定稿.xlsx"
    say(f"2/3 填写示例的项目：{workbook.name}，并生成定稿 {final.name}……", quiet=quiet)
    fill(data, workbook, final=final, quiet=True)
    report = folder / "审核报告.xlsx"
    say(f"3/3 审核并生成{report.name}……", quiet=quiet)
    result = audit([workbook], report=report, jobs=1, quiet=True)
    return DemoResult(folder, template, workbook, final, report, result)


def summary_text(d: DemoResult) -> str:
    """What the demo prints: one line per project, the findings, and where the files are."""
    head = (f"序号  {pad('项目名称', 46)}{pad('执行率', 8, right=True)}"
            f"{pad('资金得分', 10, right=True)}{pad('总分', 8, right=True)}  等级  "
            f"{SEVERITY_LABELS[ERROR]}  {SEVERITY_LABELS[WARNING]}")
    lines = [head]
    for k, p in enumerate(d.audit.projects, start=1):
        lines.append(f"{k:>4}  {pad(p.project, 46)}{pad(fmt_percent(p.rate), 8, right=True)}"
                     f"{pad(fmt(p.funding_score), 10, right=True)}{pad(fmt(p.total), 8, right=True)}"
                     f"  {pad(p.grade or '', 4)}{p.errors:>4}{p.warnings:>6}")
    lines.append("")
    lines.append("发现的问题：")
    for r in sorted(d.audit.rows, key=sort_key):
        lines.append(f"  【{r.severity_label}】{r.project} {r.cell}：{r.message}")
    lines += ["", "生成的文件：",
              f"  模板（可下载使用）：{d.template}",
              f"  填好的工作簿（公式实时计算）：{d.workbook}",
              f"  定稿（只含数值，供 WPS、打印、报送）：{d.final}",
              f"  审核报告：{d.report}"]
    return "\n".join(lines)
