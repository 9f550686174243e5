"""The `jixiao` command line: scoring one row now; batch fill, extract and audit later.

The version is stated here once; pyproject.toml reads it (`[tool.setuptools.dynamic]`), so
`jixiao --version` needs no package metadata lookup at start-up.
"""

__version__ = "0.1.0"
