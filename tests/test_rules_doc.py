"""The project's own rules document (docs/rules.md) is where the README points, and it keeps up
with the engine: every finding code and every setting of the shipped profile is described."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pyfuncs.engine.findings import CATALOGUE

ROOT = Path(__file__).resolve().parents[1]
RULES = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")


def test_the_readme_points_at_the_project_s_own_rules() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/rules.md" in readme
    assert "shared/docs" not in readme


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_finding_code_is_described(code: str) -> None:
    assert f"`{code}`" in RULES


def _settings() -> list[str]:
    shipped = tomllib.loads(
        (ROOT / "pyfuncs" / "profiles" / "national-2020.toml").read_text(encoding="utf-8"))
    keys = []
    for name, value in shipped.items():
        if isinstance(value, dict) and name not in ("severity", "direction"):
            keys += [f"[[{name}.{key}]]" if isinstance(v, list) and isinstance(v[0], dict)
                     else f"[{name}].{key}" for key, v in value.items()]
        elif isinstance(value, dict):
            keys.append(f"[{name}]")
        elif isinstance(value, list):
            keys.append(f"[[{name}]]")
    return keys


@pytest.mark.parametrize("key", _settings())
def test_every_setting_is_described(key: str) -> None:
    assert f"`{key}" in RULES
