"""The `jixiao` command: one entry point, one sub-command per job (score, demo, fill, extract,
audit, data-template, bundle, libreoffice).

Messages are Chinese and one line, never a traceback. Exit statuses (README, 命令行):
0 done; 1 done, with errors found or some projects / files skipped; 2 nothing done — a mistake
the clerk can fix (any :class:`~pyfuncs.engine.errors.JixiaoError`, or a file the system cannot
read or write, named); 3 an unforeseen error, in a line to hand to the developers; 128 + the
signal when interrupted (130 Ctrl-C, 143 killed) — unfinished outputs removed, workers stopped;
141 when the reader of the output went away (`| head`), quietly.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__

# Nothing heavy at module level: `jixiao --version` and `--help` import only the standard
# library; each command imports the engine and the readers it needs when it runs.

EXIT_OK, EXIT_FOUND, EXIT_INPUT, EXIT_UNFORESEEN = 0, 1, 2, 3
EXIT_PIPE = 128 + 13          # SIGPIPE: whoever read the output stopped reading

_ARGPARSE_MESSAGES = (
    (re.compile(r"the following arguments are required: (.*)"), "缺少参数：{0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "无法识别的参数：{0}"),
    (re.compile(r"argument (\S+): expected one argument"), "参数 {0} 后面需要一个值"),
    (re.compile(r"argument (\S+): invalid choice: (.*)"), "参数 {0} 的取值无效：{1}"),
)


def terminal_columns() -> int:
    """The terminal's width as `shutil.get_terminal_size` finds it (COLUMNS, the terminal, 80),
    without importing shutil — and the compression modules it loads — at every start-up."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None) -> None:
        # argparse's default width, two columns short of the terminal's
        super().__init__(prog, indent_increment, max_help_position,
                         terminal_columns() - 2 if width is None else width)

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with its headings, help and complaints in Chinese."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = "参数", "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        for pattern, chinese in _ARGPARSE_MESSAGES:
            m = pattern.fullmatch(message)
            if m:
                message = chinese.format(*m.groups())
                break
        self.exit(2, f"jixiao：{message}\n用 `{self.prog} --help` 查看用法。\n")


def build_parser(command: str | None = "") -> argparse.ArgumentParser:
    """The command line's parser: for "" every sub-command with its arguments; for the name
    of one, that one alone (a parser a sub-command is ~1.5 M instructions of a start-up, and
    one run parses one); for None or another word every sub-command without its arguments,
    for `--help` and the message that names the sub-commands there are."""
    parser = _Parser(prog="jixiao", description="项目支出绩效自评表的评分与审核。")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}",
                        help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, (run, summary, description, arguments) in _COMMANDS.items():
        if command in _COMMANDS and command != name:
            continue
        p = sub.add_parser(name, help=summary, description=description)
        if command in ("", name):
            arguments(p)
        p.set_defaults(run=run)
    return parser


def _score_arguments(score: argparse.ArgumentParser) -> None:
    score.add_argument("target", metavar="年度指标值", help="例如 “≥20 次”、“按时完成”")
    score.add_argument("actual", metavar="实际完成值", help="例如 “22”、“达成预期指标”")
    score.add_argument("weight", metavar="分值", help="本指标的分值，例如 10")
    score.add_argument("--stated", metavar="得分", help="表上填报的得分：一并检查")
    score.add_argument("--remark", metavar="偏差原因", default="", help="偏差原因分析及改进措施")
    score.add_argument("--profile", metavar="配置", default=None,
                       help="评分配置：national-2020（默认）、national-2021 或 .toml 文件路径")


def _demo_arguments(demo: argparse.ArgumentParser) -> None:
    demo.add_argument("-o", "--out", metavar="文件夹", default="jixiao-demo",
                      help="输出文件夹（默认 jixiao-demo）")
    _quiet(demo)


def _fill_arguments(fill: argparse.ArgumentParser) -> None:
    fill.add_argument("data", metavar="数据文件")
    fill.add_argument("-o", "--out", metavar="输出工作簿", help=".xlsm（含宏，Excel 中实时计算）或 .xlsx")
    fill.add_argument("--split", metavar="文件夹", help="每个项目单独生成一个工作簿，放在此文件夹")
    fill.add_argument("--values-only", action="store_true", help="只写数值，不写公式（报送、WPS 用）")
    fill.add_argument("--final", metavar="定稿", default=None,
                      help="同时把同一工作簿的只含数值的定稿（.xlsx）写到这里（与 -o 一起用，只填写一次）")
    fill.add_argument("--lite", action="store_true",
                      help="给 xlwings Lite 用的 .xlsx：公式中的 JX_ 函数按 Lite 的自定义函数保存")
    _force(fill)
    _common(fill)
    _quiet(fill)


