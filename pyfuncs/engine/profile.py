"""Profiles: the rules that differ between provinces and years, as data.

A profile is a TOML file a finance bureau can copy and edit (see `pyfuncs/profiles/`). Loading
checks every key and fails with a Chinese message naming the key, so a typo never turns into a
silently wrong score. `extends = "national-2020"` lets a file list only what it changes.
"""

from __future__ import annotations

import contextlib
import re
from functools import cached_property
from pathlib import Path
from typing import Any

from .errors import JixiaoError
from .findings import CATALOGUE, SEVERITIES, quote
from .record import record
from .text import compact

DEFAULT_PROFILE = "national-2020"
_DIRECTIONS = ("higher", "lower", "equal")


class ProfileError(JixiaoError, ValueError):
    """A profile that cannot be used; the message is Chinese and names the key."""


@record(frozen=True, slots=True)
class Tier:
    """A qualitative completion tier and the share of the weight its score must lie in."""

    key: str
    label: str
    aliases: tuple[str, ...]
    low: float
    high: float
    suggested: float

    @property
    def high_inclusive(self) -> bool:
        return self.high >= 1.0


@record(frozen=True, slots=True)
class Group:
    """A first-level indicator group (产出指标…) with its weight and second-level names."""

    name: str
    weight: float
    subgroups: tuple[str, ...]


@record(frozen=True, slots=True)
class Cap:
    """Below this execution rate the total may be at most `max`."""

    below: float
    max: float


@record(frozen=True, slots=True)
class Grade:
    """An 等级 and the lowest total that earns it."""

    name: str
    min: float


@record(frozen=True, eq=False)
class Profile:
    """Every setting the engine reads. Compared by identity, so it can key caches."""

    name: str
    title: str
    source: str
    funding_weight: float
    denominator: str
    round_rate_before_score: bool
    rate_decimals: int
    explain_below: float
    score_decimals: int
    tolerance: float
    default_direction: str
    lower_formula: str
    equal_formula: str
    over_completion_threshold: float
    over_completion_cut: bool
    late_share_per_month: float
    direction_words: dict[str, tuple[str, ...]]
    tiers: tuple[Tier, ...]
    na_markers: tuple[str, ...]
    na_policy: str
    unfinished_markers: tuple[str, ...]
    total_weight: float
    cap_by_rate: bool
    caps: tuple[Cap, ...]
    grades: tuple[Grade, ...]
    groups: tuple[Group, ...]
    severities: dict[str, str]

    @cached_property
    def direction_pattern(self) -> re.Pattern[str]:
        """One regex over every direction word, longest first (`不低于` before `低于`)."""
        return _alternation(w for words in self.direction_words.values() for w in words)

    @cached_property
    def direction_of_word(self) -> dict[str, str]:
        return {w: d for d, words in self.direction_words.items() for w in words}

    @cached_property
    def unfinished_pattern(self) -> re.Pattern[str]:
        return _alternation(self.unfinished_markers)

    @cached_property
    def na_pattern(self) -> re.Pattern[str]:
        return _alternation(self.na_markers)

    @cached_property
    def tier_pattern(self) -> re.Pattern[str]:
        return _alternation(a for t in self.tiers for a in t.aliases)

    @cached_property
    def tier_of_alias(self) -> dict[str, Tier]:
        return {a: t for t in self.tiers for a in t.aliases}

    @cached_property
    def group_by_name(self) -> dict[str, Group]:
        return {compact(g.name): g for g in self.groups}

    def tier(self, key: str) -> Tier:
        return next(t for t in self.tiers if t.key == key)


def _alternation(words: Any) -> re.Pattern[str]:
    unique = sorted(set(words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in unique))


# --- loading --------------------------------------------------------------------------------

_cache: dict[str, Profile] = {}


def _shipped() -> Any:
    """The folder of shipped profiles: a directory in any ordinary install; from a zip, through
    importlib.resources (imported only then: it costs a command's start-up several ms)."""
    folder = Path(__file__).parent.parent / "profiles"
    if folder.is_dir():
        return folder
    from importlib import resources

    return resources.files("pyfuncs") / "profiles"


