"""The named kernels and the impulse (tvlib.core.kernels)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.special import comb

import tvlib


@pytest.mark.parametrize("size", range(1, 8))
def test_binomial_rows_are_pascal_rows_that_sum_to_one(size):
    row = tvlib.binomial_1d(size)
    np.testing.assert_array_equal(row * 2 ** (size - 1), [comb(size - 1, m, exact=True) for m in range(size)])
    assert tvlib.binomial(size).sum() == pytest.approx(1.0)
    np.testing.assert_array_equal(tvlib.binomial(size), tvlib.binomial(size).T)


def test_named_kernels():
    np.testing.assert_array_equal(tvlib.sobel_x(), [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    np.testing.assert_array_equal(tvlib.sobel_y(), tvlib.sobel_x().T)
    assert tvlib.laplacian().sum() == 0 and tvlib.laplacian()[1, 1] == -4
    np.testing.assert_allclose(tvlib.box(4), np.full((4, 4), 1 / 16))
    np.testing.assert_array_equal(tvlib.binomial(3) * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])


def test_impulse_accepts_negative_positions_like_numpy():
    image = tvlib.impulse((10, 10), (-3, -3), value=2.0)
    assert np.argwhere(image).tolist() == [[7, 7]] and image.sum() == 2.0


def test_correlating_an_impulse_gives_the_flipped_kernel_anywhere():
    kernel = np.random.default_rng(4).normal(size=(3, 3))
    for position in [(2, 3), (5, 5), (1, 6)]:
        response = tvlib.correlate2d(tvlib.impulse((8, 8), position), kernel)
        r, c = position
        np.testing.assert_allclose(response[r - 1 : r + 2, c - 1 : c + 2], kernel[::-1, ::-1])
        assert np.count_nonzero(response) == np.count_nonzero(kernel)
