"""The install's file work, without starting LibreOffice: what goes into a profile's Standard
library and comes out again, and the refusal of a LibreOffice whose Python is too old."""

from __future__ import annotations

from pathlib import Path

import pytest

from localc.install import (
    MODULE,
    InstallError,
    install,
    is_installed,
    libreoffice_python,
    remove_functions,
    set_vba_executable,
    write_functions,
)
from localc.profile import library_xlb


def _laid_out(root: Path, modules: tuple[str, ...]) -> Path:
    """A profile as LibreOffice lays it out, with these modules in Standard."""
    standard = root / "user" / "basic" / "Standard"
    standard.mkdir(parents=True)
    (standard / "script.xlb").write_text(library_xlb(modules), encoding="utf-8")
    for m in modules:
        (standard / f"{m}.xba").write_text("mine", encoding="utf-8")
    return root


@pytest.mark.parametrize("modules", [("Module1", "Tools"), ()])
def test_write_then_remove_leaves_the_users_macros_as_they_were(tmp_path, modules) -> None:
    profile = _laid_out(tmp_path, modules)
    xlb = profile / "user" / "basic" / "Standard" / "script.xlb"
    before = xlb.read_text(encoding="utf-8")
    write_functions(profile)
    write_functions(profile)                          # again, as after an upgrade
    text = xlb.read_text(encoding="utf-8")
    assert text.count(f'library:name="{MODULE}"') == 1
    assert all(f'library:name="{m}"' in text for m in modules)
    assert is_installed(profile)
    assert remove_functions(profile)
    assert not is_installed(profile)
    assert [m for m in modules if f'library:name="{m}"' not in xlb.read_text("utf-8")] == []
    if modules:
        assert xlb.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in xlb.parent.iterdir()) == sorted(
        ["script.xlb", *(f"{m}.xba" for m in modules)])
    assert not remove_functions(profile)


def test_the_python_of_a_libreoffice_is_read_from_its_pyuno(tmp_path) -> None:
    program = tmp_path / "program"
    program.mkdir()
    (program / "soffice").write_bytes(b"")
    assert libreoffice_python(program / "soffice") is None
    (program / "libpyuno.so").write_bytes(b"\0\0libpython3.8.so.1.0\0")
    assert libreoffice_python(program / "soffice") == (3, 8)
    (program / "libpyuno.so").unlink()
    (program / "pyuno.pyd").write_bytes(b"\0python312.dll\0")
    assert libreoffice_python(program / "soffice") == (3, 12)


def test_a_libreoffice_with_an_old_python_is_refused_before_anything_is_written(
    tmp_path, monkeypatch,
) -> None:
    """A LibreOffice 7.x from libreoffice.org brings Python 3.8: our packages cannot run there."""
    program = tmp_path / "program"
    program.mkdir()
    for name in ("pythonscript.py", "pythonloader.py"):
        (program / name).write_text("", encoding="utf-8")
    soffice = program / "soffice"
    soffice.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    soffice.chmod(0o755)
    (program / "libpyuno.so").write_bytes(b"\0libpython3.8.so.1.0\0")
    monkeypatch.setenv("PATH", str(program))
    profile = tmp_path / "profile"
    with pytest.raises(InstallError, match=r"Python 是 3\.8"):
        install(profile)
    assert not profile.exists()


@pytest.mark.parametrize("before", [None, "true"])
def test_the_install_stops_documents_vba_from_shadowing_ours_and_the_uninstall_restores_it(
        tmp_path, before) -> None:
    """Our workbooks carry VBA functions named JX_… for Excel; LibreOffice would run those
    (and fail) before the user's own, so the install stops it running documents' VBA."""
    profile = _laid_out(tmp_path, ("Module1",))
    registry = profile / "user" / "registrymodifications.xcu"
    items = "" if before is None else (
        '<item oor:path="/org.openoffice.Office.Calc/Filter/Import/VBA"><prop '
        f'oor:name="Executable" oor:op="fuse"><value>{before}</value></prop></item>\n')
    original = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor='
                f'"http://openoffice.org/2001/registry">\n{items}</oor:items>\n')
    registry.write_text(original, encoding="utf-8")
    write_functions(profile)
    write_functions(profile)
    assert set_vba_executable(profile, "false") == "false"
    assert registry.read_text(encoding="utf-8").count('oor:name="Executable"') == 1
    remove_functions(profile)
    assert registry.read_text(encoding="utf-8") == original
