"""What a reviewer checks: the catalogue of findings, and findings placed where they were found.

Every finding has a stable code, a severity and a Chinese message that tells the clerk what to
do. Codes never change meaning; a bureau may change a code's severity in its profile
(`[severity]` table), never the code itself. A :class:`Located` is a finding (or a problem with
an input file) placed on its file, sheet, project and cell: the one record every list of
problems in the project is made of — the audit's lines, a data file's problems and the
检查结果 sheet's lines — so each is counted, shown and written the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Final

from .record import FrozenInstanceError, record

QUOTE_LIMIT: Final = 60
"""The most characters of a clerk's text a message quotes: a cell can hold 32,767, and a
message repeating a pasted page would not fit in the check cell, let alone help."""

ERROR: Final = "error"
WARNING: Final = "warning"
INFO: Final = "info"
SEVERITIES: Final = (ERROR, WARNING, INFO)
SEVERITY_LABELS: Final = {ERROR: "错误", WARNING: "警告", INFO: "提示"}

CHECK_SEPARATOR: Final = "；"
NO_FINDINGS: Final = "未发现问题"
"""What a check cell (a row's 检查结果, the 整表检查结果) shows when it checked something and
found nothing. Never empty: LibreOffice recalculates on opening every formula cell whose stored
result is empty — without the JX_ functions that is #NAME? — and it tells a checked row from an
unused one. It holds no `【…】` mark, so counting marks never counts it."""

# code: (default severity, message template). Placeholders are filled by `make`.
CATALOGUE: Final[dict[str, tuple[str, str]]] = {
    # reading a form: a block or a column that could not be found
    "BLOCK_NOT_FOUND": (ERROR, "未找到{block}：{looked}。这部分没有读出，依赖它的数字（{depends}）没有计算，请核对表格或按官方表样填写。"),
    # funding block
    "FUND_TOTAL_SUM": (ERROR, "年度资金总额的{column}为 {total}，其下三行之和为 {parts}：合计行应为 {parts}。"),
    "FUND_BUDGET_MISSING": (ERROR, "全年预算数为空或为 0，无法计算执行率：请填写调整后的全年预算数。"),
    "FUND_OVERSPENT": (WARNING, "全年执行数 {executed} 大于全年预算数 {budget}：请核对执行数，或说明超支原因。"),
    "FUND_RATE_MISMATCH": (ERROR, "填报的执行率 {stated} 与计算值 {computed}（全年执行数 ÷ 全年预算数）不符：请改为 {computed}。"),
    "FUND_SCORE_MISMATCH": (ERROR, "填报的资金得分 {stated} 与计算值 {computed}（分值 × 执行率，最高为分值）不符：请改为 {computed}。"),
    "FUND_RATE_LOW": (WARNING, "执行率 {rate} 低于 {threshold}：请说明资金未执行完的原因及改进措施。"),
    "FUND_WEIGHT_MISMATCH": (WARNING, "预算执行率的分值为 {weight}，本配置规定为 {expected}：请核对。"),
    "FUND_NOT_NUMBER": (ERROR, "{column}填的“{value}”不是数字：资金栏只能填写金额（万元）。"),
    "FUND_EXECUTED_MISSING": (WARNING, "全年执行数未填写：请填写本年实际支出的金额（万元）。"),
    "FUND_NEGATIVE": (ERROR, "{column}为负数（{value}）：资金金额不能小于 0，请核对；有负数时不计算执行率和资金得分。"),
    # one indicator row
    "WEIGHT_MISSING": (ERROR, "分值未填写：请填写本指标的分值。"),
    "WEIGHT_INVALID": (ERROR, "分值“{value}”无效：分值应为不小于 0 的数字。"),
    "SCORE_MISSING": (WARNING, "得分未填写：建议得分 {suggested}。"),
    "SCORE_WITHOUT_WEIGHT": (ERROR, "填了得分 {score}，分值却未填写：请填写本指标的分值（得分不能超过分值）。"),
    "NUMBER_AS_TEXT": (WARNING, "{label}“{value}”是文字：本工具按 {number} 计算，但工作表的合计（SUM）不计入文字，打印的合计会少算：请只填数字 {number}。"),
    "SCORE_INVALID": (ERROR, "得分“{value}”不是数字：请填写得分。"),
    "SCORE_NEGATIVE": (ERROR, "得分 {score} 为负数：得分最低为 0。"),
    "SCORE_OVER_WEIGHT": (ERROR, "得分 {score} 超过分值 {weight}：得分最高为分值。"),
    "SCORE_OUT_OF_BAND": (ERROR, "实际完成值为“{tier}”，得分应在 {band} 之间，现为 {score}：请调整得分或完成档次。"),
    "SCORE_ABOVE_FORMULA": (ERROR, "按年度指标值 {target}、实际完成值 {actual} 计算，得分应为 {suggested}，填报的 {score} 偏高：请改为 {suggested}。"),
    "SCORE_BELOW_FORMULA": (WARNING, "按年度指标值 {target}、实际完成值 {actual} 计算，得分应为 {suggested}，填报 {score} 属于人工扣分：请在偏差原因中写明扣分理由。"),
    "REASON_MISSING": (ERROR, "得分 {score} 低于分值 {weight}，偏差原因分析及改进措施却为空：请填写扣分原因和改进措施。"),
    "FULL_BUT_UNFINISHED": (WARNING, "得分为满分，偏差原因却写有“{marker}”：未完成的工作不应得满分，请核对得分。"),
    "OVER_COMPLETION": (WARNING, "实际完成值 {actual} 是年度指标值 {target} 的 {ratio} 倍（超过 {threshold} 倍）：请说明超额完成的原因；指标值定得偏低的，应酌情扣分。"),
    "OVER_COMPLETION_CUT": (INFO, "实际完成值 {actual} 是年度指标值 {target} 的 {ratio} 倍，按本配置对超额完成扣分，建议得分 {suggested}。"),
    "NA_WEIGHTED": (ERROR, "本指标标注为不适用，却占 {weight} 分：不适用的指标分值应为 0，请把分值调整到适用的指标上。"),
    "TARGET_NO_VALUE": (WARNING, "实际完成值是数字（{actual}），年度指标值“{target}”中却没有可比较的数值：请在年度指标值中写明数值，或把实际完成值改为完成档次。"),
    "TARGET_MISSING": (WARNING, "年度指标值未填写：请填写本指标的年度目标。"),
    "ACTUAL_MISSING": (WARNING, "实际完成值未填写：请填写完成的数值或完成档次。"),
    "ACTUAL_UNPARSED": (WARNING, "无法识别实际完成值“{actual}”：请填写数值（如 95%、20 次）或完成档次（{tiers}）。"),
    "UNIT_MISMATCH": (WARNING, "年度指标值的单位“{target_unit}”与实际完成值的单位“{actual_unit}”不一致，无法比较：请统一单位。"),
    "PERCENT_AS_FRACTION": (WARNING, "实际完成值 {actual} 按百分数读作 {actual}%，很可能是把 {percent}% 写成了小数：请写作 {percent}%。"),
    "DEADLINE_LATE": (INFO, "按年度指标值 {deadline}、实际完成值 {actual}，逾期 {months} 个月（不足一个月按一个月计）：按本配置每逾期一个月扣分值的 {share}，建议得分 {suggested}。"),
    "DEADLINE_UNCLEAR": (WARNING, "无法判断是否按期完成：{why}请写明完成日期（如 2023年11月20日）。"),
    "DEADLINE_MISSING": (WARNING, "实际完成值是完成时间（{actual}），年度指标值“{target}”中却没有可比较的完成期限：请在年度指标值中写明期限（如 2023年12月底前），或把实际完成值改为完成档次。"),
    "ACTUAL_NOT_TIME": (WARNING, "年度指标值是完成期限（{deadline}），实际完成值“{actual}”却不是完成时间：请填写完成时间（如 2023年11月）、逾期多久（如 延期2个月）或完成档次（{tiers}）。"),
    "DEADLINE_AMBIGUOUS": (INFO, "年度指标值含 {count} 个日期，按最晚的（{deadline}）计分：如不对，请把指标拆成多行。"),
    "TARGET_AMBIGUOUS": (INFO, "年度指标值含多个数值，按第一个（{first}）计分：如不对，请把指标拆成多行。"),
    # any number cell or text
    "NUMBER_OUT_OF_RANGE": (ERROR, "{label}“{value}”中的数值超出可计算的范围（绝对值不能超过 1 万亿）：请核对，是否多输入了数字。"),
    # the whole form
    "GROUP_WEIGHT_MISMATCH": (ERROR, "{group}各指标分值合计 {total}，与标注的 {label} 分不符：请调整分值。"),
    "GROUP_UNKNOWN": (WARNING, "一级指标“{group}”不在配置“{profile}”的指标体系中：请核对名称。"),
    "TOTAL_WEIGHT_MISMATCH": (ERROR, "分值合计为 {total}（预算执行率 {funding} + 绩效指标 {indicators}），应为 {expected}：请调整分值。"),
    "STATED_NOT_NUMBER": (ERROR, "{label}填的“{value}”不是数字：请填写数字。"),
    "TOTAL_MISMATCH": (ERROR, "填报的总分 {stated} 与各项得分之和 {computed} 不符：请改为 {computed}。"),
    "GRADE_MISMATCH": (ERROR, "填报的等级“{stated}”与总分 {total} 对应的等级“{computed}”不符：请改为“{computed}”。"),
    "TOTAL_CAPPED": (INFO, "执行率 {rate} 低于 {below}，总分按规定最高为 {cap}（各项得分之和为 {total}）。"),
}


class Finding:
    """One thing a reviewer would point at.

    Attributes:
        code: stable identifier from :data:`CATALOGUE`.
        severity: `error`, `warning` or `info`.
        message: Chinese text for the clerk, saying what to do.
        field: the logical field concerned (`得分`, `资金.年度资金总额.全年预算数`, `总分`…);
            the workbook layout turns it into a cell address.
        row: index of the indicator row (0-based) or None for the funding block and the form.

    A finding made by :func:`make` writes its message when it is first read: an engine that
    checks thousands of rows whose findings are only counted does not write them. Otherwise
    it is the frozen record of the five fields above: compared, hashed, printed and pickled
    as them.
    """

    __slots__ = ("_later", "_message", "code", "field", "row", "severity")
    __match_args__ = ("code", "severity", "message", "field", "row")

    def __init__(self, code: str, severity: str, message: str, field: str,
                 row: int | None = None) -> None:
        _set_code(self, code)
        _set_severity(self, severity)
        _set_message(self, message)
        _set_field(self, field)
        _set_row(self, row)

    @property
    def message(self) -> str:
        try:
            return self._message
        except AttributeError:
            template, values = self._later
            if callable(values):
                values = values()
            quoted = {k: quote(v) if isinstance(v, str) else v for k, v in values.items()}
            message = template.format(**quoted)
            _set_message(self, message)
            return message

    def _fields(self) -> tuple[object, ...]:
        return self.code, self.severity, self.message, self.field, self.row

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (f"Finding(code={self.code!r}, severity={self.severity!r}, "
                f"message={self.message!r}, field={self.field!r}, row={self.row!r})")

    def __reduce__(self) -> tuple[object, ...]:
        return Finding, self._fields()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    def at(self, *, file: str = "", sheet: str = "", project: str = "",
           cell: str = "") -> Located:
        """This finding placed on a cell: `cell` is where :attr:`field` sits on that sheet."""
        return Located(file, sheet, project, cell, self.code, self.severity, self.message)


_set_code, _set_severity, _set_field, _set_row = (
    Finding.code.__set__, Finding.severity.__set__, Finding.field.__set__,  # type: ignore[attr-defined]
    Finding.row.__set__)  # type: ignore[attr-defined]
_set_message, _set_later = Finding._message.__set__, Finding._later.__set__  # type: ignore[attr-defined]
_new_finding = object.__new__


@record(frozen=True, slots=True)
class Located:
    """A finding, or a problem with an input, placed where the clerk will look for it.

    Attributes:
        file: the file's name (blank when there is none, as for the open workbook's own sheet).
        sheet: the worksheet, if any.
        project: the project's name, if known.
        cell: a cell address on a form (`H19`), or a place in a data file
            (`第 3 行 B 列（项目名称）`, `第 2 个项目 分值`).
        code: a key of :data:`CATALOGUE`, or another stable code (`INPUT` for a data file).
        severity: `error`, `warning` or `info`.
        message: Chinese text for the clerk, saying what to do.
    """

    file: str
    sheet: str
    project: str
    cell: str
    code: str
    severity: str
    message: str

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def where(self) -> str:
        """`文件 工作表“表” 单元格`, the parts there are."""
        parts = [self.file, f"工作表“{self.sheet}”" if self.sheet else "", self.cell]
        return " ".join(p for p in parts if p)

    def __str__(self) -> str:
        where = self.where
        return f"【{self.severity_label}】{where}：{self.message}" if where else \
            f"【{self.severity_label}】{self.message}"


def check_text(found: Iterable[Finding]) -> str:
    """What a check cell shows for what it found: each finding as `【错误】message`, joined by
    `；`, or :data:`NO_FINDINGS`."""
    return CHECK_SEPARATOR.join(f"【{f.severity_label}】{f.message}" for f in found) or NO_FINDINGS


def has_findings(text: object) -> bool:
    """Whether a check cell's value reports something (a message, an error value), not
    nothing checked ("", blank) nor :data:`NO_FINDINGS`."""
    return text not in (None, "", NO_FINDINGS)


def tally(items: Iterable[Finding | Located]) -> dict[str, int]:
    """How many there are of each severity, every severity named (0 when none)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for item in items:
        counts[item.severity] += 1
    return counts


