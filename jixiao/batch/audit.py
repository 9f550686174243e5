"""`jixiao audit`: recompute every form, compare with what it states, list the findings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from openpyxl import Workbook

from pyfuncs.engine import ERROR, WARNING, evaluate_form, load_profile
from pyfuncs.engine.findings import SEVERITY_LABELS
from services.atomic import refuse_overwriting_inputs, write_atomically
from services.formats import Problem
from workbook import styles as S

from .parallel import ordered_map
from .sources import find_forms


@dataclass(frozen=True)
class Row:
    """One line of the audit: a finding, or a problem with an input."""

    file: str
    sheet: str
    project: str
    cell: str
    code: str
    severity: str
    message: str


@dataclass
class ProjectSummary:
    file: str
    sheet: str
    project: str
    rate: float | None
    funding_score: float | None
    total: float | None
    grade: str | None
    errors: int
    warnings: int


@dataclass
class AuditResult:
    rows: list[Row] = field(default_factory=list)
    projects: list[ProjectSummary] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(r.severity == ERROR for r in self.rows)

    def count(self, severity: str) -> int:
        return sum(r.severity == severity for r in self.rows)


def _problem_row(p: Problem) -> Row:
    return Row(p.place.file, p.place.sheet, p.project, str(p.place), "INPUT", p.severity,
               p.message)


def audit_file(args: tuple[Path, str | None]) -> AuditResult:
    """Audit every form in one input (runs in a worker process)."""
    path, profile_name = args
    profile = load_profile(profile_name)
    found = find_forms(path)
    result = AuditResult(rows=[_problem_row(p) for p in found.problems])
    for ff in found.forms:
        r = evaluate_form(ff.form, profile, blank_is_suggested=ff.blank_is_suggested)
        for f in r.findings:
            result.rows.append(Row(ff.file, ff.sheet, ff.form.name, ff.cell_of(f.field, f.row),
                                   f.code, f.severity, f.message))
        result.projects.append(ProjectSummary(ff.file, ff.sheet, ff.form.name, r.funding.rate,
                                              r.funding.score, r.total, r.grade, r.errors,
                                              r.warnings))
    return result


def audit(inputs: Sequence[Path], *, profile: str | None = None, jobs: int | None = None,
          report: Path | None = None) -> AuditResult:
    """Audit forms and data files; one unreadable input does not stop the others.

    Args:
        inputs: filled workbooks (ours or in the official layout) and data files.
        profile: the scoring profile name or path.
        jobs: worker processes (default: one per core).
        report: also write the findings to this `.xlsx` or `.json` file.
    """
    load_profile(profile)       # a bad profile fails here, once, in Chinese
    if report is not None:
        refuse_overwriting_inputs(report, list(inputs))
    total = AuditResult()
    for part in ordered_map(audit_file, [(Path(p), profile) for p in inputs], jobs=jobs,
                            label="审核中"):
        total.rows += part.rows
        total.projects += part.projects
    if report is not None:
        write_report(total, Path(report))
    return total


def write_report(result: AuditResult, path: Path) -> Path:
    """The findings as `.json` or as a workbook (检查结果 and 项目汇总 sheets)."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        doc = {"检查结果": [asdict(r) for r in result.rows],
               "项目": [asdict(p) for p in result.projects]}
        return write_atomically(path, lambda tmp: tmp.write_text(
            json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8"))
    if suffix != ".xlsx":
        raise ValueError(f"报告只能保存为 .xlsx 或 .json，不支持 {path.suffix}。")
    wb = Workbook()
    ws = wb.active
    ws.title = "检查结果"
    _table(ws, ("文件", "工作表", "项目", "单元格", "代码", "严重程度", "说明"),
           [(r.file, r.sheet, r.project, r.cell, r.code, SEVERITY_LABELS.get(r.severity, r.severity),
             r.message) for r in result.rows], widths=(24, 24, 36, 12, 22, 10, 90))
    _table(wb.create_sheet("项目汇总"),
           ("文件", "工作表", "项目", "执行率", "资金得分", "总分", "等级", "错误", "警告"),
           [(p.file, p.sheet, p.project, p.rate, p.funding_score, p.total, p.grade, p.errors,
             p.warnings) for p in result.projects], widths=(24, 24, 36, 10, 10, 10, 8, 8, 8))
    return write_atomically(path, wb.save)


def _table(ws, headers, rows, widths) -> None:
    from openpyxl.utils import get_column_letter

    from workbook.cells import set_value

    for k, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(1, k, h)
        cell.font, cell.fill = S.BOLD, S.HEADER_FILL
        ws.column_dimensions[get_column_letter(k)].width = w
    for r, row in enumerate(rows, start=2):
        for k, v in enumerate(row, start=1):
            set_value(ws.cell(r, k), v)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, len(rows) + 1)}"


def format_table(result: AuditResult) -> str:
    """The findings as a plain table for the terminal, then the totals."""
    lines = [f"{'项目':<24}  {'单元格':<10}  {'代码':<22}  {'严重程度':<4}  说明"]
    for r in result.rows:
        label = SEVERITY_LABELS.get(r.severity, r.severity)
        where = r.cell if r.code != "INPUT" else ""
        lines.append(f"{(r.project or r.file)[:24]:<24}  {where:<10}  {r.code:<22}  {label:<4}  "
                     f"{r.message}")
    lines.append(f"共 {len(result.projects)} 个项目：错误 {result.count(ERROR)} 条，"
                 f"警告 {result.count(WARNING)} 条，提示 {result.count('info')} 条。")
    return "\n".join(lines)
