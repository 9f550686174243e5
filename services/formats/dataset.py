"""The data a batch job reads and writes: a set of project records, and what was wrong with them.

Every format (one module each) turns its file into records — the project record of
:meth:`pyfuncs.engine.Form.to_record` — and says where each record's fields came from, so a
problem names its exact place: file, sheet, row and column.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from pyfuncs.engine import ERROR, FUND_COLUMNS, FUND_ROWS, WARNING, Form
from pyfuncs.engine.findings import Located
from pyfuncs.engine.record import field, record
from pyfuncs.engine.units import read_number
from workbook.cells import has_unwritable
from workbook.layout import ROOM
from workbook.names import MAX_LENGTH

from ..limits import MAX_TEXT

INPUT = "INPUT"
"""The code of a problem with an input file, as opposed to a finding on a form."""


@record(frozen=True)
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


@record
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
_CONTROL_TEXT = "含有工作簿不能保存的控制字符，写入工作簿时已删除"


def forms_from_records(records: Sequence[dict[str, Any]], place_of: PlaceOf,
                       problems: list[Located]) -> list[Form]:
    """Check each record and build its form; a record with an error is reported and left out.

    Args:
        records: project records, in file order.
        place_of: where each field of each record came from.
        problems: where the problems found are appended.
    """
    check = RecordCheck(place_of, problems)
    return [Form.from_record(rec) for i, rec in enumerate(records) if check(i, rec)]


class RecordCheck:
    """Checks project records one at a time, in file order, so a data file can be read as a
    stream: only the names seen so far are kept (a name seen before is a duplicate)."""

    def __init__(self, place_of: PlaceOf, problems: list[Located]) -> None:
        self.place_of, self.problems = place_of, problems
        self.seen: dict[str, int] = {}

    def __call__(self, i: int, rec: Any) -> bool:
        """Whether record `i` makes a form; its problems are appended to `problems`."""
        place_of = self.place_of
        if not isinstance(rec, dict):
            self.problems.append(place_of(i, "", None).problem(
                f"应为一个项目记录 {{\"项目名称\": …}}，不是{_kind(rec)}，本项目未处理。"))
            return False
        found = _check_record(i, rec, place_of)
        name = rec.get("项目名称")
        name = str(name or "").strip() if _scalar(name) else ""
        if name and name in self.seen:
            found.append(place_of(i, "项目名称", None).problem(
                f"项目名称“{name}”与第 {self.seen[name] + 1} 个项目重复，本项目未处理。", name))
        self.seen.setdefault(name, i)
        self.problems += found
        return not any(p.severity == ERROR for p in found)


@record
class DataStream:
    """A data file read as a stream: checked whole first — its problems, unit and year, the
    names of the projects it holds — then its forms built one at a time as they are asked for,
    so that no more than one project of a large file is held at once.

    `forms()` reads the file again (a second pass); it yields exactly the projects `names`
    lists, in that order.
    """

    unit: str = ""
    year: Any = None
    problems: list[Located] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    read_forms: Callable[[], Iterator[Form]] | None = None

    def forms(self) -> Iterator[Form]:
        return iter(()) if self.read_forms is None else self.read_forms()

    def data_set(self) -> DataSet:
        """Everything at once (small files, or callers that need the whole list)."""
        return DataSet(list(self.forms()), self.unit, self.year, list(self.problems))

    @classmethod
    def of(cls, data: DataSet) -> DataStream:
        """A data set already read whole, as a stream."""
        forms = list(data.forms)
        return cls(data.unit, data.year, list(data.problems), [f.name for f in forms],
                   lambda: iter(forms))


class Years:
    """The 年度 all projects share (:func:`common_year`), gathered one form at a time."""

    def __init__(self) -> None:
        self.years: set[Any] = set()

    def add(self, form: Form) -> None:
        if form.year not in (None, "") and len(self.years) < 2:
            self.years.add(form.year)

    @property
    def common(self) -> Any:
        return next(iter(self.years)) if len(self.years) == 1 else None


def _scalar(value: Any) -> bool:
    """One value a cell can hold (a date typed in a data workbook included)."""
    return value is None or isinstance(value, str | int | float | bool | datetime.date
                                       | datetime.time | datetime.timedelta)


def _check_record(i: int, rec: dict[str, Any], place_of: PlaceOf) -> list[Located]:
    """Shape first (a list where a number belongs is refused at its place), then values."""
    raw_name = rec.get("项目名称")
    name = str(raw_name or "").strip() if _scalar(raw_name) else ""
    out: list[Located] = []
    control: list[tuple[str, int | None]] = []     # fields holding control characters

    def error(field_: str, message: str, row: int | None = None) -> None:
        out.append(place_of(i, field_, row).problem(message, name))

    for key, value in rec.items():
        if key not in ("资金", "指标") and not _scalar(value):
            error(key, f"应为一个数或一段文字，不是{_kind(value)}，本项目未处理。")
        elif isinstance(value, str) and len(value) > MAX_TEXT:
            error(key, f"有 {len(value)} 个字，超过一个单元格能容纳的 {MAX_TEXT} 个，本项目未处理。")
        elif has_unwritable(value):
            control.append((key, None))
    if out and any(p.severity == ERROR for p in out):
        return out
    if not name:
        error("项目名称", "项目名称为空，本项目未处理。")
    elif len(name) > MAX_LENGTH:
        out.append(place_of(i, "项目名称", None).problem(
            f"项目名称有 {len(name)} 个字，工作表名称将截为前 {MAX_LENGTH} 个字。", name, WARNING))
    year, ok = read_number(rec.get("年度"))
    if not ok or (year is not None and not year.is_integer()):
        error("年度", f"年度“{rec.get('年度')}”不是年份。")
    funding = rec.get("资金") or {}
    if not isinstance(funding, dict):
        error("资金", f"资金应为 {{\"年度资金总额\": [年初预算数, 全年预算数, 全年执行数], …}}，"
                    f"不是{_kind(funding)}，本项目未处理。")
        funding = {}
    for row in FUND_ROWS:
        values = funding.get(row)
        if values is None:
            continue
        if not isinstance(values, list) or len(values) > len(FUND_COLUMNS):
            error(row, f"{row}应为三个数 [年初预算数, 全年预算数, 全年执行数]，不是{_kind(values)}，"
                       "本项目未处理。")
            continue
        for col, value in zip(FUND_COLUMNS, values, strict=False):
            if not _scalar(value):
                error(f"{row}（{col}）", f"应为金额（万元），不是{_kind(value)}，本项目未处理。")
            elif not read_number(value)[1]:
                error(f"{row}（{col}）", f"“{_show(value)}”不是数字：资金栏填写金额（万元）。")
    for key in _NUMBER_FIELDS:
        if not read_number(rec.get(key))[1]:
            error(key, f"“{rec.get(key)}”不是数字。")
    indicators = rec.get("指标") or []
    if not isinstance(indicators, list):
        error("指标", f"指标应为一个列表 [{{\"一级\": …, \"分值\": …}}, …]，不是{_kind(indicators)}，"
                    "本项目未处理。")
        return out
    if len(indicators) > ROOM:
        error("指标", f"有 {len(indicators)} 行绩效指标，模板最多 {ROOM} 行，本项目未处理。")
        return out
    _check_indicators(indicators, error, control)
    if control:     # one warning for the project, at the first such field
        more = f"（共 {len(control)} 处）" if len(control) > 1 else ""
        out.append(place_of(i, *control[0]).problem(f"{_CONTROL_TEXT}{more}。", name, WARNING))
    return out


def _check_indicators(indicators: list[Any], error: Callable[..., None],
                      control: list[tuple[str, int | None]]) -> None:
    for j, ind in enumerate(indicators):
        if not isinstance(ind, dict):
            error("指标", f"应为一行指标 {{\"一级\": …, \"分值\": …}}，不是{_kind(ind)}，本项目未处理。", j)
            continue
        for key, value in ind.items():
            if not _scalar(value):
                error(str(key), f"应为一个数或一段文字，不是{_kind(value)}，本项目未处理。", j)
            elif isinstance(value, str) and len(value) > MAX_TEXT:
                error(str(key), f"有 {len(value)} 个字，超过一个单元格能容纳的 {MAX_TEXT} 个，本项目未处理。", j)
            elif has_unwritable(value):
                control.append((str(key), j))
        for key in ("分值", "得分"):
            value = ind.get(key)
            if _scalar(value) and not read_number(value)[1]:
                error(key, f"“{value}”不是数字。", j)


def _kind(value: Any) -> str:
    """What a misplaced value is, in the clerk's words."""
    if isinstance(value, dict):
        return "一组键值（{…}）"
    if isinstance(value, list):
        return f"一个有 {len(value)} 项的列表"
    if isinstance(value, str):
        return f"文字“{_show(value)}”"
    if value is None:
        return "空值"
    return f"“{_show(value)}”"


def _show(value: Any, room: int = 30) -> str:
    """A value as quoted in a message, cut short."""
    text = str(value)
    return text if len(text) <= room else text[:room] + "…"


class FormSink:
    """Where forms go as they are read, to become one data file at the end: the formats that
    are one document (JSON, YAML) keep each project's text in a temporary file
    (:class:`Spool`), so memory does not grow with the number of projects; the data workbook
    keeps the forms (this class) and is written at the end."""

    def __init__(self) -> None:
        self.forms: list[Form] = []

    def add(self, form: Form) -> None:
        self.forms.append(form)

    def write(self, path: Any, unit: str, year: Any,
              write_set: Callable[[DataSet, Any], None]) -> None:
        write_set(DataSet(self.forms, unit, year), path)

    def close(self) -> None:
        self.forms = []
