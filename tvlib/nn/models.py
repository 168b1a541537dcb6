r"""The classifiers of the shifted-MNIST experiment (D. Soni's article), in PyTorch.

All take images of shape :math:`(N, 1, 28, 28)` and return class scores (logits) :math:`(N, 10)`;
their ``forward`` checks that (a ``TypeError`` or ``ValueError`` naming ``x`` otherwise) and casts
the images to the weights' dtype. :class:`GapCNN` takes any size from 4×4.

- :class:`MLP`: 784-100-100-10 with dropout 0.5 and 0.25: no built-in structure for translations.
- :class:`CNN1`: one block conv 20@5×5 + ReLU + 2×2 max pool, then dense 100 and 10.
- :class:`CNN2`: two blocks (20 and 40 filters of 5×5), then dense 100 and 10.
- :class:`CNN2Blur`: CNN2 with anti-aliased pooling (:class:`tvlib.blurpool.MaxBlurPool2d`, filter 3).
- :class:`GapCNN`: two circularly padded conv + pool blocks, a 3×3 conv to 10 maps and a global average:
  no dense layer, total stride 4, so exactly invariant to circular shifts by multiples of 4.
- :class:`AllConvNet`: CNN2 with each max pool replaced by a learned 2×2 convolution of stride 2.
- :class:`WolfNet`: C. Wolf's net, four 5×5 convolutions (1→20→40→40→5) without pooling between
  them, then 2×2 max pooling and a dense layer; :meth:`WolfNet.features` runs on any image size.
- :class:`PixelwiseMLP`: what the article's Keras MLP really computes. Keras ``Dense`` acts on the
  *last* axis, which for a 28×28×1 input has size 1, so every pixel goes through the same
  1→100→100 map (two 1×1 convolutions) and only the final 78,400→10 readout combines pixels:
  :math:`z_c = b_c + \sum_{p} w_{c,p}^{\top} g(x_p)`, an additive model of the pixels.
- :class:`tvlib.nn.p4.P4CNN` (registered in :data:`MODELS` as ``"P4CNN"``, defined with its layers in
  :mod:`tvlib.nn.p4`): a small CNN that is exactly invariant to quarter turns of the digit.
"""

from __future__ import annotations

import torch
from torch import nn

from ..core._validate import MAX_SEED, as_choice, as_int, as_tensor
from .blurpool import MaxBlurPool2d
from .p4 import P4CNN

__all__ = [
    "LogisticRegression",
    "MLP",
    "CNN1",
    "CNN2",
    "CNN2Blur",
    "GapCNN",
    "AllConvNet",
    "WolfNet",
    "PixelwiseMLP",
    "MODELS",
    "build_model",
]


def _digits(model: nn.Module, x: object, size: int | None = 28, minimum: int = 1) -> torch.Tensor:
    """Check a model's input: a finite float tensor ``(N, 1, size, size)`` (any sides >= ``minimum``
    when ``size`` is None), returned in the dtype of the model's weights."""
    as_tensor(x, "x", (4,))
    fits = tuple(x.shape[-2:]) == (size, size) if size else min(x.shape[-2:]) >= minimum
    if x.shape[1] != 1 or not fits:
        expected = f"(N, 1, {size}, {size})" if size else f"(N, 1, H, W) with H, W >= {minimum}"
        raise ValueError(f"x must have shape {expected}, got {tuple(x.shape)}")
    return x.to(next(model.parameters()).dtype)


class _Digits(nn.Sequential):
    """A stack of layers whose ``forward`` first checks its input (:func:`_digits`)."""

    size: int | None = 28
    minimum = 1

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Class scores ``(N, 10)`` of the digits ``x``."""
        return super().forward(_digits(self, x, self.size, self.minimum))


class LogisticRegression(_Digits):
    r"""Flatten, one dense layer 784 → 10: class score :math:`z_c = \sum_p w_{c,p} x_p + b_c`, a linear model."""

    def __init__(self) -> None:
        super().__init__(nn.Flatten(), nn.Linear(28 * 28, 10))


class MLP(_Digits):
    """Flatten, dense 100 + ReLU + dropout 0.5, dense 100 + ReLU + dropout 0.25, dense 10."""

    def __init__(self) -> None:
        super().__init__(
            nn.Flatten(),
            nn.Linear(28 * 28, 100),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(100, 100),
            nn.ReLU(),
            nn.Dropout(0.25),
            nn.Linear(100, 10),
        )


def _conv_block(in_channels: int, out_channels: int, pool: nn.Module | None = None) -> list[nn.Module]:
    return [nn.Conv2d(in_channels, out_channels, kernel_size=5), nn.ReLU(), pool or nn.MaxPool2d(2)]


def _two_blocks(first_pool: nn.Module, second_pool: nn.Module) -> list[nn.Module]:
    """CNN2's layers with the given pooling layers: two conv blocks, dense 100 + ReLU, dense 10."""
    return [
        *_conv_block(1, 20, first_pool),
        *_conv_block(20, 40, second_pool),
        nn.Flatten(),
        nn.Linear(40 * 4 * 4, 100),
        nn.ReLU(),
        nn.Linear(100, 10),
    ]


