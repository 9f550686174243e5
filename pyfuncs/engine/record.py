"""`record`: the project's data classes, declared as dataclasses are, made without `dataclasses`.

`dataclasses` imports `inspect` (and with it `ast`, `dis` and `tokenize`: ~44 M instructions, an
eighth of what `jixiao audit` imports) and writes each generated method as source to compile,
~4 M instructions a class. A record is declared the same way — annotated fields, defaults,
:func:`field` with a factory — and behaves as the dataclass would: a compiled constructor with
the dataclass's signature (the one method whose speed matters, setting a slotted record's slots
through their descriptors), and as closures over its fields the printing, comparing, hashing,
refusing assignment (frozen) and pickling. :func:`fields`, :func:`asdict` and :func:`replace`
do for a record what `dataclasses`' functions of those names do for a dataclass;
tests/test_record.py holds each pair to the same behaviour.

A record may extend another (its fields come first, as a dataclass's base's do). What the
project does not use is refused rather than half done: `ClassVar` fields, and field options
other than a default, a factory, `repr` and `compare`.
"""

from __future__ import annotations

from _thread import get_ident
from collections.abc import Callable
from operator import attrgetter
from types import GenericAlias
from typing import Any, TypeVar

Record = TypeVar("Record")


class FrozenInstanceError(AttributeError):
    """An assignment to (or deletion of) a field of a frozen record."""


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()        # a field with no default


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()      # the default shown for a field made by its factory, as dataclass


class Field:
    """One field of a record: its name, annotation, default or factory, and whether it is
    printed and compared."""

    __slots__ = ("compare", "default", "default_factory", "name", "repr", "type")

    def __init__(self, default: Any = MISSING, default_factory: Any = MISSING,
                 repr: bool = True, compare: bool = True) -> None:
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name, self.type = "", None
        self.default, self.default_factory = default, default_factory
        self.repr, self.compare = repr, compare

    def __repr__(self) -> str:
        return (f"Field(name={self.name!r}, type={self.type!r}, default={self.default!r}, "
                f"default_factory={self.default_factory!r}, repr={self.repr}, "
                f"compare={self.compare})")


def field(*, default: Any = MISSING, default_factory: Any = MISSING, repr: bool = True,
          compare: bool = True) -> Any:
    """A field's default made by a factory (a fresh list per record), or one left out of the
    record's printing or comparing: `dataclasses.field` for a record."""
    return Field(default, default_factory, repr, compare)


def record(cls: type[Record] | None = None, /, *, frozen: bool = False, eq: bool = True,
           slots: bool = False) -> Any:
    """`@dataclass` with the same arguments (those this project uses) and behaviour."""

    def wrap(c: type[Record]) -> type[Record]:
        return _make(c, frozen=frozen, eq=eq, slots=slots)

    return wrap if cls is None else wrap(cls)


def fields(obj: Any) -> tuple[Field, ...]:
    """The fields of a record (class or instance), in order: `dataclasses.fields`."""
    try:
        return obj._record_fields  # type: ignore[no-any-return]
    except AttributeError:
        raise TypeError("must be called with a record type or instance") from None


def asdict(obj: Any) -> dict[str, Any]:
    """A record as a dict of its fields, records within it (in lists, tuples and dicts too)
    turned into dicts the same way: `dataclasses.asdict`, for writing a record out as JSON."""
    if not hasattr(type(obj), "_record_fields"):
        raise TypeError("asdict() should be called on record instances")
    return _plain(obj)


def _plain(value: Any) -> Any:
    if hasattr(type(value), "_record_fields"):
        return {f.name: _plain(getattr(value, f.name)) for f in value._record_fields}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value)((_plain(k), _plain(v)) for k, v in value.items())
    return value


