"""Shared fixtures: the default profile and the seed forms (the built-in example)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pyfuncs.engine import Form, Profile, load_profile

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed-2023.json"


@pytest.fixture(scope="session")
def profile() -> Profile:
    return load_profile("national-2020")


@pytest.fixture(scope="session")
def seed() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_forms(seed: dict) -> list[Form]:
    return [Form.from_record(rec) for rec in seed["项目"]]
