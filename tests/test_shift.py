"""Integer shifts, sub-pixel translation and the batched torch shift."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import tvlib
from strategies import images


@settings(max_examples=100, deadline=None)
@given(image=images(), dy=st.integers(-15, 15), dx=st.integers(-15, 15))
def test_integer_shift_moves_every_pixel(image, dy, dx):
    moved = tvlib.shift(image, dy, dx)
    height, width = image.shape
    for i in range(height):
        for j in range(width):
            inside = 0 <= i - dy < height and 0 <= j - dx < width
            assert moved[i, j] == (image[i - dy, j - dx] if inside else 0.0)
    np.testing.assert_array_equal(tvlib.shift(image, dy, dx, mode="circular"), np.roll(image, (dy, dx), axis=(0, 1)))


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


def roll_with_zero_fill(batch: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    out = torch.roll(batch, (dy, dx), dims=(-2, -1))
    if dy > 0:
        out[..., :dy, :] = 0
    elif dy < 0:
        out[..., dy:, :] = 0
    if dx > 0:
        out[..., :, :dx] = 0
    elif dx < 0:
        out[..., :, dx:] = 0
    return out


@pytest.mark.parametrize("dy, dx", [(0, 0), (1, 0), (0, -1), (3, -4), (-6, 6), (27, 0)])
def test_batch_integer_shift_is_roll_with_zero_fill(dy, dx):
    batch = torch.rand(5, 28, 28, generator=torch.Generator().manual_seed(0))
    torch.testing.assert_close(tvlib.shift_batch(batch, dy, dx), roll_with_zero_fill(batch, dy, dx), atol=1e-5, rtol=0)


def test_batch_zero_shift_is_identity_and_shapes_are_kept():
    batch = torch.rand(4, 3, 9, 11)
    out = tvlib.shift_batch(batch, torch.zeros(4), 0.0)
    assert out.shape == batch.shape and out.dtype == batch.dtype
    torch.testing.assert_close(out, batch, atol=1e-6, rtol=0)


def test_batch_shift_gives_each_image_its_own_offset_and_matches_translate():
    rng = np.random.default_rng(3)
    images_ = rng.uniform(size=(6, 13, 10))
    dy = rng.uniform(-3, 3, size=6)
    dx = rng.uniform(-3, 3, size=6)
    out = tvlib.shift_batch(torch.from_numpy(images_), torch.from_numpy(dy), torch.from_numpy(dx)).numpy()
    for n in range(6):
        np.testing.assert_allclose(out[n], tvlib.translate(images_[n], dy[n], dx[n]), atol=1e-9)


def test_random_offsets_are_seeded_and_bounded():
    a = tvlib.random_offsets(1000, 3, 4, torch.Generator().manual_seed(7))
    b = tvlib.random_offsets(1000, 3, 4, torch.Generator().manual_seed(7))
    torch.testing.assert_close(a, b)
    assert a[0].abs().max() <= 3 and a[1].abs().max() <= 4
    assert a[0].abs().max() > 2.9 and a[1].abs().max() > 3.9  # the whole range is used
