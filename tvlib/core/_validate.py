"""Input checks shared by every public tvlib function, numpy and torch alike.

Each check raises a ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, wrong value)
whose message names the argument and says what was expected, so that a student who passes a colour
image, an empty array or a fractional shift learns what to change instead of getting a silently
wrong picture.

The torch checks never import torch: a value can only be a tensor if torch is already imported, so
they look it up in ``sys.modules``. That keeps this module in the numpy-only core layer.
"""

from __future__ import annotations

import math
import numbers
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "as_image",
    "as_int",
    "as_real",
    "as_bool",
    "as_choice",
    "as_text",
    "as_pair",
    "as_shape",
    "as_sequence",
    "as_operator",
    "as_path",
    "checked_output",
    "as_tensor",
    "as_labels",
    "is_tensor",
]

#: Largest side, and largest pixel count, of an image a function builds itself, and largest side of a
#: kernel it builds: a typo like 10**9 must fail at once instead of allocating or looping for minutes.
MAX_SIZE = 100_000
MAX_PIXELS = 50_000_000
MAX_KERNEL = 1024
#: Largest seed: torch generators take 64-bit seeds.
MAX_SEED = 2**63 - 1


def _kind(value: object) -> str:
    return type(value).__name__


def _scalar(value: object) -> object:
    """A 0-d numpy array or torch tensor as the Python number it holds; anything else unchanged."""
    if (is_tensor(value) or isinstance(value, np.ndarray)) and value.ndim == 0:  # type: ignore[attr-defined]
        return value.item()  # type: ignore[attr-defined]
    return value


def as_image(value: object, name: str = "image", ndim: int = 2) -> np.ndarray:
    """Return ``value`` as a finite, non-empty float64 array with ``ndim`` dimensions.

    Bool and integer arrays are converted to float64; torch tensors (also with ``requires_grad``)
    are detached and copied to the CPU first.

    Raises
    ------
    TypeError
        If ``value`` is not array-like or holds non-real values (complex, strings, objects, dates or
        time spans).
    ValueError
        If it has the wrong number of dimensions, is empty, holds NaN or infinity, or is a masked
        array with masked values.

    Examples
    --------
    >>> as_image([[1, 2], [3, 4]])
    array([[1., 2.],
           [3., 4.]])
    >>> as_image([1, 2, 3])
    Traceback (most recent call last):
    ...
    ValueError: image must be 2-dimensional, got shape (3,) (1-D)
    """
    if value is None or isinstance(value, (str, bytes, dict, set)):
        raise TypeError(f"{name} must be a numeric array, got {_kind(value)}")
    if is_tensor(value):
        value = value.detach().cpu().numpy()  # type: ignore[attr-defined]
    if np.ma.is_masked(value):
        raise ValueError(f"{name} has masked values: fill them first, e.g. with {name}.filled(0)")
    try:
        array = np.asarray(value)
    except (ValueError, TypeError) as error:  # ragged nested lists
        raise TypeError(f"{name} must be a numeric array, got a ragged or mixed {_kind(value)}") from error
    numeric = np.issubdtype(array.dtype, np.number) and not np.issubdtype(array.dtype, np.timedelta64)
    if array.dtype == object or not (numeric or np.issubdtype(array.dtype, np.bool_)):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got complex dtype {array.dtype}")
    if array.ndim != ndim:
        hint = " (a colour image? convert it to grey first)" if ndim == 2 and array.ndim == 3 else ""
        raise ValueError(f"{name} must be {ndim}-dimensional, got shape {array.shape} ({array.ndim}-D){hint}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return array


def as_int(value: object, name: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """Return ``value`` as a Python ``int``, accepting integral floats such as ``2.0``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number, or is a bool (``True`` is not the number 1 here).
    ValueError
        If it is not finite, has a fractional part, or lies outside ``[minimum, maximum]``.

    Examples
    --------
    >>> as_int(2.0, "dy")
    2
    >>> as_int(1.5, "dy")
    Traceback (most recent call last):
    ...
    ValueError: dy must be a whole number, got 1.5
    """
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be an integer, got {_kind(value)} {value!r}")
    if not math.isfinite(float(value)):
        raise ValueError(f"{name} must be a finite whole number, got {value!r}")
    if not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number, got {value!r}")
    result = int(value)
    if minimum is not None and result < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {result}")
    if maximum is not None and result > maximum:
        raise ValueError(f"{name} must be at most {maximum}, got {result}")
    return result


def as_real(
    value: object,
    name: str,
    minimum: float | None = None,
    maximum: float | None = None,
    strict_minimum: bool = False,
    strict_maximum: bool = False,
) -> float:
    """Return ``value`` as a finite Python ``float``.

    ``strict_minimum=True`` demands ``value > minimum`` (e.g. a positive learning rate), and
    ``strict_maximum=True`` demands ``value < maximum``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number, or is a bool.
    ValueError
        If it is NaN or infinite, or lies outside the bounds.

    Examples
    --------
    >>> as_real(3, "max_lr")
    3.0
    >>> as_real(float("nan"), "dx")
    Traceback (most recent call last):
    ...
    ValueError: dx must be a finite number, got nan
    """
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_kind(value)} {value!r}")
    result = float(value)
    if not math.isfinite(result):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and (result <= minimum if strict_minimum else result < minimum):
        raise ValueError(f"{name} must be {'greater than' if strict_minimum else 'at least'} {minimum}, got {value!r}")
    if maximum is not None and (result >= maximum if strict_maximum else result > maximum):
        raise ValueError(f"{name} must be {'below' if strict_maximum else 'at most'} {maximum}, got {value!r}")
    return result


def as_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is a bool (Python or numpy); strings such as ``"no"`` are refused.

    Examples
    --------
    >>> as_bool(True, "relative")
    True
    >>> as_bool("no", "relative")
    Traceback (most recent call last):
    ...
    TypeError: relative must be True or False, got str 'no'
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_kind(value)} {value!r}")
    return bool(value)


