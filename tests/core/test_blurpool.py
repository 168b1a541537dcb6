"""MaxBlurPool on numpy signals (tvlib.core.blurpool)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import tvlib
from tests.strategies import values
from tvlib import max_blur_pool
from tvlib.nn import MaxBlurPool2d


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
@given(
    x=st.integers(2, 8).flatmap(lambda n: arrays(np.float64, 2 * n, elements=values)),
    size=st.integers(1, 5),
    shift=st.integers(-4, 4),
)
def test_even_circular_shifts_move_the_output_by_half(x, size, shift):
    np.testing.assert_allclose(
        max_blur_pool(np.roll(x, 2 * shift), size), np.roll(max_blur_pool(x, size), shift), atol=1e-9
    )


def test_blurring_reduces_the_change_caused_by_a_one_sample_shift():
    rng = np.random.default_rng(2)
    signals = rng.normal(size=(200, 32))

    def change(size):
        return np.mean(
            [
                np.linalg.norm(max_blur_pool(np.roll(s, 1), size) - max_blur_pool(s, size))
                / np.linalg.norm(max_blur_pool(s, size))
                for s in signals
            ]
        )

    changes = [change(size) for size in (1, 3, 5)]
    assert changes[0] > changes[1] > changes[2]
    images = rng.normal(size=(20, 16, 16))
    plain = np.mean([np.linalg.norm(tvlib.max_pool(np.roll(i, 1, 1), 2) - tvlib.max_pool(i, 2)) for i in images])
    blurred = np.mean([np.linalg.norm(max_blur_pool(np.roll(i, 1, 1), 3) - max_blur_pool(i, 3)) for i in images])
    assert blurred < 0.7 * plain
