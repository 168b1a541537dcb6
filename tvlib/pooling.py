r"""Max and average pooling, global max pooling, and iterated pooling pyramids.

With kernel size :math:`k` and stride :math:`s` (default :math:`s = k`), pooling an
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

import numpy as np

from ._validate import as_choice, as_image, as_int

__all__ = ["max_pool", "avg_pool", "global_max_pool", "pool_pyramid", "pooled_shape"]


def pooled_shape(shape: tuple[int, int], kernel: int = 2, stride: int | None = None) -> tuple[int, int]:
    r"""Output shape :math:`(\lfloor (H-k)/s \rfloor + 1, \lfloor (W-k)/s \rfloor + 1)` of one pooling step.

    Raises
    ------
    ValueError
        If ``kernel`` or ``stride`` < 1, or the kernel is larger than either side of ``shape``.
    """
    kernel = as_int(kernel, "kernel", minimum=1)
    stride = kernel if stride is None else as_int(stride, "stride", minimum=1)
    height, width = shape
    if kernel > height or kernel > width:
        raise ValueError(f"pooling kernel {kernel} is larger than the input of shape {tuple(shape)}")
    return (height - kernel) // stride + 1, (width - kernel) // stride + 1


def _pool(image: object, kernel: int, stride: int | None, reduce: np.ufunc) -> np.ndarray:
    image = as_image(image, "image")
    kernel = as_int(kernel, "kernel", minimum=1)
    stride = kernel if stride is None else as_int(stride, "stride", minimum=1)
    out_h, out_w = pooled_shape(image.shape, kernel, stride)
    # One strided view per window offset (u, v): k*k vectorised reductions over the whole output.
    out = image[: stride * (out_h - 1) + 1 : stride, : stride * (out_w - 1) + 1 : stride].copy()
    for u in range(kernel):
        for v in range(kernel):
            if u or v:
                reduce(out, image[u : u + stride * (out_h - 1) + 1 : stride, v : v + stride * (out_w - 1) + 1 : stride], out=out)
    return out


def max_pool(image: object, kernel: int = 2, stride: int | None = None) -> np.ndarray:
    """Max pooling with a ``kernel``×``kernel`` window and ``stride`` (default: ``kernel``).

    Parameters
    ----------
    image
        2-D array of finite real numbers.
    kernel
        Window size, at least 1 and at most the image's smaller side.
    stride
        Step between windows, at least 1; ``None`` means ``kernel`` (non-overlapping windows).

    Returns
    -------
    numpy.ndarray
        float64 array of shape :func:`pooled_shape` ``(image.shape, kernel, stride)``.

    Raises
    ------
    TypeError, ValueError
        For bad images, a non-integer, zero or negative kernel or stride, or a kernel larger than the image.
    """
    return _pool(image, kernel, stride, np.maximum)


def avg_pool(image: object, kernel: int = 2, stride: int | None = None) -> np.ndarray:
    """Average pooling: the mean of each ``kernel``×``kernel`` window. Same arguments as :func:`max_pool`."""
    kernel_ = as_int(kernel, "kernel", minimum=1)
    return _pool(image, kernel_, stride, np.add) / kernel_**2


def global_max_pool(image: object) -> float:
    r"""The largest value of the image, :math:`\max_{i,j} x[i, j]`: exactly invariant to circular shifts."""
    return float(as_image(image, "image").max())


def pool_pyramid(
    image: object, levels: int, kernel: int = 2, stride: int | None = None, kind: str = "max"
) -> list[np.ndarray]:
    """Apply pooling ``levels`` times and return every level, the input first.

    Parameters
    ----------
    image
        2-D array of finite real numbers.
    levels
        Number of pooling steps, at least 0; the result has ``levels + 1`` arrays.
    kernel, stride
        As in :func:`max_pool`.
    kind
        ``"max"`` or ``"avg"``.

    Raises
    ------
    ValueError
        If ``levels`` < 0, ``kind`` is unknown, or some level becomes smaller than the kernel
        (the message says which level).
    """
    levels = as_int(levels, "levels", minimum=0)
    pool = {"max": max_pool, "avg": avg_pool}[as_choice(kind, "kind", ("max", "avg"))]
    pyramid = [as_image(image, "image")]
    for level in range(1, levels + 1):
        try:
            pyramid.append(pool(pyramid[-1], kernel, stride))
        except ValueError as error:
            raise ValueError(f"pooling level {level} of {levels} is impossible: {error}") from error
    return pyramid
