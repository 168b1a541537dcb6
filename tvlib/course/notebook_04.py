"""The checks of notebook 04's exercises (shifted MNIST: an MLP against CNNs).

Each computes the right answer itself (from tvlib, or from the accuracy table the notebook passes in);
the coding exercises run on fresh random batches and on edge cases.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import torch

from ..core.exercises import check_answer, check_function
from ..core.shift import shift
from ..nn.models import build_model

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def exercise_1(answer: object, ours: Mapping[str, tuple[float, float, float]]) -> bool:
    """The model of the table ``ours`` (name -> clean, ShiftMin, Shift accuracy) that loses most from clean to Shift."""
    drops = {name: accuracies[0] - accuracies[2] for name, accuracies in ours.items()}
    return check_answer(
        answer,
        max(drops, key=drops.get),
        "For every row of `ours`, subtract the Shift accuracy (index 2) from the clean one (index 0); "
        "the answer is a key of `ours`.",
        "Clean minus Shift: " + ", ".join(f"{name} {drop:.3f}" for name, drop in drops.items()) + ". On full "
        "data the two models without convolutions lose most (the logistic regression, then the MLP): nothing "
        "in them relates a pixel to its neighbours.",
    )


def _reference_shift(images: torch.Tensor, dy: torch.Tensor, dx: torch.Tensor) -> torch.Tensor:
    """Each image shifted by its own whole-pixel offset with zero fill, one numpy shift per image."""
    out = [shift(image[0].numpy(), int(a), int(b)) for image, a, b in zip(images, dy, dx)]
    return torch.from_numpy(np.stack(out)[:, None]).to(images.dtype)


def _batch(rng: np.random.Generator, count: int, height: int = 28, width: int = 28) -> torch.Tensor:
    return torch.from_numpy(rng.random((count, 1, height, width), dtype=np.float32))


def _offsets(rng: np.random.Generator, count: int, largest: int) -> torch.Tensor:
    return torch.from_numpy(rng.integers(-largest, largest + 1, count))


def exercise_2(shift_digits: Callable[..., object]) -> bool:
    """``shift_digits(images, dy, dx)``: image n of ``(N, 1, H, W)`` moved by ``(dy[n], dx[n])`` whole pixels, zero fill."""
    rng = np.random.default_rng()
    cases = [
        (_batch(rng, 6), _offsets(rng, 6, 4), _offsets(rng, 6, 4)),
        (_batch(rng, 4), torch.tensor([0, 0, 1, -1]), torch.tensor([0, 3, 0, -3])),
        (_batch(rng, 3, 6, 9), torch.tensor([2, -5, 0]), torch.tensor([-8, 1, 4])),  # not square
        (_batch(rng, 2), torch.tensor([28, -30]), torch.tensor([0, 40])),  # the digit leaves the canvas
        (_batch(rng, 1), torch.tensor([-27]), torch.tensor([27])),
    ]
    return check_function(
        shift_digits,
        cases,
        reference=_reference_shift,
        atol=1e-5,  # float32: shift_batch's grid rounding is about 1e-6
        hint="Loop over the batch and move each image with one slice assignment into a torch.zeros_like "
        "canvas, as shift_by_hand does in notebook 01 (output rows max(dy, 0) ... H + min(dy, 0)). "
        "dy[n] is a 0-d tensor: int(dy[n]) makes it a number. Offsets may be as large as the image.",
        explanation="For whole-pixel offsets `tvlib.nn.shift_batch` computes the same zero-fill shift (to float "
        "rounding, about 1e-6) without a Python loop: one grid_sample for the whole batch.",
    )


def exercise_3(augment: Callable[..., object]) -> bool:
    """``augment(images, max_shift, generator)``: every image moved by its own random whole-pixel offset in
    ``[-max_shift, max_shift]`` (rows and columns, zero fill), drawn with ``generator``."""
    rng = np.random.default_rng()
    seed = int(rng.integers(2**31))

    def judge(images: torch.Tensor, max_shift: int, generator: torch.Generator, result: object) -> str | None:
        if not isinstance(result, torch.Tensor) or result.shape != images.shape:
            got = tuple(result.shape) if isinstance(result, torch.Tensor) else type(result).__name__
            return f"expected a tensor of shape {tuple(images.shape)}, got {got}"
        offsets = []
        for n, (image, moved) in enumerate(zip(images[:, 0].numpy(), result[:, 0].detach().numpy())):
            found = [
                (dy, dx)
                for dy in range(-max_shift, max_shift + 1)
                for dx in range(-max_shift, max_shift + 1)
                if np.allclose(shift(image, dy, dx), moved, atol=1e-5)
            ]
            if not found:
                return f"image {n} is not its input shifted by whole pixels within +-{max_shift} (zero fill)"
            offsets.append(found[0])
        if max_shift > 0 and len(set(offsets)) < min(len(offsets), 3):
            return f"the offsets are not random per image: {sorted(set(offsets))} for {len(offsets)} images"
        again = augment(images.clone(), max_shift, torch.Generator().manual_seed(seed))
        first = augment(images.clone(), max_shift, torch.Generator().manual_seed(seed))
        if not torch.equal(again, first):
            return "two runs with equally seeded generators differ: draw the offsets with `generator`"
        return None

    cases = [
        (_batch(rng, 32), 2, torch.Generator().manual_seed(seed)),
        (_batch(rng, 16, 10, 12), 1, torch.Generator().manual_seed(seed + 1)),
        (_batch(rng, 4), 0, torch.Generator().manual_seed(seed + 2)),  # no augmentation at all
        (_batch(rng, 64, 8, 8), 3, torch.Generator().manual_seed(seed + 3)),
    ]
    return check_function(
        augment,
        cases,
        test=judge,
        hint="Draw dy and dx with torch.randint(-max_shift, max_shift + 1, (N,), generator=generator), one "
        "per image, then move the images with your shift_digits from exercise 2.",
        explanation="This is the training loop's augmentation with whole pixels; the notebook's `train` draws "
        "real offsets instead and shifts with bilinear interpolation (`shift_batch`).",
    )


def exercise_4(answer: object) -> bool:
    """How many of PixelwiseMLP's parameters sit in its final 78,400 -> 10 readout."""
    readout = build_model("PixelwiseMLP")[-1]
    return check_answer(
        answer,
        sum(p.numel() for p in readout.parameters()),
        "A dense layer from n inputs to m outputs has n x m weights and m biases.",
        "78,400 x 10 weights + 10 biases = 784,010, 98.7 % of the model's 794,310 parameters, and the only "
        "part that combines pixels.",
    )
