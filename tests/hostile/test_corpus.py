"""Every file of the hostile corpus, through the real command line (in this process, for speed):
the exit status, one Chinese message naming the bad file, no traceback, the inputs unchanged,
and the good files beside it still processed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from jixiao.cli import main
from services.atomic import TEMP_PREFIX

from .corpus import CASES, good_json

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file(name, tmp_path, monkeypatch, capsys) -> None:
    good_json(tmp_path)                  # the good file beside the bad one
    case = CASES[name](tmp_path)
    before = _digests(tmp_path)
    monkeypatch.chdir(tmp_path)
    status = main(case.args)
    out, err = capsys.readouterr()
    assert status == case.status, (out, err)
    assert "Traceback" not in err + out
    if case.says:
        lines = [x for x in (err + out).splitlines() if case.says in x]
        assert len(lines) == 1, err + out                      # one message …
        assert case.bad in lines[0] and _CJK.search(lines[0])  # … in Chinese, naming the file
    if case.also:
        assert case.also in out
    after = _digests(tmp_path)
    assert {k: after.get(k) for k in before} == before        # inputs byte-identical
    for f in case.outputs:
        assert (tmp_path / f).is_file(), f
    for f in case.absent:
        assert not (tmp_path / f).exists(), f
    assert not list(tmp_path.rglob(TEMP_PREFIX + "*"))       # no temporary file left
