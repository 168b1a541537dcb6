r"""Evaluating classifiers on clean and shifted digits.

The article's two shifted test sets (:data:`tvlib.nn.experiment.SHIFT_SETS`) translate every test digit by its own random real offset
(bilinear, zero fill, seeded), with :math:`d_x, d_y` uniform in

- ``ShiftMin``: :math:`[-1, 1]` px in both directions;
- ``Shift``: :math:`[-4, 4]` px in :math:`x` and :math:`[-3, 3]` px in :math:`y`.

:func:`grid_accuracy` instead shifts *all* digits by the same integer :math:`(d_y, d_x)` for every
point of a grid, the picture of where invariance ends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from .batch_shift import random_offsets, shift_batch
from .experiment import SHIFT_SETS

__all__ = [
    "predict_proba",
    "accuracy",
    "shifted_test_sets",
    "accuracy_table",
    "accuracy_by_max_shift",
    "grid_accuracy",
]


@torch.no_grad()
def predict_proba(model: nn.Module, images: torch.Tensor, batch_size: int = 2000) -> torch.Tensor:
    """Class probabilities (softmax of the scores), ``(N, 10)``, computed in eval mode in batches."""
    model.eval()
    device = next(model.parameters()).device
    return torch.cat([model(batch.to(device)).softmax(1).cpu() for batch in images.split(batch_size)])


def accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of ``images`` whose most probable class is the label."""
    return float((predict_proba(model, images).argmax(1) == labels).float().mean())


def shifted_test_sets(images: torch.Tensor, seed: int = 0) -> dict[str, torch.Tensor]:
    """``clean``, ``ShiftMin`` and ``Shift`` versions of ``images`` (see :data:`SHIFT_SETS`), seeded."""
    generator = torch.Generator().manual_seed(seed)
    sets = {}
    for name, (max_dy, max_dx) in SHIFT_SETS.items():
        sets[name] = (
            images
            if max_dy == max_dx == 0
            else shift_batch(images, *random_offsets(len(images), max_dy, max_dx, generator))
        )
    return sets


def accuracy_table(
    models: Mapping[str, nn.Module], images: torch.Tensor, labels: torch.Tensor, seed: int = 0
) -> dict[str, tuple[float, ...]]:
    """Accuracy of every model on each of :func:`shifted_test_sets` (same shifted digits for all models)."""
    sets = shifted_test_sets(images, seed)
    return {
        name: tuple(accuracy(model, shifted, labels) for shifted in sets.values()) for name, model in models.items()
    }


def accuracy_by_max_shift(
    model: nn.Module, images: torch.Tensor, labels: torch.Tensor, max_shifts: Sequence[float], seed: int = 0
) -> np.ndarray:
    """Accuracy when every digit moves by offsets uniform in :math:`[-s, s]^2`, for each ``s`` of ``max_shifts``."""
    results = []
    for max_shift in max_shifts:
        generator = torch.Generator().manual_seed(seed)
        shifted = shift_batch(images, *random_offsets(len(images), max_shift, max_shift, generator))
        results.append(accuracy(model, shifted, labels))
    return np.array(results)


def grid_accuracy(
    model: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    max_shift: int = 6,
    progress: bool = True,
    description: str = "shift grid",
) -> np.ndarray:
    """Accuracy for every integer shift :math:`(d_y, d_x) \\in [-m, m]^2`: row :math:`d_y + m`, column :math:`d_x + m`."""
    shifts = range(-max_shift, max_shift + 1)
    grid = np.empty((len(shifts), len(shifts)))
    with tqdm(total=grid.size, desc=description, disable=not progress, leave=False) as bar:
        for row, dy in enumerate(shifts):
            for col, dx in enumerate(shifts):
                grid[row, col] = accuracy(model, shift_batch(images, float(dy), float(dx)), labels)
                bar.update()
    return grid
