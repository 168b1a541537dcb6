"""Notebook 02's lesson code, ``max_pool_loop``, computes what tvlib's and torch's max pooling compute."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.lessons.notebook import run_lessons
from tests.strategies import images
from tvlib import impulse_positions, max_pool


@pytest.fixture(scope="module")
def lesson():
    return run_lessons("02")


@settings(max_examples=150, deadline=None)
@given(x=images(1, 17), k=st.integers(1, 5))
def test_max_pool_loop_equals_tvlib_on_random_maps(lesson, x, k):
    if k > min(x.shape):
        return  # tvlib refuses a window larger than the image
    result = lesson["max_pool_loop"](x, k)
    assert result.shape == (x.shape[0] // k, x.shape[1] // k)
    assert np.array_equal(result, max_pool(x, k))


def test_max_pool_loop_default_window_is_2x2(lesson):
    x = np.random.default_rng().normal(size=(11, 8))
    assert np.array_equal(lesson["max_pool_loop"](x), max_pool(x))


@pytest.mark.parametrize(
    "shape, k",
    [((2, 2), 2), ((3, 3), 3), ((1, 1), 1), ((1, 7), 1), ((5, 5), 2), ((4, 9), 4), ((7, 3), 3), ((2, 3), 2)],
)
def test_max_pool_loop_edge_cases(lesson, shape, k):
    rng = np.random.default_rng()
    for x in (rng.normal(size=shape), -1 - rng.random(shape), np.zeros(shape), rng.integers(-9, 9, shape)):
        assert np.array_equal(lesson["max_pool_loop"](x, k), max_pool(x, k)), (shape, k, x)


def test_the_incomplete_last_row_and_column_are_dropped(lesson):
    x = np.zeros((5, 5))
    x[4, :] = x[:, 4] = 100.0  # only in the row and column that fill no 2x2 window
    assert np.array_equal(lesson["max_pool_loop"](x), np.zeros((2, 2)))


def test_max_pool_loop_equals_torch_max_pool2d(lesson):
    rng = np.random.default_rng()
    for shape, k in [((10, 10), 2), ((9, 7), 2), ((13, 8), 3), ((6, 6), 1)]:
        x = rng.normal(size=shape)
        expected = F.max_pool2d(torch.from_numpy(x)[None, None], k).numpy()[0, 0]
        assert np.allclose(lesson["max_pool_loop"](x, k), expected), (shape, k)


@pytest.mark.parametrize("size, levels", [(10, 2), (16, 3), (13, 2), (32, 4)])
def test_a_pixel_pooled_by_the_loop_lands_where_tvlib_says(lesson, size, levels):
    rng = np.random.default_rng()
    for _ in range(10):
        position = tuple(int(p) for p in rng.integers(0, size, 2))
        image = np.zeros((size, size))
        image[position] = 1.0
        path = [position]
        for _ in range(levels):
            image = lesson["max_pool_loop"](image)
            path.append(tuple(int(i) for i in np.argwhere(image)[0]) if image.any() else None)
        assert path == impulse_positions(size, position, levels)