def builtin_names() -> list[str]:
    """The profiles shipped with the package."""
    folder = _shipped()
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def load_profile(name_or_path: str | Path | None = None) -> Profile:
    """Load a shipped profile by name, or any profile file by path (cached).

    Args:
        name_or_path: `national-2020`, `national-2021`, a path to a `.toml` file, or None for
            the default.

    Raises:
        ProfileError: unknown name, unreadable file, or a key that is missing or wrong.
    """
    key = str(name_or_path or DEFAULT_PROFILE).strip() or DEFAULT_PROFILE
    stamp = key
    if key.lower().endswith(".toml"):  # an edited file is read again
        with contextlib.suppress(OSError, ValueError):  # a bad path fails below, in Chinese
            stamp = f"{key}@{Path(key).stat().st_mtime_ns}"
    if stamp not in _cache:
        _cache[stamp] = _build(_read_merged(key, ()), key)
    return _cache[stamp]


def _read_merged(key: str, seen: tuple[str, ...]) -> dict[str, Any]:
    if key in seen:
        raise ProfileError(f"配置文件循环继承：{' → '.join((*seen, key))}")
    data = _read(key)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ProfileError(f"配置“{key}”中的 extends 应为配置名称或文件路径")
    return _merge(_read_merged(parent, (*seen, key)), data)


def _read(key: str) -> dict[str, Any]:
    path = Path(key)
    if path.suffix.lower() != ".toml":
        shipped = _shipped() / f"{key}.toml"
        try:
            found = shipped.is_file()
        except OSError:  # a name no file can have (a pasted page is too long): not ours
            found = False
        if not found:
            names = "、".join(builtin_names())
            raise ProfileError(f"没有名为“{quote(key)}”的配置：可用的有 {names}，或给出 .toml 文件路径")
        text = shipped.read_text(encoding="utf-8")
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(f"无法读取配置文件 {quote(str(path))}：{exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ProfileError(f"配置文件 {path} 不是 UTF-8 编码的文本") from None
        except ValueError:  # a path with a NUL character in it
            raise ProfileError(f"无法读取配置文件 {quote(str(path))}：路径中有无效字符") from None
    # tomllib (its parser and its patterns: ~10 M instructions) imported with the first
    # profile read, not with every module that imports the engine
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"配置文件“{key}”格式错误：{exc}") from None


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; everything else (arrays included) is replaced."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


