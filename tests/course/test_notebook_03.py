"""Notebook 03's exercise checks accept the right answers and reject plausible wrong ones."""

from __future__ import annotations

import numpy as np
import pytest

import tvlib
from tvlib.core import exercises
from tvlib.core.operators import black_box
from tvlib.course import notebook_03 as check


@pytest.fixture(autouse=True)
def fresh_verdicts(monkeypatch):
    monkeypatch.setattr(exercises, "_verdicts", [])


def stub(*args):
    raise NotImplementedError("your code here")


def response(seed):
    return black_box(seed=seed)(tvlib.impulse((8, 8), (0, 0)))


def test_exercise_1_the_centre_of_the_mystery_kernel(capsys):
    mystery = response(11)
    assert check.exercise_1(int(mystery[0, 0])) is True
    assert "Correct" in capsys.readouterr().out
    assert mystery[1, 1] != mystery[0, 0]
    assert check.exercise_1(int(mystery[1, 1])) is False  # a corner of the response, not the centre
    out = capsys.readouterr().out
    assert "Not quite" in out and "Hint" in out and "lands on the impulse" not in out
    assert check.exercise_1(None) is False
    assert "Not done" in capsys.readouterr().out


def test_exercise_2_correlation_kernel(capsys):
    def right(phi, size):
        centre = size // 2
        return np.roll(phi(tvlib.impulse((size, size), (0, 0))), (centre, centre), axis=(0, 1))[::-1, ::-1]

    def unflipped(phi, size):  # the response rolled into place but not flipped: the convolution kernel
        centre = size // 2
        return np.roll(phi(tvlib.impulse((size, size), (0, 0))), (centre, centre), axis=(0, 1))

    def only_3x3(phi, size):  # the notebook's 3x3 recipe, not generalised
        return np.roll(phi(tvlib.impulse((8, 8), (0, 0))), (1, 1), axis=(0, 1))[:3, :3][::-1, ::-1]

    assert check.exercise_2(right) is True
    assert "Correct" in capsys.readouterr().out
    for wrong in (unflipped, only_3x3, lambda phi, size: phi(tvlib.impulse((size, size), (0, 0)))):
        assert check.exercise_2(wrong) is False
        out = capsys.readouterr().out
        assert "Not quite" in out and "gives itself away" not in out
    assert check.exercise_2(stub) is False
    assert "Not done" in capsys.readouterr().out


def test_exercise_3_circulant(capsys):
    def right(h):
        i, j = np.indices((len(h), len(h)))
        return h[(i - j) % len(h)]

    def transposed(h):  # the matrix of the correlation with h
        i, j = np.indices((len(h), len(h)))
        return h[(j - i) % len(h)]

    assert check.exercise_3(right) is True
    assert "Correct" in capsys.readouterr().out
    assert check.exercise_3(transposed) is False
    out = capsys.readouterr().out
    assert "Not quite" in out and "Hint" in out and "(i - j) mod n" not in out
    assert check.exercise_3(lambda h: np.diag(h)) is False
    assert check.exercise_3(stub) is False
    assert "Not done" in capsys.readouterr().out


@pytest.mark.parametrize("right", [(7, 7), [7, 7], np.array([7, 7]), (-1, -1)])
def test_exercise_4_accepts_the_pixel(capsys, right):
    assert check.exercise_4(right) is True
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [(1, 1), (0, 9), (1, 7), 9, "7, 7", float(response(7)[7, 7])])
def test_exercise_4_rejects(capsys, wrong):
    assert check.exercise_4(wrong) is False  # (1, 1) is A[9, 0]; a value of h is not a pixel
    out = capsys.readouterr().out
    assert "Not quite" in out and "h[7, 7]" not in out


def test_exercise_4_not_done(capsys):
    assert check.exercise_4(None) is False
    assert "Not done" in capsys.readouterr().out
