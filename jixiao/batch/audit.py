"""`jixiao audit`: recompute every form, compare with what it states, list the findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pyfuncs.engine import ERROR, WARNING, evaluate_form, load_profile
from pyfuncs.engine.findings import Located, tally, tally_text
from services.atomic import refuse_overwriting_inputs
from workbook.foreign import FUNDING

from .parallel import ordered_map
from .report import write_report
from .sources import find_forms


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
    unit: str = ""
    year: str = ""
    profile: str = ""

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
    result = AuditResult(rows=list(found.problems), unit=found.unit,
                         year=next((str(ff.form.year) for ff in found.forms if ff.form.year), ""),
                         profile=profile.name)
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
          report: Path | None = None) -> AuditResult:
    """Audit forms and data files; one unreadable input does not stop the others.

    Args:
        inputs: filled workbooks (ours or in the official layout) and data files.
        profile: the scoring profile name or path.
        jobs: worker processes (default: one per core).
        report: also write the findings to this `.xlsx`, `.pdf` or `.json` file
            (:mod:`jixiao.batch.report`).
    """
    total = AuditResult(profile=load_profile(profile).name)   # a bad profile fails here
    if report is not None:
        refuse_overwriting_inputs(report, list(inputs))
    for part in ordered_map(audit_file, [(Path(p), profile) for p in inputs], jobs=jobs,
                            label="审核中"):
        total.rows += part.rows
        total.projects += part.projects
        total.unit, total.year = total.unit or part.unit, total.year or part.year
    if report is not None:
        write_report(total, Path(report), {Path(p).name: Path(p) for p in inputs})
    return total


def format_table(result: AuditResult) -> str:
    """The findings as a plain table for the terminal, then the totals."""
    lines = [f"{'项目':<24}  {'单元格':<10}  {'代码':<22}  {'严重程度':<4}  说明"]
    for r in result.rows:
        lines.append(f"{(r.project or r.file)[:24]:<24}  {r.cell:<10}  {r.code:<22}  "
                     f"{r.severity_label:<4}  {r.message}")
    lines.append(result.totals)
    return "\n".join(lines)