class _Reader:
    """Typed access to a TOML table with Chinese errors naming the dotted key."""

    def __init__(self, data: dict[str, Any], source: str, prefix: str = "") -> None:
        self.data, self.source, self.prefix = data, source, prefix

    def _fail(self, key: str, need: str) -> ProfileError:
        return ProfileError(f"配置“{self.source}”中的 {self.prefix}{key} {need}")

    def _raw(self, key: str) -> Any:
        if key not in self.data:
            raise self._fail(key, "缺失")
        return self.data[key]

    def table(self, key: str) -> _Reader:
        value = self._raw(key)
        if not isinstance(value, dict):
            raise self._fail(key, "应为一个表（[…]）")
        return _Reader(value, self.source, f"{self.prefix}{key}.")

    def tables(self, key: str, *, optional: bool = False) -> list[_Reader]:
        if optional and key not in self.data:
            return []
        value = self._raw(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self._fail(key, "应为至少一个 [[…]] 表")
        return [_Reader(v, self.source, f"{self.prefix}{key}[{i + 1}].")
                for i, v in enumerate(value)]

    def text(self, key: str, choices: tuple[str, ...] | None = None) -> str:
        value = self._raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "应为非空文字")
        if choices and value not in choices:
            raise self._fail(key, f"应为 {' / '.join(choices)} 之一，现为“{value}”")
        return value

    def number(self, key: str, low: float = 0.0, high: float | None = None) -> float:
        value = self._raw(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._fail(key, f"应为数字，现为“{value}”")
        if value < low or (high is not None and value > high):
            span = f"{low} 到 {high}" if high is not None else f"不小于 {low}"
            raise self._fail(key, f"应在 {span} 之间，现为 {value}")
        return float(value)

    def integer(self, key: str, low: int, high: int) -> int:
        value = self._raw(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self._fail(key, f"应为 {low} 到 {high} 的整数，现为“{value}”")
        return value

    def flag(self, key: str) -> bool:
        value = self._raw(key)
        if not isinstance(value, bool):
            raise self._fail(key, f"应为 true 或 false，现为“{value}”")
        return value

    def words(self, key: str) -> tuple[str, ...]:
        value = self._raw(key)
        if (not isinstance(value, list) or not value
                or not all(isinstance(v, str) and v.strip() for v in value)):
            raise self._fail(key, "应为非空的文字列表")
        return tuple(value)


def _build(data: dict[str, Any], source: str) -> Profile:
    top = _Reader(data, source)
    funding, score, direction = top.table("funding"), top.table("score"), top.table("direction")
    na, total = top.table("not_applicable"), top.table("total")
    deadline = top.table("deadline")

    tiers = tuple(
        Tier(t.text("key"), t.text("label"), t.words("aliases"), t.number("low", 0, 1),
             t.number("high", 0, 1), t.number("suggested", 0, 1))
        for t in top.tables("tiers")
    )
    keys = [t.key for t in tiers]
    if sorted(keys) != ["fail", "full", "partial"]:
        raise ProfileError(
            f"配置“{source}”中的 tiers 应恰好包含 full、partial、fail 三档，现为 {keys}")
    for i, t in enumerate(tiers, 1):
        if not t.low <= t.suggested <= t.high or t.low >= t.high:
            raise ProfileError(
                f"配置“{source}”中的 tiers[{i}] 应满足 low < high 且 low ≤ suggested ≤ high")

    grades = tuple(sorted((Grade(g.text("name"), g.number("min")) for g in top.tables("grades")),
                          key=lambda g: -g.min))
    caps = tuple(sorted((Cap(c.number("below", 0, 1), c.number("max"))
                         for c in total.tables("cap", optional=True)), key=lambda c: -c.below))
    severities = data.get("severity", {})
    if not isinstance(severities, dict):
        raise ProfileError(f"配置“{source}”中的 severity 应为一个表（[severity]）")
    for code, sev in severities.items():
        if code not in CATALOGUE:
            raise ProfileError(f"配置“{source}”中的 severity.{code} 不是已知的检查代码")
        if sev not in SEVERITIES:
            raise ProfileError(
                f"配置“{source}”中的 severity.{code} 应为 error / warning / info 之一")

    return Profile(
        name=top.text("name"),
        title=top.text("title"),
        source=source,
        funding_weight=funding.number("weight"),
        denominator=funding.text("denominator", ("全年预算数", "年初预算数")),
        round_rate_before_score=funding.flag("round_rate_before_score"),
        rate_decimals=funding.integer("rate_decimals", 0, 4),
        explain_below=funding.number("explain_below", 0, 1),
        score_decimals=score.integer("decimals", 0, 4),
        tolerance=score.number("tolerance", 0, 1),
        default_direction=score.text("default_direction", _DIRECTIONS),
        lower_formula=score.text("lower_formula", ("ratio", "linear")),
        equal_formula=score.text("equal_formula", ("higher", "ratio")),
        over_completion_threshold=score.number("over_completion_threshold"),
        over_completion_cut=score.flag("over_completion_cut"),
        late_share_per_month=deadline.number("late_share_per_month", 0, 1),
        direction_words={d: direction.words(d) for d in _DIRECTIONS},
        tiers=tiers,
        na_markers=na.words("markers"),
        na_policy=na.text("policy", ("zero", "full", "rescale")),
        unfinished_markers=top.table("remarks").words("unfinished"),
        total_weight=total.number("weight"),
        cap_by_rate=total.flag("cap_by_rate"),
        caps=caps,
        grades=grades,
        groups=tuple(Group(g.text("name"), g.number("weight"), g.words("subgroups"))
                     for g in top.tables("groups")),
        severities=severities,
    )
