"""Operator matrices, circulant structure, and learning it: the algebra behind notebook 03."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tvlib
from tests.strategies import images
from tvlib.core.operators import (
    black_box,
    circular_convolve,
    equivariant_projection,
    learn_equivariant_matrix,
    linearity_error,
    operator_matrix,
    shift_matrix,
)


@settings(max_examples=60, deadline=None)
@given(f=images(1, 7), seed=st.integers(0, 10**6))
def test_circular_convolve_is_the_index_formula(f, seed):
    h = np.random.default_rng(seed).normal(size=f.shape)
    height, width = f.shape
    expected = np.zeros_like(f)
    for i in range(height):
        for j in range(width):
            for k in range(height):
                for m in range(width):
                    expected[i, j] += f[k, m] * h[(i - k) % height, (j - m) % width]
    np.testing.assert_allclose(circular_convolve(f, h), expected, atol=1e-9)


def test_black_box_is_the_convolution_with_its_impulse_response():
    shape = (8, 8)
    for seed in range(5):
        phi = black_box(seed)
        h = phi(tvlib.impulse(shape))
        f = np.random.default_rng(seed).normal(size=shape)
        np.testing.assert_allclose(phi(f), circular_convolve(f, h), atol=1e-12)
        assert linearity_error(phi, shape) < 1e-12
        assert tvlib.equivariance_error(phi, f, (3, 5), fill="circular") < 1e-12


def test_zero_padded_black_box_breaks_at_the_border():
    phi = black_box(1, padding="zeros")
    f = np.random.default_rng(0).normal(size=(8, 8))
    assert tvlib.equivariance_error(phi, f, (0, 1), fill="circular") > 0.1


def test_matrix_columns_are_shifted_impulse_responses():
    shape = (4, 5)
    matrix = operator_matrix(black_box(2), shape)
    h = matrix[:, 0].reshape(shape)
    for j in range(20):
        np.testing.assert_array_equal(matrix[:, j].reshape(shape), tvlib.shift(h, *divmod(j, 5), fill="circular"))


@pytest.mark.parametrize("dy, dx", [(0, 1), (1, 0), (2, 3), (-1, 4)])
def test_shift_matrix_commutes_exactly_with_circulant_but_not_with_random(dy, dx):
    shape = (5, 6)
    p = shift_matrix(shape, dy, dx)
    x = np.arange(30.0).reshape(shape)
    np.testing.assert_array_equal(p @ x.ravel(), tvlib.shift(x, dy, dx, fill="circular").ravel())
    np.testing.assert_array_equal(p.T @ p, np.eye(30))
    circulant = operator_matrix(black_box(3), shape)
    np.testing.assert_array_equal(circulant @ p, p @ circulant)
    random = np.random.default_rng(0).normal(size=(30, 30))
    assert np.abs(random @ p - p @ random).max() > 1


def test_projection_is_idempotent_equivariant_and_the_group_average():
    shape = (3, 4)
    a = np.random.default_rng(1).normal(size=(12, 12))
    projected = equivariant_projection(a, shape)
    shifts = [shift_matrix(shape, dy, dx) for dy in range(3) for dx in range(4)]
    np.testing.assert_allclose(projected, sum(p.T @ a @ p for p in shifts) / 12, atol=1e-12)
    np.testing.assert_allclose(equivariant_projection(projected, shape), projected, atol=1e-12)
    for p in shifts:
        np.testing.assert_allclose(projected @ p, p @ projected, atol=1e-12)
    circulant = operator_matrix(black_box(4), shape)
    np.testing.assert_allclose(equivariant_projection(circulant, shape), circulant, atol=1e-12)


def test_learning_converges_to_the_projection():
    shape = (4, 4)
    initial = np.random.default_rng(5).normal(size=(16, 16))
    snapshots, losses = learn_equivariant_matrix(initial, shape, steps=400, lr=0.05, snapshot_every=100)
    assert len(snapshots) == 5 and len(losses) == 400
    assert losses[-1] < 1e-10 * losses[0]
    assert all(b <= a for a, b in zip(losses, losses[1:]))
    np.testing.assert_allclose(snapshots[-1], equivariant_projection(initial, shape), atol=1e-6)


def test_linearity_error_detects_non_linear_operators():
    assert linearity_error(lambda x: np.maximum(x, 0), (6, 6)) > 0.1
    assert linearity_error(lambda x: x * np.arange(6.0), (6, 6)) < 1e-12


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: operator_matrix(lambda x: x[:2], (3, 3)), "phi must return an array of shape"),
        (lambda: operator_matrix(lambda x: x, (3,)), "shape must be"),
        (lambda: circular_convolve(np.ones((2, 3)), np.ones((3, 2))), "same shape"),
        (lambda: equivariant_projection(np.ones((5, 5)), (2, 2)), "4x4"),
        (lambda: learn_equivariant_matrix(np.ones((4, 4)), (2, 2), lr=0), "lr must be greater than 0"),
        (lambda: learn_equivariant_matrix(np.ones((4, 4)), (2, 2), steps=0), "steps must be at least 1"),
        (lambda: black_box(padding="wrap"), "padding must be one of"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
