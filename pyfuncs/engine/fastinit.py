"""A quicker constructor for the frozen dataclasses the general road builds for a row
(targets, actuals, quantities, bands, findings). The common row builds none of them: its
score and result are plain slotted records (:mod:`pyfuncs.engine.indicator`, `form`).

A frozen dataclass's generated `__init__` sets each field through `object.__setattr__`, looked
up anew for every field: for the seven or so records a row builds, that was a third of the
engine's time on texts it had not seen. :func:`fast_init` replaces it with one that sets the
slots through their descriptors, bound once. The class is otherwise untouched: still frozen,
compared, hashed and printed as the dataclass it is.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

Record = TypeVar("Record")


def fast_init(cls: type[Record]) -> type[Record]:
    """Give the frozen, slotted dataclass `cls` a constructor with the same signature that
    sets the slots directly (plain default values only; no `__post_init__`)."""
    fields = [f for f in dataclasses.fields(cls) if f.init]  # type: ignore[arg-type]
    assert not hasattr(cls, "__post_init__")
    params, body, env = [], [], {}
    for f in fields:
        if f.default is not dataclasses.MISSING:
            env[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        else:
            assert f.default_factory is dataclasses.MISSING
            params.append(f.name)
        env[f"_s_{f.name}"] = getattr(cls, f.name).__set__
        body.append(f"    _s_{f.name}(self, {f.name})")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    namespace: dict[str, object] = {}
    exec(source, env, namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return cls
