"""等级 and the optional cap of the total by 执行率."""

import pytest

from pyfuncs.engine import cap_total, grade, load_profile


@pytest.mark.parametrize(("total", "name"), [
    (100, "优"), (90, "优"), (89.99, "良"), (86.53, "良"), (80, "良"), (79.99, "中"), (60, "中"),
    (59.99, "差"), (0, "差"), (-5, "差"),
])
def test_grades(profile, total, name) -> None:
    assert grade(total, profile) == name


def test_cap_off_by_default(profile) -> None:
    assert cap_total(95, 0.4, profile) == (95, None)


@pytest.mark.parametrize(("rate", "capped"), [
    (0.95, 95), (0.8, 95), (0.75, 89), (0.65, 79), (0.55, 69), (0.45, 59), (None, 95),
])
def test_cap_by_rate(tmp_path, rate, capped) -> None:
    path = tmp_path / "cap.toml"
    path.write_text('extends = "national-2020"\nname = "cap"\n[total]\ncap_by_rate = true\n',
                    encoding="utf-8")
    assert cap_total(95, rate, load_profile(path))[0] == capped
