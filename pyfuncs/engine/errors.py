"""The one base of every error whose message is meant for the clerk.

Whatever raises a :class:`JixiaoError` has said, in Chinese, what went wrong and how to put it
right; its `str` is that message. The front ends show it as it is — the command line on one
line, the Excel actions in a message box — and treat any other exception as an unforeseen
error: something for the developers, not a mistake of the clerk.
"""

from __future__ import annotations


class JixiaoError(Exception):
    """A mistake the clerk can fix; `str(error)` is the Chinese message that says how."""
