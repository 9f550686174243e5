"""The template as built: reproducible, equal to the committed file, laid out as the form."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from workbook import layout as L
from workbook.build import TEMPLATE_PATH, build_template, new_workbook, project_refs


def members(path: Path) -> dict[str, bytes]:
    """Every part of the file but docProps/core.xml, where openpyxl stamps the save time."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_template(tmp_path_factory.mktemp("t") / "jixiao.xlsm")


def test_build_is_reproducible(built, tmp_path) -> None:
    again = build_template(tmp_path / "again.xlsm")
    assert members(again) == members(built)


def test_committed_template_is_the_build(built) -> None:
    """Golden file: if this fails after a deliberate change, run `python -m workbook.build`."""
    ours, golden = members(built), members(TEMPLATE_PATH)
    assert sorted(ours) == sorted(golden)
    for name in sorted(golden):
        assert ours[name] == golden[name], name


def test_vba_is_xlwings_own_plus_the_functions(built) -> None:
    """xlwings' parts, and its VBA project with xlwings_udfs added (tests/workbook/
    test_vba_project.py reads the modules back)."""
    from workbook.build import VBA_PART, vba_project, xlwings_vba_source

    assert members(built)[VBA_PART] == vba_project()
    theirs = members(xlwings_vba_source())
    assert {n for n in theirs if "vba" in n.lower()} == {VBA_PART}


def test_sheets_and_configuration(built) -> None:
    wb = openpyxl.load_workbook(built, keep_vba=True)
    assert wb.sheetnames == ["目录", "项目1", "汇总", "空白项目", "选项", "xlwings.conf"]
    assert [wb[n].sheet_state for n in ("选项", "xlwings.conf")] == ["hidden", "hidden"]
    rows = [(r[0].value, r[1].value) for r in wb["xlwings.conf"].iter_rows(max_col=2)]
    keys = dict(rows[:[k for k, _ in rows].index(None)])   # the add-in reads to the first blank
    # only where the functions are: no Interpreter or PYTHONPATH overrides the clerk's ribbon
    assert keys == {"UDF Modules": "pyfuncs.udfs"}
    assert set(L.LIST_NAMES.values()) <= set(wb.defined_names)
    assert wb.defined_names[L.PROFILE_NAME].attr_text == "'选项'!$E$2"
    assert wb["选项"]["E2"].value == "national-2020"


def test_project_sheet_formulas(built) -> None:
    ws = openpyxl.load_workbook(built)["项目1"]
    assert ws["C6"].value == '=IF(COUNT(C7:C9)=0,"",SUM(C7:C9))'
    # the funding, grade and form check too: an untouched sheet (空白项目) calls no JX_
    assert ws["G6"].value == '=IF(COUNT(E6,D6)=0,"",JX_EXEC_RATE(E6,D6,评分配置))'
    assert ws["H6"].value == '=IF(COUNT(E6,D6)=0,"",JX_FUND_SCORE(E6,D6,F6,评分配置))'
    assert ws["F6"].value == 10
    # every formula of an indicator row stands behind a native guard: an empty row calls no JX_
    assert ws["H13"].value == '=IF(COUNTA(E13:G13)=0,"",JX_SCORE(E13,F13,G13,评分配置))'
    assert ws["H87"].value == '=IF(COUNTA(E87:G87)=0,"",JX_SCORE(E87,F87,G87,评分配置))'
    assert ws["J13"].value == ('=IF(COUNTA(E13:G13,I13)+COUNT(H13)=0,"",'
                               'JX_CHECK(E13,F13,G13,IFERROR(H13,""),I13,评分配置))')
    assert ws["K13"].value == '=IF(COUNTA(E13:G13)=0,"",JX_BAND(E13,F13,G13,评分配置))'
    assert ws["L13"].value == '=IF(COUNTA(E13)=0,"",JX_PARSE(E13,评分配置))'
    assert ws["J6"].value == ('=IF(COUNTA(C7:E9,B13:G87,I13:I87)+COUNT(H13:H87)=0,"",'
                              'JX_FORM_CHECK(C6:F9,B13:I87,H88,评分配置))')
    assert ws["G88"].value == "=F6+SUM(G13:G87)"
    assert ws["H88"].value == '=IF(ISNUMBER(H6),H6+SUM(H13:H87),"")'
    assert ws["I88"].value == '=IF(H88="","",JX_GRADE(H88,评分配置))'
    assert ws["P6"].value == "=SUMIF($M$13:$M$87,O6,$G$13:$G$87)"
    assert ws["O6"].value == "产出指标"
    assert ws["M13"].value == ('=IF(COUNTA(B13:G13,I13)+COUNT(H13)=0,"",'
                               'JX_GROUP($B$13:B13,评分配置))')
    assert ws["M14"].value == ('=IF(COUNTA(B14:G14,I14)+COUNT(H14)=0,"",'
                               'JX_GROUP($B$13:B14,评分配置))')


def test_denominator_follows_the_profile(tmp_path) -> None:
    from pyfuncs.engine import load_profile

    path = tmp_path / "p.toml"
    path.write_text('extends = "national-2020"\nname = "p"\n[funding]\ndenominator = "年初预算数"\n'
                    "weight = 20\n", encoding="utf-8")
    ws = new_workbook(project_refs(["a"]), load_profile(path))["a"]
    assert ws["G6"].value == '=IF(COUNT(E6,C6)=0,"",JX_EXEC_RATE(E6,C6,评分配置))'
    assert ws["F6"].value == 20