class CNN1(_Digits):
    """Conv 20@5×5 + ReLU + max pool 2 (28→24→12), dense 100 + ReLU, dense 10."""

    def __init__(self) -> None:
        super().__init__(*_conv_block(1, 20), nn.Flatten(), nn.Linear(20 * 12 * 12, 100), nn.ReLU(), nn.Linear(100, 10))


class CNN2(_Digits):
    """Two conv + ReLU + max pool blocks (28→24→12→8→4, 20 then 40 filters), dense 100 + ReLU, dense 10."""

    def __init__(self) -> None:
        super().__init__(*_two_blocks(nn.MaxPool2d(2), nn.MaxPool2d(2)))


class CNN2Blur(_Digits):
    """CNN2 with both max poolings replaced by MaxBlurPool (binomial filter of size 3)."""

    def __init__(self) -> None:
        super().__init__(*_two_blocks(MaxBlurPool2d(3), MaxBlurPool2d(3)))


class GapCNN(_Digits):
    """Circular 'same' convs (20, 40 filters of 5×5) with 2×2 max pools, a 3×3 conv to 10 maps, global average.

    Every layer commutes with circular shifts of its input grid; the pools take every second position,
    so a circular shift by a multiple of 4 (the total stride) moves the last maps by a whole cell and
    the global average does not change at all. Having no dense layer, it takes any size from 4×4.
    """

    size, minimum = None, 4

    def __init__(self) -> None:
        super().__init__(
            nn.Conv2d(1, 20, 5, padding=2, padding_mode="circular"),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(20, 40, 5, padding=2, padding_mode="circular"),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(40, 10, 3, padding=1, padding_mode="circular"),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
        )


class AllConvNet(_Digits):
    """CNN2 with each max pool replaced by a 2×2 convolution of stride 2 ("all convolutional net")."""

    def __init__(self) -> None:
        super().__init__(
            nn.Conv2d(1, 20, 5),
            nn.ReLU(),
            nn.Conv2d(20, 20, 2, stride=2),
            nn.ReLU(),
            nn.Conv2d(20, 40, 5),
            nn.ReLU(),
            nn.Conv2d(40, 40, 2, stride=2),
            nn.ReLU(),
            nn.Flatten(),
            nn.Linear(40 * 4 * 4, 100),
            nn.ReLU(),
            nn.Linear(100, 10),
        )


class WolfNet(nn.Module):
    """Four 5×5 convolutions with ReLU (1→20→40→40→5, no padding), 2×2 max pool, dense 5·6·6 → 10."""

    def __init__(self) -> None:
        super().__init__()
        self.convs = nn.ModuleList(nn.Conv2d(i, o, 5) for i, o in ((1, 20), (20, 40), (40, 40), (40, 5)))
        self.pool = nn.MaxPool2d(2)
        self.head = nn.Linear(5 * 6 * 6, 10)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The four conv layers' outputs (after ReLU) and the pooled maps, for images of any size >= 18."""
        x = _digits(self, x, None, 18)
        outputs = []
        for conv in self.convs:
            x = torch.relu(conv(x))
            outputs.append(x)
        outputs.append(self.pool(x))
        return outputs

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Class scores ``(N, 10)`` of the digits ``x`` ``(N, 1, 28, 28)``."""
        return self.head(self.features(_digits(self, x))[-1].flatten(1))


class PixelwiseMLP(_Digits):
    """The article's Keras MLP as it really runs: a shared 1→100→100 map per pixel, then 78,400→10."""

    def __init__(self) -> None:
        super().__init__(
            nn.Conv2d(1, 100, kernel_size=1),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Conv2d(100, 100, kernel_size=1),
            nn.ReLU(),
            nn.Dropout(0.25),
            nn.Flatten(),
            nn.Linear(100 * 28 * 28, 10),
        )


MODELS: dict[str, type[nn.Module]] = {
    "LogisticRegression": LogisticRegression,
    "MLP": MLP,
    "CNN1": CNN1,
    "CNN2": CNN2,
    "CNN2Blur": CNN2Blur,
    "GapCNN": GapCNN,
    "AllConvNet": AllConvNet,
    "WolfNet": WolfNet,
    "PixelwiseMLP": PixelwiseMLP,
    "P4CNN": P4CNN,
}


def build_model(name: str, seed: int = 0) -> nn.Module:
    """A freshly initialised model of :data:`MODELS`, its weights drawn from ``seed``.

    Raises
    ------
    TypeError, ValueError
        If ``name`` is not a key of :data:`MODELS`, or ``seed`` not a whole number from 0 to 2**63 - 1.
    """
    name = as_choice(name, "name", tuple(MODELS))
    seed = as_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return MODELS[name]()