def _extract_arguments(extract: argparse.ArgumentParser) -> None:
    extract.add_argument("forms", metavar="自评表或文件夹", nargs="+")
    _pattern(extract)
    extract.add_argument("-o", "--out", metavar="数据文件", required=True, help=".xlsx、.json 或 .yaml")
    _force(extract)
    _quiet(extract)


def _audit_arguments(audit: argparse.ArgumentParser) -> None:
    audit.add_argument("inputs", metavar="自评表、数据文件或文件夹", nargs="+")
    _pattern(audit)
    audit.add_argument("--report", metavar="报告", help="把结果另存为 .xlsx、.pdf（需要 LibreOffice）或 .json")
    audit.add_argument("--json", action="store_true",
                       help="在标准输出打印 JSON（检查结果和各项目的得分），供脚本读取")
    _force(audit)
    _common(audit)
    _quiet(audit)


def _data_template_arguments(template: argparse.ArgumentParser) -> None:
    template.add_argument("out", metavar="输出文件", nargs="?", default="数据模板.xlsx")
    template.add_argument("--profile", metavar="配置", default=None)
    _force(template)


def _bundle_arguments(bundle: argparse.ArgumentParser) -> None:
    bundle.add_argument("out", metavar="文件夹")
    bundle.add_argument("--python", metavar="版本", nargs="+", default=None,
                        help="Python 版本（默认 3.11 3.12 3.13）")
    bundle.add_argument("--wheel", metavar="安装包", default=None,
                        help="已生成的 jixiao 安装包（.whl）；默认从本项目源代码生成")


def _libreoffice_arguments(lo: argparse.ArgumentParser) -> None:
    lo.add_argument("action", metavar="操作", choices=("install", "uninstall", "status"),
                    help="install、uninstall 或 status")
    lo.add_argument("--lo-profile", metavar="文件夹", default=None,
                    help="LibreOffice 的用户配置文件夹（默认为当前用户的）")


def _pattern(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pattern", metavar="文件名模式", default=None,
                        help="给出文件夹时读其中（含下级文件夹）名称符合此模式的文件，如 \"*2023*.xlsx\"；"
                             "默认读所有 .xlsx、.xlsm、.json、.yaml 文件")


def _force(p: argparse.ArgumentParser) -> None:
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖它（默认拒绝）")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", metavar="配置", default=None,
                   help="评分配置：national-2020（默认）、national-2021 或 .toml 文件路径")
    p.add_argument("-j", "--jobs", metavar="进程数", type=int, default=None,
                   help="同时使用的进程数（默认为 CPU 核数）")


def _quiet(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true",
                   help="不显示进度和结果，只用退出码表示成败（问题仍写到标准错误）")


def _problems(problems) -> None:
    for p in problems:
        print(str(p), file=sys.stderr)


def _demo(args: argparse.Namespace) -> int:
    from .batch.demo import demo, summary_text

    result = demo(Path(args.out), quiet=args.quiet)
    if not args.quiet:
        print(summary_text(result))
    return 0


def _bundle(args: argparse.Namespace) -> int:
    from .bundle import PYTHONS, bundle

    pythons = args.python or PYTHONS
    out = bundle(Path(args.out), pythons, wheel=Path(args.wheel) if args.wheel else None)
    count = len(list((out / "wheels").glob("*.whl")))
    print(f"已生成离线安装文件夹 {out}：{count} 个安装包（Windows 64 位，Python {'、'.join(pythons)}）。"
          "把整个文件夹复制到要安装的电脑上，双击 install.bat。")
    return 0


def _fill(args: argparse.Namespace) -> int:
    from .batch.fill import fill

    result = fill(Path(args.data), Path(args.out) if args.out else None,
                  split=Path(args.split) if args.split else None,
                  values_only=args.values_only, final=Path(args.final) if args.final else None,
                  profile=args.profile, jobs=args.jobs,
                  force=args.force, quiet=args.quiet, lite=args.lite)
    _problems(result.problems)
    if args.quiet:
        return _status(result.problems)
    for out in result.outputs:
        print(f"已生成 {out}")
    if result.files > len(result.outputs):
        print(f"……共 {result.files} 个文件")
    print(f"共填写 {result.projects} 个项目，跳过 {_skipped(result.problems)} 个。")
    return _status(result.problems)


