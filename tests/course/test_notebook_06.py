"""Notebook 06's exercise checks reject plausible wrong answers, report stubs as not done, accept the right ones."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tvlib.core import exercises
from tvlib.course import notebook_06 as check
from tvlib.nn import build_model, predict_proba, shift_batch


@pytest.fixture(autouse=True)
def fresh_verdicts(monkeypatch):
    monkeypatch.setattr(exercises, "_verdicts", [])


def verdict(capsys, expected_start):
    out = capsys.readouterr().out
    assert out.startswith(expected_start), out
    return out


def stub(*args):
    raise NotImplementedError("write me")


# --- exercise 1: blur_subsample ----------------------------------------------------------------


def pascal(size):
    row = np.ones(1)
    for _ in range(size - 1):
        row = np.convolve(row, [1.0, 1.0])
    return row / row.sum()


def blur_subsample(signal, size):
    signal = np.asarray(signal, dtype=float)
    c = (size - 1) // 2
    return sum(b * np.roll(signal, c - m) for m, b in enumerate(pascal(size)))[::2]


def test_exercise_1_accepts_the_blur_then_subsampling(capsys):
    assert check.exercise_1(blur_subsample) is True
    verdict(capsys, "Correct")


@pytest.mark.parametrize(
    "wrong",
    [
        lambda s, k: np.asarray(s, dtype=float)[::2],  # no blur
        lambda s, k: np.convolve(s, pascal(k), mode="same")[::2],  # zero padding instead of wrapping around
        lambda s, k: blur_subsample(s, k)[1::2] if len(s) > 1 else blur_subsample(s, k),  # the other phase
        lambda s, k: sum(b * np.roll(s, m) for m, b in enumerate(pascal(k)))[::2],  # not centred
        lambda s, k: blur_subsample(s, k) * 2 ** (k - 1),  # Pascal row not normalised
        lambda s, k: blur_subsample(s, k)[: len(s) // 2],  # drops the last sample of odd lengths
    ],
)
def test_exercise_1_rejects_plausible_mistakes(capsys, wrong):
    assert check.exercise_1(wrong) is False
    out = verdict(capsys, "Not quite")
    assert "Without the max" not in out  # the explanation stays hidden


def test_exercise_1_stub_is_not_done(capsys):
    assert check.exercise_1(stub) is False
    verdict(capsys, "Not done")


# --- exercise 2: consistency of one digit ---------------------------------------------------------


def test_exercise_2(capsys):
    assert check.exercise_2(None) is False
    verdict(capsys, "Not done")
    for wrong in (30 / 49, (30 * 29 + 19 * 18) / (49 * 48), 0.525, 1261 / 2401 / 2):
        assert check.exercise_2(wrong) is False
        assert "1261" not in verdict(capsys, "Not quite")
    assert check.exercise_2((30 / 49) ** 2 + (19 / 49) ** 2) is True
    verdict(capsys, "Correct")


# --- exercise 3: one-pixel flip counter -----------------------------------------------------------

ONE_PIXEL = [(0, 1), (0, -1), (1, 0), (-1, 0)]


def count_flips(model, images):
    before = predict_proba(model, images).argmax(1)
    flipped = torch.zeros(len(images), dtype=torch.bool)
    for dy, dx in ONE_PIXEL:
        flipped |= predict_proba(model, shift_batch(images, float(dy), float(dx))).argmax(1) != before
    return int(flipped.sum())


def per_direction(model, images):  # counts an image once per direction it flips in
    before = predict_proba(model, images).argmax(1)
    return sum(
        int((predict_proba(model, shift_batch(images, float(dy), float(dx))).argmax(1) != before).sum())
        for dy, dx in ONE_PIXEL
    )


def two_directions(model, images):  # forgets left and up
    before = predict_proba(model, images).argmax(1)
    flipped = torch.zeros(len(images), dtype=torch.bool)
    for dy, dx in [(0, 1), (1, 0)]:
        flipped |= predict_proba(model, shift_batch(images, float(dy), float(dx))).argmax(1) != before
    return int(flipped.sum())


@pytest.fixture(scope="module")
def models_and_images():
    """Untrained models (no training in unit tests) and random images: flips are frequent."""
    models = {name: build_model(name, seed=3) for name in ("LogisticRegression", "CNN2")}
    return models, torch.rand(40, 1, 28, 28, generator=torch.Generator().manual_seed(1))


def test_exercise_3_accepts_a_correct_counter(capsys, models_and_images):
    assert check.exercise_3(count_flips, *models_and_images) is True
    verdict(capsys, "Correct")


@pytest.mark.parametrize("wrong", [per_direction, two_directions])
def test_exercise_3_rejects_plausible_mistakes(capsys, models_and_images, wrong):
    assert check.exercise_3(wrong, *models_and_images) is False
    assert "one_pixel_flips, which" not in verdict(capsys, "Not quite")


def test_exercise_3_stub_is_not_done(capsys, models_and_images):
    assert check.exercise_3(stub, *models_and_images) is False
    verdict(capsys, "Not done")


# --- exercise 4: exact invariance of a stride-8 GAP network ---------------------------------------


def test_exercise_4(capsys):
    assert check.exercise_4(None) is False
    verdict(capsys, "Not done")
    for wrong in ({0, 4, 8, 12, 16}, {0}, {0, 16}, {8, 16}):
        assert check.exercise_4(wrong) is False
        assert "2 x 2 x 2" not in verdict(capsys, "Not quite")
    assert check.exercise_4({0, 8, 16}) is True
    verdict(capsys, "Correct")
    assert check.exercise_4([16, 8, 0]) is True  # a list of the shifts is fine too
    assert exercises.verdicts() == ["not done"] + ["wrong"] * 4 + ["correct"] * 2
