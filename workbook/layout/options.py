"""The hidden sheets: 选项 (the dropdown lists and the scoring profile's name) and xlwings.conf
(which Python module holds the worksheet functions), and the sheet names of the workbook."""

from __future__ import annotations

from pyfuncs.engine import Profile, group_label

from .lists import INDEX_SHEET, SUMMARY_SHEET
from .project import LIST_NAMES, PROFILE_NAME
from .sheet import INPUT, LABEL, Locking, Look, SheetSpec

BLANK_SHEET = "空白项目"            # copied by 新增项目
LISTS_SHEET = "选项"                # dropdown lists (hidden)
CONF_SHEET = "xlwings.conf"         # read by the xlwings add-in (hidden)
UDF_MODULE = "pyfuncs.udfs"
CONF_UDF_KEY = "UDF Modules"
# The only keys the xlwings.conf sheet carries, from its first row down: any other key there
# would override the clerk's own settings in the xlwings ribbon.
CONF_KEYS = {CONF_UDF_KEY: UDF_MODULE}

# Every sheet of a workbook that is not a project form.
NOT_PROJECT_SHEETS = frozenset({INDEX_SHEET, SUMMARY_SHEET, BLANK_SHEET, LISTS_SHEET, CONF_SHEET})
# What a final, values-only copy leaves out: the sheet to copy and xlwings' settings.
NOT_IN_FINAL_COPY = (BLANK_SHEET, CONF_SHEET)

LIST_COLUMNS = "ABC"
PROFILE_LABEL_CELL, PROFILE_CELL = "E1", "E2"


def list_values(profile: Profile) -> dict[str, list[str]]:
    """Each dropdown's defined name → its entries."""
    return {
        LIST_NAMES["一级"]: [group_label(g.name, g.weight) for g in profile.groups],
        LIST_NAMES["二级"]: list(dict.fromkeys(s for g in profile.groups for s in g.subgroups)),
        LIST_NAMES["实际完成值"]: [t.label for t in profile.tiers],
    }


def options_spec(profile: Profile) -> tuple[SheetSpec, dict[str, str]]:
    """选项 for `profile`, and each defined name → the absolute span or cell it names."""
    s = SheetSpec(hidden=True, locking=Locking(sheet=True))
    names: dict[str, str] = {}
    for col, (name, values) in zip(LIST_COLUMNS, list_values(profile).items(), strict=False):
        s.put(f"{col}1", role=LABEL, value=name, look=Look(font="bold"))
        for r, value in enumerate(values, start=2):
            s.put(f"{col}{r}", role=LABEL, value=value)
        names[name] = f"${col}$2:${col}${len(values) + 1}"
    s.put(PROFILE_LABEL_CELL, role=LABEL, value=PROFILE_NAME, look=Look(font="bold"))
    s.put(PROFILE_CELL, role=INPUT, field="评分配置", value=profile.source)
    names[PROFILE_NAME] = f"${PROFILE_CELL[0]}${PROFILE_CELL[1:]}"
    return s, names
