"""Shared fixtures: the default profile and the seed forms (the built-in example)."""

from __future__ import annotations

import pytest

from jixiao.examples import load_seed_2023
from pyfuncs.engine import Form, Profile, load_profile


@pytest.fixture(scope="session")
def profile() -> Profile:
    return load_profile("national-2020")


@pytest.fixture(scope="session")
def seed() -> dict:
    return load_seed_2023()


@pytest.fixture(scope="session")
def seed_forms(seed: dict) -> list[Form]:
    return [Form.from_record(rec) for rec in seed["项目"]]
