"""The hostile corpus: files a hostile or unlucky clerk could hand the tools, built into a folder.

Each case is a command line over files made here, with the exit status it must end with, the
text its one Chinese message must hold (it names the bad file) and what must still come out of
the good files beside it. Nothing is stored: every file is made by the code below, from the
built-in example, openpyxl, zipfile and a few bytes written by hand.
"""

from __future__ import annotations

import copy
import json
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from jixiao.examples import load_seed_2023
from services.limits import MAX_DEPTH, MAX_TEXT


@dataclass
class Case:
    """One command over hostile files; what it must end with."""

    args: list[str]                  # the command line, file names relative to the folder
    status: int                      # the exit status
    says: str                        # in the one message about the bad file (with its name)
    bad: str                         # the bad file's name: the message names it
    also: str = ""                   # in the output: the good files were processed
    outputs: list[str] = field(default_factory=list)      # files that must exist afterwards
    absent: list[str] = field(default_factory=list)       # files that must not


Builder = Callable[[Path], Case]
CASES: dict[str, Builder] = {}


def case(fn: Builder) -> Builder:
    CASES[fn.__name__] = fn
    return fn


# ---- building blocks ----------------------------------------------------------------------------

def seed_doc(n: int = 2) -> dict:
    doc = copy.deepcopy(load_seed_2023())
    doc["项目"] = doc["项目"][:n]
    return doc


