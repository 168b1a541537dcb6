"""Equivariance and invariance errors (tvlib.core.metrics)."""

from __future__ import annotations

import numpy as np
import pytest

import tvlib
import tvlib.core.images as images
from tvlib import equivariance_panels


@pytest.fixture(scope="module")
def scenes():
    return images.article_scenes()


def test_equivariance_panels(scenes):
    cat = images.load_image("chelsea.png")
    circular = equivariance_panels(cat, 7, -12, tvlib.sobel_x(), "circular")
    np.testing.assert_allclose(circular["difference f(S x) - S f(x)"], 0, atol=1e-12)
    zeros = equivariance_panels(cat, 7, -12, tvlib.sobel_x(), "zeros")
    difference = zeros["difference f(S x) - S f(x)"]
    assert np.abs(difference).max() > 0.1
    np.testing.assert_allclose(tvlib.crop_border(difference, 13), 0, atol=1e-12)
    # The horse on its black background is far from the border: exact everywhere even with zero padding.
    horse = equivariance_panels(scenes["reference"], 20, -40, tvlib.laplacian(), "zeros")
    assert np.abs(horse["difference f(S x) - S f(x)"]).max() == 0


def test_equivariance_error_of_a_position_dependent_operator_is_large():
    image = np.random.default_rng(5).uniform(size=(12, 12))
    ramp = np.linspace(0, 1, 12)[None, :]
    gain = lambda x: x * ramp
    assert tvlib.equivariance_error(gain, image, (0, 3), relative=True) > 0.1
    assert tvlib.equivariance_error(lambda x: 2 * x, image, (0, 3)) == 0.0


def test_invariance_error_tells_invariant_from_equivariant():
    image = tvlib.impulse((8, 8), (2, 2))
    # The identity is equivariant but not invariant: the relative invariance error of an impulse is sqrt(2).
    assert tvlib.invariance_error(lambda x: x, image, (1, 0), relative=True) == pytest.approx(np.sqrt(2))
    assert tvlib.invariance_error(lambda x: x.sum(), image, (1, 0)) == 0.0


def test_border_band_hides_only_the_band():
    image = np.ones((10, 10))
    blank_top_row = lambda x: x * (np.arange(10)[:, None] >= 1)
    # Shifting down by 1 moves the blank row from row 0 (f after S) to row 1 (S after f): rows 0-1 differ.
    error_map = tvlib.equivariance_map(blank_top_row, image, (1, 0))
    assert np.argwhere(error_map).T[0].tolist() == [0] * 10 + [1] * 10
    assert tvlib.equivariance_error(blank_top_row, image, (1, 0), border=1) > 0
    assert tvlib.equivariance_error(blank_top_row, image, (1, 0), border=2) == 0.0
    np.testing.assert_array_equal(tvlib.crop_border(np.arange(25).reshape(5, 5), 2), [[12]])
