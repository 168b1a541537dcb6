r"""Translating images: the shift operator :math:`S_d` on numpy arrays.

An integer shift by :math:`d = (d_y, d_x)` moves the content down by :math:`d_y` rows and right by
:math:`d_x` columns:

.. math:: (S_d x)[i, j] = x[i - d_y,\, j - d_x]

where the right-hand side is 0 outside the image (``fill="zeros"``: what enters is background)
or taken modulo the image size (``fill="circular"``: what leaves one side re-enters at the other,
``numpy.roll``). A shift by the full image size or more leaves only zeros in ``"zeros"`` fill.

A sub-pixel shift (:func:`translate`) samples :math:`x` at :math:`(i - d_y, j - d_x)` with bilinear
interpolation between the four nearest pixels, zero outside the image. It is separable: with
:math:`n = \lfloor d \rfloor` and :math:`f = d - n` along one axis,
:math:`T_d x = (1 - f)\, S_n x + f\, S_{n+1} x`, which reduces to :math:`S_d` for integer :math:`d`.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import as_choice, as_image, as_int, as_real

__all__ = ["shift", "translate", "FILLS"]

#: What enters the image when its content moves: background zeros, or the content that left.
FILLS = ("zeros", "circular")


def _shift_axis(image: np.ndarray, amount: int, axis: int, fill: str) -> np.ndarray:
    if fill == "circular":
        return np.roll(image, amount, axis=axis)
    out = np.zeros_like(image)
    size = image.shape[axis]
    if abs(amount) >= size:
        return out
    source = [slice(None)] * image.ndim
    target = [slice(None)] * image.ndim
    source[axis] = slice(max(0, -amount), size - max(0, amount))
    target[axis] = slice(max(0, amount), size - max(0, -amount))
    out[tuple(target)] = image[tuple(source)]
    return out


def shift(image: object, dy: int = 0, dx: int = 0, fill: str = "zeros") -> np.ndarray:
    """Shift ``image`` by whole pixels: ``dy`` rows down and ``dx`` columns right (negative: up/left).

    Parameters
    ----------
    image
        2-D array of finite real numbers.
    dy, dx
        Whole numbers of pixels (``2`` or ``2.0``; ``1.5`` is refused: use :func:`translate`).
    fill
        ``"zeros"`` (background enters) or ``"circular"`` (wrap around, like ``numpy.roll``).

    Returns
    -------
    numpy.ndarray
        float64 array of the same shape.

    Raises
    ------
    TypeError, ValueError
        For a bad image, a non-integer shift, or an unknown fill.

    Examples
    --------
    >>> x = np.arange(9.0).reshape(3, 3)
    >>> shift(x, 1, 0)
    array([[0., 0., 0.],
           [0., 1., 2.],
           [3., 4., 5.]])
    >>> shift(x, 0, -1, fill="circular")
    array([[1., 2., 0.],
           [4., 5., 3.],
           [7., 8., 6.]])
    """
    image = as_image(image, "image")
    dy, dx = as_int(dy, "dy"), as_int(dx, "dx")
    as_choice(fill, "fill", FILLS)
    return _shift_axis(_shift_axis(image, dy, 0, fill), dx, 1, fill)


def translate(image: object, dy: float = 0.0, dx: float = 0.0) -> np.ndarray:
    """Shift ``image`` by real amounts with bilinear interpolation and zero fill (see module docstring).

    Agrees with :func:`tvlib.nn.shift_batch`, which does the same for whole torch batches, to float
    rounding. ``cv2.warpAffine`` (``INTER_LINEAR``, ``BORDER_CONSTANT``) computes the same for
    integer shifts but rounds sub-pixel positions to 1/32 pixel, so it differs by up to about 0.08
    (on values in [0, 1]) at sub-pixel shifts.

    Raises
    ------
    TypeError, ValueError
        For a bad image or a shift that is not a finite real number.

    Examples
    --------
    >>> translate(np.array([[0.0, 1.0, 0.0]]), 0, 0.5)
    array([[0. , 0.5, 0.5]])
    """
    image = as_image(image, "image")
    dy, dx = as_real(dy, "dy"), as_real(dx, "dx")
    out = image
    for axis, amount in ((0, dy), (1, dx)):
        whole = math.floor(amount)
        frac = amount - whole
        moved = _shift_axis(out, whole, axis, "zeros")
        out = moved if frac == 0 else (1 - frac) * moved + frac * _shift_axis(out, whole + 1, axis, "zeros")
    return out
