"""Notebook 06's lesson code (pascal_row, max_blur_pool, MaxBlurPool, consistency) agrees with tvlib's versions."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tvlib
from tvlib.nn import MaxBlurPool2d, build_model
from tvlib.nn.consistency import shift_consistency

from .notebook import run_lessons


@pytest.fixture(scope="module")
def lesson():
    return run_lessons("06")


def test_pascal_row_is_tvlibs_binomial(lesson):
    for size in range(1, 40):
        assert np.array_equal(lesson["pascal_row"](size), tvlib.binomial_1d(size)), size
    assert np.outer(lesson["pascal_row"](4), lesson["pascal_row"](4)) == pytest.approx(tvlib.binomial(4))


def test_max_blur_pool_matches_tvlib_on_random_signals_and_images(lesson):
    rng = np.random.default_rng()
    shapes = [(2,), (4,), (12,), (50,), (2, 2), (6, 14), (28, 28), (40, 10)]
    for size in range(1, 10):  # sizes beyond the signal's length wrap around, as in tvlib
        for shape in shapes:
            x = rng.normal(size=shape)
            assert np.allclose(lesson["max_blur_pool"](x, size), tvlib.max_blur_pool(x, size), rtol=0, atol=1e-12)
    x = rng.integers(0, 5, 16)  # integer input, as the notebook's list of zeros and ones
    assert np.array_equal(lesson["max_blur_pool"](x, 1), tvlib.max_blur_pool(x, 1))
    assert np.allclose(lesson["max_blur_pool"](np.full((8, 8), 3.0), 5), 3.0)  # the blur sums to 1


@pytest.mark.parametrize("size", [1, 2, 3, 4, 5, 7])
def test_max_blur_pool_layer_matches_tvlib(lesson, size):
    layer, reference = lesson["MaxBlurPool"](size), MaxBlurPool2d(size)
    for shape in [(3, 2, 12, 12), (1, 1, 9, 14), (2, 5, 24, 17), (1, 3, 11, 11)]:  # odd sides too
        x = torch.randn(shape)
        assert torch.allclose(layer(x), reference(x), atol=1e-6), shape
    x = torch.randn(2, 4, 16, 16, dtype=torch.float64)
    assert layer(x).dtype == torch.float64 and torch.allclose(layer(x), reference(x), atol=1e-12)
    assert list(layer.state_dict()) == list(reference.state_dict()) == []  # no weights, no buffers


def test_max_blur_pool_layer_in_a_network(lesson):
    seed = int(np.random.default_rng().integers(1000))
    reference, ours = build_model("CNN2Blur", seed=seed), build_model("CNN2Blur", seed=seed + 1)
    for index, layer in enumerate(ours):
        if isinstance(layer, MaxBlurPool2d):
            ours[index] = lesson["MaxBlurPool"](layer.filter_size)
    ours.load_state_dict(reference.state_dict())  # strict
    images = torch.rand(20, 1, 28, 28)
    with torch.no_grad():
        assert torch.allclose(ours(images), reference(images), atol=1e-5)


@pytest.mark.parametrize("name", ["CNN2", "GapCNN", "LogisticRegression"])
def test_consistency_is_tvlibs_shift_consistency(lesson, name):
    model = build_model(name, seed=int(np.random.default_rng().integers(1000)))
    images = torch.rand(12, 1, 28, 28)
    for max_shift in (0, 1, 2) if name == "LogisticRegression" else (0, 1):
        ours = lesson["consistency"](model, images, max_shift)
        assert ours == pytest.approx(shift_consistency(model, images, max_shift), abs=1e-12)
    assert lesson["consistency"](model, images, 0) == 1.0
    assert lesson["consistency"](model, images[:1], 1) == pytest.approx(shift_consistency(model, images[:1], 1))


def test_consistency_counts_ordered_pairs(lesson):
    """A 'model' whose class is the column of the brightest pixel: shifts move the class, in a known way."""

    class Column(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.dummy = torch.nn.Parameter(torch.zeros(()))

        def forward(self, x):
            column = x.flatten(2).argmax(-1).squeeze(1) % x.shape[-1]
            return torch.nn.functional.one_hot(column % 10, 10).float() * 10 + self.dummy

    images = torch.zeros(1, 1, 28, 28)
    images[0, 0, 14, 14] = 1.0  # column 14: shifts -1, 0, 1 give classes 3, 4, 5 (each for 3 of 9 shifts)
    assert lesson["consistency"](Column(), images, 1) == pytest.approx(3 * (3 / 9) ** 2)
    assert shift_consistency(Column(), images, 1) == pytest.approx(3 * (3 / 9) ** 2)


def test_even_filters_leave_the_period_4_example_unchanged_but_not_other_signals(lesson):
    """Section 1's claim: the zero change of sizes 2 and 4 is a property of the signal, not of even filters."""
    pool, x = lesson["max_blur_pool"], np.array([0, 0, 1, 1, 0, 0, 1, 1], dtype=float)
    for size in (2, 4):
        assert np.allclose(pool(x, size), pool(np.roll(x, 1), size), rtol=0, atol=1e-12)
    for size in (1, 3, 5):
        assert not np.allclose(pool(x, size), pool(np.roll(x, 1), size))
    rng = np.random.default_rng()
    for size in (2, 4):
        signal = rng.normal(size=32)
        assert not np.allclose(pool(signal, size), pool(np.roll(signal, 1), size))
