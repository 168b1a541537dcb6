"""Every kind of bad input gets a clear error that names the argument, never a silent wrong answer."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tvlib
import tvlib.nn

GOOD = np.ones((6, 6))
K3 = tvlib.sobel_x()


@pytest.mark.parametrize(
    "call, error, message",
    [
        # images: kind, dimensions, emptiness, finiteness
        (lambda: tvlib.correlate2d("abc", K3), TypeError, "image must be a numeric array"),
        (lambda: tvlib.correlate2d(np.array([["a"]]), K3), TypeError, "image must hold real numbers"),
        (lambda: tvlib.correlate2d(GOOD + 1j, K3), TypeError, "complex"),
        (lambda: tvlib.correlate2d(np.ones((4, 4, 3)), K3), ValueError, "2-dimensional.*colour"),
        (lambda: tvlib.correlate2d(np.ones(5), K3), ValueError, "image must be 2-dimensional"),
        (lambda: tvlib.correlate2d(np.ones((0, 5)), K3), ValueError, "image must not be empty"),
        (lambda: tvlib.correlate2d(np.full((4, 4), np.nan), K3), ValueError, "image must be finite"),
        (lambda: tvlib.correlate2d(GOOD, np.array([[np.inf]])), ValueError, "kernel must be finite"),
        (lambda: tvlib.correlate2d(GOOD, np.ones(3)), ValueError, "kernel must be 2-dimensional"),
        # correlation: modes and sizes
        (lambda: tvlib.correlate2d(GOOD, np.ones((7, 3)), "valid"), ValueError, "larger than image"),
        (lambda: tvlib.correlate2d_loop(GOOD, np.ones((3, 7)), "valid"), ValueError, "larger than image"),
        (lambda: tvlib.correlate2d(GOOD, K3, "full"), ValueError, "mode must be one of"),
        (lambda: tvlib.correlate2d(GOOD, K3, padding="wrap"), ValueError, "padding must be one of"),
        (lambda: tvlib.correlate2d(np.ones((2, 2)), np.ones((5, 5)), padding="reflect"), ValueError, "reflect"),
        # pooling
        (lambda: tvlib.max_pool(GOOD, 0), ValueError, "kernel_size must be at least 1"),
        (lambda: tvlib.max_pool(GOOD, 7), ValueError, "larger than the input"),
        (lambda: tvlib.max_pool(GOOD, 2, stride=0), ValueError, "stride must be at least 1"),
        (lambda: tvlib.max_pool(GOOD, 1.5), ValueError, "kernel_size must be a whole number"),
        (lambda: tvlib.avg_pool(GOOD, "2"), TypeError, "kernel_size must be an integer"),
        (lambda: tvlib.pool_pyramid(GOOD, -1), ValueError, "levels must be at least 0"),
        (lambda: tvlib.pool_pyramid(GOOD, 1, kind="min"), ValueError, "kind must be one of"),
        (lambda: tvlib.global_max_pool(np.ones((0, 0))), ValueError, "must not be empty"),
        # shifting
        (lambda: tvlib.shift(GOOD, 1.5, 0), ValueError, "dy must be a whole number"),
        (lambda: tvlib.shift(GOOD, 0, True), TypeError, "dx must be an integer"),
        (lambda: tvlib.shift(GOOD, 0, None), TypeError, "dx must be an integer"),
        (lambda: tvlib.shift(GOOD, 1, 1, fill="reflect"), ValueError, "fill must be one of"),
        (lambda: tvlib.translate(GOOD, float("nan"), 0), ValueError, "dy must be a finite number"),
        (lambda: tvlib.nn.shift_batch(np.ones((2, 4, 4)), 1, 1), TypeError, "torch.Tensor"),
        (lambda: tvlib.nn.shift_batch(torch.ones(2, 4, 4, dtype=torch.int64), 1, 1), TypeError, "floating"),
        (lambda: tvlib.nn.shift_batch(torch.ones(4, 4), 1, 1), ValueError, "images must be 3-D or 4-D"),
        (lambda: tvlib.nn.shift_batch(torch.ones(0, 4, 4), 1, 1), ValueError, "must not be empty"),
        (
            lambda: tvlib.nn.shift_batch(torch.ones(2, 4, 4), torch.ones(3), 1),
            ValueError,
            "dy must be a number or have shape",
        ),
        (lambda: tvlib.nn.shift_batch(torch.ones(2, 4, 4), 1, float("inf")), ValueError, "dx must be a finite number"),
        (lambda: tvlib.nn.random_offsets(0, 1, 1), ValueError, "count must be at least 1"),
        # kernels and helpers
        (lambda: tvlib.box(0), ValueError, "size must be at least 1"),
        (lambda: tvlib.binomial_1d(-2), ValueError, "size must be at least 1"),
        (lambda: tvlib.impulse((10, 10), (10, 0)), ValueError, "outside an image"),
        (lambda: tvlib.impulse((0, 10)), ValueError, r"shape\[0\] \(height\) must be at least 1"),
        (lambda: tvlib.impulse((10,)), ValueError, "shape must be"),
        (lambda: tvlib.crop_border(GOOD, 3), ValueError, "leaves nothing"),
        (
            lambda: tvlib.equivariance_error(lambda x: x, GOOD, (1, 1), border=-1),
            ValueError,
            "border must be at least 0",
        ),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_integral_floats_and_numpy_integers_are_accepted():
    np.testing.assert_array_equal(tvlib.shift(GOOD, 2.0, np.int64(1)), tvlib.shift(GOOD, 2, 1))
    assert tvlib.max_pool(GOOD, np.int32(2)).shape == (3, 3)


def test_integer_and_bool_images_are_computed_in_float():
    image = np.eye(5, dtype=np.uint8) * 200
    assert tvlib.correlate2d(image, np.ones((1, 1)) * 2).max() == 400  # no uint8 overflow
    assert tvlib.max_pool(np.eye(4, dtype=bool)).dtype == np.float64
