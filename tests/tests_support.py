"""What tests anywhere under tests/ share: the built-in example."""

from jixiao.examples import SEED_2023

SEED = SEED_2023
