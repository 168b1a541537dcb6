"""Notebook 01's exercise checks accept the right answers and reject plausible wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

import tvlib
from tvlib.course import notebook_01 as check


def stub(*args):
    raise NotImplementedError("your code here")


@pytest.mark.parametrize(
    "exercise, right, wrong",
    [
        (check.exercise_1, {3, 450}, {0, 1, 2, 3}),
        (check.exercise_2, {"Sobel y (horizontal edges)", "Laplacian", "Box 3x3", "Binomial 5x5"}, {"Laplacian"}),
        (check.exercise_3, 155, 154),
    ],
)
def test_value_exercises(capsys, exercise, right, wrong):
    assert exercise(right) is True
    assert exercise(wrong) is False
    out = capsys.readouterr().out
    assert "Not quite" in out and "Hint" in out
    assert exercise(None) is False
    assert "Not done" in capsys.readouterr().out


def test_circular_shift(capsys):
    assert check.exercise_4(lambda x, dy, dx: np.roll(x, (dy, dx), axis=(0, 1))) is True
    assert check.exercise_4(lambda x, dy, dx: np.roll(x, (-dy, -dx), axis=(0, 1))) is False  # the wrong direction
    assert check.exercise_4(lambda x, dy, dx: tvlib.shift(x, dy, dx)) is False  # zero fill, not circular
    assert "Not quite" in capsys.readouterr().out
    assert check.exercise_4(stub) is False
    assert "Not done" in capsys.readouterr().out


def test_equivariance_error_inside(capsys):
    def right(f, x, dy, dx, border):
        difference = f(tvlib.shift(x, dy, dx)) - tvlib.shift(f(x), dy, dx)
        return np.linalg.norm(difference[border : difference.shape[0] - border, border : difference.shape[1] - border])

    def ignores_border(f, x, dy, dx, border):
        return np.linalg.norm(f(tvlib.shift(x, dy, dx)) - tvlib.shift(f(x), dy, dx))

    def crops_one_side(f, x, dy, dx, border):
        return np.linalg.norm((f(tvlib.shift(x, dy, dx)) - tvlib.shift(f(x), dy, dx))[border:, border:])

    assert check.exercise_5(right) is True
    assert check.exercise_5(ignores_border) is False
    assert check.exercise_5(crops_one_side) is False
    assert check.exercise_5(stub) is False
    assert "Not done" in capsys.readouterr().out
