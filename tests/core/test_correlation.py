"""Correlation and convolution: agreement with independent implementations, and shift equivariance."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import scipy.signal
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import tvlib
from tests.strategies import images, kernels


def torch_correlate(image: np.ndarray, kernel: np.ndarray, mode: str, padding: str) -> np.ndarray:
    """Reference: torch's conv2d (a cross-correlation), padded by torch itself."""
    x = torch.from_numpy(image)[None, None]
    k = torch.from_numpy(np.ascontiguousarray(kernel))[None, None]
    if mode == "same":
        kh, kw = kernel.shape
        pads = ((kw - 1) // 2, kw // 2, (kh - 1) // 2, kh // 2)
        torch_mode = {"zeros": "constant", "circular": "circular", "reflect": "reflect"}[padding]
        x = F.pad(x, pads, mode=torch_mode)
    return F.conv2d(x, k)[0, 0].numpy()


@settings(max_examples=150, deadline=None)
@given(image=images(), kernel=kernels(), mode=st.sampled_from(tvlib.MODES), padding=st.sampled_from(tvlib.PADDINGS))
def test_fast_loop_and_torch_agree(image, kernel, mode, padding):
    kh, kw = kernel.shape
    assume(not (mode == "valid" and (kh > image.shape[0] or kw > image.shape[1])))
    assume(not (mode == "same" and padding == "reflect" and (kh // 2 >= image.shape[0] or kw // 2 >= image.shape[1])))
    assume(not (mode == "same" and padding == "circular" and (kh > image.shape[0] or kw > image.shape[1])))
    fast = tvlib.correlate2d(image, kernel, mode, padding)
    loop = tvlib.correlate2d_loop(image, kernel, mode, padding)
    reference = torch_correlate(image, kernel, mode, padding)
    expected_shape = image.shape if mode == "same" else (image.shape[0] - kh + 1, image.shape[1] - kw + 1)
    assert fast.shape == loop.shape == expected_shape
    np.testing.assert_allclose(fast, loop, atol=1e-9)
    np.testing.assert_allclose(fast, reference, atol=1e-9)


@settings(max_examples=80, deadline=None)
@given(image=images(3), kernel=kernels(3))
def test_agrees_with_scipy_in_both_modes(image, kernel):
    np.testing.assert_allclose(
        tvlib.correlate2d(image, kernel, "valid"), scipy.signal.correlate2d(image, kernel, "valid"), atol=1e-9
    )
    np.testing.assert_allclose(
        tvlib.convolve2d(image, kernel, "valid"), scipy.signal.convolve2d(image, kernel, "valid"), atol=1e-9
    )


@pytest.mark.parametrize("padding, border", [("zeros", cv2.BORDER_CONSTANT), ("reflect", cv2.BORDER_REFLECT_101)])
def test_agrees_with_cv2_filter2d(padding, border):
    rng = np.random.default_rng(0)
    image = rng.normal(size=(37, 52))
    for kernel in (tvlib.sobel_x(), tvlib.laplacian(), tvlib.binomial(5), rng.normal(size=(3, 5))):
        expected = cv2.filter2D(image, cv2.CV_64F, kernel, borderType=border)
        np.testing.assert_allclose(tvlib.correlate2d(image, kernel, "same", padding), expected, atol=1e-9)


def test_convolution_flips_the_kernel():
    image = tvlib.impulse((7, 7), (3, 3))
    kernel = np.arange(9.0).reshape(3, 3)
    # The impulse response of convolution is the kernel itself; of correlation, the kernel flipped.
    np.testing.assert_array_equal(tvlib.convolve2d(image, kernel)[2:5, 2:5], kernel)
    np.testing.assert_array_equal(tvlib.correlate2d(image, kernel)[2:5, 2:5], kernel[::-1, ::-1])


def test_sobel_x_is_positive_on_a_dark_to_bright_step():
    image = np.zeros((5, 6))
    image[:, 3:] = 1.0
    response = tvlib.correlate2d(image, tvlib.sobel_x(), "valid")
    assert response.min() == 0 and response.max() == 4
    assert np.all(response[:, 1:3] == 4)


@settings(max_examples=150, deadline=None)
@given(image=images(2), kernel=kernels(), dy=st.integers(-20, 20), dx=st.integers(-20, 20))
def test_circular_correlation_is_exactly_shift_equivariant(image, kernel, dy, dx):
    assume(kernel.shape[0] <= image.shape[0] and kernel.shape[1] <= image.shape[1])
    f = lambda x: tvlib.correlate2d(x, kernel, padding="circular")
    error_map = tvlib.equivariance_map(f, image, (dy, dx), fill="circular")
    np.testing.assert_allclose(error_map, 0, atol=1e-9)


@settings(max_examples=150, deadline=None)
@given(image=images(6, 16), kernel=kernels(5), dy=st.integers(-3, 3), dx=st.integers(-3, 3))
def test_zero_padded_correlation_is_equivariant_away_from_the_border(image, kernel, dy, dx):
    f = lambda x: tvlib.correlate2d(x, kernel, padding="zeros")
    error_map = tvlib.equivariance_map(f, image, (dy, dx), fill="zeros")
    # Exact wherever the kernel, at the output pixel and at its pre-image, stays inside the image:
    # it reaches c = (k - 1) // 2 pixels up/left of its anchor and k - 1 - c down/right.
    (kh, kw), (height, width) = kernel.shape, image.shape
    rows = np.arange(height)[:, None]
    cols = np.arange(width)[None, :]
    inside = lambda i, n, k: (i >= (k - 1) // 2) & (i < n - (k - 1 - (k - 1) // 2))
    interior = (
        inside(rows, height, kh)
        & inside(rows - dy, height, kh)
        & inside(cols, width, kw)
        & inside(cols - dx, width, kw)
    )
    np.testing.assert_allclose(error_map[interior], 0, atol=1e-9)


def test_zero_padded_correlation_is_not_equivariant_at_the_border():
    rng = np.random.default_rng(1)
    image = rng.uniform(1, 2, size=(16, 16))
    f = lambda x: tvlib.correlate2d(x, tvlib.sobel_x(), padding="zeros")
    error_map = tvlib.equivariance_map(f, image, (0, 3), fill="zeros")
    assert np.abs(error_map).max() > 0.5
    # ... and the whole error sits in the band the previous test excludes: border plus shift.
    assert tvlib.equivariance_error(f, image, (0, 3), fill="zeros", border=3 + 1) < 1e-9
    # Circular padding with a circular shift repairs it everywhere.
    g = lambda x: tvlib.correlate2d(x, tvlib.sobel_x(), padding="circular")
    assert tvlib.equivariance_error(g, image, (0, 3), fill="circular") < 1e-9
