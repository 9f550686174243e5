"""The data a batch job reads and writes: a set of project records, and what was wrong with them.

Every format (one module each) turns its file into records — the project record of
:meth:`pyfuncs.engine.Form.to_record` — and says where each record's fields came from, so a
problem names its exact place: file, sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyfuncs.engine import ERROR, FUND_COLUMNS, FUND_ROWS, WARNING, Form
from pyfuncs.engine.findings import Located
from pyfuncs.engine.units import read_number
from workbook.layout import ROOM
from workbook.names import MAX_LENGTH

INPUT = "INPUT"
"""The code of a problem with an input file, as opposed to a finding on a form."""


@dataclass(frozen=True)
class Place:
    """Where a value was read from: a file, a sheet, a row, a column."""

    file: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    @property
    def cell(self) -> str:
        """`第 3 行 B 列（项目名称）`: the row and column, the parts there are."""
        parts = [f"第 {self.row} 行" if self.row is not None else "", self.column]
        return " ".join(p for p in parts if p)

    def problem(self, message: str, project: str = "", severity: str = ERROR) -> Located:
        """A problem with the input found here; an error keeps its project out of the job."""
        return Located(self.file, self.sheet, project, self.cell, INPUT, severity, message)


@dataclass
class DataSet:
    """Projects read from one data file (or to be written to one)."""

    forms: list[Form] = field(default_factory=list)
    unit: str = ""
    year: Any = None
    problems: list[Located] = field(default_factory=list)

    def to_document(self) -> dict[str, Any]:
        """The JSON / YAML document: 单位, 年度 and one record per project."""
        return {"单位": self.unit, "年度": self.year,
                "项目": [f.to_record() for f in self.forms]}


def common_year(forms: Sequence[Form]) -> Any:
    """The document's 年度 where it keeps none of its own (a workbook): the year all its
    projects share, else None."""
    years = {f.year for f in forms if f.year not in (None, "")}
    return years.pop() if len(years) == 1 else None


PlaceOf = Callable[[int, str, int | None], Place]
"""(project index, field, indicator index or None) → where that field was read."""

_NUMBER_FIELDS = ("资金分值", "执行率", "资金得分", "总分")


def forms_from_records(records: Sequence[dict[str, Any]], place_of: PlaceOf,
                       problems: list[Located]) -> list[Form]:
    """Check each record and build its form; a record with an error is reported and left out.

    Args:
        records: project records, in file order.
        place_of: where each field of each record came from.
        problems: where the problems found are appended.
    """
    forms: list[Form] = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(records):
        found = _check_record(i, rec, place_of)
        name = str(rec.get("项目名称") or "").strip()
        if name and name in seen:
            found.append(place_of(i, "项目名称", None).problem(
                f"项目名称“{name}”与第 {seen[name] + 1} 个项目重复，本项目未处理。", name))
        seen.setdefault(name, i)
        problems += found
        if not any(p.severity == ERROR for p in found):
            forms.append(Form.from_record(rec))
    return forms


def _check_record(i: int, rec: dict[str, Any], place_of: PlaceOf) -> list[Located]:
    name = str(rec.get("项目名称") or "").strip()
    out: list[Located] = []

    def error(field_: str, message: str, row: int | None = None) -> None:
        out.append(place_of(i, field_, row).problem(message, name))

    if not name:
        error("项目名称", "项目名称为空，本项目未处理。")
    elif len(name) > MAX_LENGTH:
        out.append(place_of(i, "项目名称", None).problem(
            f"项目名称有 {len(name)} 个字，工作表名称将截为前 {MAX_LENGTH} 个字。", name, WARNING))
    year, ok = read_number(rec.get("年度"))
    if not ok or (year is not None and not year.is_integer()):
        error("年度", f"年度“{rec.get('年度')}”不是年份。")
    funding = rec.get("资金") or {}
    for row in FUND_ROWS:
        values = funding.get(row) or [None, None, None]
        for col, value in zip(FUND_COLUMNS, values, strict=False):
            if not read_number(value)[1]:
                error(f"{row}（{col}）", f"“{value}”不是数字：资金栏填写金额（万元）。")
    for key in _NUMBER_FIELDS:
        if not read_number(rec.get(key))[1]:
            error(key, f"“{rec.get(key)}”不是数字。")
    indicators = rec.get("指标") or []
    if len(indicators) > ROOM:
        error("指标", f"有 {len(indicators)} 行绩效指标，模板最多 {ROOM} 行，本项目未处理。")
    for j, ind in enumerate(indicators):
        for key in ("分值", "得分"):
            if not read_number(ind.get(key))[1]:
                error(key, f"“{ind.get(key)}”不是数字。", j)
    return out
