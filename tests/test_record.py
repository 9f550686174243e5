"""`record` makes the same class `dataclass` would: each pair below, one made by each, must
construct, print, compare, hash, refuse assignment, copy, pickle and describe itself alike, and
record's `fields`, `asdict` and `replace` treat a record as dataclasses' treat a dataclass."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
from dataclasses import dataclass

import pytest

from pyfuncs.engine import record as records
from pyfuncs.engine.record import record


def _pair(decorate_kwargs: dict[str, bool], body: str) -> tuple[type, type]:
    """The same class body made by dataclass and by record (module-level, for pickle)."""
    made = []
    for maker in (dataclass, record):
        name = f"{'D' if maker is dataclass else 'R'}{len(_MADE)}"
        own_field = dataclasses.field if maker is dataclass else records.field
        ns: dict[str, object] = {"field": own_field, "__name__": __name__}
        exec(f"class {name}:\n{body}", ns)
        cls = ns[name]
        cls.__module__ = __name__
        cls = maker(**decorate_kwargs)(cls) if decorate_kwargs else maker(cls)
        globals()[name] = cls
        _MADE.append(cls)
        made.append(cls)
    return made[0], made[1]


_MADE: list[type] = []

BODIES = {
    "plain": '    """Doc."""\n    a: int\n    b: str = "x"\n    c: float | None = None\n',
    "factory": '    """Doc."""\n    a: int = 0\n    items: list = field(default_factory=list)\n',
    "no doc": "    a: int\n    b: int = 2\n",
    "one field": '    """Doc."""\n    a: float\n',
    "no fields": '    """Doc."""\n',
    "compare": '    """Doc."""\n    a: int\n    b: int = field(default=0, compare=False, repr=False)\n',
    "post init": ('    """Doc."""\n    a: int\n    b: int = 0\n'
                  '    def __post_init__(self):\n        object.__setattr__(self, "b", self.a * 2)\n'),
}
KINDS = [{}, {"frozen": True}, {"slots": True}, {"frozen": True, "slots": True},
         {"frozen": True, "eq": False}, {"eq": False}]


@pytest.mark.parametrize("kwargs", KINDS, ids=str)
@pytest.mark.parametrize("body", list(BODIES))
def test_record_behaves_as_dataclass(kwargs: dict[str, bool], body: str) -> None:
    D, R = _pair(kwargs, BODIES[body])
    args = () if body in ("factory", "no fields") else (3,)
    d, r = D(*args), R(*args)
    assert repr(r) == repr(d).replace(D.__qualname__, R.__qualname__)
    assert str(inspect.signature(R)) == str(inspect.signature(D))
    assert (R.__doc__ or "").replace(R.__name__, "") == (D.__doc__ or "").replace(D.__name__, "")
    assert [f.name for f in records.fields(R)] == [f.name for f in dataclasses.fields(D)]
    assert [f.name for f in records.fields(r) if f.repr] == \
        [f.name for f in dataclasses.fields(d) if f.repr]
    assert records.asdict(r) == dataclasses.asdict(d)
    assert R.__match_args__ == D.__match_args__
    assert (R.__hash__ is None) == (D.__hash__ is None)
    assert (r == R(*args)) == (d == D(*args))
    assert (r != R(*args)) == (d != D(*args))
    assert (r == d) is False and (r == 3) is False
    if kwargs.get("eq", True) and kwargs.get("frozen"):
        assert _hash_or_error(r) == _hash_or_error(d)
    assert r.__init__.__qualname__ == f"{R.__qualname__}.__init__"
    for f in dataclasses.fields(D):
        if kwargs.get("frozen"):
            with pytest.raises(dataclasses.FrozenInstanceError) as dx:
                setattr(d, f.name, 1)
            with pytest.raises(records.FrozenInstanceError) as rx:
                setattr(r, f.name, 1)
            assert str(rx.value) == str(dx.value)
            with pytest.raises(records.FrozenInstanceError):
                delattr(r, f.name)
    for other in (copy.copy(r), copy.deepcopy(r), pickle.loads(pickle.dumps(r))):
        assert repr(other) == repr(r)
        if kwargs.get("eq", True):
            assert other == r
    if args:
        changed = records.replace(r, a=5)
        assert repr(changed) == repr(dataclasses.replace(d, a=5)).replace(
            D.__qualname__, R.__qualname__)


def _hash_or_error(obj: object) -> object:
    try:
        return hash(obj)
    except TypeError as exc:
        return str(exc)


def test_factories_are_called_per_instance() -> None:
    _D, R = _pair({}, BODIES["factory"])
    first, second = R(), R()
    first.items.append(1)
    assert second.items == [] and R(items=[2]).items == [2]


def test_a_record_that_holds_itself_prints() -> None:
    D, R = _pair({}, BODIES["factory"])
    d, r = D(), R()
    d.items.append(d)
    r.items.append(r)
    assert repr(r) == repr(d).replace(D.__qualname__, R.__qualname__)


def test_a_frozen_record_refuses_its_own_setattr() -> None:
    with pytest.raises(TypeError):
        record(frozen=True)(type("X", (), {"__setattr__": lambda self, n, v: None,
                                            "__annotations__": {"a": "int"}}))


def test_asdict_turns_records_within_into_dicts() -> None:
    D, R = _pair({}, BODIES["factory"])
    d, r = D(items=[D(1), (D(2),), {"k": D(3)}]), R(items=[R(1), (R(2),), {"k": R(3)}])
    assert records.asdict(r) == dataclasses.asdict(d)
    with pytest.raises(TypeError):
        records.asdict(d)
    with pytest.raises(TypeError):
        records.fields(object())


@pytest.mark.parametrize("body", [
    "    a: list = []\n",                          # a mutable default shared by every record
    "    a: int = 0\n    b: int\n",                # a field without default after one with
    "    a: 'ClassVar[int]' = 0\n",                # a class variable: not a field of a record
])
def test_a_record_refuses_what_dataclass_refuses_or_it_does_not_support(body: str) -> None:
    with pytest.raises((TypeError, ValueError)):
        exec(f"@record\nclass X:\n{body}", {"record": record})


@pytest.mark.parametrize("kwargs", [{}, {"frozen": True, "slots": True}], ids=str)
def test_a_record_extends_another_as_a_dataclass_does(kwargs: dict[str, bool]) -> None:
    D, R = _pair(kwargs, BODIES["plain"])
    body = {"__annotations__": {"b": "str", "d": "int"}, "b": "y", "d": 4, "__doc__": "Doc."}
    SubD = dataclass(**kwargs)(type("SubD", (D,), dict(body)))
    SubR = record(**kwargs)(type("SubR", (R,), dict(body)))
    d, r = SubD(1), SubR(1)
    assert repr(r) == repr(d).replace("SubD", "SubR")
    assert str(inspect.signature(SubR)) == str(inspect.signature(SubD))
    assert records.asdict(r) == dataclasses.asdict(d) == {"a": 1, "b": "y", "c": None, "d": 4}
    assert records.replace(r, d=5).d == 5 and r == SubR(1) and r != SubR(2)
    assert hasattr(r, "__dict__") == hasattr(d, "__dict__")
    with pytest.raises(TypeError):
        record(type("Late", (R,), {"__annotations__": {"e": "int"}}))   # no default after one
