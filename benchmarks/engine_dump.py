"""Every result the engine gives over the inputs we hold, one `repr()` a line: run it before
and after a change meant only to make the engine faster, and compare the two files (`cmp`);
any difference is a bug in the change.

Run: `python benchmarks/engine_dump.py OUT.txt` (prints the count of results and a digest).

Inputs: the seed (`jixiao.examples`, and the pairs of neighbouring cells of
`/work/shared/seed` when it is beside the checkout), `tests/data/typed-by-clerks.json`,
`tests/data/edge-inputs.json` (its sheets read as project sheets), the real forms of
`tests/data/real_forms` (read by the foreign-form reader, and their neighbouring cells as
target/actual pairs), the texts of the quick readers' tests, and `bench_engine.py`'s
all-unique rows. Each under every shipped profile and the variants the tests write, caches
cold then warm, 分值/得分 as ints and as floats, a blank 得分 as blank and as suggested.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests"), str(ROOT / "tests" / "pyfuncs" / "engine")]

from bench_engine import unique_rows  # noqa: E402
from test_simple_paths import texts  # noqa: E402

from jixiao.examples import load_seed_2023  # noqa: E402
from pyfuncs import engine  # noqa: E402
from pyfuncs.engine import (  # noqa: E402
    Form,
    Indicator,
    Profile,
    builtin_names,
    evaluate_form,
    evaluate_row,
    load_profile,
)
from pyfuncs.engine.record import replace  # noqa: E402
from workbook.foreign import read_foreign  # noqa: E402
from workbook.read import read_form  # noqa: E402

DATA = ROOT / "tests" / "data"
SEED_TEXT = ROOT.parent / "shared" / "seed" / "000_05fa6c65047645a4.txt"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")   # a cell the corpus's workbooks hold as a number

# The profile variants the tests write (each extends national-2020).
VARIANTS = [
    "[deadline]\nlate_share_per_month = 0.25",
    "[deadline]\nlate_share_per_month = 1",
    '[score]\nlower_formula = "linear"',
    '[score]\nequal_formula = "ratio"',
    "[score]\nover_completion_cut = true",
    '[score]\ndefault_direction = "lower"',
    '[not_applicable]\npolicy = "full"',
    '[not_applicable]\npolicy = "rescale"',
    '[severity]\nREASON_MISSING = "warning"',
    "[funding]\nround_rate_before_score = true\nrate_decimals = 0",
    "[funding]\nexplain_below = 0.9",
    '[funding]\ndenominator = "年初预算数"\nweight = 20',
    "[total]\ncap_by_rate = true",
]


def profiles(folder: Path) -> list[Profile]:
    """The shipped profiles and the tests' variants."""
    out = [load_profile(name) for name in builtin_names()]
    for i, body in enumerate(VARIANTS):
        path = folder / f"variant{i}.toml"
        path.write_text(f'extends = "national-2020"\nname = "v{i}"\n{body}\n', encoding="utf-8")
        out.append(load_profile(path))
    return out


def clear_all() -> None:
    """Every cache of the engine's modules (whatever they are named), for a cold pass."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith(engine.__name__ + "."):
            for value in list(vars(module).values()):
                if not isinstance(value, type) and callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
            clear = getattr(module, "clear_caches", None)
            if callable(clear):
                clear()


def forms() -> list[Form]:
    """The forms we hold: seed, typed-by-clerks, edge inputs, real forms."""
    out = [Form.from_record(p) for p in load_seed_2023()["项目"]]
    typed = json.loads((DATA / "typed-by-clerks.json").read_text(encoding="utf-8"))
    out += [Form.from_record(p) for p in typed["项目"]]
    edge = json.loads((DATA / "edge-inputs.json").read_text(encoding="utf-8"))["sheets"]
    out += [read_form(cells.get) for cells in edge.values()]
    for grid in real_grids():
        found = read_foreign(grid)
        if found is not None:
            out.append(found.form)
    return out


def real_grids() -> list[list[list[object]]]:
    """The real forms' grids, plain numbers as numbers (as their workbooks hold them)."""
    grids = []
    for path in sorted((DATA / "real_forms").glob("*.json")):
        grid = json.loads(path.read_text(encoding="utf-8"))["grid"]
        grids.append([[float(c) if _NUMBER.match(c.strip()) else c for c in row]
                      for row in grid])
    return grids


