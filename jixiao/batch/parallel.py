"""Many inputs at once: worker processes, results in input order, a progress bar on long runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
PARALLEL_FROM = 8          # fewer items than this are done in this process


def workers(requested: int | None = None) -> int:
    return max(1, requested if requested else (os.cpu_count() or 1))


def ordered_map(fn: Callable[[T], R], items: Sequence[T], *, jobs: int | None = None,
                label: str = "处理中") -> Iterator[R]:
    """`fn` over `items`, in worker processes when there are many; results in input order."""
    n = workers(jobs)
    progress = Progress(len(items), label)
    if n == 1 or len(items) < PARALLEL_FROM:
        results: Iterable[R] = map(fn, items)
        for r in results:
            progress.step()
            yield r
    else:
        # imported here: Pyodide (xlwings Lite) has no worker processes, and importing the
        # batch commands there must not need them
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, min(64, len(items) // (n * 4)))
        with ProcessPoolExecutor(max_workers=n) as pool:
            for r in pool.map(fn, items, chunksize=chunk):
                progress.step()
                yield r
    progress.done()


class Progress:
    """`审核中 [#####.....] 512/1000` on stderr, for runs long enough to need it."""

    def __init__(self, total: int, label: str, *, force: bool = False) -> None:
        self.total, self.label, self.count = total, label, 0
        self.shown = force or (total >= 50 and sys.stderr.isatty())

    def step(self) -> None:
        self.count += 1
        if self.shown and (self.count == self.total or self.count % max(1, self.total // 100) == 0):
            filled = int(30 * self.count / self.total)
            bar = "#" * filled + "." * (30 - filled)
            sys.stderr.write(f"\r{self.label} [{bar}] {self.count}/{self.total}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
