"""The data format as a workbook a clerk can fill by hand in Excel.

Sheet 项目: one row per project — 项目名称, 主管部门, 实施单位, 年度, the twelve funding
numbers, the funding 分值 and stated 执行率 / 资金得分, 预期目标, 实际完成情况, stated 总分 / 等级,
备注. Sheet 指标: one row per indicator — 项目名称, 一级, 二级, 三级, 年度指标值, 实际完成值, 分值,
得分 (blank: use the suggested score), 偏差原因. Sheet 说明: how to fill it, and the 单位.
Columns are found by their header, so their order does not matter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.worksheet.datavalidation import DataValidation

from pyfuncs.engine import (
    FUND_COLUMNS,
    FUND_ROWS,
    INDICATOR_FIELDS,
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

from ..untrusted import Extent, UntrustedFileError, check_workbook, unreadable
from .dataset import DataSet, DataStream, Place, common_year, forms_from_records

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
    """The data set read whole, as a stream."""
    return DataStream.of(read(path))


def read(path: Path) -> DataSet:
    """Read a data workbook; problems name the sheet, row and column."""
    file = path.name
    try:
        extents = check_workbook(path)
        wb = load_workbook(path, read_only=True, data_only=True)
    except UntrustedFileError as exc:
        return DataSet(problems=[Place(file).problem(str(exc))])
    except Exception as exc:  # openpyxl's many ways of saying "not a workbook I can read"
        return DataSet(problems=[Place(file).problem(unreadable(exc))])
    try:
        tables: dict[str, tuple[list[str], list[tuple[int, list[Any]]]]] = {}
        problems: list[Located] = []
        for sheet in (PROJECTS, INDICATORS):
            if sheet not in wb.sheetnames:
                problems.append(Place(file).problem(f"缺少工作表“{sheet}”。"))
                continue
            tables[sheet] = _table(wb[sheet], extents.get(sheet, Extent()))
            headers = tables[sheet][0]
            for need in REQUIRED[sheet]:
                if need not in headers:
                    problems.append(Place(file, sheet, 1).problem(f"缺少“{need}”列。"))
        if problems:
            return DataSet(problems=problems)
        unit = _cell(wb[NOTES][UNIT_CELL].value) if NOTES in wb.sheetnames else ""
    except Exception as exc:   # a part openpyxl cannot parse, met while reading
        return DataSet(problems=[Place(file).problem(unreadable(exc))])
    finally:
        wb.close()
    return _records(file, tables, unit)


def _table(ws, extent: Extent) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Headers and the non-empty rows (with their row numbers), read no further than the
    sheet's measured extent — the size the sheet claims for itself is not trusted."""
    rows = ws.iter_rows(max_row=max(1, extent.rows), max_col=max(1, extent.columns))
    headers = [str(h.value).strip() if h.value is not None else "" for h in next(rows, ())]
    body = []
    for n, cells in enumerate(rows, start=2):
        # a typed 95% is 0.95 in a %-formatted cell: read back as typed
        values = [_cell(as_shown(c.value, getattr(c, "number_format", None))) for c in cells]
        if any(v is not None for v in values):
            body.append((n, values + [None] * (len(headers) - len(values))))
    return headers, body


def _cell(v: Any) -> Any:
    if isinstance(v, str):
        v = v.strip()
        return v or None
    return v


def _records(file: str, tables, unit: str) -> DataSet:
    p_head, p_rows = tables[PROJECTS]
    i_head, i_rows = tables[INDICATORS]
    col_p = {h: k for k, h in enumerate(p_head) if h}
    col_i = {h: k for k, h in enumerate(i_head) if h}
    letters = {PROJECTS: {h: _letter(k) for h, k in col_p.items()},
               INDICATORS: {h: _letter(k) for h, k in col_i.items()}}
    problems: list[Located] = []
    records: list[dict[str, Any]] = []
    where: list[tuple[int, list[int]]] = []        # per record: its row, its indicator rows
    index: dict[str, int] = {}
    for n, values in p_rows:
        get = {h: values[k] for h, k in col_p.items()}
        rec: dict[str, Any] = {h: get.get(h) for h in PROJECT_HEADERS if h not in FUND_HEADERS}
        rec["资金"] = {row: [get.get(f"{row}（{col}）") for col in FUND_COLUMNS] for row in FUND_ROWS}
        rec["指标"] = []
        name = str(rec.get("项目名称") or "")
        index.setdefault(name, len(records))
        records.append(rec)
        where.append((n, []))
    for n, values in i_rows:
        get = {h: values[k] for h, k in col_i.items()}
        name = str(get.get("项目名称") or "")
        if name not in index:
            column = f"{letters[INDICATORS]['项目名称']} 列（项目名称）"
            problems.append(Place(file, INDICATORS, n, column).problem(f"“{name}”不在“项目”表中，本行未处理。", name))
            continue
        k = index[name]
        records[k]["指标"].append({f: get.get(f) for f in INDICATOR_FIELDS})
        where[k][1].append(n)

    def place(i: int, field: str, row: int | None) -> Place:
        if row is None:   # a project field; funding fields are named like their headers
            col = letters[PROJECTS].get(field, "")
            return Place(file, PROJECTS, where[i][0], f"{col} 列（{field}）" if col else field)
        col = letters[INDICATORS].get(field, "")
        return Place(file, INDICATORS, where[i][1][row], f"{col} 列（{field}）" if col else field)

    forms = forms_from_records(records, place, problems)
    return DataSet(forms, unit, common_year(forms), problems)


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
