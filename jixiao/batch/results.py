"""What `jixiao audit` finds: the findings and one summary line per project — read by the
terminal table, the report and the JSON."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyfuncs.engine import ERROR
from pyfuncs.engine.findings import Located, tally, tally_text


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
