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

from ..core._validate import MAX_SEED, as_bool, as_int, as_labels, as_real, as_sequence, as_tensor, as_text
from ._checks import as_model, as_models, model_scores
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


def predict_proba(model: nn.Module, images: torch.Tensor, batch_size: int = 2000) -> torch.Tensor:
    """Class probabilities (softmax of the scores), ``(N, 10)``, computed in eval mode in batches.

    The images are cast to the model's dtype and moved to its device; the result is on the CPU.

    Raises
    ------
    TypeError, ValueError
        If ``model`` is not a torch module or does not return finite ``(N, 10)`` float scores for
        ``images``, ``images`` is not a non-empty finite float tensor ``(N, C, H, W)``, or
        ``batch_size`` < 1.
    """
    return _probabilities(as_model(model), images, batch_size)


@torch.no_grad()
def _probabilities(model: nn.Module, images: torch.Tensor, batch_size: int = 2000, name: str = "model") -> torch.Tensor:
    as_tensor(images, "images", (4,))
    batch_size = as_int(batch_size, "batch_size", minimum=1)
    model.eval()
    batches = images.split(min(batch_size, len(images)))
    return torch.cat([model_scores(model, batch, name).softmax(1).cpu() for batch in batches])


def accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor) -> float:
    """Fraction of ``images`` whose most probable class is the label.

    Raises
    ------
    TypeError, ValueError
        As :func:`predict_proba`, or if ``labels`` are not integer labels 0-9, one per image.
    """
    return _accuracy(as_model(model), images, labels)


def _accuracy(model: nn.Module, images: torch.Tensor, labels: torch.Tensor, name: str = "model") -> float:
    as_tensor(images, "images", (4,))
    as_labels(labels, "labels", len(images))
    return float((_probabilities(model, images, name=name).argmax(1) == labels.cpu()).float().mean())


def shifted_test_sets(images: torch.Tensor, seed: int = 0, integer: bool = False) -> dict[str, torch.Tensor]:
    """``clean``, ``ShiftMin`` and ``Shift`` versions of ``images`` (see :data:`SHIFT_SETS`), seeded.

    ``integer=False`` draws real offsets (the article's sets: bilinear interpolation, which also blurs
    the digit slightly); ``integer=True`` whole-pixel offsets in the same ranges (exact translations).

    Raises
    ------
    TypeError, ValueError
        If ``images`` is not a non-empty finite float tensor ``(N, H, W)`` or ``(N, C, H, W)``, or
        ``seed`` is not a whole number from 0 to 2**63 - 1.
    """
    as_tensor(images, "images", (3, 4))
    generator = torch.Generator().manual_seed(as_int(seed, "seed", minimum=0, maximum=MAX_SEED))
    sets = {}
    for name, (max_dy, max_dx) in SHIFT_SETS.items():
        sets[name] = (
            images
            if max_dy == max_dx == 0
            else shift_batch(images, *random_offsets(len(images), max_dy, max_dx, generator, integer=integer))
        )
    return sets


def accuracy_table(
    models: Mapping[str, nn.Module], images: torch.Tensor, labels: torch.Tensor, seed: int = 0, integer: bool = False
) -> dict[str, tuple[float, ...]]:
    """Accuracy of every model on each of :func:`shifted_test_sets` (same shifted digits for all models).

    Raises
    ------
    TypeError, ValueError
        If ``models`` does not map names to models, or as :func:`accuracy` and :func:`shifted_test_sets`.
    """
    models = as_models(models)
    as_tensor(images, "images", (4,))
    as_labels(labels, "labels", len(images))
    sets = shifted_test_sets(images, seed, integer)
    return {
        name: tuple(_accuracy(model, shifted, labels, f"models[{name!r}]") for shifted in sets.values())
        for name, model in models.items()
    }


def accuracy_by_max_shift(
    model: nn.Module, images: torch.Tensor, labels: torch.Tensor, max_shifts: Sequence[float], seed: int = 0
) -> np.ndarray:
    """Accuracy when every digit moves by offsets uniform in :math:`[-s, s]^2`, for each ``s`` of ``max_shifts``.

    Raises
    ------
    TypeError, ValueError
        As :func:`accuracy`, or if ``max_shifts`` is not a list of numbers from 0 to 1e6 pixels, or
        ``seed`` not a whole number from 0 to 2**63 - 1.
    """
    model = as_model(model)
    as_tensor(images, "images", (4,))
    as_labels(labels, "labels", len(images))
    seed = as_int(seed, "seed", minimum=0, maximum=MAX_SEED)
    bounds = [
        as_real(bound, f"max_shifts[{i}]", minimum=0, maximum=1e6)  # random_offsets' bounds
        for i, bound in enumerate(as_sequence(max_shifts, "max_shifts", nonempty=False))
    ]
    results = []
    for max_shift in bounds:
        generator = torch.Generator().manual_seed(seed)
        shifted = shift_batch(images, *random_offsets(len(images), max_shift, max_shift, generator))
        results.append(_accuracy(model, shifted, labels))
    return np.array(results, dtype=float)


def grid_accuracy(
    model: nn.Module,
    images: torch.Tensor,
    labels: torch.Tensor,
    max_shift: int = 6,
    progress: bool = True,
    description: str = "shift grid",
) -> np.ndarray:
    """Accuracy for every integer shift :math:`(d_y, d_x) \\in [-m, m]^2`: row :math:`d_y + m`, column :math:`d_x + m`.

    Raises
    ------
    TypeError, ValueError
        As :func:`accuracy`, or if ``max_shift`` is not a whole number from 0 to the images' larger
        side (a larger shift moves every digit out of its image), ``progress`` is not a bool or
        ``description`` not a string.
    """
    model = as_model(model)
    as_tensor(images, "images", (4,))
    as_labels(labels, "labels", len(images))
    max_shift = as_int(max_shift, "max_shift", minimum=0, maximum=max(images.shape[-2:]))
    progress, description = as_bool(progress, "progress"), as_text(description, "description")
    shifts = range(-max_shift, max_shift + 1)
    grid = np.empty((len(shifts), len(shifts)))
    with tqdm(total=grid.size, desc=description, disable=not progress, leave=False) as bar:
        for row, dy in enumerate(shifts):
            for col, dx in enumerate(shifts):
                grid[row, col] = _accuracy(model, shift_batch(images, float(dy), float(dx)), labels)
                bar.update()
    return grid
