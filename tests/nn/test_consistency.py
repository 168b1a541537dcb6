"""Shift consistency, one-pixel flips and circular invariance (tvlib.nn.consistency)."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from tvlib.nn.consistency import circular_invariance_error, integer_shifts, one_pixel_flips, shift_consistency
from tvlib.nn.models import build_model


class ColumnParity(nn.Module):
    """Class = column of the brightest pixel, modulo 2: flips under every horizontal one-pixel shift."""

    def __init__(self):
        super().__init__()
        self.dummy = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        column = x.flatten(2).argmax(-1)[:, 0] % x.shape[-1]
        return torch.nn.functional.one_hot(column % 2, 10).float() * 10 + 0 * self.dummy


def impulses(count: int, row: int = 14, col: int = 10) -> torch.Tensor:
    images = torch.zeros(count, 1, 28, 28)
    images[:, 0, row, col] = 1.0
    return images


def test_consistency_of_a_constant_and_of_a_parity_classifier():
    constant = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with torch.no_grad():
        constant[1].weight.zero_()
        constant[1].bias.copy_(torch.arange(10.0))
    assert shift_consistency(constant, torch.rand(5, 1, 28, 28), 2) == 1.0
    # Shifts in [-1, 1]^2: of 9 copies, 6 have an odd and 3 an even column: (6/9)^2 + (3/9)^2 = 5/9.
    assert shift_consistency(ColumnParity(), impulses(4), 1) == pytest.approx(5 / 9)
    assert len(integer_shifts(1)) == 9 and integer_shifts(0) == [(0, 0)]


def test_one_pixel_flip_search():
    flips = one_pixel_flips(ColumnParity(), impulses(3))
    assert [flip.index for flip in flips] == [0, 1, 2]
    assert flips[0].shift == (0, 1) and (flips[0].before, flips[0].after) == (0, 1)
    assert flips[0].probabilities_before.shape == (10,)
    constant = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with torch.no_grad():
        constant[1].weight.zero_()
    assert one_pixel_flips(constant, impulses(3)) == []


def test_gap_cnn_is_exactly_invariant_only_to_multiples_of_its_stride():
    model = build_model("GapCNN", seed=0).eval()
    images = torch.rand(8, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    multiples = circular_invariance_error(model, images, [(0, 4), (4, 0), (8, 12), (0, 0)])
    others = circular_invariance_error(model, images, [(0, 1), (1, 0), (2, 2), (3, 5)])
    assert multiples.max() < 1e-4
    assert others.min() > 100 * max(multiples.max(), 1e-7)