def _as(value: object, kind: str) -> object:
    """A number cell as an int (when whole) or as a float; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if kind == "int" and float(value).is_integer() and abs(value) < 1e15:
        return int(value)
    return float(value) if kind == "float" else value


def number_variants(form: Form) -> Iterator[Form]:
    """The form as it is, with its number cells as ints, and as floats."""
    yield form
    for kind in ("int", "float"):
        rows = [replace(r, weight=_as(r.weight, kind), score=_as(r.score, kind))
                for r in form.indicators]
        funding = replace(
            form.funding, weight=_as(form.funding.weight, kind),
            stated_score=_as(form.funding.stated_score, kind),
            amounts={k: [_as(v, kind) for v in vs] for k, vs in form.funding.amounts.items()})
        yield replace(form, indicators=rows, funding=funding,
                                  stated_total=_as(form.stated_total, kind))


def pair_rows() -> list[Indicator]:
    """Neighbouring cells of the seed text and the real forms as target and actual, and the
    quick readers' test texts, each with a few 分值/得分 (ints, floats, blank, text)."""
    pairs: list[tuple[object, object, str]] = []
    grids = real_grids()
    if SEED_TEXT.is_file():
        lines = SEED_TEXT.read_text(encoding="utf-8").splitlines()
        grids.append([[float(c) if _NUMBER.match(c.strip()) else c for c in line.split("\t")]
                      for line in lines])
    for grid in grids:
        for row in grid:
            remark = row[-1] if isinstance(row[-1], str) else ""
            pairs += [(row[j], row[j + 1], remark) for j in range(len(row) - 1)]
    every = texts(random.Random(14))
    pairs += [(t, every[(i * 7 + 3) % len(every)], "") for i, t in enumerate(every)]
    numbers = [(10.0, 8.0), (10, 8), (5, 5), (5.0, 5.0), (10.0, None), (10, "8"), ("10", 7.5),
               (None, None), (2.5, 0)]
    return [Indicator("产出指标 (50 分)", "数量指标", "x", t, a, *numbers[i % len(numbers)], r)
            for i, (t, a, r) in enumerate(pairs)]


def dump(out_path: Path) -> tuple[int, str]:
    """Write every result to `out_path`; the count of results and the file's SHA-256."""
    rows = pair_rows()
    bench = unique_rows(20_000, random.Random(2023))
    digest, n = hashlib.sha256(), 0
    with tempfile.TemporaryDirectory() as folder, out_path.open("w", encoding="utf-8") as out:
        def put(label: str, result: object) -> None:
            nonlocal n
            line = f"{label}\t{result!r}\n"
            out.write(line)
            digest.update(line.encode())
            n += 1

        every_form = [v for f in forms() for v in number_variants(f)]
        for profile in profiles(Path(folder)):
            clear_all()
            for temperature in ("cold", "warm"):
                tag = f"{profile.name}/{temperature}"
                for i, form in enumerate(every_form):
                    for blank in (False, True):
                        put(f"{tag}/form{i}/{blank}",
                            evaluate_form(form, profile, blank_is_suggested=blank))
                for i, ind in enumerate(rows):
                    put(f"{tag}/pair{i}", evaluate_row(i, ind, profile,
                                                       blank_is_suggested=i % 2 == 1))
                for i, ind in enumerate(bench):
                    put(f"{tag}/bench{i}", evaluate_row(i, ind, profile))
    return n, digest.hexdigest()


if __name__ == "__main__":
    count, sha = dump(Path(sys.argv[1]))
    print(f"{count:,} results, sha256 {sha}")
