"""Junk arguments for the fuzz test (tests/test_fuzz.py), by the kind of argument they are given for.

Every junk value comes as a :class:`Case` that says which outcome a careful function must give:

- ``REFUSE``: a ``TypeError`` or ``ValueError`` whose message names the argument (``None``, ``"no"``
  for a flag, NaN for a shift, a 3-D image, an operator that returns ``None``...).
- ``ACCEPT``: a result (``2.0`` for a size of 2, a ``uint8`` copy of an image, a tensor with
  ``requires_grad``...), equal to the result for the normalised equivalent given as ``same_as``.
- ``EITHER``: a value that may be fine or not depending on the other arguments (a huge shift, a
  kernel larger than the image...): a named error, or a result that is finite and equal to
  ``same_as``'s when one is given.

Each kind of argument gives a fixed list of cases (:meth:`Kind.cases`, all run every time) and a
hypothesis strategy of generated ones (:meth:`Kind.strategy`).
"""

from __future__ import annotations

import copy
import functools
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import ipywidgets as widgets
import numpy as np
import torch
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from matplotlib.figure import Figure
from torch import nn

from tvlib.core._validate import MAX_PIXELS, MAX_SIZE

REFUSE, ACCEPT, EITHER = "refuse", "accept", "either"


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: ``same_as`` markers: nothing to compare with, or the result of the spec's valid call.
NOTHING = _Marker("NOTHING")
BASELINE = _Marker("BASELINE")


@dataclass(frozen=True)
class Case:
    """One junk argument: ``value``, the outcome it must have, and what its result must equal."""

    label: str
    value: object
    expect: str
    same_as: object = NOTHING
    holds: Callable[[object], bool] | None = None  # a property an accepted result must have


def alias(label: str, value: object) -> Case:
    """Another spelling of the valid argument: must give the valid call's result."""
    return Case(label, value, ACCEPT, BASELINE)


def refuse(label: str, value: object) -> Case:
    return Case(label, value, REFUSE)


def either(label: str, value: object, same_as: object = NOTHING) -> Case:
    return Case(label, value, EITHER, same_as)


