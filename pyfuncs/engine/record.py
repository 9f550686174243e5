"""`record`: a dataclass made without compiling five of its six methods.

`dataclasses.dataclass` writes each generated method (`__init__`, `__repr__`, `__eq__`,
`__hash__`, and a frozen class's `__setattr__` and `__delattr__`) as source and compiles it:
about 4 M instructions a class, for the ~45 records a `jixiao audit` imports a third of its
start-up. :func:`record` lets `dataclass` read the fields (so `fields`, `asdict`, `replace`
and `is_dataclass` work as before), then gives the class a compiled constructor — the one
method whose signature and speed matter, setting a slotted record's slots through their
descriptors (quicker than `dataclass`'s own) — and the other methods as closures over its
fields. The class compares, hashes, prints, refuses assignment and pickles as the dataclass
would; only its `__dataclass_params__` says which methods `dataclass` itself made (none).
"""

from __future__ import annotations

import inspect
from _thread import get_ident
from collections.abc import Callable
from dataclasses import MISSING, Field, FrozenInstanceError, dataclass, fields
from operator import attrgetter
from typing import Any, TypeVar

Record = TypeVar("Record")


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()      # the default shown for a field made by its factory, as dataclass


def record(cls: type[Record] | None = None, /, *, frozen: bool = False, eq: bool = True,
           slots: bool = False) -> Any:
    """`@dataclass` with the same arguments (those this project uses) and behaviour."""

    def wrap(c: type[Record]) -> type[Record]:
        return _make(c, frozen=frozen, eq=eq, slots=slots)

    return wrap if cls is None else wrap(cls)


def _make(cls: type[Record], *, frozen: bool, eq: bool, slots: bool) -> type[Record]:
    own = dict(cls.__dict__)
    if frozen:
        for name in ("__setattr__", "__delattr__"):
            if name in own:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    cls = dataclass(cls, init=False, repr=False, eq=False, slots=slots)
    every = fields(cls)   # type: ignore[arg-type]
    if "__init__" not in own:
        _put(cls, "__init__", _init(cls, every, frozen, slots))
    if "__repr__" not in own:
        _put(cls, "__repr__", _repr([f.name for f in every if f.repr]))
    if eq and "__eq__" not in own:
        _put(cls, "__eq__", _eq(_key([f.name for f in every if f.compare])))
    if eq and not explicit_hash:
        hashed = [f.name for f in every if (f.compare if f.hash is None else f.hash)]
        cls.__hash__ = _hash(_key(hashed)) if frozen else None  # type: ignore[assignment]
        if frozen:
            cls.__hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
    if frozen:
        names = frozenset(f.name for f in every)
        _put(cls, "__setattr__", _frozen_setattr(cls, names))
        _put(cls, "__delattr__", _frozen_delattr(cls, names))
        if slots and "__getstate__" not in own:
            _put(cls, "__getstate__", _getstate)
            _put(cls, "__setstate__", _setstate)
    if own.get("__doc__") is None:       # as dataclass: the name and the constructor's signature
        cls.__doc__ = cls.__name__ + str(inspect.signature(cls)).replace(" -> None", "")
    return cls


def _put(cls: type, name: str, fn: Callable[..., Any]) -> None:
    fn.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, fn)


def _init(cls: type, every: tuple[Field[Any], ...], frozen: bool,
          slots: bool) -> Callable[..., None]:
    """The one compiled method: the signature dataclass would write; a frozen record's fields
    set past its `__setattr__` (a slot through its descriptor, bound once, else through
    object.__setattr__), another's by plain assignment."""
    params, body, env = [], [], {"_FACTORY": _FACTORY, "_setattr": object.__setattr__}
    for f in every:
        assert f.init, "record fields are all set by the constructor"
        n = f.name
        value = n
        if f.default is not MISSING:
            env[f"_d_{n}"] = f.default
            params.append(f"{n}=_d_{n}")
        elif f.default_factory is not MISSING:
            env[f"_f_{n}"] = f.default_factory
            params.append(f"{n}=_FACTORY")
            value = f"_f_{n}() if {n} is _FACTORY else {n}"
        else:
            params.append(n)
        if not frozen:
            body.append(f"    self.{n} = {value}")
        elif slots:
            env[f"_s_{n}"] = getattr(cls, n).__set__
            body.append(f"    _s_{n}(self, {value})")
        else:
            body.append(f"    _setattr(self, {n!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n" + "\n".join(body or ["    pass"])
    namespace: dict[str, Any] = {}
    exec(source, env, namespace)
    init = namespace["__init__"]
    init.__annotations__ = {f.name: f.type for f in every} | {"return": None}
    return init


def _key(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields of a record (a 1-tuple for one field, () for none)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda obj: (get(obj),)
    return lambda _obj: ()


def _repr(names: list[str]) -> Callable[[Any], str]:
    running: set[tuple[int, int]] = set()

    def __repr__(self: Any) -> str:
        key = (id(self), get_ident())
        if key in running:       # a record that holds itself, as dataclass shows it
            return "..."
        running.add(key)
        try:
            inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        finally:
            running.discard(key)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _eq(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, object], Any]:
    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return key(self) == key(other)
        return NotImplemented

    return __eq__


def _hash(key: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(key(self))

    return __hash__


def _frozen_setattr(cls: type, names: frozenset[str]) -> Callable[[Any, str, Any], None]:
    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    return __setattr__


def _frozen_delattr(cls: type, names: frozenset[str]) -> Callable[[Any, str], None]:
    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __delattr__


def _getstate(self: Any) -> list[Any]:
    """A frozen slotted record pickles as the list of its fields' values."""
    return [getattr(self, f.name) for f in fields(self)]


def _setstate(self: Any, state: list[Any]) -> None:
    for f, value in zip(fields(self), state, strict=False):
        object.__setattr__(self, f.name, value)
