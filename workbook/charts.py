"""Native charts, drawn by openpyxl so they live in the file, recompute from the cells in Excel,
WPS and LibreOffice, and print with the sheet."""

from __future__ import annotations

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.worksheet import Worksheet

from . import layout as L
from . import styles as S

CM_PER_ROW = 0.53           # a row of the default height (15 points)


def _ref(ws: Worksheet, span: str) -> Reference:
    r = CellRange(span)
    return Reference(ws, min_col=r.min_col, min_row=r.min_row, max_col=r.max_col,
                     max_row=r.max_row)


def summary_chart(ws: Worksheet) -> None:
    """汇总's chart: 总分 as bars (left axis, 0–100), 执行率 as a line (right axis, %), one
    category per project line; hidden lines (no project) are left out of the chart."""
    spans = L.summary_chart_spans()
    names = _ref(ws, spans["序号"])            # short labels: the lines of the table above
    bars = BarChart()
    bars.type, bars.style, bars.title = "col", 10, "各项目总分与预算执行率（按序号）"
    bars.add_data(_ref(ws, spans["总分"]), titles_from_data=False)
    bars.series[0].tx = None
    bars.set_categories(names)
    bars.y_axis.title, bars.y_axis.scaling.min, bars.y_axis.scaling.max = "总分", 0, 100
    bars.y_axis.majorGridlines, bars.y_axis.number_format = None, "0"
    line = LineChart()
    line.add_data(_ref(ws, spans["执行率"]), titles_from_data=False)
    line.set_categories(names)
    line.y_axis.axId, line.y_axis.title, line.y_axis.crosses = 200, "执行率", "max"
    line.y_axis.number_format, line.y_axis.scaling.min = S.PERCENT, 0
    _name(bars.series[0], "总分")
    _name(line.series[0], "执行率")
    line.series[0].smooth = False           # a rate per project: points joined straight
    line.series[0].marker.symbol = "circle"
    bars += line
    bars.legend.position = "b"
    bars.plotVisOnly = True
    bars.height = (L.SUMMARY_CHART_ROWS - 2) * CM_PER_ROW
    bars.width = sum(L.SUMMARY_WIDTHS.values()) * 0.19
    ws.add_chart(bars, L.SUMMARY_CHART_ANCHOR)


def _name(series, text: str) -> None:
    from openpyxl.chart.series import SeriesLabel

    series.tx = SeriesLabel(v=text)
