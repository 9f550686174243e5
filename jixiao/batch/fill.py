"""`jixiao fill`: data files in, filled workbooks out — formulas live, values cached."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pyfuncs.engine import Form, JixiaoError, Profile, load_profile
from pyfuncs.engine.findings import Located
from services.atomic import refuse_overwriting, refuse_overwriting_inputs, refuse_suffix
from services.filled import write_forms
from services.formats import Place, open_data
from workbook import layout as L
from workbook.fill import Filler
from workbook.names import sheet_name

from ..usage import UsageError
from .parallel import ordered_map

SHOWN = 20
"""Outputs a result lists by path (the command shows them); the rest are only counted."""


@dataclass
class FillResult:
    outputs: list[Path] = field(default_factory=list)   # the first SHOWN written
    problems: list[Located] = field(default_factory=list)
    projects: int = 0                                    # projects written
    files: int = 0                                       # workbooks written

    def wrote(self, path: Path) -> None:
        self.files += 1
        if len(self.outputs) < SHOWN:
            self.outputs.append(path)


WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")
_filler: dict[tuple[str, str], Filler] = {}      # one per worker process and profile/unit
Job = tuple[Form, Path, str, str, bool, bool]


def _split_one(job: Job) -> tuple[Path | None, str]:
    form, path, profile_name, unit, values_only, lite = job
    filler = _filler.setdefault((profile_name, unit), Filler(load_profile(profile_name), unit))
    try:
        return write_forms(filler, [form], path, values_only=values_only, lite=lite), ""
    except JixiaoError as exc:       # too many rows, an unwritable path: said in Chinese
        return None, str(exc)


def fill(data: Path, out: Path | None = None, *, split: Path | None = None,
         values_only: bool = False, final: Path | None = None, profile: str | None = None,
         jobs: int | None = None, force: bool = True, quiet: bool = False,
         lite: bool = False) -> FillResult:
    """Fill workbooks from a data file.

    The data file is read as a stream (:func:`services.formats.open_data`): checked through
    first — so its problems, and outputs that already exist, are known before any work — then
    its projects are handed to the workers as they are read, one workbook each with `split`;
    memory does not grow with the number of projects.

    Args:
        data: the data file (`.xlsx` data workbook, `.json`, `.yaml`).
        out: the workbook to write (`.xlsm` keeps the VBA for live formulas in Excel, `.xlsx`
            has none); all projects in one workbook.
        split: a folder to write one workbook per project into, instead.
        values_only: write values without formulas (for submission and WPS users).
        final: with `out`, also write the final copy (values only, `.xlsx`) of the same
            workbook here, from the same fill.
        profile: the scoring profile name or path.
        jobs: worker processes for `split`.
        force: replace outputs that already exist (without it they are refused, before any
            work).
        quiet: no progress on stderr.
        lite: for xlwings Lite (`.xlsx`): the JX_ calls spelled as its custom functions.
    """
    prof: Profile = load_profile(profile)
    if (out is None) == (split is None):
        raise UsageError("请用 -o 指定输出工作簿，或用 --split 指定输出文件夹（二选一）。")
    if final is not None:
        if out is None:
            raise UsageError("--final 须与 -o 一起使用：定稿是这个输出工作簿的只含数值的副本。")
        refuse_suffix(final, (".xlsx",), "定稿")
        if Path(final).resolve() == Path(out).resolve():
            raise UsageError("定稿与输出工作簿不能是同一个文件。")
    if lite and values_only:
        raise UsageError("--lite 和 --values-only 不能同时使用：只含数值的文件没有公式。")
    if lite and out is not None and Path(out).suffix.lower() != ".xlsx":
        raise UsageError("xlwings Lite 用的工作簿请保存为 .xlsx（-o 文件名.xlsx）。")
    if out is not None:
        refuse_suffix(out, WORKBOOK_SUFFIXES, "填好的自评表")
        outputs = [Path(out)] + ([Path(final)] if final is not None else [])
        for o in outputs:
            refuse_overwriting_inputs(o, [Path(data)])
        refuse_overwriting(outputs, force)
    stream = open_data(data)
    result = FillResult(problems=list(stream.problems))
    names = stream.names
    if out is not None:
        out = Path(out)
        if values_only and out.suffix.lower() != ".xlsx":
            raise UsageError("只含数值的文件请保存为 .xlsx。")
        if len(names) > L.PROJECT_ROOM:
            raise UsageError(f"一个工作簿最多 {L.PROJECT_ROOM} 个项目，现有 {len(names)} 个：请用 --split。")
        if names:
            write_forms(Filler(prof, stream.unit), list(stream.forms()), out,
                        values_only=values_only,
                        final=Path(final) if final is not None else None, lite=lite)
            result.wrote(out)
            if final is not None:
                result.wrote(Path(final))
            result.projects = len(names)
        return result
    folder = Path(split)  # type: ignore[arg-type]
    folder.mkdir(parents=True, exist_ok=True)
    for path in _paths(folder, names):
        refuse_overwriting_inputs(path, [Path(data)])
    refuse_overwriting(_paths(folder, names), force)
    jobs_list = ((form, path, prof.source, stream.unit, values_only, lite)
                 for form, path in zip(stream.forms(), _paths(folder, names), strict=True))
    done = ordered_map(_split_one, jobs_list, jobs=jobs, label="填写中", quiet=quiet,
                       total=len(names), on_failure=lambda _job, message: (None, message))
    for name, path, (written, error) in zip(names, _paths(folder, names), done, strict=True):
        if written is None:
            result.problems.append(Place(path.name).problem(error, name))
        else:
            result.wrote(written)
            result.projects += 1
    return result


def _paths(folder: Path, names: list[str]) -> Iterator[Path]:
    """The workbook of each project, named after it (a sheet name: made unique, shortened)."""
    taken: set[str] = set()
    for name in names:
        sheet = sheet_name(name, taken)
        taken.add(sheet)
        yield folder / f"{sheet}.xlsx"
