"""A hung soffice is killed, with everything it started, and a failed run is tried once more.

A stand-in `soffice` on PATH (a shell script beside the two files :func:`available` looks for)
hangs, after writing its output or without; the jobs must still return in time and leave no
process behind.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from lo_books import formula_book, small_book

from localc import process
from localc.jobs import edit_and_recalculate, recalculate
from localc.process import LibreOfficeError


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Put a hanging `soffice` first on PATH; calling the fixture says whether it writes its
    output before hanging. Every process it starts notes its id in `tmp_path/pids`."""
    program = tmp_path / "program"
    program.mkdir()
    for name in ("pythonscript.py", "pythonloader.py"):  # what available() checks for
        (program / name).touch()
    monkeypatch.setenv("PATH", f"{program}{os.pathsep}{os.environ.get('PATH', '')}")

    def make(hang_after_writing: bool) -> Path:
        write = 'cp "${@: -1}" "$out/book.xlsx"' if hang_after_writing else ":"
        script = program / "soffice"
        script.write_text(
            "#!/bin/bash\n"
            'out=$(for a in "$@"; do [ "$prev" = --outdir ] && echo "$a"; prev=$a; done)\n'
            f'mkdir -p "$out"; {write}\n'
            f'sleep 300 & echo $! >> "{tmp_path}/pids"; echo $$ >> "{tmp_path}/pids"; sleep 300\n'
        )
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
        assert process.soffice_path() == script and process.available()
        return script

    return make


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("hang_after_writing", [True, False])
def test_a_hung_soffice_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_soffice, hang_after_writing: bool,
) -> None:
    fake_soffice(hang_after_writing)
    monkeypatch.setattr(process, "SETTLE_SECONDS", 0.3)
    src = formula_book(tmp_path / "自评表.xlsx")
    start = time.monotonic()
    if hang_after_writing:
        assert recalculate(src, tmp_path / "dst.xlsx", timeout=20).is_file()
    else:
        timed_out = r"LibreOffice 在 0\.5 秒内没有完成：自评表\.xlsx"
        with pytest.raises(LibreOfficeError, match=timed_out):
            recalculate(src, tmp_path / "dst.xlsx", timeout=0.5)
    assert time.monotonic() - start < 15
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert len(pids) == (2 if hang_after_writing else 4)  # the failed run was tried twice
    assert not any(_running(pid) for pid in pids)
    assert os.path.exists(src)


def test_a_hung_session_is_killed(tmp_path: Path, fake_soffice) -> None:
    fake_soffice(hang_after_writing=False)
    src = small_book(tmp_path / "小表.xlsx")
    start = time.monotonic()
    with pytest.raises(LibreOfficeError, match=r"LibreOffice 在 0\.5 秒内没有完成：小表\.xlsx"):
        edit_and_recalculate(src, tmp_path / "out.xlsx", timeout=0.5)
    assert time.monotonic() - start < 15
    pids = [int(p) for p in (tmp_path / "pids").read_text().split()]
    assert len(pids) == 4  # tried twice
    assert not any(_running(pid) for pid in pids)
    assert not (tmp_path / "out.xlsx").exists()
