r"""MaxBlurPool as a torch layer (after R. Zhang, *Making Convolutional Networks Shift-Invariant Again*, 2019).

The maths, and a numpy version for single signals, are in :mod:`tvlib.core.blurpool`:

.. math:: \operatorname{MaxBlurPool}_k(x) = \downarrow_2\big( B_k \star \max\nolimits_{2\times 2,\,\text{stride }1}(x) \big)
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from ..core._validate import MAX_KERNEL, as_choice, as_int, as_tensor

__all__ = ["MaxBlurPool2d"]


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

    The input ``x`` of :meth:`forward` is a finite float tensor ``(C, H, W)`` or ``(N, C, H, W)``
    with :math:`H, W \\ge 2`; reflect padding also needs :math:`\\lfloor k/2 \\rfloor < H - 1`
    (likewise :math:`W`), circular padding :math:`\\lfloor k/2 \\rfloor \\le H - 1`.
    """

    def __init__(self, filter_size: int = 3, padding_mode: str = "reflect") -> None:
        super().__init__()
        self.filter_size = as_int(filter_size, "filter_size", minimum=1, maximum=MAX_KERNEL)
        self.padding_mode = as_choice(padding_mode, "padding_mode", ("reflect", "circular", "zeros"))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        as_tensor(x, "x", (3, 4))
        if min(x.shape[-2:]) < 2:
            raise ValueError(f"x must be (C, H, W) or (N, C, H, W) with H, W >= 2, got shape {tuple(x.shape)}")
        k = self.filter_size
        side = min(x.shape[-2:]) - 1  # after the dense 2x2 max
        if (self.padding_mode == "reflect" and k // 2 >= side) or (self.padding_mode == "circular" and k // 2 > side):
            raise ValueError(
                f"x of shape {tuple(x.shape)} is too small for filter_size {k} with {self.padding_mode} padding; "
                "use a smaller filter_size or padding_mode='zeros'"
            )
        x = F.max_pool2d(x, kernel_size=2, stride=1)
        if k == 1:
            return x[..., ::2, ::2]
        pads = ((k - 1) // 2, k // 2, (k - 1) // 2, k // 2)
        x = F.pad(x, pads, mode="constant" if self.padding_mode == "zeros" else self.padding_mode)
        for step in range(k - 1):
            x = F.avg_pool2d(x, kernel_size=2, stride=2 if step == k - 2 else 1)
        return x

    def extra_repr(self) -> str:
        return f"filter_size={self.filter_size}, padding_mode={self.padding_mode!r}"
