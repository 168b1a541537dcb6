r"""Standard 2-D kernels and the Dirac impulse image.

All kernels are float64 arrays meant for :func:`tvlib.correlate2d`, i.e. they are applied as
cross-correlation, the way CNN layers apply their weights:

.. math:: (x \star k)[i, j] = \sum_{u, v} k[u, v]\, x[i + u - c_y,\, j + v - c_x].

The Sobel kernels are written so that correlation gives the derivative with its usual sign: a dark
to bright step from left to right gives a *positive* response to :func:`sobel_x`.
"""

from __future__ import annotations

from math import comb

import numpy as np

from ._validate import MAX_KERNEL, as_int, as_pair, as_real, as_shape

__all__ = ["sobel_x", "sobel_y", "laplacian", "box", "binomial", "binomial_1d", "impulse", "KERNELS"]


def sobel_x() -> np.ndarray:
    r"""Horizontal-derivative Sobel kernel; it responds to *vertical* edges.

    .. math:: K_x = \begin{pmatrix}1\\2\\1\end{pmatrix} \begin{pmatrix}-1 & 0 & 1\end{pmatrix}
              = \begin{pmatrix}-1&0&1\\-2&0&2\\-1&0&1\end{pmatrix}

    A binomial smoothing across rows times a central difference along columns.

    Examples
    --------
    >>> sobel_x()
    array([[-1.,  0.,  1.],
           [-2.,  0.,  2.],
           [-1.,  0.,  1.]])
    """
    return np.outer(binomial_1d(3) * 4, [-1.0, 0.0, 1.0])


def sobel_y() -> np.ndarray:
    r"""Vertical-derivative Sobel kernel :math:`K_y = K_x^T`; it responds to *horizontal* edges.

    Examples
    --------
    >>> sobel_y()[0]
    array([-1., -2., -1.])
    """
    return sobel_x().T.copy()


def laplacian() -> np.ndarray:
    r"""Four-neighbour Laplacian :math:`\nabla^2 x \approx x_{i-1,j}+x_{i+1,j}+x_{i,j-1}+x_{i,j+1}-4x_{i,j}`.

    Examples
    --------
    >>> float(laplacian().sum())  # a flat image has no curvature
    0.0
    """
    return np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])


def box(size: int = 3) -> np.ndarray:
    r"""Box (mean) filter of ``size``×``size`` ones divided by :math:`\mathrm{size}^2`.

    Raises
    ------
    ValueError
        If ``size`` < 1 or larger than 1024.

    Examples
    --------
    >>> box(2)
    array([[0.25, 0.25],
           [0.25, 0.25]])
    """
    size = as_int(size, "size", minimum=1, maximum=MAX_KERNEL)
    return np.full((size, size), 1.0 / size**2)


def binomial_1d(size: int) -> np.ndarray:
    r"""Normalised binomial row :math:`b_n[m] = \binom{n-1}{m} / 2^{n-1}`, :math:`m = 0..n-1`.

    The rows of Pascal's triangle: ``[1]``, ``[1, 1]/2``, ``[1, 2, 1]/4``, ``[1, 3, 3, 1]/8``, ...
    They approach a Gaussian and are the blur filters of anti-aliased pooling (Zhang 2019).

    Raises
    ------
    ValueError
        If ``size`` < 1 or larger than 1024 (beyond that :math:`2^{n-1}` overflows a float).

    Examples
    --------
    >>> binomial_1d(3)
    array([0.25, 0.5 , 0.25])
    """
    size = as_int(size, "size", minimum=1, maximum=MAX_KERNEL)
    return np.array([comb(size - 1, m) for m in range(size)], dtype=np.float64) / 2.0 ** (size - 1)


def binomial(size: int = 3) -> np.ndarray:
    r"""Separable binomial blur :math:`B = b_n b_n^T` (sums to 1); ``size=3`` is ``[[1,2,1],[2,4,2],[1,2,1]]/16``.

    Examples
    --------
    >>> binomial(3) * 16
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    """
    row = binomial_1d(size)
    return np.outer(row, row)


def impulse(shape: tuple[int, int], position: tuple[int, int] = (0, 0), value: float = 1.0) -> np.ndarray:
    r"""Dirac impulse image :math:`\delta_p[i, j] = \text{value} \cdot [\,(i, j) = p\,]`.

    Parameters
    ----------
    shape
        ``(height, width)`` of the image, each at least 1.
    position
        ``(row, column)`` of the single non-zero pixel. Negative indices count from the end as in
        numpy, so ``(-3, -3)`` on a 10×10 image is ``(7, 7)``.
    value
        Value of the non-zero pixel.

    Raises
    ------
    TypeError, ValueError
        If the shape is not two positive integers, the position lies outside the image, or the
        value is not a finite real number.

    Examples
    --------
    >>> impulse((2, 3), (1, -1))
    array([[0., 0., 0.],
           [0., 0., 1.]])
    """
    height, width = as_shape(shape, "shape")
    row, col = as_pair(position, "position", ("row", "column"))
    value = as_real(value, "value")
    if not (-height <= row < height and -width <= col < width):
        raise ValueError(f"position {(row, col)} lies outside an image of shape {(height, width)}")
    image = np.zeros((height, width))
    image[row, col] = value
    return image


#: The named kernels the notebooks offer in their drop-downs.
KERNELS = {
    "Sobel x (vertical edges)": sobel_x(),
    "Sobel y (horizontal edges)": sobel_y(),
    "Laplacian": laplacian(),
    "Box 3x3": box(3),
    "Binomial 5x5": binomial(5),
}