def _status(problems) -> int:
    """1 when any problem is an error, else 0."""
    from pyfuncs.engine.findings import ERROR

    return 1 if any(p.severity == ERROR for p in problems) else 0


def _skipped(problems) -> int:
    from pyfuncs.engine.findings import ERROR

    return len({(p.file, p.project) for p in problems if p.severity == ERROR})


def _extract(args: argparse.Namespace) -> int:
    from .batch.extract import extract

    data = extract([Path(f) for f in args.forms], Path(args.out), force=args.force,
                   pattern=args.pattern, keep=False)
    _problems(data.problems)
    if not args.quiet:
        print(f"已从 {len(args.forms)} 个文件读出 {data.count} 个项目，写入 {args.out}")
    return _status(data.problems)


def _audit(args: argparse.Namespace) -> int:
    from pyfuncs.engine import load_profile

    from .batch.audit import audit
    from .batch.printed import JsonPrinter, TablePrinter

    printer = (JsonPrinter(load_profile(args.profile).name) if args.json
               else None if args.quiet else TablePrinter())
    result = audit([Path(f) for f in args.inputs], profile=args.profile, jobs=args.jobs,
                   report=Path(args.report) if args.report else None, force=args.force,
                   quiet=args.quiet or args.json, pattern=args.pattern,
                   each=printer or (lambda _part: None))   # results printed, or only counted
    if printer is not None:
        printer.close(result)
    if printer is not None and not args.json and args.report:
        print(f"报告已保存到 {args.report}")
    return 1 if result.has_errors else 0


def _data_template(args: argparse.Namespace) -> int:
    from pyfuncs.engine import load_profile
    from services.atomic import refuse_overwriting, refuse_suffix, write_atomically
    from services.formats import DataSet
    from services.formats.xlsx_data import write

    out = Path(args.out)
    refuse_suffix(out, (".xlsx",), "数据模板")
    refuse_overwriting([out], args.force)
    profile = load_profile(args.profile)
    write_atomically(out, lambda tmp: write(DataSet(), tmp, profile))
    print(f"已生成空白数据工作簿 {out}")
    return 0


def _libreoffice(args: argparse.Namespace) -> int:
    from localc.install import default_profile, install, is_installed, uninstall

    folder = Path(args.lo_profile) if args.lo_profile else default_profile()
    if args.action == "install":
        install(folder)
        print(f"已把 JX_ 函数装进 LibreOffice（配置文件夹 {folder}），并检查通过。\n"
              "打开模板或填好的表后，按 Ctrl+Shift+F9 重新计算。")
    elif args.action == "uninstall":
        if uninstall(folder):
            print(f"已从 LibreOffice 移除 JX_ 函数（配置文件夹 {folder}）。")
        else:
            print(f"LibreOffice 中没有安装 JX_ 函数（配置文件夹 {folder}），未作改动。")
    else:
        print(f"LibreOffice 中{'已' if is_installed(folder) else '没有'}安装 JX_ 函数"
              f"（配置文件夹 {folder}）。")
    return 0


def _score(args: argparse.Namespace) -> int:
    from pyfuncs.engine import check_row, describe, load_profile, read_number, score_row
    from pyfuncs.engine.findings import ERROR, fmt
    from pyfuncs.engine.indicator import shown_actual

    from .usage import UsageError

    profile = load_profile(args.profile)
    weight, ok = read_number(args.weight)
    if not ok or weight is None:
        raise UsageError(f"分值“{args.weight}”不是数字。")
    stated, ok = read_number(args.stated)
    if not ok:
        raise UsageError(f"得分“{args.stated}”不是数字。")
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
        lines += [f"  【{f.severity_label}】{f.code}  {f.message}" for f in findings]
    else:
        lines.append("检查结果：无问题")
    lines.append(f"评分配置：{profile.name}")
    print("\n".join(lines))
    return 1 if any(f.severity == ERROR for f in findings) else 0


def _method(kind: str, direction: str | None) -> str:
    from pyfuncs.engine.parse import DIRECTION_NAMES

    if kind == "quantitative" and direction:
        return f"定量，{DIRECTION_NAMES[direction]}"
    return {
        "qualitative": "定性，按完成档次", "deadline": "时效，按完成期限",
        "not_applicable": "不适用",
        "pending": "实际完成值未填写", "unscorable": "无法计分", "empty": "空行",
    }.get(kind, kind)


_COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str, str | None,
                           Callable[[argparse.ArgumentParser], None]]] = {
    # name: (what runs it, its line in `jixiao --help`, its description, its arguments)
    "score": (_score, "给一行绩效指标评分",
              "按年度指标值、实际完成值和分值计算一行指标的建议得分。", _score_arguments),
    "demo": (_demo, "用内置示例（15 个项目）演示：生成模板、填表、审核",
             "生成模板，用内置示例填写 15 个项目，审核并打印汇总。", _demo_arguments),
    "fill": (_fill, "用数据文件填写自评表",
             "读取数据文件（.xlsx 数据工作簿、.json、.yaml），生成填好的自评表。"
             "公式保留，同时存有计算结果，WPS 和其他软件打开也能看到数值。", _fill_arguments),
    "extract": (_extract, "把填好的自评表读回数据文件",
                "读取填好的自评表（本工具的模板或同样格式的表），写成数据文件。", _extract_arguments),
    "audit": (_audit, "审核自评表或数据文件",
              "重新计算每张表，与表上填报的数字比较，列出问题。有“错误”时退出码为 1。",
              _audit_arguments),
    "data-template": (_data_template, "生成空白的数据工作簿（带下拉列表和说明）", None,
                      _data_template_arguments),
    "bundle": (_bundle, "生成离线安装文件夹（Windows 64 位）",
               "生成一个文件夹：Windows 64 位各 Python 版本所需的全部安装包、只从该文件夹安装的 "
               "install.bat、模板和使用说明，复制到没有联网的电脑上安装。生成时需要联网。",
               _bundle_arguments),
    "libreoffice": (_libreoffice, "把 JX_ 函数装进（或移出）本机的 LibreOffice",
                    "install：把 JX_ 函数装进当前用户的 LibreOffice，模板和填好的表在 "
                    "LibreOffice 中实时计算（装完自动检查）；uninstall：移除。"
                    "运行前请关闭 LibreOffice。", _libreoffice_arguments),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # the sub-command is the first word; after an option of the top level's (-h, --version:
    # they answer alone) the parser lists every sub-command
    parser = build_parser(argv[0] if argv and not argv[0].startswith("-") else None)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_OK
    with _stopping_on_signals():
        return guarded(lambda: args.run(args))


class Stopped(KeyboardInterrupt):
    """The command was asked to stop (Ctrl-C, kill, the terminal closed)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _stopping_on_signals:
    """While a command runs, kill (SIGTERM) and a closed terminal (SIGHUP) stop it the way
    Ctrl-C does: the unfinished output is removed and the worker processes are stopped."""

    SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))

    def __enter__(self) -> None:
        self.saved = {}
        for sig in self.SIGNALS:
            with contextlib.suppress(ValueError):     # not the main thread: leave them alone
                self.saved[sig] = signal.signal(sig, self._stop)

    @staticmethod
    def _stop(signum: int, _frame: object) -> None:
        raise Stopped(signum)

    def __exit__(self, *_exc: object) -> None:
        for sig, handler in self.saved.items():
            signal.signal(sig, handler)


def guarded(command: Callable[[], int]) -> int:
    """Run a command and return its exit status: the clerk's mistakes and the files the system
    could not read or write in one Chinese line (2), an unforeseen error in a line for the
    developers (3), never a traceback; see the module's docstring for the rest."""
    try:
        status = int(command())
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_PIPE
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
        _say("已中断：没有写完的文件已删除。")
        return 128 + int(signum)
    except Exception as exc:
        return _failed(exc)


def _failed(exc: Exception) -> int:
    """The exit status and the one Chinese line for an exception a command let through."""
    from pyfuncs.engine.errors import JixiaoError

    if isinstance(exc, JixiaoError):
        _say(str(exc))
        return EXIT_INPUT
    if isinstance(exc, OSError):   # an input or output the system refused, named
        from services.untrusted import os_reason

        where = f"{exc.filename}：" if exc.filename else ""
        _say(f"{where}{os_reason(exc)}。")
        return EXIT_INPUT
    if isinstance(exc, MemoryError):
        _say("内存不足：请减少一次处理的文件，或用 -j 1 少用几个进程。")
        return EXIT_INPUT
    # the net under every command: a line to pass on, not a traceback
    import traceback

    detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    _say(f"出现了意外错误，不是输入的问题。请把这段文字发给技术人员：{detail}")
    return EXIT_UNFORESEEN


def _say(message: str) -> None:
    with contextlib.suppress(OSError):
        print(f"jixiao：{message}", file=sys.stderr, flush=True)


def _silence_stdout() -> None:
    """Whoever read our output has gone: send the rest nowhere, so nothing complains at exit."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