def test_a_clerks_comforts(built) -> None:
    ws = openpyxl.load_workbook(built)["项目1"]
    assert ws.protection.sheet and not ws.protection.password
    assert not ws.protection.insertRows
    for ref in ("B3", "C7", "E13", "F13", "G13", "H13", "I87", "B11", "A2"):
        assert not ws[ref].protection.locked, ref
    for ref in ("C6", "G6", "H6", "J13", "H88", "I88", "A12"):
        assert ws[ref].protection.locked, ref
    assert ws["G6"].number_format == "0.0%" and ws["H13"].number_format == "0.00"
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation
             if dv.type == "list"}
    assert lists == {"B13:B87": "一级指标", "C13:C87": "二级指标", "F13:F87": "完成档次"}
    assert all(not dv.showErrorMessage for dv in ws.data_validations.dataValidation
               if dv.type == "list")                           # free text still accepted
    rules = {str(r.sqref): [x.formula[0] for x in r.rules] for r in ws.conditional_formatting}
    assert 'ISNUMBER(SEARCH("【错误】",J13))' in rules["H13:H87"][0]
    assert ws.print_area == "'项目1'!$A$1:$I$88"
    # A4 portrait at the stated scale fill plans its pages at (not fitted by the program)
    assert (ws.page_setup.orientation, ws.page_setup.paperSize, ws.page_setup.scale) == (
        "portrait", int(ws.PAPERSIZE_A4), L.PRINT_SCALE)
    assert not ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$12:$12"
    assert ws.row_dimensions[11].height >= 60


def test_room(built) -> None:
    ws = openpyxl.load_workbook(built)["目录"]
    assert L.ROOM >= 75 and L.PROJECT_ROOM >= 30
    assert ws[f"B{L.INDEX_FIRST_ROW}"].value == "='项目1'!B3&\"\""
    assert ws[f"B{L.INDEX_FIRST_ROW + L.PROJECT_ROOM - 1}"].border.left.style == "thin"


def test_too_many_projects() -> None:
    with pytest.raises(ValueError, match="最多 30 个项目"):
        new_workbook(project_refs([f"p{i}" for i in range(31)]))


def test_the_xlwings_settings_leave_the_ribbon_alone(built) -> None:
    """The add-in reads keys from A1 down to the first blank, and any key it finds there (even
    with a blank value) overrides the clerk's ribbon: only the UDF module may be there."""
    ws = openpyxl.load_workbook(built)[L.CONF_SHEET]
    keys = {}
    for row in ws.iter_rows(min_row=1, max_col=2, values_only=True):
        if row[0] in (None, ""):
            break
        keys[row[0]] = row[1]
    assert keys == {"UDF Modules": "pyfuncs.udfs"}
    assert ws.sheet_state == "hidden"


def test_copied_project_sheets_are_the_laid_out_one(tmp_path) -> None:
    """Only the first project sheet is laid out cell by cell; the others and 空白项目 are
    copies, which must carry everything: validations, conditional formats, merges, print
    set-up, panes and protection come out byte for byte as on the first."""
    path = tmp_path / "three.xlsx"
    new_workbook(project_refs(["甲", "乙", "丙"])).save(path)
    wb = openpyxl.load_workbook(path)
    sheet_file = {ws.title: f"xl/worksheets/sheet{i}.xml" for i, ws in enumerate(wb, start=1)}
    parts = members(path)
    first = parts[sheet_file["甲"]]
    for name in ("乙", "丙", L.BLANK_SHEET):
        assert parts[sheet_file[name]] == first, name
        assert wb[name].print_title_rows == wb["甲"].print_title_rows
    for name in ("乙", "丙"):
        assert wb[name].print_area == wb["甲"].print_area.replace("甲", name)
    assert not wb[L.BLANK_SHEET].print_area and wb[L.BLANK_SHEET].sheet_state == "hidden"


def test_a_filled_copy_keeps_validation_and_conditional_formatting(tmp_path, seed) -> None:
    """Read back from a one-off fill (copies, rows written as text): every project sheet has
    the first one's dropdowns and number checks, conditional formats, merges and protection."""
    from pyfuncs.engine import Form
    from services.filled import write_forms
    from workbook.fill import Filler

    forms = [Form.from_record(r) for r in seed["项目"][:3]]
    wb = openpyxl.load_workbook(write_forms(Filler(), forms, tmp_path / "three.xlsx"))

    def kept(ws) -> tuple:
        checks = sorted((str(v.sqref), v.type, v.formula1, v.operator, v.error)
                        for v in ws.data_validations.dataValidation)
        looks = sorted((str(cf.sqref), rule.type, tuple(rule.formula), rule.dxfId)
                       for cf in ws.conditional_formatting for rule in cf.rules)
        merges = sorted(str(m) for m in ws.merged_cells.ranges)
        return checks, looks, merges, ws.protection.sheet, ws.freeze_panes

    sheets = [wb.worksheets[i] for i in range(1, 4)] + [wb[L.BLANK_SHEET]]
    first = kept(sheets[0])
    assert len(first[0]) >= 5 and len(first[1]) >= 3 and len(first[2]) >= 10
    assert any(v[1] == "list" for v in first[0]) and any(v[1] == "decimal" for v in first[0])
    for ws in sheets[1:]:
        assert kept(ws) == first, ws.title
