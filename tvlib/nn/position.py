r"""The border as a position cue: can a fully convolutional network tell *where* an object is?

A network of convolutions, ReLUs and pooling followed by a global average has no dense layer that
could learn "left" or "right". With **circular** padding every layer commutes with circular shifts (by
multiples of the total stride, here 8), so the global average is exactly invariant to them: an image
and the same image rolled by half its width get identical scores, and a classifier of "object in the
left half or in the right half" cannot beat chance on such pairs. With **zero** padding the layers are
equivariant only away from the border (notebook 01), and the border is a landmark the network can
learn to measure positions from (B. Kayhan and J. van Gemert, *On translation invariance in CNNs:
convolutional layers can exploit absolute spatial location*, CVPR 2020; M. A. Islam, S. Jia and N. Bruce,
*How much position information do convolutional neural networks encode?*, ICLR 2020).

:func:`position_pairs` makes the task: a bright square at a random place in the left half of a black
canvas (label 0), and the same canvas rolled circularly by half its width (label 1), so that the two
classes differ in absolute position only. :class:`PositionNet` is the network; :func:`train_position_net`
and :func:`position_accuracy` train and score it.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from ..core._validate import MAX_SEED, as_bool, as_choice, as_int, as_labels, as_real, as_tensor
from ._checks import as_model

__all__ = ["position_pairs", "PositionNet", "train_position_net", "position_accuracy"]

#: The total stride of :class:`PositionNet` (three 2×2 poolings): circular shifts by its multiples
#: leave a circularly padded PositionNet's scores unchanged.
TOTAL_STRIDE = 8


def position_pairs(
    count: int, size: int = 32, object_size: int = 6, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    """``2 * count`` black canvases ``(2 count, 1, size, size)`` with a white square, and labels left 0 / right 1.

    The first ``count`` canvases hold a square of ``object_size`` pixels anywhere in the left half
    (label 0); canvas ``count + k`` is canvas ``k`` rolled right by ``size // 2`` columns (label 1).

    Raises
    ------
    TypeError, ValueError
        If ``count`` is not a whole number from 1 to 100,000, ``size`` not an even number from 16 to 256
        that is a multiple of ``2 * TOTAL_STRIDE`` (16), ``object_size`` not from 1 to ``size // 2`` or
        ``seed`` not a whole number from 0 to 2**63 - 1.

    Examples
    --------
    >>> images, labels = position_pairs(3, size=16, object_size=4)
    >>> tuple(images.shape), labels.tolist()
    ((6, 1, 16, 16), [0, 0, 0, 1, 1, 1])
    >>> bool(torch.equal(images[3], torch.roll(images[0], 8, dims=2)))
    True
    """
    count = as_int(count, "count", minimum=1, maximum=100_000)
    size = as_int(size, "size", minimum=16, maximum=256)
    if size % (2 * TOTAL_STRIDE):
        raise ValueError(f"size must be a multiple of {2 * TOTAL_STRIDE}, got {size}")
    object_size = as_int(object_size, "object_size", minimum=1, maximum=size // 2)
    seed = as_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    rng = np.random.default_rng(seed)
    left = np.zeros((count, size, size), dtype=np.float32)
    rows = rng.integers(0, size - object_size + 1, count)
    cols = rng.integers(0, size // 2 - object_size + 1, count)
    for canvas, row, col in zip(left, rows, cols):
        canvas[row : row + object_size, col : col + object_size] = 1.0
    right = np.roll(left, size // 2, axis=2)
    images = torch.from_numpy(np.concatenate([left, right])[:, None])
    labels = torch.cat([torch.zeros(count, dtype=torch.long), torch.ones(count, dtype=torch.long)])
    return images, labels


class PositionNet(nn.Sequential):
    """Three blocks of 5×5 convolution ('same', ``padding_mode`` padding) + ReLU + 2×2 max pooling
    (8, 16, 16 maps), a 1×1 convolution to 2 maps and a global average: scores for left and right.

    Examples
    --------
    >>> net = PositionNet("circular").eval()
    >>> x = position_pairs(2, size=32)[0][:2]
    >>> bool(torch.allclose(net(x), net(torch.roll(x, 16, dims=3)), atol=1e-6))  # exactly invariant
    True
    """

    def __init__(self, padding_mode: str = "zeros") -> None:
        self.padding_mode = as_choice(padding_mode, "padding_mode", ("zeros", "circular"))
        same = {"kernel_size": 5, "padding": 2, "padding_mode": self.padding_mode}
        super().__init__(
            nn.Conv2d(1, 8, **same),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(8, 16, **same),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 16, **same),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(16, 2, kernel_size=1),
            nn.AdaptiveAvgPool2d(1),
            nn.Flatten(),
        )

    def __getitem__(self, index: int | slice) -> nn.Module:
        """A layer, or a slice of the layers as a plain ``nn.Sequential`` (without the input check)."""
        if isinstance(index, slice):
            return nn.Sequential(*list(self.children())[index])
        return super().__getitem__(index)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Scores ``(N, 2)`` (left, right) of canvases ``x`` ``(N, 1, H, W)``, H and W >= 8."""
        as_tensor(x, "x", (4,))
        if x.shape[1] != 1 or min(x.shape[-2:]) < TOTAL_STRIDE:
            raise ValueError(f"x must have shape (N, 1, H, W) with H, W >= {TOTAL_STRIDE}, got {tuple(x.shape)}")
        return super().forward(x.to(next(self.parameters()).dtype))


