"""The `jixiao` command: one entry point, one sub-command per job.

Messages are Chinese; bad input gives a one-line reason and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence

from pyfuncs.engine import ProfileError, check_row, load_profile, read_number, score_row
from pyfuncs.engine.findings import ERROR, SEVERITY_LABELS, fmt
from pyfuncs.engine.indicator import shown_actual
from pyfuncs.engine.parse import DIRECTION_NAMES
from pyfuncs.udfs import describe

from . import __version__

_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), "缺少参数：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"argument (\S+): invalid choice: (.*)"), "参数 {0} 的取值无效：{1}"),
)


class _Parser(argparse.ArgumentParser):
    """argparse with its complaints in Chinese."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, chinese in _ARGPARSE_MESSAGES:
            m = pattern.fullmatch(message)
            if m:
                message = chinese.format(*m.groups())
                break
        self.exit(2, f"jixiao：{message}\n用 `{self.prog} --help` 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="jixiao", description="项目支出绩效自评表的评分与审核。")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    score = sub.add_parser("score", help="给一行绩效指标评分",
                           description="按年度指标值、实际完成值和分值计算一行指标的建议得分。")
    score.add_argument("target", metavar="年度指标值", help="例如 “≥20 次”、“按时完成”")
    score.add_argument("actual", metavar="实际完成值", help="例如 “22”、“达成预期指标”")
    score.add_argument("weight", metavar="分值", help="本指标的分值，例如 10")
    score.add_argument("--stated", metavar="得分", help="表上填报的得分：一并检查")
    score.add_argument("--remark", metavar="偏差原因", default="", help="偏差原因分析及改进措施")
    score.add_argument("--profile", metavar="配置", default=None,
                       help="评分配置：national-2020（默认）、national-2021 或 .toml 文件路径")
    score.set_defaults(run=_score)
    return parser


def _score(args: argparse.Namespace) -> int:
    profile = load_profile(args.profile)
    weight, ok = read_number(args.weight)
    if not ok or weight is None:
        print(f"jixiao：分值“{args.weight}”不是数字。", file=sys.stderr)
        return 2
    stated, ok = read_number(args.stated)
    if not ok:
        print(f"jixiao：得分“{args.stated}”不是数字。", file=sys.stderr)
        return 2
    scored = score_row(args.target, args.actual, weight, profile, remark=args.remark)
    d = profile.score_decimals
    lines = [
        f"年度指标值：{describe(args.target, profile) or '空'}",
        f"实际完成值：{shown_actual(scored)}",
        f"计分方式：{_method(scored.kind, scored.target.direction)}",
        f"分值：{fmt(weight, d)}",
        f"建议得分：{fmt(scored.suggested, d) if scored.suggested is not None else '无法计算'}",
        f"可得分范围：{scored.band.show(d) if scored.band else '无法计算'}",
    ]
    findings = check_row(scored, stated, args.remark, profile) if args.stated is not None \
        else list(scored.findings)
    if findings:
        lines.append("检查结果：")
        lines += [f"  【{SEVERITY_LABELS[f.severity]}】{f.code}  {f.message}" for f in findings]
    else:
        lines.append("检查结果：无问题")
    lines.append(f"评分配置：{profile.name}")
    print("\n".join(lines))
    return 1 if any(f.severity == ERROR for f in findings) else 0


def _method(kind: str, direction: str | None) -> str:
    if kind == "quantitative" and direction:
        return f"定量，{DIRECTION_NAMES[direction]}"
    return {
        "qualitative": "定性，按完成档次", "not_applicable": "不适用",
        "pending": "实际完成值未填写", "unscorable": "无法计分", "empty": "空行",
    }.get(kind, kind)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        return int(args.run(args))
    except ProfileError as exc:
        print(f"jixiao：{exc}", file=sys.stderr)
        return 2
