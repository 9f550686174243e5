"""The 审核报告 a reviewer prints: `jixiao audit --report 报告.xlsx|.pdf|.json`.

检查结果 is laid out as 检查全部 lays it out (:mod:`workbook.layout.results`), with the report's
title on top (unit, year, date, profile), the findings sorted by project and cell, each cell a
link to the form's cell when the form is a workbook; 项目汇总 has one line per project;
问题分类 counts the findings by code, with a bar chart. Every sheet
prints A4 landscape, one page wide, its header row on every page. A PDF is this workbook
printed by LibreOffice. The workbook itself is made in :mod:`.report_book`, loaded only when
one is written (the audit's start-up does without openpyxl).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pyfuncs.engine.findings import Located
from pyfuncs.engine.record import asdict
from services.atomic import write_atomically
from workbook.read import split_ref
from workbook.results_sheet import is_address

from ..usage import UsageError
from .results import AuditResult


def title(result: AuditResult, today: date | None = None) -> str:
    """`安庆市经济和信息化局本级 2023 年度绩效自评审核报告（2026-11-30，评分配置 …）：共 …`"""
    unit = f"{result.unit} " if result.unit else ""
    year = f"{result.year} 年度" if result.year else ""
    day = (today or date.today()).isoformat()
    return (f"{unit}{year}项目支出绩效自评审核报告（审核日期 {day}，评分配置 {result.profile}）"
            f"  {result.totals}")


def sort_key(f: Located) -> tuple:
    """By file and project, then by the cell's row and column (a place in a data file last)."""
    place = split_ref(f.cell.replace("$", "")) if is_address(f.cell) else (10**7, 0)
    return (f.file, f.project or "", *place, f.code)


def as_json(result: AuditResult) -> str:
    """The findings and the projects as JSON (`--report x.json`, `--json`)."""
    import json  # not for the table on the terminal

    doc = {"单位": result.unit, "年度": result.year, "评分配置": result.profile,
           "检查结果": [asdict(r) for r in result.rows],
           "项目": [asdict(p) for p in result.projects]}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def write_report(result: AuditResult, path: Path, inputs: dict[str, Path] | None = None) -> Path:
    """The findings as `.json`, as a workbook (`.xlsx`) or printed (`.pdf`, needs LibreOffice).

    Args:
        inputs: file name (as findings name it) → its path, for the links to the cells.
    """
    suffix = path.suffix.lower()
    if suffix == ".json":
        return write_atomically(path, lambda tmp: tmp.write_text(as_json(result),
                                                                 encoding="utf-8"))
    if suffix not in (".xlsx", ".pdf"):
        raise UsageError(f"报告只能保存为 .xlsx、.pdf 或 .json，不支持 {path.suffix}。")
    from .report_book import report_workbook, to_pdf  # openpyxl, only when a book is written

    wb = report_workbook(result, sorted(result.rows, key=sort_key), title(result), path.parent,
                         inputs or {})
    if suffix == ".xlsx":
        return write_atomically(path, wb.save)
    return to_pdf(wb, path)


