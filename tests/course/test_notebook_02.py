"""Notebook 02's checks: each rejects a plausible wrong answer, reports a stub as not done, accepts the key."""

from __future__ import annotations

import numpy as np

from tvlib.course import notebook_02 as check


def stub(*args):
    raise NotImplementedError("the notebook's stub")


def test_exercise_1(capsys):
    assert check.exercise_1(None) is False and "Not done" in capsys.readouterr().out
    assert check.exercise_1((1, 3)) is False  # 22 / 8 rounded up
    assert "Not quite" in capsys.readouterr().out
    assert check.exercise_1((13 // 4, 22 // 4)) is False  # two poolings instead of three
    assert "Not quite" in capsys.readouterr().out
    assert check.exercise_1((1, 2)) is True and check.exercise_1([1, 2]) is True
    assert "Correct" in capsys.readouterr().out


def test_exercise_2(capsys):
    assert check.exercise_2(stub) is False and "Not done" in capsys.readouterr().out
    assert check.exercise_2(None) is False and "Not done" in capsys.readouterr().out
    # Plausible mistakes: the distance to the cell's end (one too few), a whole cell always, 0 inside a cell.
    for wrong in (
        lambda column, levels: 2**levels - column % 2**levels - 1,
        lambda column, levels: 2**levels,
        lambda column, levels: 2 * levels - column % (2 * levels) if levels else 1,
    ):
        assert check.exercise_2(wrong) is False
        assert "Not quite" in capsys.readouterr().out
    assert check.exercise_2(lambda column, levels: 2**levels - column % 2**levels) is True
    assert "Correct" in capsys.readouterr().out


def loop_pool(x, kernel_size=3, stride=2, rows=None):
    height = rows(x.shape[0], kernel_size, stride) if rows else (x.shape[0] - kernel_size) // stride + 1
    width = rows(x.shape[1], kernel_size, stride) if rows else (x.shape[1] - kernel_size) // stride + 1
    out = np.full((height, width), -np.inf)
    for i in range(height):
        for j in range(width):
            out[i, j] = x[stride * i : stride * i + kernel_size, stride * j : stride * j + kernel_size].max()
    return out


def test_exercise_3(capsys):
    assert check.exercise_3(stub) is False and "Not done" in capsys.readouterr().out
    # Counting x.shape // stride windows (the last ones run past the edge and come out smaller or empty).
    assert check.exercise_3(lambda x, k=3, s=2: loop_pool(x, k, s, rows=lambda n, k, s: n // s)) is False
    assert "Not quite" in capsys.readouterr().out
    # Non-overlapping windows of the stride's size: the lesson's loop with kernel_size = stride.
    assert check.exercise_3(lambda x, k=3, s=2: loop_pool(x, s, s)) is False
    assert "Not quite" in capsys.readouterr().out

    # Starting from zeros and keeping the larger value: wrong when every value is negative.
    def from_zero(x, k=3, s=2):
        return np.maximum(loop_pool(x, k, s), 0)

    assert check.exercise_3(from_zero) is False
    assert "Not quite" in capsys.readouterr().out
    assert check.exercise_3(loop_pool) is True
    assert "Correct" in capsys.readouterr().out


def test_exercise_4(capsys):
    assert check.exercise_4(None) is False and "Not done" in capsys.readouterr().out
    for wrong in ({"d"}, {"b", "c", "d"}, {"c"}, "cd"):
        assert check.exercise_4(wrong) is False
        assert "Not quite" in capsys.readouterr().out
    assert check.exercise_4({"c", "d"}) is True and check.exercise_4(["D", "c"]) is True
    assert "Correct" in capsys.readouterr().out