def replace(obj: Record, /, **changes: Any) -> Record:
    """A copy of a record with some fields changed, through its constructor (so a frozen
    record's `__post_init__` runs again): `dataclasses.replace`."""
    for f in fields(obj):
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def _make(cls: type[Record], *, frozen: bool, eq: bool, slots: bool) -> type[Record]:
    own = dict(cls.__dict__)
    if frozen:
        for name in ("__setattr__", "__delattr__"):
            if name in own:
                raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    every = _fields(cls, own, getattr(cls, "_record_fields", ()))
    if slots:
        cls = _slotted(cls, own, every)
    cls._record_fields = every  # type: ignore[attr-defined]
    if "__init__" not in own:
        _put(cls, "__init__", _init(cls, every, frozen, slots))
    if "__repr__" not in own:
        _put(cls, "__repr__", _repr([f.name for f in every if f.repr]))
    if eq and "__eq__" not in own:
        _put(cls, "__eq__", _eq(_key([f.name for f in every if f.compare])))
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    if eq and not explicit_hash:
        cls.__hash__ = None if not frozen else _hash(  # type: ignore[assignment]
            _key([f.name for f in every if f.compare]))
        if frozen:
            cls.__hash__.__qualname__ = f"{cls.__qualname__}.__hash__"
    if frozen:
        names = frozenset(f.name for f in every)
        _put(cls, "__setattr__", _frozen_setattr(cls, names))
        _put(cls, "__delattr__", _frozen_delattr(cls, names))
        if slots and "__getstate__" not in own:
            _put(cls, "__getstate__", _getstate)
            _put(cls, "__setstate__", _setstate)
    if "__match_args__" not in own:
        cls.__match_args__ = tuple(f.name for f in every)  # type: ignore[attr-defined]
    if own.get("__doc__") is None:       # as dataclass: the name and the constructor's signature
        cls.__doc__ = cls.__name__ + _signature(every)
    return cls


def _fields(cls: type, own: dict[str, Any], inherited: tuple[Field, ...]) -> tuple[Field, ...]:
    """The fields of the record it extends, if any, then the class's annotated names (one of
    the same name in the place of the inherited), each class attribute a default (or the
    `field` it names); the checks dataclass makes of them."""
    by_name = {f.name: f for f in inherited}
    for name, annotation in own.get("__annotations__", {}).items():
        if "ClassVar" in str(annotation):
            raise TypeError(f"{cls.__name__}.{name}: a record has no ClassVar fields")
        given = own.get(name, MISSING)
        f = given if isinstance(given, Field) else Field(default=given)
        f.name, f.type = name, annotation
        if isinstance(given, Field):   # as dataclass: the class attribute is the plain default
            if f.default is MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        if f.default is not MISSING and f.default.__class__.__hash__ is None:
            raise ValueError(f"mutable default {type(f.default)} for field {name} is not "
                             "allowed: use default_factory")
        by_name[name] = f
    defaulted = False
    for f in by_name.values():
        if f.default is f.default_factory is MISSING and defaulted:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        defaulted = defaulted or f.default is not MISSING or f.default_factory is not MISSING
    return tuple(by_name.values())


def _slotted(cls: type[Record], own: dict[str, Any], every: tuple[Field, ...]) -> type[Record]:
    """The class again, its fields as slots (as `dataclass(slots=True)` remakes it), those
    its bases have as slots left to them."""
    body = {k: v for k, v in own.items()
            if k not in ("__dict__", "__weakref__") and k not in {f.name for f in every}}
    taken = {name for base in cls.__mro__[1:-1] for name in _slot_names(base)}
    body["__slots__"] = tuple(f.name for f in every if f.name not in taken)
    made = type(cls)(cls.__name__, cls.__bases__, body)
    made.__qualname__ = cls.__qualname__
    return made


def _slot_names(cls: type) -> tuple[str, ...]:
    names = cls.__dict__.get("__slots__", ())
    return (names,) if isinstance(names, str) else tuple(names)


def _shown(annotation: Any) -> str:
    """An annotation as `inspect.signature` prints it."""
    if isinstance(annotation, type) and not isinstance(annotation, GenericAlias):
        if annotation.__module__ == "builtins":
            return annotation.__qualname__
        return f"{annotation.__module__}.{annotation.__qualname__}"
    if getattr(annotation, "__module__", None) == "typing":
        return repr(annotation).replace("typing.", "")
    return repr(annotation)


def _signature(every: tuple[Field, ...]) -> str:
    """The constructor's signature as `inspect.signature` prints it: `(a: int, b: str = 'x')`."""
    params = []
    for f in every:
        default = (f" = {f.default!r}" if f.default is not MISSING
                   else " = <factory>" if f.default_factory is not MISSING else "")
        params.append(f"{f.name}: {_shown(f.type)}{default}")
    return f"({', '.join(params)})"


def _put(cls: type, name: str, fn: Callable[..., Any]) -> None:
    fn.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, fn)


def _init(cls: type, every: tuple[Field, ...], frozen: bool,
          slots: bool) -> Callable[..., None]:
    """The one compiled method: the signature dataclass would write; a frozen record's fields
    set past its `__setattr__` (a slot through its descriptor, bound once, else through
    object.__setattr__), another's by plain assignment."""
    params, body, env = [], [], {"_FACTORY": _FACTORY, "_setattr": object.__setattr__}
    for f in every:
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
