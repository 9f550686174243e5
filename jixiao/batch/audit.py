"""`jixiao audit`: recompute every form, compare with what it states, list the findings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from openpyxl import Workbook

from pyfuncs.engine import ERROR, WARNING, evaluate_form, load_profile
from pyfuncs.engine.findings import SEVERITY_LABELS, Located, tally, tally_text
from services.atomic import (
    refuse_overwriting,
    refuse_overwriting_inputs,
    refuse_suffix,
    write_atomically,
)
from services.formats import Place
from workbook import styles as S
from workbook.cells import set_value
from workbook.foreign import FUNDING
from workbook.layout import results as R
from workbook.results_sheet import result_cells

from ..usage import UsageError
from .parallel import ordered_map
from .sources import find_forms

REPORT_SUFFIXES = (".xlsx", ".json")


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
    rows: list[Located] = field(default_factory=list)
    projects: list[ProjectSummary] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(r.severity == ERROR for r in self.rows)

    def count(self, severity: str) -> int:
        return sum(r.severity == severity for r in self.rows)

    @property
    def totals(self) -> str:
        """`共 15 个项目：错误 7 条，警告 4 条，提示 0 条。`"""
        return f"共 {len(self.projects)} 个项目：{tally_text(tally(self.rows), '条')}。"


def audit_file(args: tuple[Path, str | None]) -> AuditResult:
    """Audit every form in one input (runs in a worker process)."""
    path, profile_name = args
    profile = load_profile(profile_name)
    found = find_forms(path)
    result = AuditResult(rows=list(found.problems))
    for ff in found.forms:
        r = evaluate_form(ff.form, profile, blank_is_suggested=ff.blank_is_suggested)
        found_here = [f.at(file=ff.file, sheet=ff.sheet, project=ff.form.name,
                           cell=ff.cell_of(f.field, f.row)) for f in ff.findings(r)]
        result.rows += found_here
        counts = tally(found_here)
        # a partly read form shows no figure as if it had been read whole
        whole = not ff.missing
        funding = FUNDING not in ff.missing
        result.projects.append(ProjectSummary(
            ff.file, ff.sheet, ff.form.name, r.funding.rate if funding else None,
            r.funding.score if funding else None, r.total if whole else None,
            r.grade if whole else None, counts.get(ERROR, 0), counts.get(WARNING, 0)))
    return result


def audit(inputs: Sequence[Path], *, profile: str | None = None, jobs: int | None = None,
          report: Path | None = None, force: bool = True) -> AuditResult:
    """Audit forms and data files; one unreadable input does not stop the others.

    Args:
        inputs: filled workbooks (ours or in the official layout) and data files.
        profile: the scoring profile name or path.
        jobs: worker processes (default: one per core).
        report: also write the findings to this `.xlsx` or `.json` file.
        force: replace a `report` that already exists (without it, it is refused first).
    """
    load_profile(profile)       # a bad profile fails here, once, in Chinese
    if report is not None:
        refuse_suffix(report, REPORT_SUFFIXES, "审核报告")
        refuse_overwriting_inputs(report, list(inputs))
        refuse_overwriting([Path(report)], force)
    total = AuditResult()
    for part in ordered_map(audit_file, [(Path(p), profile) for p in inputs], jobs=jobs,
                            label="审核中", on_failure=_failed):
        total.rows += part.rows
        total.projects += part.projects
    if report is not None:
        write_report(total, Path(report))
    return total


def _failed(job: tuple[Path, str | None], message: str) -> AuditResult:
    """An input whose worker died or failed: reported as such, the others go on."""
    return AuditResult(rows=[Place(job[0].name).problem(message)])


def write_report(result: AuditResult, path: Path) -> Path:
    """The findings as `.json` or as a workbook: 检查结果 laid out as 检查全部 writes it
    (:mod:`workbook.layout.results`), and 项目汇总."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        doc = {"检查结果": [asdict(r) for r in result.rows],
               "项目": [asdict(p) for p in result.projects]}
        return write_atomically(path, lambda tmp: tmp.write_text(
            json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8"))
    if suffix != ".xlsx":
        raise UsageError(f"报告只能保存为 .xlsx 或 .json，不支持 {path.suffix}。")
    wb = Workbook()
    _results(wb.active, result)
    _table(wb.create_sheet("项目汇总"),
           ("文件", "工作表", "项目", "执行率", "资金得分", "总分", "等级",
            SEVERITY_LABELS[ERROR], SEVERITY_LABELS[WARNING]),
           [(p.file, p.sheet, p.project, p.rate, p.funding_score, p.total, p.grade, p.errors,
             p.warnings) for p in result.projects], widths=(24, 24, 36, 10, 10, 10, 8, 8, 8))
    return write_atomically(path, wb.save)


def _results(ws, result: AuditResult) -> None:
    """The 检查结果 sheet, from the cells 检查全部 writes too."""
    ws.title = R.SHEET
    for ref, value in result_cells(result.rows, result.totals).items():
        set_value(ws[ref], value)
    for col in R.COLUMNS.values():
        cell = ws[f"{col}{R.HEADER_ROW}"]
        cell.font, cell.fill = S.BOLD, S.HEADER_FILL
    for col, width in R.WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{R.FIRST_ROW}"
    last = R.FIRST_ROW + len(result.rows) - 1
    ws.auto_filter.ref = f"A{R.HEADER_ROW}:{R.LAST_COLUMN}{max(R.HEADER_ROW, last)}"


def _table(ws, headers, rows, widths) -> None:
    for k, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(1, k, h)
        cell.font, cell.fill = S.BOLD, S.HEADER_FILL
        ws.column_dimensions[R.column_letter(k)].width = w
    for r, row in enumerate(rows, start=2):
        for k, v in enumerate(row, start=1):
            set_value(ws.cell(r, k), v)
    ws.freeze_panes = R.TABLE_FREEZE
    ws.auto_filter.ref = R.table_span(len(headers), len(rows))


def format_table(result: AuditResult) -> str:
    """The findings as a plain table for the terminal, then the totals."""
    lines = [f"{'项目':<24}  {'单元格':<10}  {'代码':<22}  {'严重程度':<4}  说明"]
    for r in result.rows:
        lines.append(f"{(r.project or r.file)[:24]:<24}  {r.cell:<10}  {r.code:<22}  "
                     f"{r.severity_label:<4}  {r.message}")
    lines.append(result.totals)
    return "\n".join(lines)
