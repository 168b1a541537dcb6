"""Notebook 01's lesson code (the shift and the correlation loop) agrees with tvlib's fast versions."""

from __future__ import annotations

import numpy as np
import pytest

import tvlib
from tests.lessons.notebook import run_lessons


@pytest.fixture(scope="module")
def lesson():
    return run_lessons("01")


@pytest.mark.parametrize("dy, dx", [(0, 0), (3, 2), (-2, 5), (4, -7), (-6, -1), (6, 0), (0, -8), (40, 3), (-9, 9)])
def test_shift_by_hand_is_tvlib_shift(lesson, dy, dx):
    image = np.random.default_rng().normal(size=(6, 8))
    assert np.array_equal(lesson["shift_by_hand"](image, dy, dx), tvlib.shift(image, dy, dx))


@pytest.mark.parametrize("shape", [(1, 1), (2, 7), (9, 4), (12, 12)])
@pytest.mark.parametrize("kernel_shape", [(1, 1), (3, 3), (5, 3), (1, 5)])
def test_correlate_by_hand_is_tvlib_correlate2d(lesson, shape, kernel_shape):
    rng = np.random.default_rng()
    image, kernel = rng.normal(size=shape), rng.normal(size=kernel_shape)
    expected = tvlib.correlate2d(image, kernel)  # zero padding, same size
    np.testing.assert_allclose(lesson["correlate_by_hand"](image, kernel), expected, rtol=1e-12, atol=1e-12)


def test_correlate_by_hand_on_the_sobel_kernel_of_the_notebook(lesson):
    image = tvlib.core.images.article_scenes()["reference"][100:140, 300:360]
    np.testing.assert_allclose(
        lesson["correlate_by_hand"](image, tvlib.sobel_x()), tvlib.correlate2d(image, tvlib.sobel_x())
    )
