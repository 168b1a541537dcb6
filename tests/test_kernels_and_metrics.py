"""Kernels, the impulse image and the equivariance / invariance metrics."""

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


def test_equivariance_error_of_a_position_dependent_operator_is_large():
    image = np.random.default_rng(5).uniform(size=(12, 12))
    ramp = np.linspace(0, 1, 12)[None, :]
    gain = lambda x: x * ramp  # noqa: E731  linear, but not shift-equivariant
    assert tvlib.equivariance_error(gain, image, (0, 3), relative=True) > 0.1
    assert tvlib.equivariance_error(lambda x: 2 * x, image, (0, 3)) == 0.0


def test_invariance_error_tells_invariant_from_equivariant():
    image = tvlib.impulse((8, 8), (2, 2))
    # The identity is equivariant but not invariant: the relative invariance error of an impulse is sqrt(2).
    assert tvlib.invariance_error(lambda x: x, image, (1, 0), relative=True) == pytest.approx(np.sqrt(2))
    assert tvlib.invariance_error(lambda x: x.sum(), image, (1, 0)) == 0.0


def test_border_band_hides_only_the_band():
    image = np.ones((10, 10))
    blank_top_row = lambda x: x * (np.arange(10)[:, None] >= 1)  # noqa: E731
    # Shifting down by 1 moves the blank row from row 0 (f after S) to row 1 (S after f): rows 0-1 differ.
    error_map = tvlib.equivariance_map(blank_top_row, image, (1, 0))
    assert np.argwhere(error_map).T[0].tolist() == [0] * 10 + [1] * 10
    assert tvlib.equivariance_error(blank_top_row, image, (1, 0), border=1) > 0
    assert tvlib.equivariance_error(blank_top_row, image, (1, 0), border=2) == 0.0
    np.testing.assert_array_equal(tvlib.crop_border(np.arange(25).reshape(5, 5), 2), [[12]])
