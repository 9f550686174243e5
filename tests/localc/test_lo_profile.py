"""The throw-away profile: one Basic function per JX_ function, and of our code only the bridge,
which stands alone."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

from localc import bridge
from localc.profile import BRIDGE_SCRIPT, basic_source, write_profile


def test_basic_has_one_function_per_jx_function() -> None:
    source = basic_source()
    for name, fn in bridge.worksheet_functions().items():
        params = inspect.signature(fn).parameters.values()
        heads = [("Optional " if p.default is not p.empty else "") + f"p_{p.name}"
                 for p in params]
        assert f"Function {name}({', '.join(heads)})\n" in source


def test_only_the_bridge_goes_into_the_profile(tmp_path: Path) -> None:
    url = write_profile(tmp_path / "profile")
    assert url == (tmp_path / "profile").resolve().as_uri()
    scripts = tmp_path / "profile" / "user" / "Scripts"
    assert [p.relative_to(scripts).as_posix() for p in scripts.rglob("*")] == [
        "python", f"python/{BRIDGE_SCRIPT}"]
    assert (scripts / "python" / BRIDGE_SCRIPT).read_bytes() == Path(bridge.__file__).read_bytes()
    python = [p.name for p in (tmp_path / "profile").rglob("*.py")]
    assert python == [BRIDGE_SCRIPT]


def test_the_bridge_imports_nothing_of_its_package() -> None:
    """Inside LibreOffice it is a lone script: a relative or localc import would fail there."""
    tree = ast.parse(Path(bridge.__file__).read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.level == 0, "relative import in the bridge"
            imported.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            imported.update(a.name.split(".")[0] for a in node.names)
    assert "localc" not in imported
    assert imported <= {"__future__", "contextlib", "functools", "inspect", "json", "os",
                        "struct", "sys", "pathlib", "typing", "pyfuncs", "uno"}
