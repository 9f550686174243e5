"""Sheet names from project names, within Excel's rules (31 characters, no `[]:*?/\\`)."""

from __future__ import annotations

import re

MAX_LENGTH = 31
FORBIDDEN = "[]:*?/\\"
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
RESERVED = {"history"}


def sheet_name(project: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A valid sheet name for `project`, different from every name in `taken` (any case).

    Forbidden characters become `_`, leading and trailing apostrophes go, long names are
    cut to 31 characters, and a clash gets a `(2)`, `(3)`… suffix.
    """
    base = _FORBIDDEN.sub("_", _CONTROL.sub("", project).strip()).strip("'").strip() or "项目"
    if base.lower() in RESERVED:
        base += "_"
    lowered = {t.lower() for t in taken}
    name, n = base[:MAX_LENGTH], 1
    while name.lower() in lowered:
        n += 1
        suffix = f"({n})"
        name = base[: MAX_LENGTH - len(suffix)] + suffix
    return name


def name_problem(name: str, taken: set[str] | frozenset[str] = frozenset()) -> str | None:
    """Why `name` cannot be a sheet name, in Chinese; None when it can."""
    if not name.strip():
        return "工作表名称不能为空。"
    if len(name) > MAX_LENGTH:
        return f"工作表名称“{name}”有 {len(name)} 个字符，最多 {MAX_LENGTH} 个。"
    bad = sorted(set(_FORBIDDEN.findall(name)))
    if bad:
        return f"工作表名称“{name}”含有不能使用的字符：{' '.join(bad)}。"
    if name.startswith("'") or name.endswith("'"):
        return f"工作表名称“{name}”不能以单引号开头或结尾。"
    if name.lower() in RESERVED:
        return f"“{name}”是 Excel 保留的名称。"
    if name.lower() in {t.lower() for t in taken}:
        return f"已经有名为“{name}”的工作表。"
    return None


def quoted(sheet: str) -> str:
    """The sheet as a formula refers to it: `'项目 1'!`-style quoting, apostrophes doubled."""
    return "'" + sheet.replace("'", "''") + "'"
