"""The checks of notebook 06, *Where invariance breaks: aliasing, BlurPool and one-pixel flips*.

``from tvlib.course import notebook_06 as check``, then in the notebook:

- ``check.exercise_1(blur_subsample)``: anti-aliased subsampling of a 1-D signal (binomial blur, then
  every second sample), run on fresh random signals and edge cases;
- ``check.exercise_2(answer_2)``: the shift consistency of one digit whose 49 shifted copies get two
  different classes;
- ``check.exercise_3(count_flips, models, images)``: a one-pixel flip counter, run on fresh random
  subsets of the notebook's test digits for each of its models, on noise and on edge cases;
- ``check.exercise_4(answer_4)``: the circular shifts that leave a GAP network of total stride 8
  exactly unchanged, measured on a freshly built one.

Each check computes its answer itself (from :mod:`tvlib` or from what the notebook passes in) and
prints *not done*, a hint, or the explanation (:mod:`tvlib.core.exercises`).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import torch
from torch import nn

from ..core.exercises import check_answer, check_function
from ..core.kernels import binomial_1d
from ..nn.consistency import circular_invariance_error, one_pixel_flips

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def _blur_subsample(signal: np.ndarray, size: int) -> np.ndarray:
    """Circular binomial blur aligned as ``tvlib.max_blur_pool`` (weight m at offset m - (size-1)//2), then [::2]."""
    signal = np.asarray(signal, dtype=float)
    centre = (size - 1) // 2
    blurred = sum(weight * np.roll(signal, centre - m) for m, weight in enumerate(binomial_1d(size)))
    return np.asarray(blurred, dtype=float)[::2]


def exercise_1(blur_subsample: object) -> bool:
    """Check ``blur_subsample(signal, size)`` on fresh random signals and on edge cases."""
    rng = np.random.default_rng()
    random = [(rng.normal(size=n), size) for n, size in [(8, 3), (16, 5), (31, 4), (64, 7), (10, 2), (20, 6)]]
    edges = [
        (rng.normal(size=9), 1),  # size 1: no blur at all, plain subsampling
        (rng.normal(size=15), 3),  # odd length: keeps 8 samples
        (np.array([2.5]), 3),  # a single sample
        (rng.normal(size=3), 6),  # a filter longer than the signal wraps around more than once
        (np.full(7, 4.0), 5),  # a constant stays constant: the filter sums to 1
        (np.eye(12)[5], 4),  # an impulse shows the alignment
    ]
    return check_function(
        blur_subsample,
        random + edges,
        reference=_blur_subsample,
        hint="blur first, with the Pascal row of that size divided by its sum; weight m multiplies "
        "signal[(i + m - c) mod n] with c = (size - 1) // 2, as in max_blur_pool (np.roll wraps around); "
        "then keep samples 0, 2, 4, ... (also for odd lengths)",
        explanation="Without the max, this is the anti-aliasing step alone: a low-pass filter before the "
        "subsampling. Try it on the period-4 signal x and its shift np.roll(x, 1).",
    )


def exercise_2(answer: object) -> bool:
    """Check the consistency of one digit whose 49 shifted copies get class 3 (30 times) or 5 (19 times)."""
    classes = torch.tensor([3] * 30 + [5] * 19)
    expected = float((classes[:, None] == classes[None, :]).double().mean())  # all 49 x 49 ordered pairs
    return check_answer(
        answer,
        expected,
        "consistency compares every ordered pair of shifts (a, b), all 49 x 49 of them, a = b included: "
        "in what fraction of the pairs do the two classes agree? Give it exactly (a Python expression is fine).",
        "1261 / 2401: the two shifts agree if both give class 3, (30/49)^2, or both give class 5, (19/49)^2. "
        "A 30-to-19 majority gives a consistency only a little above one half.",
    )


def _flips(model: nn.Module, images: torch.Tensor) -> int:
    return len(one_pixel_flips(model, images))


def exercise_3(count_flips: object, models: Mapping[str, nn.Module], images: torch.Tensor) -> bool:
    """Check ``count_flips(model, images)`` on random subsets of ``images`` for each model, on noise and edge cases."""
    generator = torch.Generator().manual_seed(int(np.random.default_rng().integers(2**31)))
    models = list(models.values())
    count = min(300, len(images))
    cases = [(model, images[torch.randperm(len(images), generator=generator)[:count]]) for model in models]
    noise = torch.rand((64, *images.shape[1:]), generator=generator, dtype=images.dtype)
    cases += [
        (models[0], noise),  # noise images: many flips, often in several directions
        (models[0], images[:1]),  # a single digit
        (models[-1], torch.zeros((3, *images.shape[1:]), dtype=images.dtype)),  # blank: a shift changes nothing
    ]
    return check_function(
        count_flips,
        cases,
        reference=_flips,
        hint="compare the predicted class of each image (not its label) with the predicted class of each of "
        "its four one-pixel shifts (shift_batch with (0, 1), (0, -1), (1, 0), (-1, 0)); count an image once "
        "even if it flips in several directions",
        explanation="That is the count of tvlib.nn.consistency.one_pixel_flips, which also records the "
        "first shift that flips each image and the probabilities before and after.",
    )


def _stride8_gap_net(seed: int = 0) -> nn.Module:
    """The GAP CNN with a third 2x2 max pooling: circular convolutions, total stride 8, global average."""

    def conv(inputs: int, outputs: int, size: int) -> nn.Conv2d:
        return nn.Conv2d(inputs, outputs, size, padding=size // 2, padding_mode="circular")

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        layers = [conv(1, 8, 5), nn.ReLU(), nn.MaxPool2d(2), conv(8, 8, 5), nn.ReLU(), nn.MaxPool2d(2)]
        layers += [conv(8, 8, 3), nn.ReLU(), nn.MaxPool2d(2), conv(8, 10, 3), nn.AdaptiveAvgPool2d(1), nn.Flatten()]
        return nn.Sequential(*layers).double()


def exercise_4(answer: object) -> bool:
    """Check which horizontal circular shifts 0..16 leave a stride-8 GAP network on 32x32 images unchanged."""
    net = _stride8_gap_net()
    images = torch.rand((4, 1, 32, 32), generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    shifts = list(range(17))
    errors = circular_invariance_error(net, images, [(0, d) for d in shifts])
    expected = {d for d, error in zip(shifts, errors) if error < 1e-9}
    if isinstance(answer, (list, tuple, np.ndarray)):  # a collection of shifts is fine, order aside
        answer = {int(d) for d in answer}
    return check_answer(
        answer,
        expected,
        "which circular shifts move every pooled map by whole cells, down to the last, coarsest one? "
        "Count the total stride of this network.",
        "Multiples of the total stride 2 x 2 x 2 = 8: each pooling halves the shift, so a shift by 8 (or 16) "
        "reaches the last maps as a whole-cell circular shift, which the global average ignores. A shift by 4 "
        "arrives at the third pooling as an odd shift; on this network it, and every other shift, changed "
        "the scores (measured just now).",
    )
