r"""Max and average pooling, global max pooling, and iterated pooling pyramids.

With window size :math:`k` (``kernel_size``) and stride :math:`s` (default :math:`s = k`), pooling an
:math:`H \times W` image gives :math:`H' \times W'` values, :math:`H' = \lfloor (H - k)/s \rfloor + 1`:

.. math::

    \operatorname{maxpool}(x)[i, j] = \max_{0 \le u, v < k} x[s i + u,\, s j + v], \qquad
    \operatorname{avgpool}(x)[i, j] = \frac{1}{k^2} \sum_{0 \le u, v < k} x[s i + u,\, s j + v].

This is ``torch.nn.MaxPool2d`` / ``AvgPool2d`` without padding: trailing rows or columns that do
not fill a whole window are not pooled (10×10 → 5×5 → 2×2 for 2×2 pooling). A pixel at
:math:`(r, c)` lands, after :math:`n` non-overlapping :math:`k \times k` poolings, at
:math:`(\lfloor r / k^n \rfloor, \lfloor c / k^n \rfloor)`.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import MAX_PIXELS, as_choice, as_image, as_int, as_pair, as_shape
from .kernels import impulse

__all__ = ["max_pool", "avg_pool", "global_max_pool", "pool_pyramid", "pooled_shape", "impulse_positions"]


def pooled_shape(shape: tuple[int, int], kernel_size: int = 2, stride: int | None = None) -> tuple[int, int]:
    r"""Output shape :math:`(\lfloor (H-k)/s \rfloor + 1, \lfloor (W-k)/s \rfloor + 1)` of one pooling step.

    Raises
    ------
    ValueError
        If ``kernel_size`` or ``stride`` < 1, or the window is larger than either side of ``shape``.

    Examples
    --------
    >>> pooled_shape((10, 10))
    (5, 5)
    >>> pooled_shape((5, 5), kernel_size=3, stride=1)
    (3, 3)
    """
    return _pooled_shape(as_shape(shape, "shape"), kernel_size, stride, "input")


def _pooled_shape(shape: tuple[int, int], kernel_size: object, stride: object, what: str) -> tuple[int, int]:
    height, width = shape
    kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
    stride = kernel_size if stride is None else as_int(stride, "stride", minimum=1)
    if kernel_size > height or kernel_size > width:
        raise ValueError(f"kernel_size {kernel_size} is larger than the {what} of shape {(height, width)}")
    return (height - kernel_size) // stride + 1, (width - kernel_size) // stride + 1


def _pool(image: object, kernel_size: int, stride: int | None, reduce: np.ufunc) -> np.ndarray:
    image = as_image(image, "image")
    kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
    stride = kernel_size if stride is None else as_int(stride, "stride", minimum=1)
    out_h, out_w = _pooled_shape(image.shape, kernel_size, stride, "input image")
    # One strided view per window offset (u, v): k*k vectorised reductions over the whole output.
    out = image[: stride * (out_h - 1) + 1 : stride, : stride * (out_w - 1) + 1 : stride].copy()
    for u in range(kernel_size):
        for v in range(kernel_size):
            if u or v:
                reduce(
                    out,
                    image[u : u + stride * (out_h - 1) + 1 : stride, v : v + stride * (out_w - 1) + 1 : stride],
                    out=out,
                )
    return out


def max_pool(image: object, kernel_size: int = 2, stride: int | None = None) -> np.ndarray:
    """Max pooling with a ``kernel_size``×``kernel_size`` window and ``stride`` (default: ``kernel_size``).

    Parameters
    ----------
    image
        2-D array of finite real numbers.
    kernel_size
        Window size, at least 1 and at most the image's smaller side.
    stride
        Step between windows, at least 1; ``None`` means ``kernel_size`` (non-overlapping windows).

    Returns
    -------
    numpy.ndarray
        float64 array of shape :func:`pooled_shape` ``(image.shape, kernel_size, stride)``.

    Raises
    ------
    TypeError, ValueError
        For bad images, a non-integer, zero or negative window or stride, or a window larger than the image.

    Examples
    --------
    >>> max_pool(np.array([[1, 2, 0, 0], [3, 4, 0, 5]]))
    array([[4., 5.]])
    """
    return _pool(image, kernel_size, stride, np.maximum)


def avg_pool(image: object, kernel_size: int = 2, stride: int | None = None) -> np.ndarray:
    """Average pooling: the mean of each ``kernel_size``² window. Same arguments as :func:`max_pool`.

    Examples
    --------
    >>> avg_pool(np.array([[1, 2, 0, 0], [3, 4, 0, 5]]))
    array([[2.5 , 1.25]])
    """
    size = as_int(kernel_size, "kernel_size", minimum=1)
    return _pool(image, size, stride, np.add) / size**2


def global_max_pool(image: object) -> float:
    r"""The largest value of the image, :math:`\max_{i,j} x[i, j]`: exactly invariant to circular shifts.

    Examples
    --------
    >>> global_max_pool([[0, 3], [1, 2]])
    3.0
    """
    return float(as_image(image, "image").max())


def pool_pyramid(
    image: object, levels: int, kernel_size: int = 2, stride: int | None = None, kind: str = "max"
) -> list[np.ndarray]:
    """Apply pooling ``levels`` times and return every level, the input first.

    Parameters
    ----------
    image
        2-D array of finite real numbers.
    levels
        Number of pooling steps, at least 0; the result has ``levels + 1`` arrays.
    kernel_size, stride
        As in :func:`max_pool`.
    kind
        ``"max"`` or ``"avg"``.

    Raises
    ------
    TypeError, ValueError
        For a bad image, window or stride, if ``levels`` < 0, ``kind`` is unknown, or some level
        becomes smaller than the window (the message says which level).

    Examples
    --------
    >>> [level.shape for level in pool_pyramid(np.ones((10, 10)), 2)]
    [(10, 10), (5, 5), (2, 2)]
    """
    levels = as_int(levels, "levels", minimum=0)
    kernel_size = as_int(kernel_size, "kernel_size", minimum=1)
    stride = None if stride is None else as_int(stride, "stride", minimum=1)
    pool = {"max": max_pool, "avg": avg_pool}[as_choice(kind, "kind", ("max", "avg"))]
    pyramid = [as_image(image, "image")]
    for level in range(1, levels + 1):
        if kernel_size > min(pyramid[-1].shape):
            raise ValueError(
                f"levels={levels} is too many for an image of shape {pyramid[0].shape}: pooling level {level} of "
                f"{levels} is impossible, level {level - 1} of shape {pyramid[-1].shape} is smaller than "
                f"kernel_size {kernel_size} (stride {stride or kernel_size})"
            )
        pyramid.append(pool(pyramid[-1], kernel_size, stride))
    return pyramid


def impulse_positions(size: int, position: tuple[int, int], levels: int) -> list[tuple[int, int] | None]:
    r"""Where a single bright pixel sits after 0, 1, ..., ``levels`` 2×2 max poolings of a ``size``² image.

    The pixel at :math:`(r, c)` lands at :math:`(\lfloor r / 2^n \rfloor, \lfloor c / 2^n \rfloor)`
    after :math:`n` poolings, or is dropped (``None``) once it falls into the unpooled trailing
    rows or columns. ``size`` is at most 7071 (a 50-megapixel image).

    Examples
    --------
    >>> impulse_positions(10, (2, 2), 2)
    [(2, 2), (1, 1), (0, 0)]
    >>> impulse_positions(10, (-3, -3), 2)
    [(7, 7), (3, 3), (1, 1)]
    """
    size = as_int(size, "size", minimum=1, maximum=math.isqrt(MAX_PIXELS))
    row, col = as_pair(position, "position", ("row", "column"))
    if not (-size <= row < size and -size <= col < size):
        raise ValueError(f"position {(row, col)} lies outside an image of size {size}x{size}")
    pyramid = pool_pyramid(impulse((size, size), (row, col)), levels)
    return [tuple(int(i) for i in np.argwhere(level)[0]) if level.any() else None for level in pyramid]
