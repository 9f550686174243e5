"""What one asks of LibreOffice: recalculate a workbook with the JX_ functions live, print it to
PDF, or first make the edits a clerk makes by hand.

:func:`recalculate` and :func:`to_pdf` are one `soffice --convert-to` each. :func:`run_jobs` and
:func:`edit_and_recalculate` start `soffice` on :func:`localc.bridge.run_session` instead (a
`vnd.sun.star.script:` URL on the command line): inside LibreOffice it opens each workbook, makes
the edits (:mod:`localc.edits`) through the UNO API, recalculates, saves (.xlsx, .ods or .pdf),
reports to a file and quits; several workbooks share one session.

Every job works on a private copy, so no input is touched (not even by a lock file), and a run
that fails or times out is tried once more (:mod:`localc.process` bounds each run).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

from . import process
from .bridge import JOBS_ENV
from .edits import Edit, edit_spec
from .process import LibreOfficeError, complete, raise_failed_calls, require_soffice, said
from .profile import script_url

SAVE_FILTERS = {".xlsx": "Calc MS Excel 2007 XML", ".ods": "calc8", ".pdf": "calc_pdf_Export"}
SESSION_SETTLE_SECONDS = 2.0  # the bridge quits LibreOffice itself once it has reported


# --- conversions: one soffice --convert-to each ------------------------------------------------

def _soffice_once(
    soffice: Path, src: Path, fmt: str, work: Path, timeout: float, shown: str,
    profile: Path | None = None,
) -> Path:
    """One `soffice --convert-to` of `src` into `work/out`, in a new profile under `work`;
    `shown` names the workbook in messages.

    Returns:
        The output file (complete), whose name is `src`'s stem with the new suffix.

    Raises:
        LibreOfficeError: on timeout or when no complete output appeared.
    """
    out_dir = work / "out"
    shutil.rmtree(out_dir, ignore_errors=True)
    out = out_dir / f"{src.stem}.{fmt.split(':')[0]}"
    code = process.run_soffice(
        soffice, ["--convert-to", fmt, "--outdir", str(out_dir), str(src)],
        work, lambda: complete(out), timeout, shown, profile=profile)
    if not complete(out):
        raise LibreOfficeError(
            f"LibreOffice 没有把 {shown} 转换成 {out.suffix}（退出码 {code}）：{said(work)}")
    return out


def _convert(src: Path, fmt: str, work: Path, timeout: float,
             profile: Path | None = None) -> Path:
    """Convert a private copy of `src` (so `src` is never touched, not even by a lock file),
    retrying once; then make sure no JX_ call failed inside LibreOffice."""
    if not src.is_file():
        raise LibreOfficeError(f"找不到工作簿：{src}")
    soffice = require_soffice()
    copy = work / f"book{src.suffix.lower()}"
    shutil.copyfile(src, copy)
    try:
        out = _soffice_once(soffice, copy, fmt, work, timeout, src.name, profile)
    except LibreOfficeError:
        out = _soffice_once(soffice, copy, fmt, work, timeout, src.name, profile)
    raise_failed_calls(work)
    return out


def recalculate(src: Path, dst: Path, *, timeout: float = 180,
                profile: Path | None = None) -> Path:
    """Recalculate a workbook in LibreOffice with the JX_ functions live, and save it as .xlsx.

    Args:
        src: the .xlsx/.xlsm to recalculate; left untouched.
        dst: where to write the recalculated workbook (xlsx format, with cached values that
            openpyxl reads with `data_only=True`); parent folders are created.
        timeout: seconds one LibreOffice run may take before it is killed (and retried once).
        profile: run in this user profile as it is (see :func:`localc.process.run_soffice`)
            instead of a throw-away one; whether it recalculates on load is its own setting.

    Returns:
        `dst`.

    Raises:
        LibreOfficeError: LibreOffice is missing, timed out twice, produced nothing, or a JX_
            function could not run inside it.
    """
    src, dst = Path(src), Path(dst)
    if dst.resolve() == src.resolve():
        raise LibreOfficeError(f"不能把重算结果写回原工作簿：{src}")
    with tempfile.TemporaryDirectory(prefix="jx-lo-") as tmp:
        out = _convert(src, "xlsx:Calc MS Excel 2007 XML", Path(tmp), timeout, profile)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(out, dst)
    return dst


def to_pdf(src: Path, out_dir: Path, *, timeout: float = 180) -> Path:
    """Recalculate a workbook (JX_ functions live) and export every sheet to PDF.

    Args:
        src: the workbook; left untouched.
        out_dir: folder for the PDF (created if needed).
        timeout: seconds one LibreOffice run may take before it is killed (and retried once).

    Returns:
        `out_dir / (src's stem + ".pdf")`.

    Raises:
        LibreOfficeError: as for :func:`recalculate`.
    """
    src, out_dir = Path(src), Path(out_dir)
    with tempfile.TemporaryDirectory(prefix="jx-lo-") as tmp:
        out = _convert(src, "pdf:calc_pdf_Export", Path(tmp), timeout)
        out_dir.mkdir(parents=True, exist_ok=True)
        return Path(shutil.move(out, out_dir / f"{src.stem}.pdf"))


# --- sessions: edits made inside LibreOffice, then a recalculation --------------------------------

class Job(NamedTuple):
    """One workbook for :func:`run_jobs`: opened from `src`, edited in order, recalculated and
    saved to `dst`, whose suffix picks the format (.xlsx, .ods or .pdf)."""

    src: Path
    dst: Path
    edits: Sequence[Edit] = ()


def _session_once(soffice: Path, spec: dict[str, Any], work: Path, timeout: float,
                  shown: str, profile: Path | None = None,
                  env: dict[str, str] | None = None) -> list[str]:
    """One LibreOffice run of :func:`localc.bridge.run_session` over `spec`.

    Returns:
        Per job, "" or what went wrong.

    Raises:
        LibreOfficeError: on timeout, or when the run ended without reporting.
    """
    done = Path(spec["done"])
    done.unlink(missing_ok=True)
    shutil.rmtree(work / "out", ignore_errors=True)
    (work / "out").mkdir()
    jobs_file = work / "jobs.json"
    jobs_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    settle = min(process.SETTLE_SECONDS, SESSION_SETTLE_SECONDS)
    code = process.run_soffice(soffice, [script_url("run_session")], work, done.is_file,
                               timeout, shown, settle=settle, profile=profile,
                               env={**(env or {}), JOBS_ENV: str(jobs_file)})
    if not done.is_file():
        raise LibreOfficeError(f"LibreOffice 没有处理完 {shown}（退出码 {code}）：{said(work)}")
    return json.loads(done.read_text("utf-8"))["errors"]


def run_jobs(jobs: Sequence[Job], *, timeout: float = 180, profile: Path | None = None,
             env: dict[str, str] | None = None) -> list[Path]:
    """Open, edit, recalculate (JX_ functions live) and save several workbooks in one
    LibreOffice session, one after another.

    Each workbook is opened from a private copy, so no `src` is touched. A session that times
    out or ends without reporting is tried once more; a job that fails fails the call.

    Args:
        jobs: what to open, do and save; every `dst`'s folder is created.
        timeout: seconds the whole session may take before it is killed (and retried once).
        profile: run in this user profile, into which :func:`localc.install.install` put the
            functions, instead of a throw-away one; soffice then gets no variable of ours but
            the one naming the jobs (and `env`).
        env: more environment variables (:data:`localc.bridge.COUNT_ENV` for counting calls).

    Returns:
        The `dst` of each job, in order.

    Raises:
        LibreOfficeError: LibreOffice is missing, timed out twice, could not open, edit or
            save a workbook, or a JX_ function could not run inside it.
        TypeError: an edit or a typed value of an unknown kind.
    """
    jobs = [Job(Path(j.src), Path(j.dst), tuple(j.edits)) for j in jobs]
    for job in jobs:
        if not job.src.is_file():
            raise LibreOfficeError(f"找不到工作簿：{job.src}")
        if job.dst.suffix.lower() not in SAVE_FILTERS:
            raise LibreOfficeError(f"只能保存为 {'、'.join(SAVE_FILTERS)}：{job.dst}")
        if job.dst.resolve() == job.src.resolve():
            raise LibreOfficeError(f"不能把重算结果写回原工作簿：{job.src}")
    soffice = require_soffice()
    if not jobs:
        return []
    shown = "、".join(dict.fromkeys(j.src.name for j in jobs))
    with tempfile.TemporaryDirectory(prefix="jx-lo-") as tmp:
        work = Path(tmp)
        (work / "in").mkdir()
        specs, outs = [], []
        for i, job in enumerate(jobs):
            copy = work / "in" / f"book{i}{job.src.suffix.lower()}"
            shutil.copyfile(job.src, copy)
            out = work / "out" / f"book{i}{job.dst.suffix.lower()}"
            outs.append(out)
            specs.append({"src": str(copy), "dst": str(out),
                          "filter": SAVE_FILTERS[job.dst.suffix.lower()],
                          "edits": [edit_spec(e) for e in job.edits]})
        spec = {"jobs": specs, "done": str(work / "done.json")}
        try:
            errors = _session_once(soffice, spec, work, timeout, shown, profile, env)
        except LibreOfficeError:
            errors = _session_once(soffice, spec, work, timeout, shown, profile, env)
        for job, error in zip(jobs, errors, strict=True):
            if error:
                raise LibreOfficeError(f"LibreOffice 无法处理 {job.src.name}：{error}")
        raise_failed_calls(work)
        for job, out in zip(jobs, outs, strict=True):
            job.dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(out, job.dst)
    return [job.dst for job in jobs]


def edit_and_recalculate(src: Path, dst: Path, edits: Sequence[Edit] = (), *,
                         timeout: float = 180) -> Path:
    """Open a workbook in LibreOffice, make `edits` there (insert rows, copy rows, type values,
    protect), recalculate with the JX_ functions live and save it to `dst`.

    Args:
        src: the workbook; left untouched.
        dst: where to save: .xlsx (formulas with cached values), .ods or .pdf.
        edits: done in order, inside LibreOffice.
        timeout: seconds LibreOffice may take before it is killed (and retried once).

    Returns:
        `dst`.

    Raises:
        LibreOfficeError: as for :func:`run_jobs`.
    """
    return run_jobs([Job(Path(src), Path(dst), tuple(edits))], timeout=timeout)[0]
