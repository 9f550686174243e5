"""Formula trees print as Excel writes them: references, spans, names, operators with the
brackets precedence needs, and text literals with doubled quotes."""

from __future__ import annotations

from workbook.formula import F, Lit, Name, Ref, parse_ref


def test_references_and_spans() -> None:
    assert Ref(13, 8).formula() == "=H13"
    assert parse_ref("$B$13").to(Ref(20, 2)).render() == "$B$13:B20"
    assert Ref(3, 2, sheet="项目'1").render() == "'项目''1'!B3"
    assert Ref(13, 10, abs_col=True).render() == "$J13"


def test_operators_bracket_by_precedence() -> None:
    a, b, c = Ref(1, 1), Ref(1, 2), Ref(1, 3)
    assert ((a - b) / c).render() == "(A1-B1)/C1"
    assert (a - b / c).render() == "A1-B1/C1"
    assert (a - (b - c)).render() == "A1-(B1-C1)"
    assert (a & "").render() == 'A1&""'


def test_calls_literals_and_names() -> None:
    assert F.IF(F.COUNT(parse_ref("C7").to(parse_ref("C9"))).eq(0), "", 1.0).render() == \
        'IF(COUNT(C7:C9)=0,"",1)'
    assert Lit('say "hi"').render() == '"say ""hi"""'
    assert F.JX_GRADE(Ref(88, 8), Name("评分配置")).formula() == "=JX_GRADE(H88,评分配置)"
