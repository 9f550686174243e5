"""How the reader and the checks do on the corpus of published forms (tests/data/real_forms/).

Run: `python benchmarks/real_forms.py`. Each form's grid is written as an .xlsx in its own
layout (plain numbers as numbers, everything else as printed text, merges as transcribed) and
read back through `jixiao audit`'s reader. Per form it prints: whether a form was read and how
many indicator rows (against the printed count), whether 执行率 / 资金得分 / 总分 match the
printed figures, how many of the mistakes found by hand were flagged at their cell, and how
many other cells were flagged (false alarms, or mistakes the transcriber did not list).
A ✗ on a figure is not always the tool's: where the form printed a wrong figure (a total row
left at 0), the tool is right to differ; "✗(无)" means it computed nothing — the reader did not
find that block; the last column names the blocks the reader says it could not find.
A baseline for the reader's work (issue 9), not a test: it asserts nothing.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "tests"))

from real_forms_support import CORPUS, as_workbook  # noqa: E402

from jixiao.batch.sources import find_forms  # noqa: E402
from pyfuncs.engine import evaluate_form, load_profile  # noqa: E402
from pyfuncs.engine.findings import fmt_percent  # noqa: E402


def _number(text: str) -> float | None:
    text = str(text).strip().rstrip("%")
    try:
        return float(text)
    except ValueError:
        return None


def _same(printed: str, ours: float | None, percent: bool = False) -> str:
    p = _number(printed)
    if p is None:
        return "—"                        # not printed, or not readable as a number
    if ours is None:
        return "✗(无)"
    value = ours * 100 if percent else ours
    return "✓" if abs(p - value) <= 0.01 + 1e-9 else f"✗({fmt_percent(ours) if percent else ours})"


def main() -> int:
    profile = load_profile()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sorted(CORPUS.glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            book = as_workbook(doc, Path(tmp) / f"{path.stem}.xlsx")
            found = find_forms(book)
            exp = doc["expected"]
            if not found.forms:
                rows.append((path.stem, "未读出", f"0/{exp['indicators']}", "—", "—", "—",
                             f"0/{len(exp['findings'])}", "—", "—"))
                continue
            ff = found.forms[0]
            result = evaluate_form(ff.form, profile, blank_is_suggested=ff.blank_is_suggested)
            flagged = {ff.cell_of(f.field, f.row) for f in ff.findings(result)
                       if f.code != "BLOCK_NOT_FOUND"}
            said = "、".join(ff.missing) or "—"
            expected = {f["cell"] for f in exp["findings"]}
            rows.append((
                path.stem, "读出", f"{len(ff.form.indicators)}/{exp['indicators']}",
                _same(exp.get("执行率", ""), result.funding.rate, percent=True),
                _same(exp.get("资金得分", ""), result.funding.score),
                _same(exp.get("总分", ""), result.total),
                f"{len(flagged & expected)}/{len(expected)}", str(len(flagged - expected)), said,
            ))
    head = ("表", "读取", "指标行", "执行率", "资金得分", "总分", "找出的错误", "其他标记",
            "说明未读出")
    print("\t".join(head))
    for row in rows:
        print("\t".join(row))
    read = sum(r[1] == "读出" for r in rows)
    print(f"共 {len(rows)} 张表，读出 {read} 张。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