def as_choice(value: object, name: str, choices: Sequence[str]) -> str:
    """Return ``value`` as a plain ``str`` if it is one of ``choices``, else raise an error listing them.

    Examples
    --------
    >>> as_choice("zeros", "fill", ("zeros", "circular"))
    'zeros'
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {', '.join(map(repr, choices))}; got {_kind(value)} {value!r}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return str(value)


def as_path(value: object, name: str) -> Path:
    """Return ``value`` (a ``str`` or ``os.PathLike``, not empty) as a ``pathlib.Path``.

    Examples
    --------
    >>> as_path("data", "root")
    PosixPath('data')
    """
    if isinstance(value, bytes) or not isinstance(value, (str, os.PathLike)):
        raise TypeError(f"{name} must be a path (a string or pathlib.Path), got {_kind(value)} {value!r}")
    if not str(value if isinstance(value, str) else os.fspath(value)):
        raise ValueError(f"{name} must not be an empty path")
    return Path(value)


def as_text(value: object, name: str) -> str:
    """Return ``value`` as a plain ``str`` (a title, a description); anything else is a ``TypeError``.

    Examples
    --------
    >>> as_text(None, "title")
    Traceback (most recent call last):
    ...
    TypeError: title must be a string, got NoneType None
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {_kind(value)} {value!r}")
    return str(value)


