"""Asking a command for something it cannot do: the clerk's mistake, said in Chinese."""

from __future__ import annotations

from pyfuncs.engine.errors import JixiaoError


class UsageError(JixiaoError, ValueError):
    """Arguments that do not go together, or an output of a kind the command cannot write;
    the message says what to give instead."""
