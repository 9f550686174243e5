"""Caches for the functions that read a cell's text, bounded by size rather than entry count.

A form repeats its texts (`达成预期指标`, `≥90%`, the same units on every row), so reading each
once pays. But a cache of whole texts grows with what is pasted into cells: 10,000-character
texts kept by an entry-count cache grew one Excel session's Python to 1.6 GB. So only texts of
at most :data:`CACHED_TEXT_LIMIT` characters are kept, at most :data:`CACHE_ENTRIES` of them:
each cache holds at most CACHED_TEXT_LIMIT × CACHE_ENTRIES characters of keys (a few MB plus
the parsed values); a longer text is read afresh each time, as it is rare.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, Final, ParamSpec, Protocol, TypeVar

CACHED_TEXT_LIMIT: Final = 200   # the seed's longest target or actual has 61 characters
CACHE_ENTRIES: Final = 16384     # a workbook of 30 forms × 75 rows has about 4,500 texts

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class TextCached(Protocol[R_co]):
    """A function of a text (and other hashable arguments) with its cache's controls."""

    def __call__(self, text: str, /, *args: Any) -> R_co: ...

    def cache_clear(self) -> None: ...

    def cache_info(self) -> functools._CacheInfo: ...


def text_cache(fn: Callable[Concatenate[str, P], R]) -> TextCached[R]:
    """Cache `fn`, whose first argument is a text, for texts up to the size limit only."""
    cached = functools.lru_cache(maxsize=CACHE_ENTRIES)(fn)

    @functools.wraps(fn)
    def call(text: str, *args: Any) -> R:
        if len(text) > CACHED_TEXT_LIMIT:
            return fn(text, *args)
        return cached(text, *args)

    call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    call.cache_info = cached.cache_info  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]
