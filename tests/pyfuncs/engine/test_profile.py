"""Profiles: the shipped ones load; a malformed one fails in Chinese, naming the key."""

from pathlib import Path

import pytest

from pyfuncs.engine import ProfileError, builtin_names, load_profile


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bureau.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_profiles() -> None:
    assert builtin_names() == ["national-2020", "national-2021"]
    p2020, p2021 = load_profile("national-2020"), load_profile("national-2021")
    assert [(g.name, g.weight) for g in p2020.groups] == [
        ("产出指标", 50), ("效益指标", 30), ("满意度指标", 10)]
    assert [(g.name, g.weight) for g in p2021.groups] == [
        ("产出指标", 40), ("成本指标", 10), ("效益指标", 30), ("满意度指标", 10)]
    for p in (p2020, p2021):
        assert p.funding_weight + sum(g.weight for g in p.groups) == p.total_weight == 100
    assert p2021.tiers == p2020.tiers   # inherited through extends


def test_default_profile_and_cache() -> None:
    assert load_profile() is load_profile("national-2020") is load_profile("")


def test_a_copied_and_edited_file(tmp_path) -> None:
    shipped = Path(__file__).resolve().parents[3] / "pyfuncs" / "profiles" / "national-2020.toml"
    text = shipped.read_text(encoding="utf-8").replace('name = "national-2020"', 'name = "某市"')
    p = load_profile(write(tmp_path, text.replace("over_completion_threshold = 1.3",
                                                  "over_completion_threshold = 1.5")))
    assert (p.name, p.over_completion_threshold) == ("某市", 1.5)


@pytest.mark.parametrize(("text", "named"), [
    ('extends = "national-2020"\n[funding]\nweight = "十"\n', "funding.weight"),
    ('extends = "national-2020"\n[funding]\ndenominator = "预算"\n', "funding.denominator"),
    ('extends = "national-2020"\n[score]\ndecimals = 9\n', "score.decimals"),
    ('extends = "national-2020"\n[score]\nlower_formula = "log"\n', "score.lower_formula"),
    ('extends = "national-2020"\n[score]\nover_completion_cut = "yes"\n',
     "score.over_completion_cut"),
    ('extends = "national-2020"\n[direction]\nhigher = []\n', "direction.higher"),
    ('extends = "national-2020"\n[not_applicable]\npolicy = "drop"\n', "not_applicable.policy"),
    ('extends = "national-2020"\ngroups = []\n', "groups"),
    ('extends = "national-2020"\n[[grades]]\nname = "优"\n', "grades[1].min"),
    ('extends = "national-2020"\n[severity]\nNOPE = "error"\n', "severity.NOPE"),
    ('extends = "national-2020"\n[severity]\nREASON_MISSING = "fatal"\n',
     "severity.REASON_MISSING"),
    ('name = "x"\n', "funding 缺失"),
])
def test_malformed_profiles_name_the_key(tmp_path, text, named) -> None:
    with pytest.raises(ProfileError) as err:
        load_profile(write(tmp_path, text))
    assert named in str(err.value)
    assert "配置" in str(err.value)


def test_tier_bands_must_be_consistent(tmp_path) -> None:
    shipped = Path(__file__).resolve().parents[3] / "pyfuncs" / "profiles" / "national-2020.toml"
    text = shipped.read_text(encoding="utf-8").replace("suggested = 0.6", "suggested = 0.9")
    with pytest.raises(ProfileError, match=r"tiers\[2\]"):
        load_profile(write(tmp_path, text))


@pytest.mark.parametrize(("text", "says"), [
    ("name = ", "格式错误"),
    ('extends = "nowhere"\n', "没有名为“nowhere”的配置"),
])
def test_unreadable_profiles(tmp_path, text, says) -> None:
    with pytest.raises(ProfileError, match=says):
        load_profile(write(tmp_path, text))


def test_missing_file_and_unknown_name(tmp_path) -> None:
    with pytest.raises(ProfileError, match="无法读取"):
        load_profile(tmp_path / "none.toml")
    with pytest.raises(ProfileError, match="national-2020"):
        load_profile("guangdong")


def test_self_extending_profile(tmp_path) -> None:
    path = tmp_path / "loop.toml"
    path.write_text(f'extends = "{path}"\n', encoding="utf-8")
    with pytest.raises(ProfileError, match="循环"):
        load_profile(path)


def test_an_edited_file_is_read_again(tmp_path) -> None:
    path = write(tmp_path, 'extends = "national-2020"\nname = "a"\n')
    assert load_profile(path).name == "a"
    path.write_text('extends = "national-2020"\nname = "b"\n', encoding="utf-8")
    import os
    os.utime(path, ns=(1, 10**18))
    assert load_profile(path).name == "b"
