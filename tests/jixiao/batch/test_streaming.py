"""Large inputs as streams: a data file is read one project at a time, the workers get the
projects as they are read, audit prints as it goes — same results as reading all at once."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import openpyxl
from tests_support import SEED

from jixiao.batch.audit import audit, audit_file
from jixiao.batch.extract import extract
from jixiao.batch.fill import fill
from jixiao.batch.printed import STREAM_FROM
from jixiao.batch.report import as_json
from jixiao.examples import load_seed_2023
from pyfuncs.engine import ERROR, Form, load_profile
from services.filled import write_forms
from services.formats import DataSet, form_sink, open_data, read_data, write_data
from workbook.cells import set_value
from workbook.fill import Filler

EXE = [sys.executable, "-m", "jixiao"]


def records(n: int) -> list[dict]:
    """`n` projects of the built-in example, each renamed so it is its own."""
    seed = load_seed_2023()["项目"]
    return [{**seed[i % len(seed)], "项目名称": f"{seed[i % len(seed)]['项目名称']}-{i:04d}"}
            for i in range(n)]


def contents(path: Path) -> list[dict[str, dict[str, object]]]:
    """What a workbook holds, read back: every cell's formula or value, and every cell's cached
    value — not its bytes, which depend on what the writing process wrote before (the order in
    which openpyxl met the styles)."""
    out = []
    for data_only in (False, True):
        wb = openpyxl.load_workbook(path, data_only=data_only)
        out.append({ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row
                               if c.value is not None} for ws in wb.worksheets})
    return out


def test_a_streamed_split_fill_writes_the_workbooks_of_the_whole_document(tmp_path) -> None:
    doc = load_seed_2023()
    result = fill(SEED, split=tmp_path / "streamed", jobs=2, quiet=True)     # a pool of two
    assert (result.projects, result.problems) == (15, [])
    filler = Filler(load_profile(), doc["单位"])
    whole = tmp_path / "whole"
    whole.mkdir()
    assert len(list((tmp_path / "streamed").iterdir())) == 15
    for rec in doc["项目"]:
        form = Form.from_record(rec)          # the document parsed whole, not by our reader
        path = tmp_path / "streamed" / f"{form.name}.xlsx"
        expected = write_forms(filler, [form], whole / path.name)
        assert contents(path) == contents(expected), path.name


def _bad_in_the_middle(path: Path, n: int = 40) -> None:
    """`n` projects; the 18th is not JSON inside, the 24th has a misshapen 资金, the 31st nests
    too deep: each alone is wrong, the frame around them is right."""
    parts = [json.dumps(r, ensure_ascii=False) for r in records(n)]
    parts[17] = parts[17].replace('"主管部门"', '"主管部门" "x": 1, "y"', 1)
    parts[23] = json.dumps({**records(n)[23], "资金": "34万"}, ensure_ascii=False)
    parts[30] = '{"项目名称": "深", "指标": ' + "[" * 30 + "]" * 30 + "}"
    path.write_text('{"单位": "某单位",\n "项目": [\n' + ",\n".join(parts) + "\n],\n \"年度\": 2023}",
                    encoding="utf-8")


def test_a_bad_project_in_the_middle_of_a_stream_skips_only_itself(tmp_path) -> None:
    data = tmp_path / "大.json"
    _bad_in_the_middle(data)
    result = fill(data, split=tmp_path / "out", jobs=2, quiet=True)
    assert result.projects == 37 and len(list((tmp_path / "out").glob("*.xlsx"))) == 37
    errors = [str(p) for p in result.problems if p.severity == ERROR]
    assert len(errors) == 3 and all("大.json" in e and "本项目未处理" in e for e in errors)
    assert "第 20 行 第 18 个项目：JSON 格式错误" in errors[0]
    assert "第 24 个项目 资金" in errors[1]
    assert "第 31 个项目：嵌套超过" in errors[2]
    stream = open_data(data)
    assert (stream.unit, stream.year, len(stream.names)) == ("某单位", 2023, 37)


def test_reading_a_data_file_holds_one_project_not_the_file(tmp_path) -> None:
    data = tmp_path / "大.json"
    data.write_text(json.dumps({"项目": records(600)}, ensure_ascii=False), encoding="utf-8")
    size = data.stat().st_size                  # ~4 MB of text, ~20 MB once parsed whole
    tracemalloc.start()
    try:
        stream = open_data(data)
        count = sum(1 for _ in stream.forms())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 600
    assert peak < size / 6, f"{peak:,} bytes at the peak for a file of {size:,}"


def test_audit_of_one_data_file_holds_one_project_at_a_time(tmp_path) -> None:
    """Auditing a data file keeps the findings, not the projects: six times the projects, the
    peak grows by far less than the projects would take (~15 KB each once read)."""
    peaks = []
    warm = tmp_path / "warm.json"
    warm.write_text(json.dumps({"项目": records(15)}, ensure_ascii=False), encoding="utf-8")
    audit_file((warm, None))                 # caches and first-use tables filled outside
    for n in (10, 60):
        data = tmp_path / f"{n}.json"
        data.write_text(json.dumps({"项目": records(n)}, ensure_ascii=False), encoding="utf-8")
        tracemalloc.start()
        try:
            result = audit_file((data, None))
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        assert len(result.projects) == n
    assert peaks[1] - peaks[0] < 50 * 2_000, peaks       # < 2 KB a project more


def test_a_data_file_is_audited_and_handed_on_a_project_at_a_time(tmp_path) -> None:
    """`audit` hands on a data file's results project by project (what lets the printer print
    a 10,000-project file as it goes), and they add up to the whole file's result."""
    data = tmp_path / "三十.json"
    data.write_text(json.dumps({"单位": "某单位", "项目": records(30)}, ensure_ascii=False),
                    encoding="utf-8")
    parts = []
    total = audit([data], jobs=1, quiet=True, each=parts.append)
    assert [len(p.projects) for p in parts] == [1] * 30
    whole = audit_file((data, None))
    assert [r for p in parts for r in p.rows] == whole.rows
    assert [s for p in parts for s in p.projects] == whole.projects
    assert total.totals == whole.totals
    assert total.count(ERROR) == 14                   # the seed's 7 errors, twice


