"""The shift operator and sub-pixel translation (tvlib.core.shift)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tvlib
from tests.strategies import images


@settings(max_examples=100, deadline=None)
@given(image=images(), dy=st.integers(-15, 15), dx=st.integers(-15, 15))
def test_integer_shift_moves_every_pixel(image, dy, dx):
    moved = tvlib.shift(image, dy, dx)
    height, width = image.shape
    for i in range(height):
        for j in range(width):
            inside = 0 <= i - dy < height and 0 <= j - dx < width
            assert moved[i, j] == (image[i - dy, j - dx] if inside else 0.0)
    np.testing.assert_array_equal(tvlib.shift(image, dy, dx, fill="circular"), np.roll(image, (dy, dx), axis=(0, 1)))


def test_article_pixel_moves_from_2_2_to_7_7():
    moved = tvlib.shift(tvlib.impulse((10, 10), (2, 2)), 5, 5)
    assert np.argwhere(moved).tolist() == [[7, 7]]
    assert not tvlib.shift(tvlib.impulse((10, 10), (2, 2)), 10, 0).any()  # moved out of the frame


@settings(max_examples=100, deadline=None)
@given(image=images(), dy=st.integers(-6, 6), dx=st.integers(-6, 6))
def test_translate_by_whole_pixels_is_shift(image, dy, dx):
    np.testing.assert_array_equal(tvlib.translate(image, float(dy), float(dx)), tvlib.shift(image, dy, dx))


def test_translate_halfway_averages_neighbours():
    image = np.zeros((3, 4))
    image[1, 1] = 1.0
    np.testing.assert_allclose(tvlib.translate(image, 0, 0.5)[1], [0, 0.5, 0.5, 0])
    np.testing.assert_allclose(tvlib.translate(image, -0.25, 0)[:, 1], [0.25, 0.75, 0])


@pytest.mark.parametrize("dy, dx", [(0.3, -0.7), (-2.5, 1.25), (3.9, 0.0), (-0.1, -3.6)])
def test_translate_agrees_with_cv2_warp_affine(dy, dx):
    image = np.random.default_rng(2).uniform(size=(28, 28))
    matrix = np.float64([[1, 0, dx], [0, 1, dy]])
    expected = cv2.warpAffine(image, matrix, (28, 28), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT)
    # OpenCV quantises sub-pixel positions to 1/32 px, hence the tolerance.
    np.testing.assert_allclose(tvlib.translate(image, dy, dx), expected, atol=2e-2)
