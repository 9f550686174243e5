"""Peak memory of the batch commands, each run as a command of its own, at growing sizes.

Run: `python benchmarks/bench_memory.py --sizes 100 1000 10000 --jobs 1 2`.

For each size N a data file of N one-project records is made from the built-in example (every
project renamed, so each is its own), then, each in a fresh process:

- `jixiao fill data.json --split folder -j J` (one workbook per project),
- `jixiao audit folder -j J` (the N workbooks, the table printed to a pipe that is read),
- `jixiao audit folder --json -j J`,
- `jixiao extract folder -o back.json`,
- `jixiao audit data.json` (`audit-data`: the one data file of N projects, read a project at a
  time; what grows is the findings it prints at the end).

Two figures per command: the peak of the summed RSS of the whole process tree (the command and
its workers, sampled from /proc every 0.1 s — what the machine has to hold), and the largest
single process's peak (`ru_maxrss` of the children). Goal (issue 12): at 10,000 forms within
1.2× of the figure at 100.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = 0.1             # seconds between samples of the tree


def seed_records(n: int) -> list[dict]:
    """`n` records of the built-in example, renamed so that every project is its own."""
    sys.path.insert(0, str(ROOT))
    from jixiao.examples import load_seed_2023

    records = load_seed_2023()["项目"]
    return [{**records[i % len(records)],
             "项目名称": f"{records[i % len(records)]['项目名称']}-{i:05d}"} for i in range(n)]


def write_data(n: int, path: Path) -> None:
    """The data file written record by record (a 10,000-form document is never built whole)."""
    with path.open("w", encoding="utf-8") as f:
        f.write('{"单位": "基准测试单位", "年度": 2023, "项目": [\n')
        for k, rec in enumerate(seed_records(n)):
            f.write((",\n" if k else "") + json.dumps(rec, ensure_ascii=False))
        f.write("\n]}\n")


def _children(pid: int) -> list[int]:
    """The children of `pid`, from each of its threads' `children` file."""
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                kids += map(int, f.read().split())
    except OSError:
        pass
    return kids


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss(root: int) -> int:
    """Summed RSS (KiB) of `root` and all its descendants now."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += _rss_kib(pid)
        todo += _children(pid)
    return total


PROBE = ("import resource, subprocess, sys; "
         "subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL, check=False); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)")


def measure(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """(tree peak MiB, largest process peak MiB, wall seconds) of `command`, run under a small
    probe process that reports its children's peak; the probe itself is not counted. The
    command's stdout is read and thrown away, as a pipe to `less` or a file would take it."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", PROBE, *command], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    drain = threading.Thread(target=lambda: [None for _ in iter(lambda: proc.stdout.read(1 << 16),
                                                                 b"")], daemon=True)
    drain.start()
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid) - _rss_kib(proc.pid))
        time.sleep(SAMPLE)
    drain.join()
    single = int(proc.stderr.read().split()[-1])
    return peak / 1024, single / 1024, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1])
    parser.add_argument("--root", default=str(ROOT), help="the checkout whose jixiao to measure")
    parser.add_argument("--commands", nargs="+", default=["fill", "audit", "audit-json",
                                                          "extract", "audit-data"])
    parser.add_argument("--work", default=None,
                        help="a folder to keep the data and outputs in (default: a temporary one)")
    args = parser.parse_args()
    jixiao = [sys.executable, "-m", "jixiao"]
    print(f"{'command':<14}{'forms':>7}{'-j':>4}{'tree MiB':>10}{'process MiB':>13}{'s':>8}",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="jx-mem-") as scratch:
        tmp = args.work or scratch
        for size in args.sizes:
            data = Path(tmp) / f"data-{size}.json"
            if not data.exists():
                write_data(size, data)
            for jobs in args.jobs:
                out = Path(tmp) / f"split-{size}-{jobs}"
                runs = {
                    "fill": [*jixiao, "fill", str(data), "--split", str(out), "-j", str(jobs)],
                    "audit": [*jixiao, "audit", str(out), "-j", str(jobs)],
                    "audit-json": [*jixiao, "audit", str(out), "--json", "-j", str(jobs)],
                    "extract": [*jixiao, "extract", str(out), "-o",
                                str(Path(tmp) / f"back-{size}-{jobs}.json"), "--force"],
                    "audit-data": [*jixiao, "audit", str(data)],
                }
                for name in args.commands:
                    if name in ("extract", "audit-data") and jobs != args.jobs[0]:
                        continue           # no -j: one file is one job
                    tree, single, wall = measure(runs[name], Path(args.root))
                    print(f"{name:<14}{size:>7}{jobs:>4}{tree:>10.0f}{single:>13.0f}{wall:>8.0f}",
                          flush=True)


if __name__ == "__main__":
    main()