def test_spooled_data_files_are_what_the_whole_document_writer_writes(tmp_path) -> None:
    data = read_data(SEED)
    for suffix in (".json", ".yaml"):
        for forms in (data.forms, []):
            whole, spooled = tmp_path / f"whole{suffix}", tmp_path / f"spooled{suffix}"
            write_data(DataSet(forms, data.unit, data.year), whole)
            sink = form_sink(spooled)
            for form in forms:
                sink.add(form)
            sink.write(spooled, data.unit, data.year, write_data)
            sink.close()
            assert spooled.read_bytes() == whole.read_bytes()


def test_audit_of_many_files_prints_as_it_goes_and_the_json_stays_json(tmp_path) -> None:
    folder = tmp_path / "收到"
    fill(SEED, split=folder / "甲", jobs=1, quiet=True)
    fill(SEED, split=folder / "乙", jobs=1, quiet=True)
    files = sorted(folder.rglob("*.xlsx"))
    assert len(files) > STREAM_FROM
    expected = json.loads(as_json(audit([folder], jobs=1, quiet=True)))
    out = subprocess.run([*EXE, "audit", str(folder), "--json", "-j", "2"], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 1
    assert json.loads(out.stdout) == expected
    table = subprocess.run([*EXE, "audit", str(folder), "-j", "1"], capture_output=True,
                           text=True, timeout=600)
    head, *lines, totals = table.stdout.splitlines()
    assert head.split() == ["文件", "项目", "位置", "代码", "严重程度", "说明"]
    assert len(lines) == len(expected["检查结果"]) and totals.startswith("共 30 个项目")
    names = {f.name for f in files}
    assert all(line.split()[0] in names or "…" in line.split()[0] for line in lines)


def test_extract_of_many_files_keeps_nothing_but_writes_everything(tmp_path) -> None:
    folder = tmp_path / "收到"
    fill(SEED, split=folder, jobs=1, quiet=True)
    kept = extract([folder], tmp_path / "全部.json")
    streamed = extract([folder], tmp_path / "流.json", keep=False)
    assert (len(kept.forms), kept.count, streamed.forms, streamed.count) == (15, 15, [], 15)
    assert (tmp_path / "流.json").read_bytes() == (tmp_path / "全部.json").read_bytes()
    assert [f.name for f in read_data(tmp_path / "流.json").forms] == [f.name for f in kept.forms]


def test_a_yaml_file_is_read_project_by_project_too(tmp_path) -> None:
    import yaml

    recs = records(20)
    recs[6]["资金"] = "34万"
    text = yaml.safe_dump({"单位": "某单位", "项目": recs}, allow_unicode=True, sort_keys=False)
    marker = f"  项目名称: {recs[12]['项目名称']}\n"        # (the repeats are YAML aliases)
    assert marker in text
    text = text.replace(marker, marker + "  ? [1]\n  : 2\n")        # a key that is a list
    data = tmp_path / "大.yaml"
    data.write_text(text + "年度: 2023\n", encoding="utf-8")
    stream = open_data(data)
    assert (stream.unit, stream.year, len(stream.names)) == ("某单位", 2023, 18)
    errors = [str(p) for p in stream.problems if p.severity == ERROR]
    assert "第 7 个项目 资金" in errors[0] and "第 13 个项目：YAML 格式错误" in errors[1]
    forms = list(stream.forms())
    assert [f.name for f in forms] == stream.names
    assert forms[-1].to_record() == Form.from_record(recs[-1]).to_record()


def test_a_data_workbook_is_read_row_by_row_whatever_the_order_of_its_indicators(tmp_path) -> None:
    seed = read_data(SEED)
    grouped = tmp_path / "按项目.xlsx"
    write_data(seed, grouped)
    wb = openpyxl.load_workbook(grouped)
    ws = wb["指标"]
    blocks: dict[str, list[list]] = {}            # each project's rows, the last project first
    for row in ws.iter_rows(min_row=2):
        blocks.setdefault(row[0].value, []).append([c.value for c in row])
    rows = [row for block in reversed(blocks.values()) for row in block]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            set_value(ws.cell(r, c), value)          # `=10 万元` stays text
    reversed_ = tmp_path / "倒序.xlsx"      # projects read first, their indicator rows last
    wb.save(reversed_)
    for path in (grouped, reversed_):
        stream = open_data(path)
        assert (stream.problems, stream.names) == ([], [f.name for f in seed.forms])
        back = [f.to_record() for f in stream.forms()]
        assert [len(r["指标"]) for r in back] == [len(f.indicators) for f in seed.forms]
    assert [f.to_record() for f in open_data(reversed_).forms()] == \
        [f.to_record() for f in open_data(grouped).forms()]
