"""The committed VBA module (what xlwings' Import Functions writes) matches the Python functions."""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

from pyfuncs import udfs
from pyfuncs.vba import BAS_PATH

PUBLIC = ["JX_BAND", "JX_CHECK", "JX_EXEC_RATE", "JX_FORM_CHECK", "JX_FUND_SCORE", "JX_GRADE",
          "JX_GROUP", "JX_PARSE", "JX_SCORE", "JX_SCORES"]


def committed() -> str:
    return BAS_PATH.read_bytes().decode("ascii")


def test_rendered_by_xlwings_equals_the_committed_module() -> None:
    """xlwings' own generator, run now, writes exactly the committed text.
    If this fails after changing a function: `python -m pyfuncs.vba --write`."""
    out = subprocess.run([sys.executable, "-m", "pyfuncs.vba"], capture_output=True, check=True,
                         timeout=120)
    assert out.stdout.decode("ascii") == committed()


def test_every_public_function_and_its_arguments_are_in_the_module() -> None:
    declared = dict(re.findall(r"^Function (\w+)\(([^)]*)\)", committed(), flags=re.M))
    assert sorted(declared) == PUBLIC
    for name in PUBLIC:
        params = inspect.signature(getattr(udfs, name)).parameters.values()
        expected = ", ".join(
            ("Optional " if p.default is not inspect.Parameter.empty else "") + p.name
            for p in params)
        assert declared[name] == expected, name


def test_module_calls_our_python_module() -> None:
    calls = set(re.findall(r'XLPy\.CallUDF\("([\w.]+)", "(\w+)"', committed()))
    assert calls == {("pyfuncs.udfs", name) for name in PUBLIC}
    assert committed().count("\r\n") == committed().count("\n")  # Windows line endings
