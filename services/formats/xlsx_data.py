"""The data format as a workbook a clerk can fill by hand in Excel.

Sheet 项目: one row per project — 项目名称, 主管部门, 实施单位, 年度, the twelve funding
numbers, the funding 分值 and stated 执行率 / 资金得分, 预期目标, 实际完成情况, stated 总分 / 等级,
备注. Sheet 指标: one row per indicator — 项目名称, 一级, 二级, 三级, 年度指标值, 实际完成值, 分值,
得分 (blank: use the suggested score), 偏差原因. Sheet 说明: how to fill it, and the 单位.
Columns are found by their header, so their order does not matter.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from pyfuncs.engine import (
    FUND_COLUMNS,
    FUND_ROWS,
    INDICATOR_FIELDS,
    Form,
    Profile,
    group_label,
    load_profile,
)
from pyfuncs.engine.findings import Located
from workbook import styles as S
from workbook.cells import set_value
from workbook.layout import data_book as D
from workbook.layout.project import TYPED_AS_TEXT
from workbook.numformats import as_shown

from ..extent import Extent
from ..untrusted import UntrustedFileError, check_workbook, unreadable
from .dataset import DataSet, DataStream, Place, RecordCheck, Years

PROJECTS, INDICATORS, NOTES, UNIT_CELL = D.PROJECTS, D.INDICATORS, D.NOTES, D.UNIT_CELL
FUND_HEADERS = {f"{row}（{col}）": (row, col) for row in FUND_ROWS for col in FUND_COLUMNS}
PROJECT_HEADERS = ("项目名称", "主管部门", "实施单位", "年度", *FUND_HEADERS, "资金分值", "执行率",
                   "资金得分", "预期目标", "实际完成情况", "总分", "等级", "备注")
INDICATOR_HEADERS = ("项目名称", *INDICATOR_FIELDS)
REQUIRED = {PROJECTS: ("项目名称",), INDICATORS: ("项目名称", "三级", "年度指标值", "实际完成值",
                                                  "分值")}
HELP = {
    "年度": "例如 2023", "资金分值": "预算执行率的分值，空白为 10",
    "执行率": "表上填报的执行率（如 82.3%），只用于审核；空白则不核对",
    "资金得分": "表上填报的资金得分，只用于审核", "总分": "表上填报的总分，只用于审核",
    "得分": "空白：使用建议得分；填数：作为填报得分（须在可得分范围内）",
    "一级": "如“产出指标 (50 分)”；同一一级指标下的各行都要填",
    "实际完成值": "数值（如 95%、20 次）或完成档次",
}
NOTES_TEXT = (
    "本工作簿是绩效自评表的数据文件：每个项目在“项目”表占一行，每行绩效指标在“指标”表占一行，",
    "两表用“项目名称”对应。金额单位为万元。“得分”留空时由工具计算建议得分。",
    "年度指标值写法示例：≥20 次、≤5 万元、=100%、不少于 10 次、60 家以上、按时完成。",
    "实际完成值：数值，或“达成预期指标 / 部分达成预期指标并具有一定效果 / 未达成预期指标且效果较差”。",
    "以“=”开头的文字（如 =10 万元）按文字保存，不会变成公式。",
)


def open_stream(path: Path) -> DataStream:
    """Check a data workbook project by project and return it as a stream whose forms are
    read again, row by row (openpyxl read-only), when asked for.

    A project's indicator rows are found by its name anywhere on 指标: a first pass counts
    them per name, and while the projects are read the indicator rows are read alongside, the
    rows of projects not yet reached set aside until they are. Rows grouped by project in the
    projects' order — as the data template is filled and as extract writes it — hold one
    project's rows at a time; rows in any other order cost only the rows set aside.
    """
    path = Path(path)
    file = path.name
    try:
        book = _Book(path)
    except UntrustedFileError as exc:
        return DataStream(problems=[Place(file).problem(str(exc))])
    except Exception as exc:  # openpyxl's many ways of saying "not a workbook I can read"
        return DataStream(problems=[Place(file).problem(unreadable(exc))])
    try:
        if book.problems:
            return DataStream(problems=book.problems)
        problems: list[Located] = []
        counts = book.count(problems)
        current: dict[int, tuple[int, list[int]]] = {}
        check = RecordCheck(book.place(current), problems)
        kept = bytearray()
        names: list[str] = []
        years = Years()
        for k, rec, where in book.records(counts):
            current.clear()
            current[k] = where
            ok = check(k, rec)
            kept.append(ok)
            if ok:
                form = Form.from_record(rec)
                names.append(form.name)
                years.add(form)
        unit = book.unit
    except Exception as exc:   # a part openpyxl cannot parse, met while reading
        return DataStream(problems=[Place(file).problem(unreadable(exc))])
    finally:
        book.close()

    def forms() -> Iterator[Form]:
        again = _Book(path)
        try:
            for k, rec, _where in again.records(counts):
                if kept[k]:
                    yield Form.from_record(rec)
        finally:
            again.close()

    return DataStream(unit, years.common, problems, names, forms)


class _Book:
    """A data workbook open read-only: its two tables read row by row."""

    def __init__(self, path: Path) -> None:
        self.file = path.name
        # streamed from the path, not held in memory: the rows are read no further than the
        # extents measured here (:meth:`_rows`), so a file replaced since is still bounded
        self.extents = check_workbook(path)
        self.wb = load_workbook(path, read_only=True, data_only=True)
        self.problems: list[Located] = []
        self.headers: dict[str, list[str]] = {}
        try:
            for sheet in (PROJECTS, INDICATORS):
                if sheet not in self.wb.sheetnames:
                    self.problems.append(Place(self.file).problem(f"缺少工作表“{sheet}”。"))
                    continue
                self.headers[sheet] = headers = next(self._rows(sheet, head=True))[1]
                for need in REQUIRED[sheet]:
                    if need not in headers:
                        self.problems.append(Place(self.file, sheet, 1).problem(f"缺少“{need}”列。"))
            self.unit = _cell(self.wb[NOTES][UNIT_CELL].value) if NOTES in self.wb.sheetnames \
                else ""
        except Exception:
            self.wb.close()
            raise
        if self.problems:
            return
        self.col = {sheet: {h: k for k, h in enumerate(self.headers[sheet]) if h}
                    for sheet in (PROJECTS, INDICATORS)}
        self.letters = {sheet: {h: _letter(k) for h, k in cols.items()}
                        for sheet, cols in self.col.items()}

    def close(self) -> None:
        self.wb.close()

    def _rows(self, sheet: str, head: bool = False) -> Iterator[tuple[int, list[Any]]]:
        """The header row (`head`), or the non-empty rows after it with their numbers, read no
        further than the sheet's measured extent — the size it claims is not trusted."""
        extent = self.extents.get(sheet, Extent())
        rows = self.wb[sheet].iter_rows(max_row=max(1, extent.rows),
                                        max_col=max(1, extent.columns))
        first = next(rows, ())
        if head:
            yield 1, [str(h.value).strip() if h.value is not None else "" for h in first]
            return
        width = len(self.headers[sheet])
        for n, cells in enumerate(rows, start=2):
            # a typed 95% is 0.95 in a %-formatted cell: read back as typed
            values = [_cell(as_shown(c.value, getattr(c, "number_format", None))) for c in cells]
            if any(v is not None for v in values):
                yield n, values + [None] * (width - len(values))

    def _name(self, sheet: str, values: list[Any]) -> str:
        return str(values[self.col[sheet]["项目名称"]] or "")

    def count(self, problems: list[Located]) -> dict[str, int]:
        """Indicator rows per project name; a row naming no project is reported."""
        self.first: dict[str, int] = {}
        for k, (_n, values) in enumerate(self._rows(PROJECTS)):
            self.first.setdefault(self._name(PROJECTS, values), k)
        counts: dict[str, int] = {}
        column = f"{self.letters[INDICATORS]['项目名称']} 列（项目名称）"
        for n, values in self._rows(INDICATORS):
            name = self._name(INDICATORS, values)
            if name in self.first:
                counts[name] = counts.get(name, 0) + 1
            else:
                problems.append(Place(self.file, INDICATORS, n, column).problem(
                    f"“{name}”不在“项目”表中，本行未处理。", name))
        return counts

    def records(self, counts: dict[str, int]
                ) -> Iterator[tuple[int, dict[str, Any], tuple[int, list[int]]]]:
        """Each project's record, its row and its indicator rows, in the 项目 sheet's order."""
        first = getattr(self, "first", None)
        if first is None:
            self.count([])
            first = self.first
        col_p, col_i = self.col[PROJECTS], self.col[INDICATORS]
        indicators = self._rows(INDICATORS)
        waiting: dict[str, list[tuple[int, list[Any]]]] = {}
        for k, (n, values) in enumerate(self._rows(PROJECTS)):
            get = {h: values[c] for h, c in col_p.items()}
            rec: dict[str, Any] = {h: get.get(h) for h in PROJECT_HEADERS if h not in FUND_HEADERS}
            rec["资金"] = {row: [get.get(f"{row}（{col}）") for col in FUND_COLUMNS]
                         for row in FUND_ROWS}
            name = str(rec.get("项目名称") or "")
            want = counts.get(name, 0) if first.get(name) == k else 0
            mine = waiting.pop(name, []) if want else []
            while len(mine) < want:
                m, ivalues = next(indicators)
                owner = self._name(INDICATORS, ivalues)
                if owner == name:
                    mine.append((m, ivalues))
                elif owner in first:
                    waiting.setdefault(owner, []).append((m, ivalues))
            rec["指标"] = [{f: ivalues[col_i[f]] if f in col_i else None for f in INDICATOR_FIELDS}
                         for _m, ivalues in mine]
            yield k, rec, (n, [m for m, _ in mine])

    def place(self, current: dict[int, tuple[int, list[int]]]):
        letters, file = self.letters, self.file

        def place(i: int, field: str, row: int | None) -> Place:
            n, rows = current[i]
            if row is None:   # a project field; funding fields are named like their headers
                col = letters[PROJECTS].get(field, "")
                return Place(file, PROJECTS, n, f"{col} 列（{field}）" if col else field)
            col = letters[INDICATORS].get(field, "")
            return Place(file, INDICATORS, rows[row], f"{col} 列（{field}）" if col else field)

        return place


