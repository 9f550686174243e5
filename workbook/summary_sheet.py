"""汇总: one line per project — budget, executed, 执行率, 资金得分, 总分, 等级 and how many
error and warning messages its check cells show."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from . import layout as L
from . import styles as S
from .cells import Formula
from .names import quoted

COLS = L.SUMMARY_COLUMNS


def _count(sheet: str, label: str) -> str:
    """How many times `【label】` appears in the project's check cells."""
    cells = f"{sheet}!{L.FORM_CHECK_CELL}:{L.CHECK_COLUMN}{L.LAST_ROW}"
    mark = f"【{label}】"
    return f'=SUMPRODUCT((LEN({cells})-LEN(SUBSTITUTE({cells},"{mark}","")))/LEN("{mark}"))'


def write_summary_sheet(ws: Worksheet, projects: Sequence[L.ProjectRef]) -> None:
    """Lay out 汇总 for `projects` (in order), with room for :data:`layout.PROJECT_ROOM`."""
    for col, width in L.SUMMARY_WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws["A1"] = "项目支出绩效自评汇总表"
    ws["A1"].font, ws["A1"].alignment = S.TITLE, S.CENTER
    ws.merge_cells(f"A1:{COLS['警告']}1")
    ws.row_dimensions[1].height = 32
    S.header_row(ws, L.SUMMARY_HEADER_ROW, COLS)
    for i in range(L.PROJECT_ROOM):
        project = projects[i] if i < len(projects) else None
        write_summary_row(ws, L.SUMMARY_FIRST_ROW + i, i + 1, project)
    _totals(ws)
    ws.print_area = f"A1:{COLS['警告']}{L.SUMMARY_TOTAL_ROW}"
    S.a4_one_page_wide(ws, landscape=True)
    ws.freeze_panes = f"A{L.SUMMARY_FIRST_ROW}"
    ws.protection.sheet = True


def summary_row_cells(r: int, number: int, project: L.ProjectRef | None) -> dict[str, object]:
    """What line `r` of 汇总 holds for `project` (all None for no project).

    The openpyxl builder and the macros (through xlwings) both write exactly this.
    """
    cells: dict[str, object] = {f"{col}{r}": None for col in COLS.values()}
    if project is None:
        return cells
    s = quoted(project.sheet)
    c = L.CELLS
    values = {
        "序号": number,
        "项目名称": Formula(f'={s}!{c["项目名称"]}&""'),
        "全年预算数": Formula(f"={s}!{c['资金.年度资金总额.全年预算数']}"),
        "全年执行数": Formula(f"={s}!{c['资金.年度资金总额.全年执行数']}"),
        "执行率": Formula(f'=IFERROR({s}!{c["资金.执行率"]},"")'),
        "资金得分": Formula(f'=IFERROR({s}!{c["资金.得分"]},"")'),
        "总分": Formula(f'=IFERROR({s}!{c["总分.得分"]},"")'),
        "等级": Formula(f'=IFERROR({s}!{c["等级"]},"")'),
        "错误": Formula(_count(s, "错误")),
        "警告": Formula(_count(s, "警告")),
    }
    cells.update({f"{COLS[k]}{r}": v for k, v in values.items()})
    return cells


def write_summary_row(ws: Worksheet, r: int, number: int, project: L.ProjectRef | None) -> None:
    """One project's line; blank (but styled) when there is no project for it."""
    S.list_line(ws, r, summary_row_cells(r, number, project),
                formats={COLS["执行率"]: S.PERCENT, COLS["资金得分"]: S.SCORE,
                         COLS["总分"]: S.SCORE},
                left=COLS["项目名称"])


def _totals(ws: Worksheet) -> None:
    r, first, last = L.SUMMARY_TOTAL_ROW, L.SUMMARY_FIRST_ROW, L.SUMMARY_TOTAL_ROW - 1
    ws[f"{COLS['序号']}{r}"] = "合计"
    ws.merge_cells(f"{COLS['序号']}{r}:{COLS['项目名称']}{r}")
    for key in ("全年预算数", "全年执行数", "错误", "警告"):
        col = COLS[key]
        ws[f"{col}{r}"] = f"=SUM({col}{first}:{col}{last})"
    budget, executed = COLS["全年预算数"], COLS["全年执行数"]
    ws[f"{COLS['执行率']}{r}"] = (
        f'=IFERROR(JX_EXEC_RATE({executed}{r},{budget}{r},{L.PROFILE_NAME}),"")')
    ws[f"{COLS['执行率']}{r}"].number_format = S.PERCENT
    for col in COLS.values():
        cell = ws[f"{col}{r}"]
        cell.font, cell.border, cell.alignment = S.BOLD, S.GRID, S.CENTER