def tally_text(counts: Mapping[str, int], unit: str) -> str:
    """`错误 7 条，警告 4 条，提示 0 条` (with `unit` 条 or 处)."""
    return "，".join(f"{SEVERITY_LABELS[s]} {counts.get(s, 0)} {unit}" for s in SEVERITIES)


def make(
    code: str,
    field: str,
    *,
    row: int | None = None,
    severities: dict[str, str] | None = None,
    **values: object,
) -> Finding:
    """Build the finding `code` with its message filled from `values`.

    Args:
        code: a key of :data:`CATALOGUE`.
        field: the logical field it concerns.
        row: the indicator row, when it concerns one.
        severities: the profile's severity overrides.
        **values: the message's placeholders.
    """
    return make_later(code, field, values, row=row, severities=severities)


def make_later(code: str, field: str, values: Mapping[str, object] | Callable[[], Mapping[str, object]], *,
               row: int | None = None, severities: dict[str, str] | None = None) -> Finding:
    """:func:`make`, with the message's placeholders as a mapping or as a function that gives
    them (called when the message is first read, if ever)."""
    severity, template = CATALOGUE[code]
    if severities and code in severities:
        severity = severities[code]
    f = _new_finding(Finding)
    _set_code(f, code)
    _set_severity(f, severity)
    _set_field(f, field)
    _set_row(f, row)
    _set_later(f, (template, values))
    return f


def quote(text: str) -> str:
    """A clerk's text as a message quotes it: whole up to :data:`QUOTE_LIMIT` characters,
    else its beginning and its length (`9999…（共 400 字）`)."""
    if len(text) <= QUOTE_LIMIT:
        return text
    return f"{text[:QUOTE_LIMIT - 10]}…（共 {len(text)} 字）"


def fmt(x: float | None, decimals: int = 2) -> str:
    """A number as a clerk writes it: `8.23`, `10`, `0.5` (no trailing zeros)."""
    if x is None:
        return "空"
    s = f"{x:.{decimals}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def fmt_percent(rate: float | None, decimals: int = 1) -> str:
    """A rate as the form prints it: `82.3%`."""
    if rate is None:
        return "无法计算"
    return f"{rate * 100:.{decimals}f}%"