def _task(images: object, labels: object) -> None:
    as_tensor(images, "images", (4,))
    if images.shape[1] != 1 or min(images.shape[-2:]) < TOTAL_STRIDE:  # type: ignore[attr-defined]
        raise ValueError(f"images must have shape (N, 1, H, W) with H, W >= {TOTAL_STRIDE}, got {tuple(images.shape)}")  # type: ignore[attr-defined]
    as_labels(labels, "labels", len(images), classes=2)  # type: ignore[arg-type]


def train_position_net(
    model: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    epochs: int = 2,
    seed: int = 0,
    lr: float = 1e-3,
    batch_size: int = 64,
    progress: bool = False,
) -> list[float]:
    """Train ``model`` in place (Adam, cross-entropy) on the left/right task; the mean loss of every epoch.

    Raises
    ------
    TypeError, ValueError
        If ``model`` is not a torch module with trainable parameters, the images not a finite float
        tensor ``(N, 1, H, W)`` with H, W >= 8, the labels not 0 or 1 (one per image), ``epochs`` not
        from 1 to 1,000, ``seed`` not a valid seed, ``lr`` not in (0, 10], ``batch_size`` not from 1 to
        1,000,000, or ``progress`` not a bool.

    Examples
    --------
    >>> images, labels = position_pairs(8, size=16)
    >>> losses = train_position_net(PositionNet(), images, labels, epochs=1)
    >>> len(losses)
    1
    """
    model = as_model(model, trains=True)
    _task(images, labels)
    epochs = as_int(epochs, "epochs", minimum=1, maximum=1000)
    seed = as_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    lr = as_real(lr, "lr", minimum=0, maximum=10, strict_minimum=True)
    batch_size = as_int(batch_size, "batch_size", minimum=1, maximum=1_000_000)
    progress = as_bool(progress, "progress")
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    losses = []
    for _ in tqdm(range(epochs), desc="position net", disable=not progress, leave=False):
        total = 0.0
        for batch in torch.randperm(len(labels), generator=generator).split(batch_size):
            scores = model(images[batch])
            if scores.ndim != 2 or scores.shape[1] != 2:
                raise ValueError(f"model must return (N, 2) scores, got shape {tuple(scores.shape)}")
            loss = F.cross_entropy(scores, labels[batch].long())
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        losses.append(total / len(labels))
    model.eval()
    return losses


def position_accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of canvases whose higher score (left 0, right 1) is the label.

    Raises
    ------
    TypeError, ValueError
        If ``model`` is not a torch module returning finite ``(N, 2)`` scores, or the images and labels
        are not as :func:`train_position_net` needs them.

    Examples
    --------
    >>> images, labels = position_pairs(4, size=16)
    >>> position_accuracy(PositionNet("circular"), images, labels)  # untrained, exactly invariant
    0.5
    """
    model = as_model(model)
    _task(images, labels)
    with torch.no_grad():
        scores = model.eval()(images)
    if not isinstance(scores, torch.Tensor) or scores.shape != (len(labels), 2):
        got = tuple(scores.shape) if isinstance(scores, torch.Tensor) else type(scores).__name__
        raise ValueError(f"model must return (N, 2) scores, got {got}")
    if not bool(torch.isfinite(scores).all()):
        raise ValueError("model returned NaN or infinite scores")
    return float((scores.argmax(1) == labels.to(scores.device)).float().mean())
