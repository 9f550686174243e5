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


@pytest.fixture(scope="session")
def live_seed_forms(seed: dict) -> list[Form]:
    """The seed forms with their stated 执行率, 资金得分 and 总分 left to the formulas that
    compute them (fill types a stated figure over its formula): the live workbook a clerk
    types into, for the tests of those formulas."""
    return [Form.from_record({**rec, "执行率": None, "资金得分": None, "总分": None})
            for rec in seed["项目"]]
