r"""How far an operator is from shift equivariance or shift invariance.

For an operator :math:`f`, an input shift :math:`S_d` and the matching output shift :math:`S_{d'}`
(:math:`d' = d` for a same-size filter, :math:`d' = d / s` after pooling with stride :math:`s`):

.. math::

    \text{equivariance error} = \lVert f(S_d x) - S_{d'} f(x) \rVert_2, \qquad
    \text{invariance error}   = \lVert f(S_d x) - f(x) \rVert_2 .

Both are taken over the output with a band of ``border`` pixels on every side ignored (where padding
or the shift's fill makes the two sides differ for reasons that are not the operator's), and can be
made relative by dividing by :math:`\lVert S_{d'} f(x) \rVert_2` or :math:`\lVert f(x) \rVert_2`.
Zero means exactly equivariant (the output moves with the input) or exactly invariant (the output
does not change).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validate import as_bool, as_choice, as_image, as_int, as_operator, as_pair, checked_output
from .correlation import PADDINGS, correlate2d
from .shift import FILLS, shift

__all__ = ["equivariance_map", "equivariance_error", "invariance_error", "crop_border", "equivariance_panels"]

Operator = Callable[[np.ndarray], np.ndarray]


def crop_border(array: object, border: int) -> np.ndarray:
    """Drop ``border`` pixels from every side of a 2-D array.

    Raises
    ------
    ValueError
        If ``border`` < 0 or nothing would be left.

    Examples
    --------
    >>> crop_border(np.arange(16.0).reshape(4, 4), 1)
    array([[ 5.,  6.],
           [ 9., 10.]])
    """
    array = as_image(array, "array")
    border = as_int(border, "border", minimum=0)
    if 2 * border >= min(array.shape):
        raise ValueError(f"border {border} leaves nothing of an array of shape {array.shape}")
    return array[border : array.shape[0] - border, border : array.shape[1] - border]


def _norm(difference: np.ndarray, reference: np.ndarray, border: int, relative: bool, image_shape: tuple) -> float:
    if 2 * border >= min(difference.shape):
        raise ValueError(
            f"border {border} leaves nothing of f's output of shape {difference.shape} "
            f"(for an image of shape {image_shape})"
        )
    if border:
        difference, reference = crop_border(difference, border), crop_border(reference, border)
    error = float(np.linalg.norm(difference))
    if not relative:
        return error
    scale = float(np.linalg.norm(reference))
    if scale == 0 and error > 0:
        raise ValueError("relative error is undefined: f's output is zero there (use relative=False)")
    return error / scale if scale > 0 else 0.0


def _equivariance_terms(
    f: object, image: object, shift_by: object, fill: str, output_shift: object
) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """Return :math:`f(S_d x)` and :math:`S_{d'} f(x)`, both checked, and the image's shape."""
    f = as_operator(f, "f")
    image = as_image(image, "image")
    dy, dx = as_pair(shift_by, "shift_by")
    ody, odx = (dy, dx) if output_shift is None else as_pair(output_shift, "output_shift")
    as_choice(fill, "fill", FILLS)
    response = checked_output(f(image), "f")
    if response.ndim != 2:
        raise ValueError(f"f must return a 2-D image, got shape {response.shape} (use invariance_error for scalars)")
    moved = checked_output(f(shift(image, dy, dx, fill)), "f", response.shape)
    return moved, shift(response, ody, odx, fill), image.shape


def equivariance_map(
    f: Operator,
    image: object,
    shift_by: tuple[int, int],
    fill: str = "circular",
    output_shift: tuple[int, int] | None = None,
) -> np.ndarray:
    r"""The difference map :math:`f(S_d x) - S_{d'} f(x)`, zero wherever ``f`` is equivariant.

    Parameters
    ----------
    f
        Operator from a 2-D array to a 2-D array (e.g. ``lambda x: correlate2d(x, sobel_x())``).
    image
        The input :math:`x`.
    shift_by
        Integer shift :math:`d = (d_y, d_x)` applied to the input.
    fill
        ``"circular"`` or ``"zeros"``: how :func:`tvlib.shift` fills, for input and output alike.
    output_shift
        Integer shift :math:`d'` applied to the output; defaults to ``shift_by``.

    Raises
    ------
    TypeError, ValueError
        For a bad argument, or when ``f`` returns something that is not a finite 2-D array of one
        shape for both inputs.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=(6, 6))
    >>> float(abs(equivariance_map(lambda a: 2 * a, x, (1, 2))).max())
    0.0
    """
    moved, expected, _ = _equivariance_terms(f, image, shift_by, fill, output_shift)
    return moved - expected


