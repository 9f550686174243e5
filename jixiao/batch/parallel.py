"""Many inputs at once: worker processes, results in input order, a progress bar on long runs.

A worker that dies (killed, out of memory, a crash in a native reader) takes only the item it
was working on with it: the items it had not started go to a fresh pool, each item it might
have been working on is run again alone, and the one that kills its worker even then is given
to `on_failure` — reported as failed, while every other item gets its result. Workers ignore
Ctrl-C (the command stops them) and end themselves when the command's process is gone, however
it ended, so no worker outlives it. The process machinery is imported only when workers are
started: a command on a few files runs them here and does not pay for it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")
R = TypeVar("R")
PARALLEL_FROM = 8          # fewer items than this are done in this process
AHEAD = 4                  # items in flight per worker: the rest of a stream waits unread
STOP_GRACE = 5.0           # seconds a stopped worker has to remove its temporary file
DIED = "处理这个文件的进程意外终止（可能是文件过大、损坏或内存不足），已跳过，其余文件照常处理。"
_STARTED, _DONE = 1, 2
_status: Any = None        # in a worker: the shared array of item states
FEW = 3                    # more items than this show progress (on a terminal)


def workers(requested: int | None = None) -> int:
    return max(1, requested if requested else (os.cpu_count() or 1))


def unforeseen(exc: BaseException) -> str:
    """The message for an error in our own code while handling one item (not the clerk's)."""
    import traceback

    detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
    return f"处理时出现了意外错误，不是输入的问题，已跳过。请把这段文字发给技术人员：{detail}"


def ordered_map(fn: Callable[[T], R], items: Iterable[T], *, jobs: int | None = None,
                label: str = "处理中", quiet: bool = False,
                on_failure: Callable[[T, str], R] | None = None,
                total: int | None = None) -> Iterator[R]:
    """`fn` over `items`, in worker processes when there are many; results in input order;
    progress on stderr for more than a few items, when a person watches (not `quiet`).

    `items` may be a stream: it is read only as workers become free (at most
    :data:`AHEAD` items a worker are in flight), and each result is yielded as soon as those
    before it are, so neither the items nor the results are all held at once.

    Args:
        on_failure: the result for an item whose worker died or whose `fn` raised, from the
            item and a Chinese message; without it such an item's error is raised.
        total: how many items there are, when `items` has no length (for the progress bar and
            to decide whether workers are worth starting).
    """
    n = workers(jobs)
    count = total if total is not None else len(items)  # type: ignore[arg-type]
    progress = Progress(count, label, quiet=quiet)
    if n == 1 or count < PARALLEL_FROM:
        for item in items:
            yield _here(fn, item, on_failure)
            progress.step()
    else:
        for r in _pooled(fn, iter(items), min(n, count), on_failure):
            progress.step()
            yield r
    progress.done()


def _here(fn: Callable[[T], R], item: T, on_failure: Callable[[T, str], R] | None) -> R:
    if on_failure is None:
        return fn(item)
    try:
        return fn(item)
    except Exception as exc:
        return on_failure(item, unforeseen(exc))


def _pooled(fn: Callable[[T], R], items: Iterator[T], n: int,
            on_failure: Callable[[T, str], R] | None) -> Iterator[R]:
    """Pools (a new one after a worker died) fed from `items` through a window of
    `AHEAD * n` items in flight; yields the results in order as they come."""
    import multiprocessing
    from concurrent.futures.process import BrokenProcessPool

    ctx = multiprocessing.get_context()
    window = AHEAD * n
    status = ctx.RawArray("b", window)        # item i's state is in slot i % window
    source = enumerate(items)
    again: deque[tuple[int, T]] = deque()     # in flight when a pool broke, not started
    results: dict[int, R] = {}
    next_out = 0

    def fail(item: T, message: str, exc: BaseException | None = None) -> R:
        if on_failure is None:
            if exc is not None:
                raise exc
            raise BrokenProcessPool(message)
        return on_failure(item, message)

    while True:
        flight: deque[tuple[int, T, Future[R]]] = deque()
        broken = False
        with _pool(ctx, n, status) as pool:
            while True:
                while len(flight) < window:
                    nxt = again.popleft() if again else next(source, None)
                    if nxt is None:
                        break
                    i, item = nxt
                    status[i % window] = 0
                    flight.append((i, item, pool.submit(_call, fn, i % window, item)))
                if not flight:
                    break
                i, item, future = flight[0]
                try:
                    results[i] = future.result()
                except BrokenProcessPool:
                    broken = True
                    break
                except Exception as exc:
                    results[i] = fail(item, unforeseen(exc), exc)
                flight.popleft()
                while next_out in results:
                    yield results.pop(next_out)
                    next_out += 1
        if not broken:
            return
        suspects = []
        for i, item, future in flight:
            exc = future.exception() if future.done() and not future.cancelled() else None
            if future.done() and not future.cancelled() and exc is None:
                results[i] = future.result()
            elif exc is not None and not isinstance(exc, BrokenProcessPool):
                results[i] = fail(item, unforeseen(exc), exc)
            elif status[i % window] == _STARTED:
                suspects.append((i, item))
            else:
                again.append((i, item))
        for i, item in suspects:      # each alone: a worker that dies now died of this item
            status[i % window] = 0
            with _pool(ctx, 1, status) as pool:
                try:
                    results[i] = pool.submit(_call, fn, i % window, item).result()
                except BrokenProcessPool:
                    results[i] = fail(item, DIED)
                except Exception as exc:
                    results[i] = fail(item, unforeseen(exc), exc)
        while next_out in results:
            yield results.pop(next_out)
            next_out += 1


@contextlib.contextmanager
def _pool(ctx: Any, n: int, status: Any) -> Iterator[ProcessPoolExecutor]:
    """A pool whose workers are stopped at once when the caller stops, for whatever reason."""
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_worker_start,
                               initargs=(status, os.getpid()))
    finished = False
    try:
        yield pool
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:     # interrupted, or a result raised: stop the workers now, not after their items
            processes = list((getattr(pool, "_processes", None) or {}).values())   # no public API
            pool.shutdown(wait=False, cancel_futures=True)
            for p in processes:       # SIGTERM first: a worker removes the file it was writing
                with contextlib.suppress(Exception):
                    p.terminate()
            end = time.monotonic() + STOP_GRACE
            for p in processes:
                with contextlib.suppress(Exception):
                    p.join(max(0.0, end - time.monotonic()))
                    p.kill()
                    p.join(1)


def _call(fn: Callable[[T], R], i: int, item: T) -> R:
    _status[i] = _STARTED
    result = fn(item)
    _status[i] = _DONE
    return result


def _worker_start(status: Any, parent: int) -> None:
    """In each worker: share the item states, leave Ctrl-C to the parent, and end with it."""
    global _status
    _status = status
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    import threading  # in the workers only: the audit of one file starts none

    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _stop_worker(_signum: int, _frame: object) -> None:
    """SIGTERM in a worker unwinds it, so the output it was writing is removed (finally)."""
    raise SystemExit(128 + signal.SIGTERM)


def _watch_parent(parent: int) -> None:
    """End this worker once its parent is gone (where the kernel does not do it for us)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(1)


class Progress:
    """`审核中 [#####.....] 512/1000` on stderr, for more than a few items, only on a terminal."""

    def __init__(self, total: int, label: str, *, force: bool = False,
                 quiet: bool = False) -> None:
        self.total, self.label, self.count = total, label, 0
        self.shown = not quiet and (force or (total > FEW and sys.stderr.isatty()))

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
