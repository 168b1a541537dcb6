r"""Anti-aliased max pooling, MaxBlurPool (after R. Zhang, *Making Convolutional Networks Shift-Invariant Again*, 2019).

Max pooling with stride 2 is two steps: a dense max over each 2×2 window (stride 1), then keeping every
second sample. The second step is subsampling, and subsampling a signal with content above half the
new sampling rate *aliases* (the sampling theorem): a one-sample shift of the input can change the
output completely. MaxBlurPool puts a low-pass filter between the two steps:

.. math:: \operatorname{MaxBlurPool}_k(x) = \downarrow_2\big( B_k \star \max\nolimits_{2\times 2,\,\text{stride }1}(x) \big)

with :math:`B_k` the normalised binomial filter of size :math:`k` (a row of Pascal's triangle,
:func:`tvlib.binomial_1d`; separable in 2-D). :math:`k = 1` is plain 2×2 max pooling with stride 2;
larger :math:`k` blur more and alias less. The numpy version wraps around (circular), so that shifts
can be compared exactly; :class:`MaxBlurPool2d` is the torch layer used inside networks.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validate import as_choice, as_image, as_int
from .kernels import binomial_1d

__all__ = ["max_blur_pool", "MaxBlurPool2d"]


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
        For a non-numeric input, one that is not 1-D or 2-D, an odd length, or ``filter_size`` < 1.
    """
    array = np.asarray(x)
    if array.ndim not in (1, 2):
        raise ValueError(f"x must be 1-D or 2-D, got shape {array.shape}")
    array = as_image(array, "x", ndim=array.ndim)
    if any(n % 2 for n in array.shape):
        raise ValueError(f"x must have even length along every axis (circular 2x subsampling), got shape {array.shape}")
    blur = binomial_1d(as_int(filter_size, "filter_size", minimum=1))
    out = array
    for axis in range(array.ndim):
        out = np.maximum(out, np.roll(out, -1, axis=axis))  # dense max over 2 samples, stride 1
    for axis in range(array.ndim):
        # Circular correlation with the centred binomial: sum_m b[m] x[i + m - c].
        centre = (len(blur) - 1) // 2
        out = sum(weight * np.roll(out, centre - m, axis=axis) for m, weight in enumerate(blur))
    return out[(slice(None, None, 2),) * array.ndim]


class MaxBlurPool2d(nn.Module):
    """The torch layer: ``max_pool2d(2, stride=1)``, binomial blur, stride-2 subsampling.

    The binomial blur of size :math:`k` is computed as :math:`k - 1` successive 2×2 box averages
    (``avg_pool2d(2, stride=1)``; a Pascal row is the :math:`(k-1)`-fold convolution of ``[1, 1]/2``),
    the last one with stride 2, which is the subsampling. That is exact and much faster on CPUs than
    a depthwise convolution. Output size equals ``nn.MaxPool2d(2)``'s for even inputs.

    Parameters
    ----------
    filter_size
        Binomial filter size :math:`k \\ge 1`; 1 gives exactly ``nn.MaxPool2d(2)``.
    padding_mode
        How the blur pads: ``"reflect"`` (Zhang's choice), ``"circular"`` or ``"zeros"``.
    """

    def __init__(self, filter_size: int = 3, padding_mode: str = "reflect") -> None:
        super().__init__()
        self.filter_size = as_int(filter_size, "filter_size", minimum=1)
        self.padding_mode = as_choice(padding_mode, "padding_mode", ("reflect", "circular", "zeros"))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(x, kernel_size=2, stride=1)
        k = self.filter_size
        if k == 1:
            return x[..., ::2, ::2]
        pads = ((k - 1) // 2, k // 2, (k - 1) // 2, k // 2)
        x = F.pad(x, pads, mode="constant" if self.padding_mode == "zeros" else self.padding_mode)
        for step in range(k - 1):
            x = F.avg_pool2d(x, kernel_size=2, stride=2 if step == k - 2 else 1)
        return x

    def extra_repr(self) -> str:
        return f"filter_size={self.filter_size}, padding_mode={self.padding_mode!r}"
