"""What a command leaves behind when the system or the clerk stops it: a full disk, a killed
command (its workers must go too), a worker that dies, `| head`, stale temporary files,
permissions — with real processes, a real small file system (or a real file-size limit) and
real signals."""

from __future__ import annotations

import contextlib
import faulthandler
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.batch.parallel import DIED, ordered_map
from jixiao.cli import EXIT_INPUT, EXIT_PIPE, main
from services.atomic import TEMP_PREFIX

from .corpus import good_json, seed_doc, write_json

ROOT = Path(__file__).resolve().parents[2]


def jixiao(*args: str, cwd: Path, **kw) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "jixiao", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _small_disk_command(folder: Path) -> list[str] | None:
    """A command prefix that mounts a 4 KiB tmpfs on `folder` in a private namespace."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    probe = subprocess.run([unshare, "-rm", "sh", "-c", f"mount -t tmpfs -o size=4k tmpfs '{folder}'"],
                           capture_output=True)
    if probe.returncode != 0:
        return None
    return [unshare, "-rm", "sh", "-c",
            f"mount -t tmpfs -o size=4k tmpfs '{folder}' && exec \"$@\"", "sh"]


def test_a_full_disk_is_one_chinese_line_and_leaves_nothing(tmp_path) -> None:
    good_json(tmp_path)
    small = tmp_path / "小盘"
    small.mkdir()
    prefix = _small_disk_command(small)
    args = [sys.executable, "-m", "jixiao", "extract", "好.json", "-o", str(small / "数据.json")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if prefix is not None:      # a real 4 KiB file system: the filled workbook does not fit
        out = subprocess.run([*prefix, *args], cwd=tmp_path, env=env, capture_output=True,
                             text=True, timeout=120)
        reason = "磁盘已满"
        leftovers = []          # the tmpfs went with its namespace; the message says enough
    else:                       # the kernel's file-size limit: writes fail with EFBIG
        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

        out = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=120, preexec_fn=limit)
        reason = "文件太大"
        leftovers = list(small.iterdir())
    assert out.returncode == EXIT_INPUT, out.stderr
    assert out.stderr.count("\n") == 1 and reason in out.stderr and "数据.json" in out.stderr
    assert "Traceback" not in out.stderr and TEMP_PREFIX not in out.stderr
    assert leftovers == []


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z"


def _wait(condition, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killing_fill_split_leaves_no_worker_and_no_temporary_file(tmp_path, sig) -> None:
    doc = seed_doc(15)
    write_json(tmp_path / "数据.json", doc)
    proc = jixiao("fill", "数据.json", "--split", "分", "-j", "2", cwd=tmp_path)
    try:
        assert _wait(lambda: len(_children(proc.pid)) >= 2, 60), "no workers started"
        workers = _children(proc.pid)
        time.sleep(0.5)
        proc.send_signal(sig)
        status = proc.wait(30)
        assert _wait(lambda: not any(_alive(w) for w in workers), 10), "orphan workers"
    finally:
        proc.kill()
        proc.wait()
    if sig == signal.SIGTERM:
        assert status == 128 + signal.SIGTERM
        assert "已中断" in proc.stderr.read()
        assert not list((tmp_path / "分").glob(TEMP_PREFIX + "*"))
    # whatever a SIGKILL left, the next write into the folder removes it
    assert main(["data-template", str(tmp_path / "分" / "模板.xlsx")]) == 0
    assert not list((tmp_path / "分").glob(TEMP_PREFIX + "*"))


def _abort_on_five(x: int) -> int:
    if x == 5:
        faulthandler.disable()          # pytest's handler would print the worker's stack
        os.abort()                      # the worker dies, as a crash in a native reader would
    if x == 7:
        raise ValueError("a bug")
    return x * 2


def test_a_dying_worker_costs_only_its_own_item() -> None:
    got = list(ordered_map(_abort_on_five, list(range(12)), jobs=2,
                           on_failure=lambda item, message: (item, message)))
    assert got[5] == (5, DIED)
    assert got[7][0] == 7 and "ValueError: a bug" in got[7][1]
    assert [g for k, g in enumerate(got) if k not in (5, 7)] == [
        2 * k for k in range(12) if k not in (5, 7)]


def test_head_ends_quietly(tmp_path) -> None:
    doc = seed_doc(15)
    for p in doc["项目"]:
        for ind in p["指标"]:
            ind["得分"] = 999           # an error on every row: a long table
    write_json(tmp_path / "多.json", doc)
    proc = jixiao("audit", "多.json", "多.json", "多.json", cwd=tmp_path)
    assert proc.stdout.readline()
    proc.stdout.close()                 # what `| head -1` does
    assert proc.wait(120) == EXIT_PIPE
    assert proc.stderr.read() == ""


def test_outputs_follow_the_umask(tmp_path) -> None:
    for mask, mode in ((0o022, 0o644), (0o077, 0o600), (0o002, 0o664)):
        old = os.umask(mask)
        try:
            assert main(["data-template", str(tmp_path / "模板.xlsx"), "--force"]) == 0
        finally:
            os.umask(old)
        assert (tmp_path / "模板.xlsx").stat().st_mode & 0o777 == mode


def test_stale_temporary_files_of_dead_writers_are_removed(tmp_path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    stale = tmp_path / f"{TEMP_PREFIX}{dead}.deadbeef.xlsx"
    live = tmp_path / f"{TEMP_PREFIX}{os.getppid()}.cafef00d.xlsx"
    other = tmp_path / ".~其他程序的文件.xlsx"
    for f in (stale, live, other):
        f.write_bytes(b"half a workbook")
    assert main(["data-template", str(tmp_path / "模板.xlsx")]) == 0
    assert not stale.exists() and live.exists() and other.exists()


def _without_root_reading() -> list[str] | None:
    """As root, a command prefix that drops the right to read any file (else nothing)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_an_unreadable_input_is_named_and_the_others_go_on(tmp_path) -> None:
    prefix = _without_root_reading()
    if prefix is None:
        pytest.skip("running as root without setpriv: every file is readable")
    good_json(tmp_path)
    for name in ("锁.json", "锁.xlsx"):
        (tmp_path / name).write_bytes(b"{}")
        (tmp_path / name).chmod(0)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([*prefix, sys.executable, "-m", "jixiao", "audit", "锁.json", "锁.xlsx",
                          "好.json"], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 1, out.stderr
    for name in ("锁.json", "锁.xlsx"):
        line = next(x for x in out.stdout.splitlines() if name in x)
        assert "没有权限" in line
    assert "共 1 个项目" in out.stdout and "Traceback" not in out.stderr


def test_a_data_file_is_never_overwritten_by_the_template(tmp_path) -> None:
    data = good_json(tmp_path, "数据模板.xlsx")
    before = data.read_bytes()
    assert main(["data-template", str(data)]) == EXIT_INPUT
    assert data.read_bytes() == before
    assert main(["data-template", str(data), "--force"]) == 0
    assert data.read_bytes() != before
