"""One base for every error meant for the clerk: JixiaoError, whose str is the Chinese message.

The front ends show such an error as it is, and anything else as an unforeseen error."""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from jixiao.batch.demo import MissingExample
from jixiao.cli import guarded
from jixiao.usage import UsageError
from macros.project import NoBlankSheet
from pyfuncs.engine import JixiaoError, ProfileError
from pyfuncs.engine.bounds import NumberOutOfRange
from services.atomic import OutputError
from services.formats import UnknownFormat
from services.untrusted import UntrustedFileError
from workbook.fill import FormTooLarge

ROOT = Path(__file__).resolve().parents[1]
# still raising a built-in error with a Chinese message; their modules are being rewritten
# elsewhere (the builder, the cached values)
NOT_YET: set[str] = set()
BUILTIN = {name for name, v in vars(builtins).items()
           if isinstance(v, type) and issubclass(v, Exception)}


@pytest.mark.parametrize(("error", "also"), [
    (ProfileError, ValueError), (UntrustedFileError, ValueError), (OutputError, OSError),
    (FormTooLarge, ValueError), (UnknownFormat, ValueError), (UsageError, ValueError),
    (NoBlankSheet, LookupError), (MissingExample, FileNotFoundError),
    (NumberOutOfRange, ValueError),
])
def test_every_clerk_error_has_the_one_base(error, also) -> None:
    exc = error("请改正：说明。")
    assert isinstance(exc, JixiaoError) and isinstance(exc, also)
    assert str(exc).endswith("请改正：说明。")


def _chinese_builtin_raises(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                and isinstance(node.exc.func, ast.Name) and node.exc.func.id in BUILTIN):
            continue
        text = "".join(c.value for a in node.exc.args for c in ast.walk(a)
                       if isinstance(c, ast.Constant) and isinstance(c.value, str))
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            out.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.exc.func.id}")
    return out


def test_a_message_for_the_clerk_is_never_a_bare_builtin_error() -> None:
    found = [hit for package in ("pyfuncs", "workbook", "services", "jixiao", "macros", "lite")
             for path in sorted((ROOT / package).rglob("*.py"))
             if str(path.relative_to(ROOT)) not in NOT_YET
             for hit in _chinese_builtin_raises(path)]
    assert found == []


def _raise(exc: Exception):
    def command() -> int:
        raise exc
    return command


def test_the_command_line_tells_the_clerk_or_the_developers(capsys) -> None:
    assert guarded(_raise(UsageError("请用 -o 指定输出工作簿。"))) == 2
    assert capsys.readouterr().err == "jixiao：请用 -o 指定输出工作簿。\n"
    # a Chinese message on some other error is not taken for one meant for the clerk
    assert guarded(_raise(ValueError("不是给填报人的"))) == 3
    err = capsys.readouterr().err
    assert "出现了意外错误" in err and "ValueError: 不是给填报人的" in err
    assert "Traceback" not in err
    assert guarded(lambda: 0) == 0
