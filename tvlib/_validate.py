"""Input checks shared by every public tvlib function.

Each check raises a ``TypeError`` (wrong kind of value) or ``ValueError`` (right kind, wrong value)
whose message names the argument and says what was expected, so that a student who passes a colour
image, an empty array or a fractional shift learns what to change instead of getting a silently
wrong picture.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["as_image", "as_int", "as_choice"]


def as_image(value: object, name: str = "image", ndim: int = 2) -> np.ndarray:
    """Return ``value`` as a finite, non-empty float64 array with ``ndim`` dimensions.

    Parameters
    ----------
    value
        Array-like of real numbers (bool and integer arrays are converted to float64).
    name
        Argument name used in error messages.
    ndim
        Required number of dimensions.

    Raises
    ------
    TypeError
        If ``value`` is not array-like or holds non-real values (complex, strings, objects).
    ValueError
        If it has the wrong number of dimensions, is empty, or holds NaN or infinity.
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be a numeric array, got {type(value).__name__}")
    array = np.asarray(value)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or np.issubdtype(array.dtype, np.bool_)
    ):
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers, got complex dtype {array.dtype}")
    if array.ndim != ndim:
        hint = " (a colour image? convert it to grey first)" if ndim == 2 and array.ndim == 3 else ""
        raise ValueError(
            f"{name} must be {ndim}-dimensional, got shape {array.shape} ({array.ndim}-D){hint}"
        )
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return array


def as_int(value: object, name: str, minimum: int | None = None) -> int:
    """Return ``value`` as a Python ``int``, accepting integral floats such as ``2.0``.

    Raises
    ------
    TypeError
        If ``value`` is not a real number or is a bool.
    ValueError
        If it has a fractional part, or is smaller than ``minimum``.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if not float(value).is_integer():
        raise ValueError(f"{name} must be a whole number of pixels, got {value!r}")
    result = int(value)
    if minimum is not None and result < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {result}")
    return result


def as_choice(value: object, name: str, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a ``ValueError`` listing them."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value  # type: ignore[return-value]
