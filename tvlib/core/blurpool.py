r"""Anti-aliased max pooling, MaxBlurPool (after R. Zhang, *Making Convolutional Networks Shift-Invariant Again*, 2019).

Max pooling with stride 2 is two steps: a dense max over each 2×2 window (stride 1), then keeping every
second sample. The second step is subsampling, and subsampling a signal with content above half the
new sampling rate *aliases* (the sampling theorem): a one-sample shift of the input can change the
output completely. MaxBlurPool puts a low-pass filter between the two steps:

.. math:: \operatorname{MaxBlurPool}_k(x) = \downarrow_2\big( B_k \star \max\nolimits_{2\times 2,\,\text{stride }1}(x) \big)

with :math:`B_k` the normalised binomial filter of size :math:`k` (a row of Pascal's triangle,
:func:`tvlib.binomial_1d`; separable in 2-D). :math:`k = 1` is plain 2×2 max pooling with stride 2;
larger :math:`k` blur more and alias less. This numpy version wraps around (circular), so that shifts
can be compared exactly; :class:`tvlib.nn.MaxBlurPool2d` is the torch layer used inside networks.
"""

from __future__ import annotations

import numpy as np

from ._validate import MAX_KERNEL, as_image, as_int
from .kernels import binomial_1d

__all__ = ["max_blur_pool"]


def max_blur_pool(x: object, filter_size: int = 3) -> np.ndarray:
    r"""MaxBlurPool of a 1-D signal or 2-D image with circular boundaries; halves each axis.

    Parameters
    ----------
    x
        1-D or 2-D array of finite real numbers with even length(s).
    filter_size
        Size :math:`k \ge 1` of the binomial blur; 1 means no blur (plain strided max pooling).

    Returns
    -------
    numpy.ndarray
        float64 array with every axis halved.

    Raises
    ------
    TypeError, ValueError
        For a non-numeric input, one that is not 1-D or 2-D, an odd length, or ``filter_size``
        outside 1..1024.

    Examples
    --------
    >>> max_blur_pool([0, 0, 1, 0, 0, 0], filter_size=1)
    array([0., 1., 0.])
    >>> max_blur_pool([0, 0, 1, 0, 0, 0], filter_size=3)
    array([0.25, 0.75, 0.  ])
    """
    try:
        ndim = np.ndim(x)
    except (ValueError, TypeError):  # ragged lists: as_image says what is wrong
        ndim = 1
    if ndim not in (1, 2) and x is not None and not isinstance(x, (str, bytes)):
        raise ValueError(f"x must be 1-D or 2-D, got {ndim}-D")
    array = as_image(x, "x", ndim=ndim if ndim in (1, 2) else 1)
    if any(n % 2 for n in array.shape):
        raise ValueError(f"x must have even length along every axis (circular 2x subsampling), got shape {array.shape}")
    blur = binomial_1d(as_int(filter_size, "filter_size", minimum=1, maximum=MAX_KERNEL))
    out = array
    for axis in range(array.ndim):
        out = np.maximum(out, np.roll(out, -1, axis=axis))  # dense max over 2 samples, stride 1
    for axis in range(array.ndim):
        # Circular correlation with the centred binomial: sum_m b[m] x[i + m - c].
        centre = (len(blur) - 1) // 2
        out = sum(weight * np.roll(out, centre - m, axis=axis) for m, weight in enumerate(blur))
    return out[(slice(None, None, 2),) * array.ndim]
