r"""Linear operators on images as matrices: why the linear shift-equivariant ones are convolutions.

Flatten an :math:`H \times W` image to a vector of :math:`N = HW` entries (row-major). A linear
operator :math:`\varphi` is then an :math:`N \times N` matrix :math:`A` whose column :math:`j` is the
response to the impulse at pixel :math:`j`, :math:`A_{:,j} = \varphi(\delta_j)` (:func:`operator_matrix`).

Shift-equivariance with circular shifts, :math:`\varphi(S_d x) = S_d \varphi(x)` for all :math:`d`,
is :math:`A P_d = P_d A` for the permutation matrices :math:`P_d` of :func:`shift_matrix`. It forces
:math:`\varphi(\delta_j) = S_j \varphi(\delta_0)`: every column is a shifted copy of the impulse
response :math:`h = \varphi(\delta_0)`, i.e. :math:`A` is circulant (1-D) or doubly block circulant
(2-D), and :math:`\varphi(f) = f * h`, the circular convolution

.. math:: (f * h)[i] = \sum_k f[k]\, h[(i - k) \bmod N] \qquad (\text{indices per axis}).

The matrices that commute with every shift are exactly the group averages
:math:`\bar A = \frac{1}{N} \sum_d P_d^{\top} A P_d` (:func:`equivariant_projection`), which is also
where gradient descent on :math:`\sum_g \lVert W P_g - P_g W \rVert^2` ends when it starts from
:math:`A` (:func:`learn_equivariant_matrix`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ._validate import as_choice, as_image, as_int, as_operator, as_real, as_shape, checked_output
from .correlation import PADDINGS, correlate2d
from .shift import shift

__all__ = [
    "operator_matrix",
    "shift_matrix",
    "circular_convolve",
    "equivariant_projection",
    "learn_equivariant_matrix",
    "black_box",
    "linearity_error",
]

Operator = Callable[[np.ndarray], np.ndarray]


#: Largest image (pixels) an operator matrix is built for: the matrix has this many squared entries.
MAX_OPERATOR_PIXELS = 4096


def _shape(shape: object) -> tuple[int, int]:
    height, width = as_shape(shape, "shape")
    if height * width > MAX_OPERATOR_PIXELS:
        raise ValueError(
            f"shape {(height, width)} has {height * width:,} pixels: its operator matrix would have "
            f"{(height * width) ** 2:,} entries; use at most {MAX_OPERATOR_PIXELS} pixels (e.g. 64x64)"
        )
    return height, width


def operator_matrix(phi: Operator, shape: tuple[int, int]) -> np.ndarray:
    r"""The :math:`N \times N` matrix of a linear operator on ``shape`` images: column :math:`j` is :math:`\varphi(\delta_j)`.

    For a non-linear ``phi`` this is still defined (the impulse responses), it just does not
    reproduce ``phi`` on other images; :func:`linearity_error` tells the two apart.

    Examples
    --------
    >>> operator_matrix(lambda x: 2 * x, (1, 2))
    array([[2., 0.],
           [0., 2.]])
    """
    phi = as_operator(phi, "phi")
    height, width = _shape(shape)
    count = height * width
    columns = np.empty((count, count))
    for j in range(count):
        delta = np.zeros(count)
        delta[j] = 1.0
        columns[:, j] = checked_output(phi(delta.reshape(height, width)), "phi", (height, width)).ravel()
    return columns


def shift_matrix(shape: tuple[int, int], dy: int, dx: int) -> np.ndarray:
    r"""Permutation matrix :math:`P_d` with :math:`P_d \operatorname{vec}(x) = \operatorname{vec}(S_d x)` for circular shifts.

    Examples
    --------
    >>> shift_matrix((1, 3), 0, 1)  # moves every pixel one column right, wrapping
    array([[0., 0., 1.],
           [1., 0., 0.],
           [0., 1., 0.]])
    """
    height, width = _shape(shape)
    return operator_matrix(lambda image: shift(image, dy, dx, fill="circular"), (height, width))


def circular_convolve(f: object, h: object) -> np.ndarray:
    r"""Circular convolution :math:`(f * h)[i] = \sum_k f[k]\, h[(i - k) \bmod N]` of two same-shape images.

    Computed with the FFT (the convolution theorem), so it costs :math:`O(N \log N)`; ``h`` has its
    origin at pixel ``[0, 0]``, as an impulse response :math:`\varphi(\delta_0)` does.

    Raises
    ------
    ValueError
        If the shapes differ (or either is not a finite, non-empty 2-D array).

    Examples
    --------
    >>> circular_convolve([[1.0, 2.0, 3.0]], [[0.0, 1.0, 0.0]]).round(12)  # h = delta at 1: a shift
    array([[3., 1., 2.]])
    """
    f, h = as_image(f, "f"), as_image(h, "h")
    if f.shape != h.shape:
        raise ValueError(f"f and h must have the same shape, got {f.shape} and {h.shape}")
    return np.real(np.fft.ifft2(np.fft.fft2(f) * np.fft.fft2(h)))


def equivariant_projection(matrix: object, shape: tuple[int, int]) -> np.ndarray:
    r"""The group average :math:`\frac{1}{N}\sum_d P_d^{\top} A P_d`: the nearest matrix that commutes with all circular shifts.

    It averages the entries of ``matrix`` along each wrapped (block) diagonal, giving a (doubly
    block) circulant matrix: the orthogonal projection onto the shift-equivariant linear operators.

    Raises
    ------
    ValueError
        If ``matrix`` is not :math:`N \times N` for :math:`N = H W`.

    Examples
    --------
    >>> equivariant_projection(np.diag([1.0, 3.0]), (1, 2))  # the average of the diagonal
    array([[2., 0.],
           [0., 2.]])
    """
    height, width = _shape(shape)
    matrix = as_image(matrix, "matrix")
    count = height * width
    if matrix.shape != (count, count):
        raise ValueError(f"matrix must be {count}x{count} for images of shape {shape}, got {matrix.shape}")
    # Entry (i, j) depends only on the offset i - j (per axis) after averaging: index by offsets.
    rows = np.arange(count)
    ry, rx = np.divmod(rows, width)
    offset = ((ry[:, None] - ry[None, :]) % height) * width + (rx[:, None] - rx[None, :]) % width
    means = np.bincount(offset.ravel(), weights=matrix.ravel(), minlength=count) / count
    return means[offset]


def learn_equivariant_matrix(
    initial: np.ndarray, shape: tuple[int, int], steps: int = 300, lr: float = 0.1, snapshot_every: int = 10
) -> tuple[list[np.ndarray], list[float]]:
    r"""Gradient descent on :math:`L(W) = \lVert W P_{(1,0)} - P_{(1,0)} W \rVert^2 + \lVert W P_{(0,1)} - P_{(0,1)} W \rVert^2`.

    Commuting with the two unit shifts means commuting with every shift, so the minima are the
    shift-equivariant matrices; started at ``initial``, descent converges to
    :func:`equivariant_projection` ``(initial)``. The gradient is
    :math:`\nabla L = 2 \sum_p (D_p P^{\top} - P^{\top} D_p)` with :math:`D_p = W P - P W`.

    Returns
    -------
    snapshots, losses
        :math:`W` every ``snapshot_every`` steps (first and last included) and the loss at every step.

    Raises
    ------
    ValueError
        For a non-square or wrongly sized ``initial``, ``steps`` < 1, ``lr`` outside (0, 1/8) or
        ``snapshot_every`` < 1. Descent is stable only below :math:`\text{lr} = 1/8`: the step
        multiplies a component by :math:`1 - 2\,\text{lr}\,\mu` with :math:`\mu` up to 8 (both unit
        shifts have the eigenvalue -1 on even sides), and it diverges once that falls below -1.

    Examples
    --------
    >>> w0 = np.random.default_rng(0).normal(size=(4, 4))
    >>> snapshots, losses = learn_equivariant_matrix(w0, (2, 2), steps=100, lr=0.05)
    >>> bool(np.allclose(snapshots[-1], equivariant_projection(w0, (2, 2))))
    True
    """
    height, width = _shape(shape)
    initial = as_image(initial, "initial")
    if initial.shape != (height * width,) * 2:
        raise ValueError(f"initial must be {height * width}x{height * width} for shape {shape}, got {initial.shape}")
    steps = as_int(steps, "steps", minimum=1, maximum=1_000_000)
    snapshot_every = as_int(snapshot_every, "snapshot_every", minimum=1)
    lr = as_real(lr, "lr", minimum=0, maximum=0.125, strict_minimum=True, strict_maximum=True)
    generators = [shift_matrix(shape, 1, 0), shift_matrix(shape, 0, 1)]
    weights = initial.copy()
    snapshots, losses = [initial.copy()], []
    for step in range(1, steps + 1):
        commutators = [weights @ p - p @ weights for p in generators]
        losses.append(float(sum((d**2).sum() for d in commutators)))
        weights = weights - lr * 2 * sum(d @ p.T - p.T @ d for d, p in zip(commutators, generators))
        if step % snapshot_every == 0 or step == steps:
            snapshots.append(weights.copy())
    return snapshots, losses


def black_box(seed: int = 0, size: int = 3, padding: str = "circular") -> Operator:
    r"""A linear, shift-equivariant operator with a hidden random integer kernel: :math:`\varphi(x) = x \star k`.

    The kernel (``size``×``size``, integers in [-3, 3], drawn from ``seed``) is not returned: probing
    with an impulse recovers it. With ``padding="circular"`` the operator is exactly equivariant to
    circular shifts; with ``"zeros"`` only away from the border.

    Examples
    --------
    >>> phi = black_box(seed=0)
    >>> x = np.random.default_rng(1).normal(size=(5, 5))
    >>> bool(np.allclose(phi(np.roll(x, 2, axis=1)), np.roll(phi(x), 2, axis=1)))
    True
    """
    as_choice(padding, "padding", PADDINGS)
    seed = as_int(seed, "seed", minimum=0)
    size = as_int(size, "size", minimum=1, maximum=64)
    kernel = np.random.default_rng(seed).integers(-3, 4, size=(size, size)).astype(float)
    return lambda image: correlate2d(image, kernel, padding=padding)


def linearity_error(phi: Operator, shape: tuple[int, int], seed: int = 0) -> float:
    r"""Relative error :math:`\lVert \varphi(a x + b y) - a\varphi(x) - b\varphi(y) \rVert / \lVert a\varphi(x) + b\varphi(y) \rVert`.

    ``x, y`` are random images of ``shape``, ``a, b`` random scalars (one of them negative). 0 for a
    linear operator up to rounding.

    Examples
    --------
    >>> linearity_error(lambda x: 3 * x, (4, 4)) < 1e-15
    True
    >>> linearity_error(np.abs, (4, 4)) > 0.1
    True
    """
    phi = as_operator(phi, "phi")
    shape = as_shape(shape, "shape")
    rng = np.random.default_rng(as_int(seed, "seed", minimum=0))
    x, y = rng.normal(size=shape), rng.normal(size=shape)
    a, b = 1.7, -0.6
    phi_x = checked_output(phi(x), "phi")
    expected = a * phi_x + b * checked_output(phi(y), "phi", phi_x.shape)
    error = np.linalg.norm(checked_output(phi(a * x + b * y), "phi", phi_x.shape) - expected)
    return float(error / (np.linalg.norm(expected) or 1.0))
