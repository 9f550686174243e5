"""What `jixiao audit` finds: the findings and one summary line per project — read by the
terminal table, the report and the JSON."""

from __future__ import annotations

from collections import Counter

from pyfuncs.engine import ERROR
from pyfuncs.engine.findings import Located, tally, tally_text
from pyfuncs.engine.record import field, record


@record
class ProjectSummary:
    """One project's figures in an audit (a docstring: without one, the class's creation
    computes its signature for it, at every start-up)."""

    file: str
    sheet: str
    project: str
    rate: float | None
    funding_score: float | None
    total: float | None
    grade: str | None
    errors: int
    warnings: int


@record
class AuditResult:
    """Findings and project summaries; with results streamed (handed on as each input is
    done), the parts not kept are only counted: `passed` projects, `passed_rows` findings."""

    rows: list[Located] = field(default_factory=list)
    projects: list[ProjectSummary] = field(default_factory=list)
    unit: str = ""
    year: str = ""
    profile: str = ""
    passed: int = 0
    passed_rows: Counter[str] = field(default_factory=Counter)

    def add(self, part: AuditResult, *, keep: bool = True) -> None:
        """Take in one input's result: kept whole, or only counted."""
        if keep:
            self.rows += part.rows
            self.projects += part.projects
        else:
            self.passed += len(part.projects)
            self.passed_rows.update(r.severity for r in part.rows)
        self.unit, self.year = self.unit or part.unit, self.year or part.year

    @property
    def has_errors(self) -> bool:
        return self.count(ERROR) > 0

    def count(self, severity: str) -> int:
        return sum(r.severity == severity for r in self.rows) + self.passed_rows[severity]

    @property
    def totals(self) -> str:
        """`共 15 个项目：错误 7 条，警告 4 条，提示 0 条。`"""
        counts = Counter(tally(self.rows)) + self.passed_rows
        return f"共 {len(self.projects) + self.passed} 个项目：{tally_text(counts, '条')}。"
