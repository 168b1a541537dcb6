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

from typing import Callable

import numpy as np

from ._validate import as_image, as_int
from .shift import shift

__all__ = ["equivariance_map", "equivariance_error", "invariance_error", "crop_border"]

Operator = Callable[[np.ndarray], np.ndarray]


def crop_border(array: np.ndarray, border: int) -> np.ndarray:
    """Drop ``border`` pixels from every side of a 2-D array.

    Raises
    ------
    ValueError
        If ``border`` < 0 or nothing would be left.
    """
    border = as_int(border, "border", minimum=0)
    if 2 * border >= min(array.shape):
        raise ValueError(f"border {border} leaves nothing of an array of shape {array.shape}")
    return array[border : array.shape[0] - border, border : array.shape[1] - border]


def _norm(difference: np.ndarray, reference: np.ndarray, border: int, relative: bool) -> float:
    error = float(np.linalg.norm(crop_border(difference, border)))
    if not relative:
        return error
    scale = float(np.linalg.norm(crop_border(reference, border)))
    return error / scale if scale > 0 else (0.0 if error == 0 else float("inf"))


def _equivariance_terms(
    f: Operator, image: object, shift_by: tuple[int, int], mode: str, output_shift: tuple[int, int] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Return :math:`f(S_d x)` and :math:`S_{d'} f(x)`."""
    image = as_image(image, "image")
    dy, dx = shift_by
    ody, odx = shift_by if output_shift is None else output_shift
    return np.asarray(f(shift(image, dy, dx, mode)), dtype=np.float64), shift(f(image), ody, odx, mode)


def equivariance_map(
    f: Operator,
    image: object,
    shift_by: tuple[int, int],
    mode: str = "circular",
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
    mode
        ``"circular"`` or ``"zeros"``: how :func:`tvlib.shift` fills, for input and output alike.
    output_shift
        Integer shift :math:`d'` applied to the output; defaults to ``shift_by``.
    """
    moved, expected = _equivariance_terms(f, image, shift_by, mode, output_shift)
    return moved - expected


def equivariance_error(
    f: Operator,
    image: object,
    shift_by: tuple[int, int],
    mode: str = "circular",
    output_shift: tuple[int, int] | None = None,
    border: int = 0,
    relative: bool = False,
) -> float:
    r"""The equivariance error :math:`\lVert f(S_d x) - S_{d'} f(x) \rVert_2` outside a ``border`` band.

    Parameters are those of :func:`equivariance_map`, plus ``border`` (pixels ignored on every side
    of the output) and ``relative`` (divide by :math:`\lVert S_{d'} f(x) \rVert_2` over the same region).
    """
    moved, expected = _equivariance_terms(f, image, shift_by, mode, output_shift)
    return _norm(moved - expected, expected, border, relative)


def invariance_error(
    f: Operator,
    image: object,
    shift_by: tuple[int, int],
    mode: str = "circular",
    border: int = 0,
    relative: bool = False,
) -> float:
    r"""The invariance error :math:`\lVert f(S_d x) - f(x) \rVert_2` outside a ``border`` band.

    ``f`` may return a scalar (e.g. :func:`tvlib.global_max_pool`); it is then treated as a 1×1 map.
    """
    image = as_image(image, "image")
    dy, dx = shift_by
    reference = np.atleast_2d(np.asarray(f(image), dtype=np.float64))
    moved = np.atleast_2d(np.asarray(f(shift(image, dy, dx, mode)), dtype=np.float64))
    return _norm(moved - reference, reference, border, relative)