def as_pair(
    value: object,
    name: str,
    parts: tuple[str, str] = ("dy", "dx"),
    minimum: int | None = None,
    maximum: int | None = None,
) -> tuple[int, int]:
    """Return a pair of whole numbers such as a shift ``(dy, dx)`` or a position ``(row, column)``.

    Each must lie in ``[minimum, maximum]`` when those are given.

    Examples
    --------
    >>> as_pair((2, -3), "shift_by")
    (2, -3)
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be a pair ({parts[0]}, {parts[1]}) of integers, got {_kind(value)} {value!r}")
    if len(value) != 2:
        raise ValueError(
            f"{name} must be a pair ({parts[0]}, {parts[1]}) of integers, got {len(value)} values {value!r}"
        )
    return (
        as_int(value[0], f"{name}[0] ({parts[0]})", minimum=minimum, maximum=maximum),
        as_int(value[1], f"{name}[1] ({parts[1]})", minimum=minimum, maximum=maximum),
    )


def as_shape(value: object, name: str = "shape") -> tuple[int, int]:
    """Return an image shape ``(height, width)``: two whole numbers from 1 to :data:`MAX_SIZE`.

    Examples
    --------
    >>> as_shape((28, 28.0))
    (28, 28)
    """
    height, width = as_pair(value, name, ("height", "width"), minimum=1)
    if max(height, width) > MAX_SIZE or height * width > MAX_PIXELS:
        raise ValueError(
            f"{name} must be at most {MAX_SIZE} pixels a side and {MAX_PIXELS:,} pixels in all, got {(height, width)}"
        )
    return height, width


def as_sequence(value: object, name: str, nonempty: bool = True) -> list[Any]:
    """Return the items of a list, tuple, array or other ordered iterable (not a string, set or dict).

    Examples
    --------
    >>> as_sequence(((0, 1), (1, 0)), "shifts")
    [(0, 1), (1, 0)]
    >>> as_sequence([], "shifts")
    Traceback (most recent call last):
    ...
    ValueError: shifts must not be empty
    """
    if isinstance(value, (str, bytes, dict, set, frozenset)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list, got {_kind(value)} {value!r}")
    items = list(value)
    if nonempty and not items:
        raise ValueError(f"{name} must not be empty")
    return items


def as_operator(
    value: object, name: str = "f", what: str = "a function from an image to an image"
) -> Callable[..., Any]:
    """Return ``value`` if it is callable, else raise a ``TypeError`` saying it must be ``what``."""
    if not callable(value):
        raise TypeError(f"{name} must be {what}, got {_kind(value)}")
    return value


def checked_output(value: object, name: str, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Check what a user's operator returned: a finite real array, of ``shape`` when given."""
    try:
        array = as_image(value, f"the output of {name}", ndim=np.ndim(value))
    except (TypeError, ValueError) as error:
        raise type(error)(f"{error} (check what {name} returns)") from None
    if shape is not None and array.shape != tuple(shape):
        raise ValueError(f"{name} must return an array of shape {tuple(shape)}, got shape {array.shape}")
    return array


def is_tensor(value: object) -> bool:
    """True if ``value`` is a torch tensor (without importing torch)."""
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(value, torch.Tensor)


def as_tensor(value: object, name: str, ndims: tuple[int, ...], floating: bool = True) -> Any:
    """Check a torch batch: a tensor with one of ``ndims`` dimensions, non-empty, finite if floating.

    Tensors with ``requires_grad`` are fine (nothing here calls numpy on them).

    Raises
    ------
    TypeError
        If ``value`` is not a torch tensor, or not floating point when ``floating``.
    ValueError
        If it has the wrong number of dimensions, is empty, or holds NaN or infinity.
    """
    if not is_tensor(value):
        raise TypeError(f"{name} must be a torch.Tensor, got {_kind(value)}")
    if floating and not value.is_floating_point():  # type: ignore[attr-defined]
        raise TypeError(f"{name} must be a floating-point tensor (e.g. float32), got dtype {value.dtype}")  # type: ignore[attr-defined]
    if value.ndim not in ndims:  # type: ignore[attr-defined]
        expected = " or ".join(f"{n}-D" for n in ndims)
        raise ValueError(f"{name} must be {expected}, got shape {tuple(value.shape)}")  # type: ignore[attr-defined]
    if value.numel() == 0:  # type: ignore[attr-defined]
        raise ValueError(f"{name} must not be empty, got shape {tuple(value.shape)}")  # type: ignore[attr-defined]
    if floating and not bool(value.detach().isfinite().all()):  # type: ignore[attr-defined]
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return value


def as_labels(value: object, name: str, count: int, classes: int = 10) -> Any:
    """Check class labels: an integer tensor of shape ``(count,)`` with values in ``0 .. classes-1``."""
    if not is_tensor(value):
        raise TypeError(f"{name} must be a torch.Tensor of integer labels, got {_kind(value)}")
    if value.is_floating_point() or value.is_complex() or str(value.dtype) == "torch.bool":  # type: ignore[attr-defined]
        raise TypeError(f"{name} must hold integer class labels, got dtype {value.dtype}")  # type: ignore[attr-defined]
    if tuple(value.shape) != (count,):  # type: ignore[attr-defined]
        raise ValueError(  # the message names the images too: either may be the one at fault
            f"{name} must have shape ({count},), one label for each of the {count} images, got {tuple(value.shape)}"  # type: ignore[attr-defined]
        )
    if count and (int(value.min()) < 0 or int(value.max()) >= classes):  # type: ignore[attr-defined]
        raise ValueError(
            f"{name} must lie in 0..{classes - 1}, got values from {int(value.min())} to {int(value.max())}"
        )  # type: ignore[attr-defined]
    return value
