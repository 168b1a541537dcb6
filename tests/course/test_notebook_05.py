"""The checks of notebook 05 (tvlib.course.notebook_05): each rejects a plausible wrong answer, reports a
stub as not done, and accepts the right answer."""

from __future__ import annotations

import pytest
import torch

from tests.course import stub, verdict
from tvlib.course import notebook_05 as check
from tvlib.nn import build_model
from tvlib.nn.feature_maps import embed


@pytest.fixture(scope="module")
def model() -> torch.nn.Module:
    return build_model("WolfNet", seed=5).eval()


@pytest.fixture(scope="module")
def canvases() -> torch.Tensor:
    digits = torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    return embed(digits, size=38, top_left=(3, 3))


# --- exercise 1: place_digit ---------------------------------------------------------------------------------


def place_digit(digit, size, top, left):
    canvas = torch.zeros(size, size, dtype=digit.dtype)
    canvas[top : top + digit.shape[0], left : left + digit.shape[1]] = digit
    return canvas


def place_digit_swapped(digit, size, top, left):  # rows and columns mixed up
    return place_digit(digit, size, left, top)


def place_digit_28(digit, size, top, left):  # assumes every digit is 28x28
    canvas = torch.zeros(size, size, dtype=digit.dtype)
    canvas[top : top + 28, left : left + 28] = digit[:28, :28]
    return canvas


def place_digit_off_by_one(digit, size, top, left):  # counts positions from 1
    canvas = torch.zeros(size, size, dtype=digit.dtype)
    h, w = digit.shape
    canvas[max(top - 1, 0) : max(top - 1, 0) + h, max(left - 1, 0) : max(left - 1, 0) + w] = digit
    return canvas


def test_exercise_1(capsys):
    assert verdict(capsys, check.exercise_1(place_digit)) == "correct"
    for wrong in (place_digit_swapped, place_digit_28, place_digit_off_by_one):
        assert verdict(capsys, check.exercise_1(wrong)) == "wrong", wrong.__name__
    assert verdict(capsys, check.exercise_1(stub)) == "not done"
    assert verdict(capsys, check.exercise_1(None)) == "not done"


# --- exercise 2: widths on a 51x51 canvas --------------------------------------------------------------------


def test_exercise_2(capsys, model):
    assert verdict(capsys, check.exercise_2((35, 17), model)) == "correct"
    assert verdict(capsys, check.exercise_2([35, 17], model)) == "correct"
    for wrong in ((35, 18), (34, 17), (31, 15), 35):  # pooled width rounded up; 38 - 4; five convs; one number
        assert verdict(capsys, check.exercise_2(wrong, model)) == "wrong", wrong
    assert verdict(capsys, check.exercise_2(None, model)) == "not done"


# --- exercise 3: shifts that keep the pooled layer exact -----------------------------------------------------


def test_exercise_3(capsys, model, canvases):
    right = {(2, 4), (6, 6)}
    assert {s for s in check.SHIFTS_3 if check._pooled_error(model, canvases, *s) < check.EXACT} == right
    assert verdict(capsys, check.exercise_3(right, model, canvases)) == "correct"
    assert verdict(capsys, check.exercise_3([(6, 6), (2, 4)], model, canvases)) == "correct"
    for wrong in ({(6, 6)}, {(2, 4), (6, 6), (0, 3)}, {(2, 4), (3, 5), (6, 6)}, set()):  # diagonal only; zero is even
        assert verdict(capsys, check.exercise_3(wrong, model, canvases)) == "wrong", wrong
    assert verdict(capsys, check.exercise_3(None, model, canvases)) == "not done"


# --- exercise 4: global average pooling ----------------------------------------------------------------------


def test_exercise_4(capsys):
    assert verdict(capsys, check.exercise_4(lambda maps: maps.mean(dim=(2, 3)))) == "correct"
    assert verdict(capsys, check.exercise_4(lambda maps: maps.numpy().mean(axis=(-2, -1)))) == "correct"
    wrong = {
        "global max pooling": lambda maps: maps.amax(dim=(2, 3)),
        "the mean over the channels": lambda maps: maps.mean(dim=1),
        "one corner": lambda maps: maps[:, :, 0, 0],
        "the mean over everything": lambda maps: maps.mean(),
        "a sum, not a mean": lambda maps: maps.sum(dim=(2, 3)),
    }
    for name, function in wrong.items():
        assert verdict(capsys, check.exercise_4(function)) == "wrong", name
    assert verdict(capsys, check.exercise_4(stub)) == "not done"


def test_a_corner_is_reported_as_not_invariant(capsys):
    assert not check.exercise_4(lambda maps: maps[:, :, 0, 0])
    assert "changed your result" in capsys.readouterr().out
