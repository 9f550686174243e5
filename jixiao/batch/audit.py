"""`jixiao audit`: recompute every form, compare with what it states, list the findings."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pyfuncs.engine import ERROR, WARNING, evaluate_form, load_profile
from pyfuncs.engine.findings import Located, tally
from services.atomic import refuse_overwriting, refuse_overwriting_inputs, refuse_suffix
from services.formats import Place
from services.formats.dataset import INPUT
from workbook.foreign import FUNDING

from ..terminal import table
from .inputs import expand
from .parallel import PARALLEL_FROM, ordered_map, unforeseen
from .report import sort_key, write_report
from .results import AuditResult, ProjectSummary
from .sources import is_data_file, open_forms

REPORT_SUFFIXES = (".xlsx", ".pdf", ".json")
NAME_COLUMNS = 30         # terminal columns for a file or project name (longer ones end in …)
PLACE_COLUMNS = 30


def audit_file(args: tuple[Path, str | None]) -> AuditResult:
    """Audit every form in one input (runs in a worker process)."""
    path, profile_name = args
    result = AuditResult(profile=load_profile(profile_name).name)
    for part in audit_parts(path, profile_name):
        result.add(part)
    return result


def audit_parts(path: Path, profile_name: str | None) -> Iterator[AuditResult]:
    """One input audited form by form: a result for each form as it is read (the input's own
    problems come with the first), so that a data file of 10,000 projects is never held whole,
    nor are its results when they are printed as they come."""
    profile = load_profile(profile_name)
    found, forms = open_forms(path)      # a data file's projects one at a time
    first = AuditResult(rows=list(found.problems), unit=found.unit, profile=profile.name)
    for ff in forms:
        part, first = first or AuditResult(unit=found.unit, profile=profile.name), None
        part.year = str(ff.form.year) if ff.form.year else ""
        r = evaluate_form(ff.form, profile, blank_is_suggested=ff.blank_is_suggested)
        found_here = [f.at(file=ff.file, sheet=ff.sheet, project=ff.form.name,
                           cell=ff.cell_of(f.field, f.row)) for f in ff.findings(r)]
        part.rows += found_here
        counts = tally(found_here)
        # a partly read form shows no figure as if it had been read whole
        whole = not ff.missing
        funding = FUNDING not in ff.missing
        part.projects.append(ProjectSummary(
            ff.file, ff.sheet, ff.form.name, r.funding.rate if funding else None,
            r.funding.score if funding else None, r.total if whole else None,
            r.grade if whole else None, counts.get(ERROR, 0), counts.get(WARNING, 0)))
        yield part
    if first is not None:
        yield first


def audit(inputs: Sequence[Path], *, profile: str | None = None, jobs: int | None = None,
          report: Path | None = None, quiet: bool = False,
          force: bool = True, pattern: str | None = None,
          each: Callable[[AuditResult], None] | None = None) -> AuditResult:
    """Audit forms and data files; one unreadable input does not stop the others.

    Args:
        inputs: filled workbooks (ours or in the official layout) and data files, or folders
            of them (read recursively, :mod:`jixiao.batch.inputs`).
        profile: the scoring profile name or path.
        jobs: worker processes (default: one per core).
        quiet: no progress on stderr.
        report: also write the findings to this `.xlsx`, `.pdf` or `.json` file
            (:mod:`jixiao.batch.report`).
        force: replace a `report` that already exists (without it, it is refused first).
        pattern: which files of a folder to read (default: workbooks and data files).
        each: given, each input's result is handed to it as soon as it is done (in input
            order), and the result returned only counts them — memory stays flat however many
            files there are (unless a `report` needs them all).
    """
    total = AuditResult(profile=load_profile(profile).name)   # a bad profile fails here
    files, folder_problems = expand(inputs, pattern)
    if report is not None:
        refuse_suffix(report, REPORT_SUFFIXES, "审核报告")
        refuse_overwriting_inputs(report, list(files))
        refuse_overwriting([Path(report)], force)
    keep = each is None or report is not None
    parts = _results(files, profile, jobs, quiet)
    for part in itertools.chain([AuditResult(rows=folder_problems)] if folder_problems else [],
                                parts):
        total.add(part, keep=keep)
        if each is not None:
            each(part)
    if report is not None:
        write_report(total, Path(report), {Path(p).name: Path(p) for p in files})
    return total


def _results(files: list[Path], profile: str | None, jobs: int | None,
             quiet: bool) -> Iterator[AuditResult]:
    """The inputs' results in input order: workbooks by workers, a file's result at a time; a
    few JSON and YAML data files here, a form's result at a time (one data file may hold
    thousands of projects); many data files in a row by workers too, as workbooks."""
    for data, run in itertools.groupby(files, key=lambda p: is_data_file(Path(p))):
        run = [Path(p) for p in run]
        if not data or len(run) >= PARALLEL_FROM:
            yield from ordered_map(audit_file, ((p, profile) for p in run), jobs=jobs,
                                   label="审核中", quiet=quiet, on_failure=_failed,
                                   total=len(run))
            continue
        for p in run:
            try:
                yield from audit_parts(p, profile)
            except Exception as exc:       # as a worker's failure: this file only
                yield _failed((p, profile), unforeseen(exc))


def _failed(job: tuple[Path, str | None], message: str) -> AuditResult:
    """An input whose worker died or failed: reported as such, the others go on."""
    return AuditResult(rows=[Place(job[0].name).problem(message)])


def place(r: Located) -> str:
    """Where a finding is: the cell of a form; for a problem with an input, its sheet, row and
    column as far as known, or the whole file."""
    if r.code != INPUT:
        return r.cell
    return " ".join(p for p in (r.sheet, r.cell) if p) or "整个文件"


def format_table(result: AuditResult) -> str:
    """The findings as a table for the terminal, aligned by display width, then the totals;
    a 文件 column when the findings come from several files."""
    several = len({r.file for r in result.rows} | {p.file for p in result.projects}) > 1
    lead = ["文件"] if several else []
    headers = [*lead, "项目", "位置", "代码", "严重程度", "说明"]
    rows = [[*([r.file] if several else []), r.project or "—", place(r), r.code,
             r.severity_label, r.message] for r in sorted(result.rows, key=sort_key)]
    first = len(lead)
    most = {k: NAME_COLUMNS for k in range(first + 1)} | {first + 1: PLACE_COLUMNS}
    if not rows:
        return result.totals
    return f"{table(headers, rows, most=most)}\n{result.totals}"