def write_json(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def good_json(folder: Path, name: str = "好.json") -> Path:
    return write_json(folder / name, seed_doc(1))


def with_project(folder: Path, name: str, change: Callable[[dict], None]) -> Path:
    """A data file of two projects, the first changed by `change`, the second left good."""
    doc = seed_doc(2)
    change(doc["项目"][0])
    return write_json(folder / name, doc)


def sparse_giant(path: Path, sheet: str = "表1") -> Path:
    """4.8 KB with values in A1 and XFD1048576: a dense reader would allocate 17 billion cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws["A1"], ws["XFD1048576"] = "项目名称", "x"
    wb.save(path)
    return path


def rewrite_part(src: Path, dst: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, change(data) if info.filename == part else data)
    return dst


def compound_file(path: Path, stream: str) -> Path:
    """A real OLE compound file (the container of .xls and of encrypted .xlsx) holding one
    4 KiB stream named `stream`: header, one FAT sector, one directory sector, the stream."""
    sector, end, free, fat_sect, nostream = 512, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    data_sectors = 4096 // sector
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16,
                         0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<109I", 0, *([free] * 108))
    fat = [fat_sect, end, *range(3, 2 + data_sectors), end]
    fat_sector = struct.pack(f"<{sector // 4}I", *fat, *([free] * (sector // 4 - len(fat))))

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return struct.pack("<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, nostream, nostream,
                           child, b"\0" * 16, 0, 0, 0, start, size)

    directory = entry("Root Entry", 5, 1, end, 0) + entry(stream, 2, nostream, 2, 4096)
    directory += b"\0" * (sector - len(directory))
    path.write_bytes(header + fat_sector + directory + bytes(range(256)) * 16)
    return path


# ---- workbooks ---------------------------------------------------------------------------------

@case
def giant_sheet_beside_good_files(d: Path) -> Case:
    sparse_giant(d / "巨表.xlsx")
    return Case(["audit", "巨表.xlsx", "好.json"], 1, "第 1048576 行有内容", "巨表.xlsx",
                also="共 1 个项目")


@case
def giant_sheet_in_a_batch_of_nine(d: Path) -> Case:
    """Nine inputs: worker processes; the giant one is refused, the eight others audited."""
    sparse_giant(d / "巨表.xlsx")
    names = [good_json(d, f"好{k}.json").name for k in range(8)]
    return Case(["audit", "巨表.xlsx", *names, "--report", "报告.xlsx"], 1, "超过 100,000 行上限",
                "巨表.xlsx", also="共 8 个项目", outputs=["报告.xlsx"])


@case
def giant_data_workbook(d: Path) -> Case:
    wb = Workbook()
    wb.active.title = "项目"
    wb["项目"]["A1"] = "项目名称"
    wb.create_sheet("指标")["XFD1048576"] = 1
    wb.save(d / "数据.xlsx")
    return Case(["fill", "数据.xlsx", "-o", "表.xlsx"], 1, "工作表“指标”", "数据.xlsx",
                absent=["表.xlsx"])


@case
def data_workbook_claiming_a_giant_size(d: Path) -> Case:
    """A styled empty cell at XFD1048576 makes the sheet claim that size; only values count."""
    from services.formats import DataSet, read_data, write_data

    write_data(DataSet(read_data(good_json(d)).forms), d / "数据.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(d / "数据.xlsx")
    wb["指标"]["XFD1048576"].font = Font(bold=True)
    wb.save(d / "数据.xlsx")
    return Case(["fill", "数据.xlsx", "-o", "表.xlsx"], 0, "", "", also="共填写 1 个项目",
                outputs=["表.xlsx"])


@case
def entity_bomb_in_a_sheet(d: Path) -> Case:
    sparse_giant(d / "原.xlsx")
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')
    rewrite_part(d / "原.xlsx", d / "实体.xlsx", "xl/worksheets/sheet1.xml",
                 lambda x: bomb + x.split(b"?>", 1)[-1])
    (d / "原.xlsx").unlink()
    return Case(["audit", "实体.xlsx", "好.json"], 1, "已损坏", "实体.xlsx", also="共 1 个项目")


@case
def malformed_sheet_xml(d: Path) -> Case:
    sparse_giant(d / "原.xlsx")
    rewrite_part(d / "原.xlsx", d / "坏表.xlsx", "xl/worksheets/sheet1.xml", lambda x: x[:200])
    (d / "原.xlsx").unlink()
    return Case(["audit", "坏表.xlsx", "好.json"], 1, "已损坏", "坏表.xlsx", also="共 1 个项目")


@case
def truncated_workbook(d: Path) -> Case:
    sparse_giant(d / "原.xlsx")
    (d / "半个.xlsx").write_bytes((d / "原.xlsx").read_bytes()[:2000])
    (d / "原.xlsx").unlink()
    return Case(["audit", "半个.xlsx", "好.json"], 1, "半个.xlsx", "半个.xlsx", also="共 1 个项目")


@case
def encrypted_workbook(d: Path) -> Case:
    compound_file(d / "加密.xlsx", "EncryptedPackage")
    return Case(["audit", "加密.xlsx", "好.json"], 1, "设有打开密码", "加密.xlsx", also="共 1 个项目")


@case
def legacy_xls(d: Path) -> Case:
    compound_file(d / "旧表.xls", "Workbook")
    return Case(["audit", "旧表.xls", "好.json"], 1, "另存为", "旧表.xls", also="共 1 个项目")


@case
def ods_named_xlsx(d: Path) -> Case:
    with zipfile.ZipFile(d / "开放.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return Case(["audit", "开放.xlsx", "好.json"], 1, ".ods", "开放.xlsx", also="共 1 个项目")


@case
def csv_named_xlsx(d: Path) -> Case:
    (d / "表格.xlsx").write_text("项目名称,年度\n甲,2023\n", encoding="utf-8")
    return Case(["audit", "表格.xlsx", "好.json"], 1, "CSV", "表格.xlsx", also="共 1 个项目")


@case
def pdf_named_xlsx(d: Path) -> Case:
    (d / "扫描.xlsx").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return Case(["audit", "扫描.xlsx", "好.json"], 1, "PDF", "扫描.xlsx", also="共 1 个项目")


@case
def empty_file(d: Path) -> Case:
    (d / "空.xlsx").write_bytes(b"")
    return Case(["audit", "空.xlsx", "好.json"], 1, "空文件", "空.xlsx", also="共 1 个项目")


@case
def folder_named_xlsx(d: Path) -> Case:
    (d / "目录.xlsx").mkdir()
    return Case(["audit", "目录.xlsx", "好.json"], 1, "文件夹", "目录.xlsx", also="共 1 个项目")


@case
def control_character_stored_by_excel(d: Path) -> Case:
    """A received workbook whose text Excel stored as `_x0001_`: extract and the report go on."""
    from jixiao.batch.fill import fill

    fill(good_json(d, "源.json"), d / "原.xlsx")
    rewrite_part(d / "原.xlsx", d / "收到.xlsx", "xl/sharedStrings.xml",
                 lambda x: x.replace(b"<t>", "<t>_x0001_坏".encode(), 40))
    (d / "原.xlsx").unlink()
    (d / "源.json").unlink()
    return Case(["extract", "收到.xlsx", "-o", "读出.xlsx"], 0, "", "", also="读出 1 个项目",
                outputs=["读出.xlsx"])


# ---- data files --------------------------------------------------------------------------------

CONTROL = "\x01\x02\x07\x0b\x1f"


def _control_everywhere(p: dict) -> None:
    """Control characters in every text field (a number with one is not a number: refused)."""
    for key in ("项目名称", "主管部门", "实施单位", "预期目标", "实际完成情况", "备注"):
        p[key] = CONTROL + str(p.get(key) or "")
    for ind in p["指标"]:
        for key in ("一级", "二级", "三级", "年度指标值", "实际完成值", "偏差原因"):
            if isinstance(ind.get(key), str):
                ind[key] = ind[key] + CONTROL


@case
def control_characters_in_every_field(d: Path) -> Case:
    with_project(d, "控制符.json", _control_everywhere)
    return Case(["fill", "控制符.json", "-o", "表.xlsx"], 0, "控制字符", "控制符.json",
                also="共填写 2 个项目", outputs=["表.xlsx"])


@case
def control_characters_split(d: Path) -> Case:
    with_project(d, "控制符.json", _control_everywhere)
    return Case(["fill", "控制符.json", "--split", "分"], 0, "控制字符", "控制符.json",
                also="共填写 2 个项目")


@case
def control_characters_to_report(d: Path) -> Case:
    with_project(d, "控制符.json", _control_everywhere)
    return Case(["audit", "控制符.json", "--report", "报告.xlsx"], 0, "控制字符",
                "非公有制企业党建工作经费", also="共 2 个项目", outputs=["报告.xlsx"])


@case
def control_characters_extracted(d: Path) -> Case:
    with_project(d, "控制符.json", _control_everywhere)
    return Case(["extract", "控制符.json", "-o", "数据.xlsx"], 0, "", "", also="读出 2 个项目",
                outputs=["数据.xlsx"])


@case
def text_too_long_for_a_cell(d: Path) -> Case:
    with_project(d, "长.json", lambda p: p.update(预期目标="长" * (MAX_TEXT + 1)))
    return Case(["extract", "长.json", "-o", "出.json"], 1, f"超过一个单元格能容纳的 {MAX_TEXT} 个",
                "长.json", also="读出 1 个项目", outputs=["出.json"])


BILLION_LAUGHS = "".join(
    f"{k}: &{k} [{', '.join([f'*{chr(ord(k) - 1)}'] * 9) if k > 'a' else ', '.join(['lol'] * 9)}]\n"
    for k in "abcdefghi")


@case
def yaml_alias_bomb(d: Path) -> Case:
    (d / "炸弹.yaml").write_text(BILLION_LAUGHS + "项目: [*i]\n", encoding="utf-8")
    return Case(["audit", "炸弹.yaml", "好.json"], 1, "展开后超过", "炸弹.yaml", also="共 1 个项目")


@case
def yaml_alias_bomb_in_a_name(d: Path) -> Case:
    (d / "炸弹.yaml").write_text(BILLION_LAUGHS + "项目:\n  - 项目名称: *i\n", encoding="utf-8")
    return Case(["fill", "炸弹.yaml", "-o", "表.xlsx"], 1, "展开后超过", "炸弹.yaml",
                absent=["表.xlsx"])


@case
def yaml_recursive_alias(d: Path) -> Case:
    (d / "自引.yaml").write_text("项目: &a [*a]\n", encoding="utf-8")
    return Case(["audit", "自引.yaml", "好.json"], 1, "引用了它自己", "自引.yaml", also="共 1 个项目")


@case
def json_nested_100000_deep(d: Path) -> Case:
    (d / "深.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return Case(["audit", "深.json", "好.json"], 1, f"嵌套超过 {MAX_DEPTH} 层", "深.json",
                also="共 1 个项目")


@case
def yaml_nested_100000_deep(d: Path) -> Case:
    (d / "深.yaml").write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return Case(["audit", "深.yaml", "好.json"], 1, f"嵌套超过 {MAX_DEPTH} 层", "深.yaml",
                also="共 1 个项目")


@case
def json_with_bom(d: Path) -> Case:
    (d / "带BOM.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(seed_doc(1), ensure_ascii=False)
                                   .encode("utf-8"))
    return Case(["fill", "带BOM.json", "-o", "表.xlsx"], 0, "", "", also="共填写 1 个项目",
                outputs=["表.xlsx"])


@case
def json_not_utf8(d: Path) -> Case:
    (d / "国标.json").write_bytes(json.dumps(seed_doc(1), ensure_ascii=False).encode("gb18030"))
    return Case(["audit", "国标.json", "好.json"], 1, "UTF-8", "国标.json", also="共 1 个项目")


@case
def json_syntax_error(d: Path) -> Case:
    (d / "语法.json").write_text('{"项目": [1, 2,]}', encoding="utf-8")
    return Case(["audit", "语法.json", "好.json"], 1, "JSON 格式错误", "语法.json", also="共 1 个项目")


SHAPES: dict[str, Callable[[dict], None]] = {
    "指标是一组键值": lambda p: p.update(指标={"x": 1}),
    "资金是文字": lambda p: p.update(资金="34万"),
    "资金一行是数": lambda p: p.update(资金={"年度资金总额": 5}),
    "资金一行四个数": lambda p: p.update(资金={"年度资金总额": [1, 2, 3, 4]}),
    "金额是一组键值": lambda p: p.update(资金={"年度资金总额": [{"a": 1}, 2, 3]}),
    "项目名称是一组键值": lambda p: p.update(项目名称={"a": 1}),
    "年度是列表": lambda p: p.update(年度=[2023]),
    "一行指标是数": lambda p: p.update(指标=[5]),
    "分值是列表": lambda p: p["指标"][0].update(分值=[1, 2]),
    "三级是一组键值": lambda p: p["指标"][0].update(三级={"a": 1}),
}


def _shape_case(label: str, change: Callable[[dict], None]) -> Builder:
    def build(d: Path) -> Case:
        with_project(d, "形状.json", change)
        return Case(["extract", "形状.json", "-o", "出.json"], 1, "本项目未处理", "形状.json",
                    also="读出 1 个项目", outputs=["出.json"])

    build.__name__ = f"shape:{label}"
    return build


for _label, _change in SHAPES.items():
    case(_shape_case(_label, _change))


@case
def projects_not_records(d: Path) -> Case:
    doc = seed_doc(1)
    doc["项目"] = [[], *doc["项目"]]
    write_json(d / "形状.json", doc)
    return Case(["fill", "形状.json", "-o", "表.xlsx"], 1, "应为一个项目记录", "形状.json",
                also="共填写 1 个项目", outputs=["表.xlsx"])


@case
def top_level_not_a_document(d: Path) -> Case:
    write_json(d / "形状.json", {"项目": {"a": 1}})
    return Case(["audit", "形状.json", "好.json"], 1, "找不到“项目”列表", "形状.json",
                also="共 1 个项目")


# ---- outputs -----------------------------------------------------------------------------------

@case
def output_extension_it_cannot_write(d: Path) -> Case:
    good_json(d)
    return Case(["fill", "好.json", "-o", "表.pdf"], 2, "不能保存为 表.pdf", "表.pdf",
                absent=["表.pdf"])


@case
def extract_to_csv(d: Path) -> Case:
    good_json(d)
    return Case(["extract", "好.json", "-o", "数据.csv"], 2, "不能保存为 数据.csv", "数据.csv",
                absent=["数据.csv"])


@case
def report_as_docx(d: Path) -> Case:
    good_json(d)
    return Case(["audit", "好.json", "--report", "报告.docx"], 2, "不能保存为 报告.docx",
                "报告.docx", absent=["报告.docx"])


@case
def data_template_over_a_filled_data_workbook(d: Path) -> Case:
    """The existing file is an input of sorts: it must stay byte-identical."""
    from services.formats import DataSet, read_data, write_data

    write_data(DataSet(read_data(good_json(d)).forms), d / "数据模板.xlsx")
    return Case(["data-template"], 2, "已经存在", "数据模板.xlsx")


@case
def fill_over_an_existing_workbook(d: Path) -> Case:
    good_json(d)
    (d / "表.xlsx").write_bytes(b"the clerk's own work")
    return Case(["fill", "好.json", "-o", "表.xlsx"], 2, "--force", "表.xlsx")


@case
def output_folder_missing(d: Path) -> Case:
    good_json(d)
    return Case(["fill", "好.json", "-o", "没有/表.xlsx"], 2, "不存在", "表.xlsx")
