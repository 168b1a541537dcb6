"""Pooling: agreement with torch, exact (non-)equivariance, invariance and impulse positions."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import tvlib
from tests.strategies import images, values


@settings(max_examples=150, deadline=None)
@given(image=images(), kernel=st.integers(1, 4), stride=st.integers(1, 4))
def test_max_and_avg_pool_agree_with_torch(image, kernel, stride):
    assume(kernel <= min(image.shape))
    x = torch.from_numpy(image)[None, None]
    np.testing.assert_allclose(tvlib.max_pool(image, kernel, stride), F.max_pool2d(x, kernel, stride)[0, 0].numpy())
    np.testing.assert_allclose(
        tvlib.avg_pool(image, kernel, stride), F.avg_pool2d(x, kernel, stride)[0, 0].numpy(), atol=1e-12
    )
    assert tvlib.max_pool(image, kernel, stride).shape == tvlib.pooled_shape(image.shape, kernel, stride)


def divisible_images(k: int) -> st.SearchStrategy[np.ndarray]:
    """Images whose sides are multiples of ``k``, so pooling drops nothing."""
    return st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
        lambda blocks: arrays(np.float64, (blocks[0] * k, blocks[1] * k), elements=values)
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data(), k=st.integers(1, 4), a=st.integers(-6, 6), b=st.integers(-6, 6))
def test_max_pool_is_equivariant_to_circular_shifts_by_multiples_of_k(data, k, a, b):
    image = data.draw(divisible_images(k))
    pool = lambda x: tvlib.max_pool(x, k)
    error = tvlib.equivariance_error(pool, image, (k * a, k * b), fill="circular", output_shift=(a, b))
    assert error == 0.0


@pytest.mark.parametrize("k", [2, 3])
def test_max_pool_is_not_equivariant_to_other_shifts(k):
    rng = np.random.default_rng(k)
    for _ in range(5):
        image = rng.normal(size=(4 * k, 4 * k))
        pooled_shifts = [(a, b) for a in range(4) for b in range(4)]
        for d in [(0, 1), (1, 0), (1, 1), (0, k + 1)]:
            moved = tvlib.max_pool(tvlib.shift(image, *d, fill="circular"), k)
            # No circular shift of the pooled original reproduces the pooled shifted image.
            best = min(
                np.abs(moved - tvlib.shift(tvlib.max_pool(image, k), *s, fill="circular")).max() for s in pooled_shifts
            )
            assert best > 1e-3, (d, best)


@settings(max_examples=100, deadline=None)
@given(image=images(), dy=st.integers(-30, 30), dx=st.integers(-30, 30))
def test_global_max_pool_is_exactly_invariant_to_circular_shifts(image, dy, dx):
    assert tvlib.invariance_error(tvlib.global_max_pool, image, (dy, dx), fill="circular") == 0.0


@settings(max_examples=150, deadline=None)
@given(k=st.integers(2, 3), levels=st.integers(0, 4), data=st.data())
def test_pooled_impulse_lands_where_floor_division_says(k, levels, data):
    side = data.draw(st.integers(k**levels, k**levels + 2 * k))
    row = data.draw(st.integers(0, side - 1))
    col = data.draw(st.integers(0, side - 1))
    # Only pixels inside the pooled area survive (floor output size); others are dropped like in torch.
    covered = (side // k**levels) * k**levels
    assume(row < covered and col < covered)
    pyramid = tvlib.pool_pyramid(tvlib.impulse((side, side), (row, col)), levels, kernel_size=k)
    assert len(pyramid) == levels + 1
    for n, level in enumerate(pyramid):
        assert np.argwhere(level).tolist() == [[row // k**n, col // k**n]]


def test_article_impulses_land_at_0_0_and_1_1():
    for position, expected in (((2, 2), (0, 0)), ((-3, -3), (1, 1))):
        pyramid = tvlib.pool_pyramid(tvlib.impulse((10, 10), position), 2)
        assert [level.shape for level in pyramid] == [(10, 10), (5, 5), (2, 2)]
        assert tuple(np.argwhere(pyramid[-1])[0]) == expected


def test_avg_pool_of_a_constant_is_the_constant():
    np.testing.assert_allclose(tvlib.avg_pool(np.full((6, 9), 3.5), 3), np.full((2, 3), 3.5))


def test_pyramid_names_the_level_that_fails():
    with pytest.raises(ValueError, match="level 3 of 4"):
        tvlib.pool_pyramid(np.ones((5, 5)), 4)


def test_impulse_paths():
    assert tvlib.impulse_positions(10, (2, 2), 2) == [(2, 2), (1, 1), (0, 0)]
    assert tvlib.impulse_positions(10, (-3, -3), 2) == [(7, 7), (3, 3), (1, 1)]
    assert tvlib.impulse_positions(10, (9, 9), 1) == [(9, 9), (4, 4)]
    assert tvlib.impulse_positions(5, (4, 0), 1) == [(4, 0), None]  # the 5th row is dropped by floor pooling
