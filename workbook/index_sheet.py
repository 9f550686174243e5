"""目录: the cover list of a set of forms (序号 | 项目名称 | 备注, as the seed's first page), with
live 执行率 / 总分 / 等级 beside it, outside the print area."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from . import layout as L
from . import styles as S
from .cells import Formula
from .names import quoted

COLS = L.INDEX_COLUMNS


def write_index_sheet(ws: Worksheet, projects: Sequence[L.ProjectRef], unit: str = "") -> None:
    """Lay out 目录 for `projects` (in order), with room for :data:`layout.PROJECT_ROOM`."""
    for col, width in L.INDEX_WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws[L.INDEX_UNIT_CELL] = unit
    ws[L.INDEX_UNIT_CELL].font, ws[L.INDEX_UNIT_CELL].alignment = S.SUBTITLE, S.CENTER
    ws[L.INDEX_UNIT_CELL].fill, ws[L.INDEX_UNIT_CELL].protection = S.INPUT_FILL, S.UNLOCKED
    ws.merge_cells("A1:C1")
    ws["A2"] = "项目绩效自评表"
    ws["A2"].font, ws["A2"].alignment = S.TITLE, S.CENTER
    ws.merge_cells("A2:C2")
    ws.row_dimensions[1].height = 24
    ws.row_dimensions[2].height = 32
    S.header_row(ws, L.INDEX_HEADER_ROW, COLS)
    for i in range(L.PROJECT_ROOM):
        r = L.INDEX_FIRST_ROW + i
        project = projects[i] if i < len(projects) else None
        write_index_row(ws, r, i + 1, project)
    last = L.INDEX_FIRST_ROW + max(len(projects), 1) - 1
    ws.print_area = f"A1:C{last}"
    S.a4_one_page_wide(ws, landscape=False)
    ws.freeze_panes = f"A{L.INDEX_FIRST_ROW}"
    ws.protection.sheet = True


def index_row_cells(r: int, number: int, project: L.ProjectRef | None) -> dict[str, object]:
    """What line `r` of the cover list holds for `project` (all None for no project).

    The openpyxl builder and the macros (through xlwings) both write exactly this.
    """
    cells: dict[str, object] = {f"{col}{r}": None for col in COLS.values()}
    if project is None:
        return cells
    sheet = quoted(project.sheet)
    cells.update({
        f"{COLS['序号']}{r}": number,
        f"{COLS['项目名称']}{r}": Formula(f'={sheet}!{L.CELLS["项目名称"]}&""'),
        f"{COLS['备注']}{r}": project.note or None,
        f"{COLS['工作表']}{r}": project.sheet,
        f"{COLS['执行率']}{r}": Formula(f'=IFERROR({sheet}!{L.CELLS["资金.执行率"]},"")'),
        f"{COLS['总分']}{r}": Formula(f'=IFERROR({sheet}!{L.CELLS["总分.得分"]},"")'),
        f"{COLS['等级']}{r}": Formula(f'=IFERROR({sheet}!{L.CELLS["等级"]},"")'),
    })
    return cells


def write_index_row(ws: Worksheet, r: int, number: int, project: L.ProjectRef | None) -> None:
    """One line of the cover list; blank (but styled) when there is no project for it."""
    S.list_line(ws, r, index_row_cells(r, number, project),
                formats={COLS["执行率"]: S.PERCENT, COLS["总分"]: S.SCORE},
                left=COLS["项目名称"], inputs=(COLS["备注"],))