def equivariance_error(
    f: Operator,
    image: object,
    shift_by: tuple[int, int],
    fill: str = "circular",
    output_shift: tuple[int, int] | None = None,
    border: int = 0,
    relative: bool = False,
) -> float:
    r"""The equivariance error :math:`\lVert f(S_d x) - S_{d'} f(x) \rVert_2` outside a ``border`` band.

    Parameters are those of :func:`equivariance_map`, plus ``border`` (pixels ignored on every side
    of the output) and ``relative`` (divide by :math:`\lVert S_{d'} f(x) \rVert_2` over the same region;
    a ``ValueError`` if that is zero while the error is not).

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=(8, 8))
    >>> equivariance_error(lambda a: correlate2d(a, np.ones((3, 3)), padding="circular"), x, (2, 3)) < 1e-12
    True
    """
    border = as_int(border, "border", minimum=0)
    relative = as_bool(relative, "relative")
    moved, expected, shape = _equivariance_terms(f, image, shift_by, fill, output_shift)
    return _norm(moved - expected, expected, border, relative, shape)


def invariance_error(
    f: Operator,
    image: object,
    shift_by: tuple[int, int],
    fill: str = "circular",
    border: int = 0,
    relative: bool = False,
) -> float:
    r"""The invariance error :math:`\lVert f(S_d x) - f(x) \rVert_2` outside a ``border`` band.

    ``f`` may return a scalar (e.g. :func:`tvlib.global_max_pool`); it is then treated as a 1×1 map.

    Examples
    --------
    >>> from tvlib import global_max_pool
    >>> x = np.random.default_rng(0).normal(size=(8, 8))
    >>> invariance_error(global_max_pool, x, (3, -5))
    0.0
    """
    f = as_operator(f, "f")
    image = as_image(image, "image")
    dy, dx = as_pair(shift_by, "shift_by")
    as_choice(fill, "fill", FILLS)
    border = as_int(border, "border", minimum=0)
    relative = as_bool(relative, "relative")
    reference = np.atleast_2d(checked_output(f(image), "f"))
    moved = np.atleast_2d(checked_output(f(shift(image, dy, dx, fill)), "f"))
    if moved.shape != reference.shape:
        raise ValueError(f"f must return one shape for both inputs, got {reference.shape} and {moved.shape}")
    return _norm(moved - reference, reference, border, relative, image.shape)


def equivariance_panels(
    image: object, dy: int, dx: int, kernel: object, padding: str = "zeros"
) -> dict[str, np.ndarray]:
    r"""The four arrays of the equivariance check for :math:`f(x) = x \star k` with ``padding``.

    Returns :math:`S x`, :math:`f(S x)`, :math:`S f(x)` and their difference. The shift wraps around
    when ``padding`` is circular and fills with zeros otherwise.

    Examples
    --------
    >>> panels = equivariance_panels(np.eye(6), 1, 2, np.ones((3, 3)), padding="circular")
    >>> float(abs(panels["difference f(S x) - S f(x)"]).max())
    0.0
    """
    image = as_image(image, "image")
    dy, dx = as_int(dy, "dy"), as_int(dx, "dx")
    fill = "circular" if as_choice(padding, "padding", PADDINGS) == "circular" else "zeros"
    shifted = shift(image, dy, dx, fill)
    response_of_shifted = correlate2d(shifted, kernel, padding=padding)
    shifted_response = shift(correlate2d(image, kernel, padding=padding), dy, dx, fill)
    return {
        "shifted input S x": shifted,
        "f(S x): filter the shifted input": response_of_shifted,
        "S f(x): shift the filtered input": shifted_response,
        "difference f(S x) - S f(x)": response_of_shifted - shifted_response,
    }
