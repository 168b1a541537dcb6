"""Accuracy on clean and shifted digits (tvlib.nn.evaluate)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from tvlib.nn import (
    SHIFT_SETS,
    accuracy,
    accuracy_by_max_shift,
    accuracy_table,
    grid_accuracy,
    shifted_test_sets,
)
from tvlib.nn.models import build_model


class ConstantModel(nn.Module):
    def __init__(self, label: int):
        super().__init__()
        self.label = label
        self.dummy = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return torch.nn.functional.one_hot(torch.full((len(x),), self.label), 10).float() + 0 * self.dummy


def test_shifted_sets_and_accuracies(tiny):
    sets = shifted_test_sets(tiny.test_images, seed=0)
    assert list(sets) == list(SHIFT_SETS) and torch.equal(sets["clean"], tiny.test_images)
    torch.testing.assert_close(sets["Shift"], shifted_test_sets(tiny.test_images, seed=0)["Shift"])
    change = {name: float((images - tiny.test_images).abs().mean()) for name, images in sets.items()}
    assert change["clean"] == 0 < change["ShiftMin"] < change["Shift"]
    constant = ConstantModel(3)
    expected = float((tiny.test_labels == 3).float().mean())
    assert accuracy_table({"constant": constant}, tiny.test_images, tiny.test_labels)["constant"] == (expected,) * 3
    assert accuracy_by_max_shift(constant, tiny.test_images, tiny.test_labels, [0, 2, 5]).tolist() == [expected] * 3
    grid = grid_accuracy(constant, tiny.test_images, tiny.test_labels, max_shift=2, progress=False)
    assert grid.shape == (5, 5) and np.all(grid == expected)


def test_grid_centre_is_the_clean_accuracy(tiny):
    model = build_model("CNN1").eval()
    grid = grid_accuracy(model, tiny.test_images, tiny.test_labels, max_shift=1, progress=False)
    assert grid[1, 1] == pytest.approx(accuracy(model, tiny.test_images, tiny.test_labels))


def test_integer_shifted_sets_are_exact_translations(tiny):
    sets = shifted_test_sets(tiny.test_images, seed=0, integer=True)

    # Whole-pixel shifts only move pixels (multiples of 1/255 here, up to float rounding); real offsets blend them.
    def off_grid(images):
        return float(((images * 255) - (images * 255).round()).abs().max())

    assert off_grid(sets["Shift"]) < 1e-3 < off_grid(shifted_test_sets(tiny.test_images, seed=0)["Shift"])
