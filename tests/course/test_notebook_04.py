"""Notebook 04's exercise checks accept the right answers and reject plausible wrong ones."""

from __future__ import annotations

import torch

from tvlib.course import notebook_04 as check
from tvlib.nn import shift_batch


def stub(*args):
    raise NotImplementedError("your code here")


def shift_digits(images, dy, dx):
    out = torch.zeros_like(images)
    h, w = images.shape[-2:]
    for n in range(len(images)):
        a, b = int(dy[n]), int(dx[n])
        if abs(a) < h and abs(b) < w:
            out[n, :, max(a, 0) : h + min(a, 0), max(b, 0) : w + min(b, 0)] = images[
                n, :, max(-a, 0) : h - max(a, 0), max(-b, 0) : w - max(b, 0)
            ]
    return out


def augment(images, max_shift, generator):
    dy = torch.randint(-max_shift, max_shift + 1, (len(images),), generator=generator)
    dx = torch.randint(-max_shift, max_shift + 1, (len(images),), generator=generator)
    return shift_digits(images, dy, dx)


def test_exercise_1(capsys):
    ours = {"MLP": (0.96, 0.94, 0.55), "CNN2": (0.99, 0.98, 0.85), "linear": (0.92, 0.88, 0.60)}
    assert check.exercise_1("MLP", ours) is True
    assert check.exercise_1("linear", ours) is False  # the lowest Shift accuracy, not the largest drop
    assert "Not quite" in capsys.readouterr().out
    assert check.exercise_1(None, ours) is False


def test_exercise_2(capsys):
    assert check.exercise_2(shift_digits) is True
    wraps = lambda images, dy, dx: torch.stack(  # circular instead of zero fill
        [torch.roll(image, (int(a), int(b)), dims=(1, 2)) for image, a, b in zip(images, dy, dx)]
    )
    assert check.exercise_2(wraps) is False
    assert check.exercise_2(lambda images, dy, dx: shift_digits(images, dx, dy)) is False  # axes swapped
    assert check.exercise_2(lambda images, dy, dx: shift_batch(images, dy.float(), dx.float())) is True
    assert check.exercise_2(stub) is False
    assert "Not done" in capsys.readouterr().out


def test_exercise_3(capsys):
    assert check.exercise_3(augment) is True
    same_offset = lambda images, m, g: shift_digits(images, *(torch.full((len(images),), 1),) * 2)
    assert check.exercise_3(same_offset) is False
    unseeded = lambda images, m, g: shift_digits(
        images, torch.randint(-m, m + 1, (len(images),)), torch.randint(-m, m + 1, (len(images),))
    )
    assert check.exercise_3(unseeded) is False
    assert "equally seeded" in capsys.readouterr().out
    too_far = lambda images, m, g: shift_digits(
        images, *(torch.randint(-m - 2, m + 3, (len(images),), generator=g) for _ in range(2))
    )
    assert check.exercise_3(too_far) is False
    assert check.exercise_3(stub) is False


def test_exercise_4(capsys):
    assert check.exercise_4(784_010) is True
    assert check.exercise_4(784_000) is False  # the biases count too
    assert check.exercise_4(None) is False


def test_exercise_1_on_full_data_numbers():
    # benchmarks/README.md (test set, means over three seeds): the logistic regression loses most, not the MLP
    ours = {
        "logistic regression": (0.9246, 0.8826, 0.4513),
        "MLP": (0.9613, 0.9365, 0.5540),
        "CNN2": (0.9918, 0.9870, 0.8471),
    }
    assert check.exercise_1("logistic regression", ours) is True
    assert check.exercise_1("MLP", ours) is False  # a drop of 0.407, against the logistic regression's 0.473
