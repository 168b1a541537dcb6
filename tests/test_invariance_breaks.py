"""MaxBlurPool, shift consistency, one-pixel flips, exact circular invariance and feature-map equivariance."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from torch import nn

import tvlib
from tvlib.blurpool import MaxBlurPool2d, max_blur_pool
from tvlib.consistency import circular_invariance_error, integer_shifts, one_pixel_flips, shift_consistency
from tvlib.models import build_model
from strategies import values


@pytest.mark.parametrize("shape", [(8,), (12,), (6, 10), (16, 16)])
@pytest.mark.parametrize("size", [1, 2, 3, 4, 5])
def test_max_blur_pool_halves_every_axis(shape, size):
    assert max_blur_pool(np.random.default_rng(0).normal(size=shape), size).shape == tuple(n // 2 for n in shape)


def test_filter_size_one_is_strided_max_pooling():
    image = np.random.default_rng(1).normal(size=(12, 16))
    np.testing.assert_array_equal(max_blur_pool(image, 1), tvlib.max_pool(image, 2))
    np.testing.assert_array_equal(max_blur_pool([0, 0, 1, 1, 0, 0, 1, 1], 1), [0, 1, 0, 1])
    x = torch.rand(3, 4, 10, 10)
    torch.testing.assert_close(MaxBlurPool2d(1)(x), torch.nn.functional.max_pool2d(x, 2))


@settings(max_examples=60, deadline=None)
@given(x=st.integers(2, 8).flatmap(lambda n: arrays(np.float64, 2 * n, elements=values)), size=st.integers(1, 5),
       shift=st.integers(-4, 4))
def test_even_circular_shifts_move_the_output_by_half(x, size, shift):
    np.testing.assert_allclose(max_blur_pool(np.roll(x, 2 * shift), size), np.roll(max_blur_pool(x, size), shift), atol=1e-9)


def test_blurring_reduces_the_change_caused_by_a_one_sample_shift():
    rng = np.random.default_rng(2)
    signals = rng.normal(size=(200, 32))

    def change(size):
        return np.mean([np.linalg.norm(max_blur_pool(np.roll(s, 1), size) - max_blur_pool(s, size))
                        / np.linalg.norm(max_blur_pool(s, size)) for s in signals])

    changes = [change(size) for size in (1, 3, 5)]
    assert changes[0] > changes[1] > changes[2]
    images = rng.normal(size=(20, 16, 16))
    plain = np.mean([np.linalg.norm(tvlib.max_pool(np.roll(i, 1, 1), 2) - tvlib.max_pool(i, 2)) for i in images])
    blurred = np.mean([np.linalg.norm(max_blur_pool(np.roll(i, 1, 1), 3) - max_blur_pool(i, 3)) for i in images])
    assert blurred < 0.7 * plain


def test_blur_pool_rejects_bad_input():
    with pytest.raises(ValueError, match="even length"):
        max_blur_pool(np.ones(7))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        max_blur_pool(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="filter_size must be at least 1"):
        MaxBlurPool2d(0)
    with pytest.raises(ValueError, match="padding_mode must be one of"):
        MaxBlurPool2d(3, padding_mode="edge")


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


def test_wolf_net_feature_maps_move_with_the_digit():
    model = build_model("WolfNet", seed=0).eval()
    canvas = torch.zeros(1, 1, 38, 38)
    canvas[0, 0, 10:28, 12:26] = torch.rand(18, 14, generator=torch.Generator().manual_seed(1))

    def overlap_error(after, before, dy, dx):
        """max |after[i + d] - before[i]| where both exist (valid convolutions have no border effects)."""
        height, width = before.shape[-2:]
        return float((after[..., dy:, dx:] - before[..., : height - dy, : width - dx]).abs().max())

    with torch.no_grad():
        before = model.features(canvas)
        after = model.features(torch.roll(canvas, (2, 4), dims=(2, 3)))  # the digit stays inside
        odd = model.features(torch.roll(canvas, (1, 1), dims=(2, 3)))
    for layer in range(4):  # every conv layer: the maps move with the digit, exactly
        assert overlap_error(after[layer], before[layer], 2, 4) < 1e-5
        assert overlap_error(odd[layer], before[layer], 1, 1) < 1e-5
    assert overlap_error(after[4], before[4], 1, 2) < 1e-5  # pooled: an even shift moves it by half
    assert min(overlap_error(odd[4], before[4], a, b) for a in (0, 1) for b in (0, 1)) > 1e-3  # odd: no shift fits