def read(path: Path) -> DataSet:
    """Read a data workbook; problems name the sheet, row and column."""
    return open_stream(path).data_set()


def _cell(v: Any) -> Any:
    if isinstance(v, str):
        v = v.strip()
        return v or None
    return v


_letter = D.column_letter


def write(data: DataSet, path: Path, profile: Profile | None = None) -> None:
    """Write a data workbook (with dropdowns and notes); an empty data set is the blank one."""
    profile = profile or load_profile()
    wb = Workbook()
    notes = wb.active
    notes.title = NOTES
    notes[D.NOTES_TITLE_CELL] = "绩效自评表数据文件"
    notes[D.NOTES_TITLE_CELL].font = S.TITLE
    notes[D.NOTES_UNIT_LABEL_CELL] = "单位"
    notes[D.NOTES_UNIT_LABEL_CELL].font = S.BOLD
    set_value(notes[UNIT_CELL], data.unit)
    for k, line in enumerate(NOTES_TEXT):
        notes[D.notes_line(k)] = line
    for col, width in D.NOTES_WIDTHS.items():
        notes.column_dimensions[col].width = width

    projects = wb.create_sheet(PROJECTS)
    _headers(projects, PROJECT_HEADERS)
    for form in data.forms:
        rec = form.to_record()
        row = [rec.get(h) if h not in FUND_HEADERS else
               rec["资金"][FUND_HEADERS[h][0]][FUND_COLUMNS.index(FUND_HEADERS[h][1])]
               for h in PROJECT_HEADERS]
        _append(projects, row)

    indicators = wb.create_sheet(INDICATORS)
    _headers(indicators, INDICATOR_HEADERS)
    for form in data.forms:
        for ind in form.indicators:
            rec = ind.to_record()
            _append(indicators, [form.name, *(rec[f] for f in INDICATOR_FIELDS)])
    for field in TYPED_AS_TEXT:          # as in the template: a typed 95% stays 95%
        col = _letter(INDICATOR_HEADERS.index(field))
        indicators.column_dimensions[col].number_format = S.TEXT
        for cell in indicators[col][1:]:
            cell.number_format = S.TEXT
    _dropdowns(indicators, profile)
    wb.save(path)


def _headers(ws, headers: tuple[str, ...]) -> None:
    for k, h in enumerate(headers, start=1):
        cell = ws.cell(1, k, h)
        cell.font, cell.fill, cell.alignment = S.BOLD, S.HEADER_FILL, S.CENTER
        if h in HELP:
            cell.comment = Comment(HELP[h], "jixiao")
        ws.column_dimensions[_letter(k - 1)].width = 30 if h in (
            "项目名称", "三级", "预期目标", "实际完成情况", "偏差原因") else 14
    ws.freeze_panes = D.TABLE_FREEZE


def _append(ws, values: list[Any]) -> None:
    r = ws.max_row + 1
    for k, v in enumerate(values, start=1):
        set_value(ws.cell(r, k), v)


def _dropdowns(ws, profile: Profile) -> None:
    lists = {
        "一级": [group_label(g.name, g.weight) for g in profile.groups],
        "二级": list(dict.fromkeys(s for g in profile.groups for s in g.subgroups)),
        "实际完成值": [t.label for t in profile.tiers],
    }
    for field, values in lists.items():
        col = _letter(INDICATOR_HEADERS.index(field))
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                            showErrorMessage=False)
        dv.add(f"{col}2:{col}5000")
        ws.add_data_validation(dv)