class _Callable:
    """A callable object (not a function), wrapping one."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.function(*args, **kwargs)


def _common_junk() -> list[Case]:
    """Junk that no argument of tvlib accepts (kinds that accept some of it filter it out)."""
    return [
        refuse("None", None),
        refuse("'no'", "no"),
        refuse("''", ""),
        refuse("bytes", b"ab"),
        refuse("object()", object()),
        refuse("a dict", {"a": 1}),
        refuse("a set", {1, 2}),
    ]


class Kind:
    """The kind of an argument: which junk to try and what each must do."""

    def cases(self, valid: Any) -> list[Case]:
        raise NotImplementedError

    def strategy(self, valid: Any) -> st.SearchStrategy[Case]:
        """Generated junk; by default drawn from the fixed cases."""
        return st.sampled_from(self.cases(valid))


# --- numbers --------------------------------------------------------------------------------------


def _in_range(
    value: float, lo: float | None, hi: float | None, strict_lo: bool = False, strict_hi: bool = False
) -> bool:
    above = lo is None or (value > lo if strict_lo else value >= lo)
    below = hi is None or (value < hi if strict_hi else value <= hi)
    return above and below


@dataclass(frozen=True)
class Int(Kind):
    """A whole number in ``[lo, hi]``; in-range values above ``try_up_to`` are costly and not tried."""

    lo: int | None = None
    hi: int | None = None
    try_up_to: int | None = None

    def judge(self, n: int, label: str, value: object, same_as: object = NOTHING) -> Case | None:
        if not _in_range(n, self.lo, self.hi):
            return refuse(label, value)
        if self.try_up_to is not None and n > self.try_up_to:
            return None
        return either(label, value, same_as)

    def cases(self, valid: int) -> list[Case]:
        cases = [
            alias("float", float(valid)),
            alias("numpy int64", np.int64(valid)),
            alias("numpy float64", np.float64(valid)),
            alias("0-d array", np.array(valid)),
            alias("0-d tensor", torch.tensor(valid)),
            alias("Fraction", Fraction(valid)),
            *_common_junk(),
            refuse("its string", str(valid)),
            refuse("True", True),
            refuse("False", False),
            refuse("numpy bool", np.bool_(True)),
            refuse("a fraction", valid + 0.5),
            refuse("NaN", math.nan),
            refuse("inf", math.inf),
            refuse("-inf", -math.inf),
            refuse("complex", complex(valid, 1)),
            refuse("a list", [valid]),
            refuse("a 1-element array", np.array([valid])),
            refuse("a function", lambda: valid),
        ]
        if -(2**31) <= valid < 2**31:
            cases.append(alias("numpy int32", np.int32(valid)))
        edges = {-1, 0, 1, 2, 10**9, 10**18, 2**64, -(10**9), -(10**18), -(2**64)}
        edges |= {bound + step for bound in (self.lo, self.hi) if bound is not None for step in (-1, 0, 1)}
        for n in sorted(edges):
            case = self.judge(n, repr(n), n)
            if case is not None:
                cases.append(case)
        return cases

    def strategy(self, valid: int) -> st.SearchStrategy[Case]:
        whole = st.one_of(st.integers(-70, 70), st.integers(-(2**70), 2**70)).map(lambda n: self.judge(n, repr(n), n))
        real = st.floats(allow_nan=True, allow_infinity=True).map(self._judge_float)
        return st.one_of(whole, real).filter(lambda case: case is not None)

    def _judge_float(self, x: float) -> Case | None:
        if not math.isfinite(x) or not x.is_integer():
            return refuse(repr(x), x)
        return self.judge(int(x), repr(x), x, same_as=int(x))


@dataclass(frozen=True)
class Real(Kind):
    """A finite real number in ``[lo, hi]`` (bounds excluded when strict)."""

    lo: float | None = None
    hi: float | None = None
    strict_lo: bool = False
    strict_hi: bool = False
    try_up_to: float | None = None

    def judge(self, x: float, label: str, value: object, same_as: object = NOTHING) -> Case | None:
        if not math.isfinite(x) or not _in_range(x, self.lo, self.hi, self.strict_lo, self.strict_hi):
            return refuse(label, value)
        if self.try_up_to is not None and x > self.try_up_to:
            return None
        return either(label, value, same_as)

    def cases(self, valid: float) -> list[Case]:
        cases = [
            alias("numpy float64", np.float64(valid)),
            alias("0-d array", np.array(valid)),
            alias("0-d tensor", torch.tensor(valid, dtype=torch.float64)),
            alias("Fraction", Fraction(valid)),
            *_common_junk(),
            refuse("its string", str(valid)),
            refuse("True", True),
            refuse("False", False),
            refuse("NaN", math.nan),
            refuse("numpy NaN", np.float64("nan")),
            refuse("inf", math.inf),
            refuse("-inf", -math.inf),
            refuse("complex", complex(valid, 1)),
            refuse("a list", [valid]),
            refuse("a 1-element array", np.array([valid])),
        ]
        if float(valid).is_integer():
            cases.append(alias("int", int(valid)))
        if float(np.float32(valid)) == valid:
            cases.append(alias("numpy float32", np.float32(valid)))
        edges = {-1.0, 0.0, 0.5, 1.0, 1e-300, 5e-324, 1e9, 1e300, -1e300, 2.0**64}
        edges |= {bound + step for bound in (self.lo, self.hi) if bound is not None for step in (-1e-9, 0.0, 1e-9)}
        for x in sorted(edges):
            case = self.judge(x, repr(x), x)
            if case is not None:
                cases.append(case)
        return cases

    def strategy(self, valid: float) -> st.SearchStrategy[Case]:
        real = st.floats(allow_nan=True, allow_infinity=True).map(lambda x: self.judge(x, repr(x), x))
        whole = st.integers(-(2**70), 2**70).map(lambda n: self.judge(float(n), repr(n), n, same_as=float(n)))
        return st.one_of(real, whole).filter(lambda case: case is not None)


@dataclass(frozen=True)
class Bool(Kind):
    """True or False: no strings, no numbers."""

    def cases(self, valid: bool) -> list[Case]:
        return [
            alias("numpy bool", np.bool_(valid)),
            either("the other bool", not valid),
            *_common_junk(),
            refuse("'yes'", "yes"),
            refuse("'False'", "False"),
            refuse("0", 0),
            refuse("1", 1),
            refuse("1.0", 1.0),
            refuse("a 1-element list", [valid]),
            refuse("a 1-element array", np.array([valid])),
        ]


@dataclass(frozen=True)
class Flags(Kind):
    """True or False for all of ``count`` items, or one bool per item."""

    count: int

    def cases(self, valid: bool) -> list[Case]:
        return [
            *Bool().cases(valid),
            alias("a list", [valid] * self.count),
            alias("a tuple", (valid,) * self.count),
            either("mixed", [valid, not valid] * (self.count // 2) + [valid] * (self.count % 2)),
            refuse("too short", [valid] * (self.count - 1)),
            refuse("too long", [valid] * (self.count + 1)),
            refuse("strings", ["no"] * self.count),
            refuse("numbers", [1] * self.count),
            refuse(f"a {self.count}-letter string", "y" * self.count),
        ]


@dataclass(frozen=True)
class Choice(Kind):
    """One of a few strings."""

    choices: tuple[str, ...]

    def cases(self, valid: str) -> list[Case]:
        cases = [
            alias("numpy str", np.str_(valid)),
            *[either(repr(other), other) for other in self.choices if other != valid],
            *_common_junk(),
            refuse("padded", f" {valid}"),
            refuse("1", 1),
            refuse("True", True),
            refuse("a list", [valid]),
            refuse("a tuple", (valid,)),
        ]
        if valid.upper() not in self.choices:
            cases.append(refuse("upper case", valid.upper()))
        return cases

    def strategy(self, valid: str) -> st.SearchStrategy[Case]:
        text = st.text(max_size=12).map(lambda s: either(repr(s), s) if s in self.choices else refuse(repr(s), s))
        return st.one_of(text, st.sampled_from(self.cases(valid)))


@dataclass(frozen=True)
class Text(Kind):
    """Free text (a title, a description): any string, nothing else."""

    def cases(self, valid: str) -> list[Case]:
        return [
            alias("numpy str", np.str_(valid)),
            either("''", ""),
            either("'no'", "no"),
            either("unicode", "ünïcödé ∑ 🙂"),
            either("two lines", "a\nb"),
            refuse("None", None),
            refuse("bytes", b"ab"),
            refuse("3", 3),
            refuse("a list", [valid]),
            refuse("object()", object()),
        ]

    def strategy(self, valid: str) -> st.SearchStrategy[Case]:
        return st.one_of(st.text(max_size=20).map(lambda s: either(repr(s), s)), st.sampled_from(self.cases(valid)))


@dataclass(frozen=True)
class Optional(Kind):
    """``None`` or a value of ``kind``; ``example`` is a valid non-None value when the valid one is None."""

    kind: Kind
    example: Any = None

    def cases(self, valid: Any) -> list[Case]:
        inner = self.kind.cases(self.example if valid is None else valid)
        if valid is None:  # the inner kind's aliases are aliases of the example, not of None
            inner = [
                replace(case, expect=EITHER, same_as=NOTHING) if case.same_as is BASELINE else case for case in inner
            ]
        none = alias("None", None) if valid is None else either("None", None)
        return [none, *(case for case in inner if case.value is not None)]

    def strategy(self, valid: Any) -> st.SearchStrategy[Case]:
        inner = self.kind.strategy(self.example if valid is None else valid)
        return inner.filter(lambda case: case.value is not None and case.same_as is not BASELINE)


# --- pairs and shapes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair(Kind):
    """Two whole numbers, each in ``[lo, hi]``: a shift ``(dy, dx)`` or a position ``(row, column)``."""

    lo: int | None = None
    hi: int | None = None
    try_up_to: int | None = None

    def judge(self, items: Sequence[object], label: str, value: object) -> Case | None:
        if len(items) != 2:
            return refuse(label, value)
        whole = Int(self.lo, self.hi, self.try_up_to)
        judged = []
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (int, float)):
                return refuse(label, value)
            case = whole._judge_float(item) if isinstance(item, float) else whole.judge(item, "", item)
            if case is None:
                return None
            judged.append(case)
        if any(case.expect == REFUSE for case in judged):
            return refuse(label, value)
        return either(label, value, tuple(int(item) for item in items))

    def cases(self, valid: tuple[int, int]) -> list[Case]:
        a, b = valid
        cases = [
            alias("a list", [a, b]),
            alias("an array", np.array([a, b])),
            alias("floats", (float(a), float(b))),
            alias("numpy ints", (np.int64(a), np.int64(b))),
            alias("0-d arrays", (np.array(a), np.array(b))),
            *_common_junk(),
            refuse("a 2-letter string", "ab"),
            refuse("a number", 3),
            refuse("1 value", (a,)),
            refuse("3 values", (a, b, a)),
            refuse("empty", ()),
            refuse("a fraction", (a + 0.5, b)),
            refuse("NaN", (math.nan, b)),
            refuse("inf", (a, math.inf)),
            refuse("None inside", (None, b)),
            refuse("a bool inside", (True, b)),
            refuse("a string inside", (a, "1")),
            refuse("a 2-D array", np.array([[a, b]])),
            refuse("a column", np.array([[a], [b]])),
        ]
        edges = [(0, 0), (1, 1), (-1, -1), (10**9, b), (a, 10**18), (-(10**18), b), (2**64, b), (a, -(2**64))]
        edges += [(bound + step, b) for bound in (self.lo, self.hi) if bound is not None for step in (-1, 0, 1)]
        cases += [case for pair in edges if (case := self.judge(pair, repr(pair), pair)) is not None]
        return cases

    def strategy(self, valid: tuple[int, int]) -> st.SearchStrategy[Case]:
        item = st.one_of(
            st.integers(-40, 40), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True)
        )
        pair = st.lists(item, max_size=3).map(lambda items: self.judge(items, repr(tuple(items)), tuple(items)))
        return pair.filter(lambda case: case is not None)


@dataclass(frozen=True)
class Shape(Kind):
    """An image shape ``(height, width)``: sides from 1 to ``side`` and at most ``pixels`` pixels."""

    side: int = MAX_SIZE
    pixels: int = MAX_PIXELS
    try_up_to: int = 64

    def judge(self, items: Sequence[object], label: str, value: object) -> Case | None:
        case = Pair(1, self.side).judge(items, label, value)
        if case is None or case.expect == REFUSE:
            return case
        height, width = case.same_as
        if height * width > self.pixels:
            return refuse(label, value)
        return None if max(height, width) > self.try_up_to else case

    def cases(self, valid: tuple[int, int]) -> list[Case]:
        pairs = Pair(1, self.side, self.try_up_to).cases(valid)
        checked = [
            self.judge(case.value, case.label, case.value) if case.expect != ACCEPT and _is_pair(case.value) else case
            for case in pairs
        ]
        side = math.isqrt(self.pixels) + 1
        checked.append(self.judge((side, side), "too many pixels", (side, side)))
        return [case for case in checked if case is not None]

    def strategy(self, valid: tuple[int, int]) -> st.SearchStrategy[Case]:
        item = st.one_of(
            st.integers(-3, 12), st.integers(-(2**70), 2**70), st.floats(allow_nan=True, allow_infinity=True)
        )
        pair = st.lists(item, max_size=3).map(lambda items: self.judge(items, repr(tuple(items)), tuple(items)))
        return pair.filter(lambda case: case is not None)


def _is_pair(value: object) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
    )


# --- arrays and images ----------------------------------------------------------------------------

_FLOATS = st.one_of(st.floats(-1e3, 1e3), st.sampled_from([math.nan, math.inf, -math.inf]))


@dataclass(frozen=True)
class Image(Kind):
    """A numpy array with ``ndims`` dimensions, finite real values (a 2-D image by default).

    The valid value must hold small whole numbers, so that every dtype holds it exactly.
    """

    ndims: tuple[int, ...] = (2,)

    def judge(self, array: np.ndarray, label: str) -> Case:
        real = np.issubdtype(array.dtype, np.number) and not np.issubdtype(array.dtype, np.complexfloating)
        real = real or array.dtype == bool
        if array.ndim not in self.ndims or array.size == 0 or not real or not np.isfinite(array.astype(float)).all():
            return refuse(label, array)
        return either(label, array, array.astype(np.float64))

    def cases(self, valid: np.ndarray) -> list[Case]:
        v = np.asarray(valid, dtype=np.float64)
        wrong = [n for n in (0, 1, 2, 3) if n not in self.ndims]
        cases = [
            alias("int64", v.astype(np.int64)),
            alias("int32", v.astype(np.int32)),
            alias("float32", v.astype(np.float32)),
            alias("float16", v.astype(np.float16)),
            alias("big-endian", v.astype(">f8")),
            alias("long double", v.astype(np.longdouble)),
            alias("nested lists", v.tolist()),
            alias("Fortran order", np.asfortranarray(v)),
            alias("a strided view", np.repeat(v, 2, axis=-1)[..., ::2]),
            alias("read-only", _read_only(v)),
            alias("a float64 tensor with requires_grad", torch.tensor(v, requires_grad=True)),
            alias("a float32 tensor", torch.tensor(v, dtype=torch.float32)),
            *_common_junk(),
            refuse("a number", 3.0),
            refuse("True", True),
            refuse("an empty list", []),
            refuse("no rows", np.empty((0,) + v.shape[1:])),
            refuse("no columns", np.empty(v.shape[:-1] + (0,))),
            refuse("a NaN", _with(v, math.nan)),
            refuse("an inf", _with(v, math.inf)),
            refuse("a -inf", _with(v, -math.inf)),
            refuse("a NaN tensor", torch.tensor(_with(v, math.nan))),
            refuse("complex", v + 1j),
            refuse("complex, zero imaginary part", v.astype(complex)),
            refuse("object dtype", v.astype(object)),
            refuse("strings", v.astype(str)),
            refuse("datetimes", v.astype("datetime64[s]")),
            refuse("time spans", v.astype("timedelta64[s]")),
            refuse("masked values", np.ma.masked_less(v, v.max())),
            refuse("ragged lists", [[1.0, 2.0], [3.0]]),
            refuse("a function", lambda: v),
        ]
        if v.min() >= 0 and v.max() <= 255:
            cases.append(alias("uint8", v.astype(np.uint8)))
        if set(np.unique(v)) <= {0.0, 1.0}:
            cases.append(alias("bool", v.astype(bool)))
        if v.ndim == 2:
            cases.append(alias("nested tuples", tuple(map(tuple, v.tolist()))))
        for n in wrong:
            cases.append(refuse(f"{n}-D", np.ones((3,) * n) if n else np.array(1.0)))
        cases += [either("a single pixel", np.ones((1,) * v.ndim)), either("huge values", v * 1e150 + 1e150)]
        return cases

    def strategy(self, valid: np.ndarray) -> st.SearchStrategy[Case]:
        dtypes = st.sampled_from([np.float64, np.float32, np.float16, np.int64, np.uint8, np.int8, bool, np.complex128])
        shapes = st.lists(st.integers(0, 6), min_size=0, max_size=3).map(tuple)

        def draw(dtype: type, shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
            elements = _FLOATS if dtype in (np.float64, np.float32) else None
            return arrays(dtype, shape, elements=elements)

        arrays_ = st.tuples(dtypes, shapes).flatmap(lambda pair: draw(*pair))
        return arrays_.map(lambda array: self.judge(array, f"{array.dtype} array of shape {array.shape}"))


def _with(array: np.ndarray, value: float) -> np.ndarray:
    out = array.astype(np.float64).copy()
    out.flat[out.size // 2] = value
    return out


def _read_only(array: np.ndarray) -> np.ndarray:
    out = array.copy()
    out.flags.writeable = False
    return out


# --- callables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operator(Kind):
    """A function from an image to an array, of one shape for every input.

    ``shape``: ``"image"`` (the output has the input's shape), ``"2d"`` (any 2-D shape) or ``"any"``.
    """

    shape: str = "image"

    def cases(self, valid: Callable[[np.ndarray], Any]) -> list[Case]:
        f = valid
        grow = lambda x: np.pad(np.atleast_2d(f(x)), ((0, 1), (0, 0)))
        cube = lambda x: np.stack([np.atleast_2d(f(x))] * 2)
        return [
            alias("a partial", functools.partial(f)),
            alias("a callable object", _Callable(f)),
            alias("returning lists", lambda x: np.asarray(f(x)).tolist()),
            alias("returning tensors", lambda x: torch.as_tensor(np.asarray(f(x), dtype=np.float64))),
            *_common_junk(),
            refuse("a number", 3),
            refuse("an array", np.eye(3)),
            refuse("a list of it", [f]),
            refuse("returning None", lambda x: None),
            refuse("returning a string", lambda x: "image"),
            refuse("returning NaN", lambda x: np.asarray(f(x)) * math.nan),
            refuse("returning inf", lambda x: np.asarray(f(x)) + math.inf),
            refuse("returning complex", lambda x: np.asarray(f(x)) + 1j),
            refuse("returning objects", lambda x: np.asarray(f(x)).astype(object)),
            refuse("returning an empty array", lambda x: np.empty((0, 0))),
            refuse("returning another shape at every other call", _Alternating(f, grow)),
            (refuse if self.shape == "image" else either)("returning one more row", grow),
            (either if self.shape == "any" else refuse)("returning 3-D", cube),
        ]


class _Alternating:
    """``f`` at even calls, ``g`` at odd ones: an output whose shape depends on the call."""

    def __init__(self, f: Callable[..., Any], g: Callable[..., Any]) -> None:
        self.f, self.g, self.calls = f, g, 0

    def __call__(self, x: np.ndarray) -> Any:
        self.calls += 1
        return (self.g if self.calls % 2 == 0 else self.f)(x)


@dataclass(frozen=True)
class Summary(Kind):
    """The ``draw`` function of a live figure: called with the controls' values, returns a one-line string."""

    def cases(self, valid: Callable[..., str]) -> list[Case]:
        return [
            alias("a partial", functools.partial(valid)),
            *_common_junk(),
            refuse("a number", 3),
            refuse("returning None", lambda **values: None),
            refuse("returning a number", lambda **values: 3),
        ]


# --- torch ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tensor(Kind):
    """A float tensor with ``ndims`` dimensions; ``shape`` fixes the trailing dimensions if given.

    ``cast=True``: the function works in its model's dtype, so a float64 copy gives the same result.
    """

    ndims: tuple[int, ...] = (4,)
    shape: tuple[int, ...] | None = None
    cast: bool = False

    def judge(self, tensor: torch.Tensor, label: str) -> Case:
        bad = tensor.ndim not in self.ndims or tensor.numel() == 0 or not tensor.is_floating_point()
        if bad or not bool(torch.isfinite(tensor).all()):
            return refuse(label, tensor)
        if self.shape is not None and tuple(tensor.shape[-len(self.shape) :]) != self.shape:
            return refuse(label, tensor)
        return either(label, tensor)

    def cases(self, valid: torch.Tensor) -> list[Case]:
        v = valid.detach()
        cases = [
            alias("requires_grad", v.clone().requires_grad_()),
            alias("non-contiguous", v.transpose(-1, -2).contiguous().transpose(-1, -2)),
            *_common_junk(),
            refuse("a number", 3.0),
            refuse("a numpy array", v.numpy()),
            refuse("nested lists", v.tolist()),
            refuse("int64", v.long()),
            refuse("bool", v > 0.5),
            refuse("complex", v.to(torch.complex64)),
            refuse("a NaN", _tensor_with(v, math.nan)),
            refuse("an inf", _tensor_with(v, math.inf)),
            refuse("empty", v[:0]),
            either("float16", v.half()),
            either("bfloat16", v.bfloat16()),
        ]
        cases.append(alias("float64", v.double()) if self.cast else either("float64", v.double()))
        if v.ndim == 4:
            cases.append(alias("channels_last", v.contiguous(memory_format=torch.channels_last)))
        for label, wrong in (("one dimension less", v[0]), ("one dimension more", v[None])):
            cases.append(self.judge(wrong, label))
        if v.ndim >= 3:
            cases.append(self.judge(torch.cat([v, v], dim=-3), "two channels"))
            cases.append(self.judge(v[..., :-1, :-1], "one pixel smaller"))
        return cases

    def strategy(self, valid: torch.Tensor) -> st.SearchStrategy[Case]:
        shape = list(valid.shape)
        dims = st.lists(st.integers(0, 4), min_size=1, max_size=5).map(tuple)
        shapes = st.one_of(dims, st.just(tuple(shape)))
        dtypes = st.sampled_from([np.float32, np.float64, np.int64])

        def build(dtype: type, size: tuple[int, ...]) -> st.SearchStrategy[torch.Tensor]:
            elements = _FLOATS if dtype != np.int64 else st.integers(-5, 5)
            return arrays(dtype, size, elements=elements).map(torch.from_numpy)

        tensors = st.tuples(dtypes, shapes).flatmap(lambda pair: build(*pair))
        return tensors.map(lambda t: self.judge(t, f"{t.dtype} tensor of shape {tuple(t.shape)}"))


def _tensor_with(tensor: torch.Tensor, value: float) -> torch.Tensor:
    out = tensor.clone()
    out.view(-1)[out.numel() // 2] = value
    return out


@dataclass(frozen=True)
class Labels(Kind):
    """Class labels: an integer tensor of shape ``(N,)`` with values 0..9."""

    def judge(self, tensor: torch.Tensor, count: int, label: str) -> Case:
        if tensor.is_floating_point() or tensor.dtype == torch.bool or tuple(tensor.shape) != (count,):
            return refuse(label, tensor)
        if count and (int(tensor.min()) < 0 or int(tensor.max()) > 9):
            return refuse(label, tensor)
        return either(label, tensor)

    def cases(self, valid: torch.Tensor) -> list[Case]:
        v = valid
        return [
            alias("int32", v.int()),
            alias("uint8", v.to(torch.uint8)),
            alias("non-contiguous", v.repeat_interleave(2)[::2]),
            *_common_junk(),
            refuse("a numpy array", v.numpy()),
            refuse("a list", v.tolist()),
            refuse("float", v.float()),
            refuse("bool", v > 2),
            refuse("one short", v[:-1]),
            refuse("one too many", torch.cat([v, v[:1]])),
            refuse("2-D", v[None]),
            refuse("a 10", torch.where(v == v[0], 10, v)),
            refuse("a -1", torch.where(v == v[0], -1, v)),
        ]

    def strategy(self, valid: torch.Tensor) -> st.SearchStrategy[Case]:
        count = len(valid)
        sizes = st.integers(max(count - 1, 0), count + 1)
        values = st.integers(-2, 12)
        tensors = sizes.flatmap(lambda n: st.lists(values, min_size=n, max_size=n)).map(torch.tensor)
        return tensors.map(lambda t: self.judge(t, count, f"labels {t.tolist()}"))


class _Constant(nn.Module):
    """A module whose output does not depend on its input; ``parameters=False``: it has none."""

    def __init__(self, output: Callable[[torch.Tensor], Any], parameters: bool = True) -> None:
        super().__init__()
        self.output = output
        self.weight = nn.Parameter(torch.zeros(1)) if parameters else None

    def forward(self, x: torch.Tensor) -> Any:
        return self.output(x)


def _scores(x: torch.Tensor) -> torch.Tensor:
    return x.flatten(1)[:, :10].float() * 10


@dataclass(frozen=True)
class Model(Kind):
    """A classifier: an ``nn.Module`` from ``(N, 1, 28, 28)`` images to ``(N, 10)`` scores.

    ``trains=True``: the function trains it, so it needs parameters that require gradients.
    """

    trains: bool = False

    def cases(self, valid: nn.Module) -> list[Case]:
        frozen = _frozen(valid)
        return [
            alias("in train mode", valid.train()),
            either("float64 weights", _copy(valid).double()),
            (refuse if self.trains else either)("without parameters", _Constant(_scores, parameters=False)),
            (refuse if self.trains else either)("with frozen parameters", frozen),
            *_common_junk(),
            refuse("its name", "MLP"),
            refuse("a function", lambda x: _scores(x)),
            refuse("returning None", _Constant(lambda x: None)),
            refuse("returning a list", _Constant(lambda x: _scores(x).tolist())),
            refuse("returning NaN", _Constant(lambda x: _scores(x) * math.nan)),
            refuse("returning inf", _Constant(lambda x: _scores(x) + math.inf)),
            refuse("returning 5 classes", _Constant(lambda x: _scores(x)[:, :5])),
            refuse("returning one score per image", _Constant(lambda x: _scores(x)[:, 0])),
            refuse("returning integers", _Constant(lambda x: _scores(x).long())),
            refuse("returning one row too few", _Constant(lambda x: _scores(x)[:-1])),
        ]


def _copy(model: nn.Module) -> nn.Module:
    return copy.deepcopy(model)


def _frozen(model: nn.Module) -> nn.Module:
    out = _copy(model)
    for parameter in out.parameters():
        parameter.requires_grad_(False)
    return out


class _Features(nn.Module):
    """A module with a ``features`` method returning ``maps(x)``."""

    def __init__(self, maps: Callable[[torch.Tensor], Any]) -> None:
        super().__init__()
        self.maps = maps

    def features(self, x: torch.Tensor) -> Any:
        return self.maps(x)


@dataclass(frozen=True)
class FeatureModel(Kind):
    """A model with a ``features(x)`` method that returns a list of feature maps (WolfNet)."""

    def cases(self, valid: nn.Module) -> list[Case]:
        return [
            alias("in train mode", valid.train()),
            *_common_junk(),
            refuse("a model without features", nn.Sequential(nn.Flatten(), nn.Linear(4, 10))),
            refuse("features returning None", _Features(lambda x: None)),
            refuse("features returning a tensor", _Features(lambda x: x)),
            refuse("features returning no maps", _Features(lambda x: [])),
            refuse("features returning NaN", _Features(lambda x: [x * math.nan, x[..., ::2, ::2] * math.nan])),
            refuse("features returning strings", _Features(lambda x: ["a", "b"])),
        ]


@dataclass(frozen=True)
class Models(Kind):
    """Classifiers by display name: a mapping from strings to models."""

    nonempty: bool = False

    def cases(self, valid: dict[str, nn.Module]) -> list[Case]:
        name, model = next(iter(valid.items()))
        return [
            alias("an OrderedDict", OrderedDict(valid)),
            (refuse if self.nonempty else either)("empty", {}),
            *[case for case in _common_junk() if case.label != "a dict"],
            refuse("a list", [model]),
            refuse("a list of pairs", [(name, model)]),
            refuse("a model", model),
            refuse("None inside", {name: None}),
            refuse("a name inside", {name: "MLP"}),
            refuse("a function inside", {name: lambda x: _scores(x)}),
            refuse("a NaN model inside", {name: _Constant(lambda x: _scores(x) * math.nan)}),
            refuse("a number as name", {3: model}),
        ]


@dataclass(frozen=True)
class Sequence_(Kind):
    """A list of ``item`` values (``nonempty``: at least one)."""

    item: Kind
    nonempty: bool = True

    def cases(self, valid: list[Any]) -> list[Case]:
        items = [case for case in self.item.cases(valid[0]) if case.expect != ACCEPT]
        refused = [case for case in items if case.expect == REFUSE][:12]
        fine = [case for case in items if case.expect == EITHER][:6]
        return [
            alias("a tuple", tuple(valid)),
            either("an array", np.array(valid), BASELINE),
            either("a generator", (item for item in valid), BASELINE),
            (refuse if self.nonempty else either)("empty", []),
            *_common_junk(),
            refuse("a number", 3),
            *[refuse(f"[{case.label}]", [*valid, case.value]) for case in refused],
            *[either(f"[{case.label}]", [case.value]) for case in fine],
        ]

    def strategy(self, valid: list[Any]) -> st.SearchStrategy[Case]:
        def judge(cases: list[Case]) -> Case:
            value = [case.value for case in cases]
            label = f"[{', '.join(case.label for case in cases)}]"
            if (self.nonempty and not cases) or any(case.expect == REFUSE for case in cases):
                return refuse(label, value)
            return either(label, value)

        return st.lists(self.item.strategy(valid[0]), max_size=3).map(judge)


@dataclass(frozen=True)
class Generator(Kind):
    """``None`` or a ``torch.Generator``."""

    def cases(self, valid: None) -> list[Case]:
        return [
            alias("None", None),
            either("a seeded generator", torch.Generator().manual_seed(0)),
            *[case for case in _common_junk() if case.value is not None],
            refuse("a seed", 0),
            refuse("True", True),
            refuse("a numpy generator", np.random.default_rng(0)),
        ]


@dataclass(frozen=True)
class Device(Kind):
    """``None`` (the best available) or a torch device, as a ``torch.device`` or its name."""

    def cases(self, valid: torch.device) -> list[Case]:
        missing = [refuse(f"{name!r} (not available here)", name) for name in ("cuda", "mps") if not _available(name)]
        return [
            alias("its name", str(valid)),
            either("None", None),
            *[case for case in _common_junk() if case.value is not None],
            refuse("'gpu'", "gpu"),
            refuse("a number", 3),
            refuse("True", True),
            *missing,
        ]


def _available(name: str) -> bool:
    if name == "cuda":
        return torch.cuda.is_available()
    return getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()


@dataclass(frozen=True)
class Instance(Kind):
    """An instance of ``cls`` (a TrainConfig, MNIST data...): junk of other types is refused."""

    cls: type

    def cases(self, valid: Any) -> list[Case]:
        fields = dict(getattr(valid, "__dict__", {}))
        return [
            *_common_junk(),
            refuse("a number", 3),
            refuse("its fields as a dict", fields),
            refuse("its class", self.cls),
        ]


@dataclass(frozen=True)
class Path_(Kind):
    """A folder, as a ``pathlib.Path`` or a string."""

    def cases(self, valid: Any) -> list[Case]:
        return [
            alias("a string", str(valid)),
            refuse("a number", 3),
            refuse("a list", [str(valid)]),
            refuse("object()", object()),
        ]


@dataclass(frozen=True)
class Answer(Kind):
    """A student's answer (anything): ``check_answer`` must return True for equal ones, else False."""

    def cases(self, valid: Any) -> list[Case]:
        is_true = lambda result: result is True
        is_false = lambda result: result is False
        same = [valid, float(valid), np.float64(valid), np.array(valid), torch.tensor(valid), valid + 1e-12]
        different = [
            None,
            True,
            str(valid),
            "no",
            math.nan,
            math.inf,
            valid + 1,
            [valid],
            np.array([valid]),
            np.array([valid, valid]),
            torch.tensor([valid, valid]),
            {"a": valid},
            object(),
        ]
        return [
            *[Case(f"equal: {value!r}", value, ACCEPT, holds=is_true) for value in same],
            *[Case(f"different: {value!r}", value, ACCEPT, holds=is_false) for value in different],
        ]


@dataclass(frozen=True)
class Controls(Kind):
    """The ``**controls`` of a slider panel: ipywidgets with a value, by keyword."""

    def cases(self, valid: dict[str, Any]) -> list[Case]:
        return [
            either("none", {}),
            either("a text box", {"n": widgets.Text("a")}),
            refuse("None", {"n": None}),
            refuse("a number", {"n": 3}),
            refuse("a string", {"n": "slider"}),
            refuse("a button (no value)", {"n": widgets.Button()}),
            refuse("a list of sliders", {"n": [widgets.IntSlider()]}),
        ]


@dataclass(frozen=True)
class Values(Kind):
    """The ``**values`` handed to a live figure's draw function: any keyword arguments it takes."""

    def cases(self, valid: dict[str, Any]) -> list[Case]:
        return [either("none", {}), either("a number", {"n": 3}), either("two values", {"a": 1, "b": "x"})]


@dataclass(frozen=True)
class Artists(Kind):
    """A live figure's ``changing`` artists: a non-empty list of artists of that figure.

    The valid list is built with its figure for each call, so no case here can alias it (the tuple
    form is a unit test's).
    """

    def cases(self, valid: list[Any]) -> list[Case]:
        (elsewhere,) = Figure().subplots().plot([0, 1])
        return [
            refuse("empty", []),
            *_common_junk(),
            refuse("a number", 3),
            refuse("an artist of another figure", [*valid, elsewhere]),
            refuse("[None]", [*valid, None]),
            refuse("['title']", ["title"]),
        ]


@dataclass(frozen=True)
class ImageDict(Kind):
    """Images by name (a dict of non-empty finite 2-D arrays)."""

    def cases(self, valid: dict[str, Any]) -> list[Case]:
        image = next(iter(valid.values()))
        return [
            refuse("empty", {}),
            *[case for case in _common_junk() if case.label != "a dict"],
            refuse("a dict of numbers", {"a": 1}),
            refuse("a list of images", [image]),
            refuse("a name that is not a string", {3: image}),
            refuse("a NaN image", {"a": np.full((4, 4), np.nan)}),
            refuse("an empty image", {"a": np.zeros((0, 4))}),
            refuse("a 3-D image", {"a": np.zeros((2, 4, 4))}),
        ]


def _not_implemented(*args: Any) -> Any:
    raise NotImplementedError("a student's stub")


@dataclass(frozen=True)
class StudentFunction(Kind):
    """A student's function for ``check_function`` (anything): True only if it matches the reference."""

    def cases(self, valid: Callable[..., Any]) -> list[Case]:
        is_true = lambda result: result is True
        is_false = lambda result: result is False
        different = [
            None,
            _not_implemented,
            lambda *args: None,
            lambda *args: "no",
            lambda *args: 1 / 0,
            lambda *args: [valid(*args)] * 2,
            3,
            "no",
            object(),
        ]
        return [
            Case("a callable object", _Callable(valid), ACCEPT, holds=is_true),
            Case("a lambda", lambda *args: valid(*args), ACCEPT, holds=is_true),
            *[Case(f"different: {value!r}", value, ACCEPT, holds=is_false) for value in different],
        ]


@dataclass(frozen=True)
class CaseList(Kind):
    """``check_function``'s test cases: a non-empty list of argument tuples (a lone argument may stand alone)."""

    def cases(self, valid: list[tuple]) -> list[Case]:
        return [
            alias("a tuple of tuples", tuple(valid)),
            alias("lone arguments", [case[0] for case in valid]),
            refuse("an empty list", []),
            refuse("None", None),
            refuse("a number", 3),
            refuse("a string", "ab"),
            refuse("bytes", b"ab"),
            refuse("object()", object()),
        ]


@dataclass(frozen=True)
class OneOf(Kind):
    """``check_function``'s reference or test: the valid value is the one given; a second or none is refused."""

    def cases(self, valid: Any) -> list[Case]:
        if valid is None:  # the other one is given: giving this one too is refused
            return [refuse("a callable as well", abs), refuse("a number", 3), refuse("'no'", "no")]
        return [alias("a callable object", _Callable(valid)), refuse("None", None), refuse("a number", 3)]


@dataclass(frozen=True)
class Anything(Kind):
    """Any value at all (a student's prediction): the call prints and returns None whatever it is."""

    def cases(self, valid: Any) -> list[Case]:
        is_none = lambda result: result is None
        values = [None, True, "no", math.nan, [valid], np.array([valid, valid]), torch.tensor(valid), object()]
        return [Case(f"any: {value!r}", value, ACCEPT, holds=is_none) for value in values]
