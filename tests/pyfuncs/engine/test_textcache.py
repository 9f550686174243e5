"""The parse caches keep short texts only, so pasted pages cannot grow them without bound."""

from pyfuncs.engine import parse_actual, parse_target
from pyfuncs.engine.parse import _parse_actual, _parse_target
from pyfuncs.engine.text import normalise
from pyfuncs.engine.textcache import CACHE_ENTRIES, CACHED_TEXT_LIMIT, text_cache


def test_long_texts_are_read_but_not_kept(profile) -> None:
    long_text = "≥20 次" + "很" * (CACHED_TEXT_LIMIT + 1)
    for cached in (normalise, _parse_target, _parse_actual):
        cached.cache_clear()
    assert parse_target(long_text, profile).kind == "number"
    assert parse_actual(long_text, profile).kind == "number"
    assert [c.cache_info().currsize for c in (normalise, _parse_target, _parse_actual)] == [0, 0, 0]
    parse_target("≥２０ 次", profile)         # full-width: read by the general reader
    parse_target("≥２０ 次", profile)
    assert _parse_target.cache_info().hits == 1
    assert normalise.cache_info().currsize == 1


def test_a_cache_holds_a_bounded_number_of_short_texts() -> None:
    @text_cache
    def length(text: str) -> int:
        return len(text)

    for i in range(CACHE_ENTRIES + 100):
        assert length(f"{i}") == len(str(i))
    assert length.cache_info().currsize == CACHE_ENTRIES
    assert length("x" * 10_000) == 10_000
    assert length.cache_info().currsize == CACHE_ENTRIES
