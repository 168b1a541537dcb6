r"""Where classifier invariance breaks: shift consistency, one-pixel flips, exact circular invariance.

*Shift consistency* (Zhang 2019) is the probability that a classifier gives the same class to two
shifted copies of the same image. Here the copies range over **all** ordered pairs of the
:math:`K = (2s+1)^2` integer shifts in :math:`[-s, s]^2` (zero fill), which has a closed form: if
:math:`n_c` of the :math:`K` shifted copies of an image are put in class :math:`c`,

.. math:: \text{consistency} = \frac{1}{N}\sum_{\text{images}} \sum_c \Big(\frac{n_c}{K}\Big)^2 ,

1 for a classifier whose answer never changes. *One-pixel flips* (Azulay & Weiss 2019) are images
whose predicted class changes when they move by a single pixel.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from ..core._validate import as_image, as_int, as_pair, as_sequence, as_tensor
from ._checks import as_model, model_scores
from .batch_shift import shift_batch
from .evaluate import predict_proba

__all__ = [
    "integer_shifts",
    "predictions_under_shifts",
    "shift_consistency",
    "Flip",
    "one_pixel_flips",
    "circular_invariance_error",
]

ONE_PIXEL = ((0, 1), (0, -1), (1, 0), (-1, 0))
#: Largest ``max_shift`` of :func:`integer_shifts`: 201² = 40,401 shifts.
MAX_SHIFT = 100


def integer_shifts(max_shift: int) -> list[tuple[int, int]]:
    """All :math:`(d_y, d_x)` with both components in :math:`[-s, s]`, row by row; ``s`` from 0 to 100."""
    max_shift = as_int(max_shift, "max_shift", minimum=0, maximum=MAX_SHIFT)
    return [(dy, dx) for dy in range(-max_shift, max_shift + 1) for dx in range(-max_shift, max_shift + 1)]


def predictions_under_shifts(model: nn.Module, images: torch.Tensor, max_shift: int) -> torch.Tensor:
    """Predicted classes ``(K, N)`` of every image under each of :func:`integer_shifts` (zero fill).

    Raises
    ------
    TypeError, ValueError
        As :func:`tvlib.nn.predict_proba`, or if ``max_shift`` is not a whole number from 0 to the
        images' larger side (a larger shift moves every image out of its frame).
    """
    model = as_model(model)
    as_tensor(images, "images", (4,))
    max_shift = as_int(max_shift, "max_shift", minimum=0, maximum=max(images.shape[-2:]))
    return torch.stack(
        [
            predict_proba(model, shift_batch(images, float(dy), float(dx))).argmax(1)
            for dy, dx in integer_shifts(max_shift)
        ]
    )


def shift_consistency(model: nn.Module, images: torch.Tensor, max_shift: int) -> float:
    """Probability that two shifted copies (all ordered pairs of shifts in :math:`[-s, s]^2`) get the same class.

    Raises
    ------
    TypeError, ValueError
        As :func:`predictions_under_shifts`.
    """
    predictions = predictions_under_shifts(model, images, max_shift)
    counts = torch.nn.functional.one_hot(predictions, 10).sum(0).double()  # (N, 10): n_c per image
    return float(((counts / len(predictions)) ** 2).sum(1).mean())


@dataclass(frozen=True)
class Flip:
    """An image whose predicted class changes under a one-pixel shift.

    Raises
    ------
    TypeError, ValueError
        If ``index`` is not a whole number >= 0, ``shift`` not a pair of them, the probabilities not
        1-D arrays of finite numbers, or ``before`` / ``after`` not one of their classes.
    """

    index: int
    shift: tuple[int, int]
    before: int
    after: int
    probabilities_before: np.ndarray
    probabilities_after: np.ndarray

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: store the checked, normalised values
        set_(self, "index", as_int(self.index, "index", minimum=0))
        set_(self, "shift", as_pair(self.shift, "shift"))
        for side in ("before", "after"):
            name = f"probabilities_{side}"
            probabilities = as_image(getattr(self, name), name, ndim=1)
            set_(self, name, probabilities)
            set_(self, side, as_int(getattr(self, side), side, minimum=0))
            if getattr(self, side) >= len(probabilities):
                raise ValueError(
                    f"{side} {getattr(self, side)} is not a class of {name}, which has {len(probabilities)}"
                )


def one_pixel_flips(model: nn.Module, images: torch.Tensor) -> list[Flip]:
    """Every image whose class changes under one of the four one-pixel shifts (the first such shift is reported).

    Raises
    ------
    TypeError, ValueError
        As :func:`tvlib.nn.predict_proba`.
    """
    before = predict_proba(model, images)
    flips: dict[int, Flip] = {}
    for dy, dx in ONE_PIXEL:
        after = predict_proba(model, shift_batch(images, float(dy), float(dx)))
        changed = (after.argmax(1) != before.argmax(1)).nonzero().flatten().tolist()
        for index in changed:
            flips.setdefault(
                index,
                Flip(
                    index,
                    (dy, dx),
                    int(before[index].argmax()),
                    int(after[index].argmax()),
                    before[index].numpy(),
                    after[index].numpy(),
                ),
            )
    return sorted(flips.values(), key=lambda flip: flip.index)


@torch.no_grad()
def circular_invariance_error(model: nn.Module, images: torch.Tensor, shifts: list[tuple[int, int]]) -> np.ndarray:
    r"""Largest :math:`|z(S_d x) - z(x)|` over images and classes, for circular shifts (``torch.roll``) by each ``d``.

    Raises
    ------
    TypeError, ValueError
        As :func:`tvlib.nn.predict_proba`, or if ``shifts`` is not a list of ``(dy, dx)`` pairs of
        whole numbers.
    """
    model = as_model(model)
    as_tensor(images, "images", (4,))
    pairs = [as_pair(d, f"shifts[{i}]") for i, d in enumerate(as_sequence(shifts, "shifts", nonempty=False))]
    height, width = images.shape[-2:]
    model.eval()
    reference = model_scores(model, images)
    errors = [
        (model_scores(model, torch.roll(images, shifts=(dy % height, dx % width), dims=(-2, -1))) - reference).abs()
        for dy, dx in pairs
    ]
    return np.array([float(error.max()) for error in errors], dtype=float)
