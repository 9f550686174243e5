"""One 项目支出绩效自评表 as data: what the form holds, before anything is computed.

Values are kept as typed (a number, a text, or None for a blank cell): the engine reads them,
so text in a number cell becomes a finding rather than an error on load. Field names are the
form's own Chinese labels; they are also the keys of the project's data files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .record import field, record

Cell = float | int | str | None

FUND_ROWS = ("年度资金总额", "本年财政拨款", "上年结转资金", "其他资金")
FUND_COLUMNS = ("年初预算数", "全年预算数", "全年执行数")
INDICATOR_FIELDS = ("一级", "二级", "三级", "年度指标值", "实际完成值", "分值", "得分", "偏差原因")


@record
class Funding:
    """项目资金（万元）: four rows × three columns, the 分值 and the stated rate and score.

    Attributes:
        amounts: row name (:data:`FUND_ROWS`) → [年初预算数, 全年预算数, 全年执行数].
        weight: the 分值 cell (None: the profile's).
        stated_rate: the 执行率 the form shows (`82.3%`, 0.823) or None.
        stated_score: the 得分 the form shows, or None.
    """

    amounts: dict[str, list[Cell]] = field(
        default_factory=lambda: {r: [None, None, None] for r in FUND_ROWS})
    weight: Cell = None
    stated_rate: Cell = None
    stated_score: Cell = None

    def cell(self, row: str, column: str) -> Cell:
        return self.amounts[row][FUND_COLUMNS.index(column)]


@record
class Indicator:
    """One row of the 绩效指标 table."""

    level1: str = ""
    level2: str = ""
    level3: str = ""
    target: Cell = None
    actual: Cell = None
    weight: Cell = None
    score: Cell = None
    remark: str = ""

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> Indicator:
        """Build from a record keyed by :data:`INDICATOR_FIELDS`."""
        return cls(
            level1=cell_text(rec.get("一级")), level2=cell_text(rec.get("二级")),
            level3=cell_text(rec.get("三级")), target=rec.get("年度指标值"),
            actual=rec.get("实际完成值"), weight=rec.get("分值"), score=rec.get("得分"),
            remark=cell_text(rec.get("偏差原因")),
        )

    def to_record(self) -> dict[str, Cell]:
        """The record of the data format, keyed by :data:`INDICATOR_FIELDS`."""
        return dict(zip(INDICATOR_FIELDS, (
            self.level1, self.level2, self.level3, self.target, self.actual, self.weight,
            self.score, self.remark), strict=True))


@record
class Form:
    """A whole project form.

    Attributes:
        name: 项目名称. department: 主管部门. unit: 实施单位. year: 年度.
        funding: the funding block.
        goal: 年度总体目标 — 预期目标. outcome: 实际完成情况.
        indicators: the 绩效指标 rows, in form order.
        stated_total: the 总分 the form shows. stated_grade: the 等级 it shows, if any.
        note: 备注 (from the cover list).
    """

    name: str = ""
    department: str = ""
    unit: str = ""
    year: Cell = None
    funding: Funding = field(default_factory=Funding)
    goal: str = ""
    outcome: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    stated_total: Cell = None
    stated_grade: str = ""
    note: str = ""

    @classmethod
    def from_record(cls, rec: Mapping[str, Any]) -> Form:
        """Build from a project record of the data format (`jixiao/examples/seed-2023.json`)."""
        amounts = {r: [None, None, None] for r in FUND_ROWS}
        for row, values in (rec.get("资金") or {}).items():
            if row in amounts and isinstance(values, Sequence) and not isinstance(values, str):
                amounts[row] = [*values, None, None, None][:3]
        funding = Funding(amounts, rec.get("资金分值"), rec.get("执行率"), rec.get("资金得分"))
        return cls(
            name=cell_text(rec.get("项目名称")), department=cell_text(rec.get("主管部门")),
            unit=cell_text(rec.get("实施单位")), year=rec.get("年度"), funding=funding,
            goal=cell_text(rec.get("预期目标")), outcome=cell_text(rec.get("实际完成情况")),
            indicators=[Indicator.from_record(r) for r in rec.get("指标") or []],
            stated_total=rec.get("总分"), stated_grade=cell_text(rec.get("等级")),
            note=cell_text(rec.get("备注")),
        )


    def to_record(self) -> dict[str, Any]:
        """The project record of the data format (what :meth:`from_record` reads)."""
        return {
            "项目名称": self.name, "主管部门": self.department, "实施单位": self.unit,
            "年度": self.year,
            "资金": {row: list(values) for row, values in self.funding.amounts.items()},
            "资金分值": self.funding.weight, "执行率": self.funding.stated_rate,
            "资金得分": self.funding.stated_score,
            "预期目标": self.goal, "实际完成情况": self.outcome,
            "指标": [ind.to_record() for ind in self.indicators],
            "总分": self.stated_total, "等级": self.stated_grade, "备注": self.note,
        }


def cell_text(value: object) -> str:
    """A text field as read from a cell: blank is "", a whole float (Excel's 2023.0) is "2023"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
