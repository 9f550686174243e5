"""The `jixiao` command line: scoring one row now; batch fill, extract and audit later."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jixiao")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
