"""Notebook 03's lesson code (circular convolution, operator and shift matrices, learning a commuting matrix, the DFT) agrees with tvlib and numpy."""

from __future__ import annotations

import numpy as np
import pytest

import tvlib
from tests.lessons.notebook import run_lessons
from tvlib.core import operators

SHAPES = [(1, 1), (1, 7), (2, 2), (3, 5), (8, 8)]


@pytest.fixture(scope="module")
def lesson():
    return run_lessons("03")


@pytest.mark.parametrize("shape", SHAPES)
def test_circular_convolve_is_tvlib_circular_convolve(lesson, shape):
    rng = np.random.default_rng()
    f, h = rng.normal(size=(2, *shape))
    np.testing.assert_allclose(lesson["circular_convolve"](f, h), operators.circular_convolve(f, h), atol=1e-12)
    delta = tvlib.impulse(shape, (shape[0] - 1, 0))  # an impulse kernel shifts the image
    np.testing.assert_allclose(lesson["circular_convolve"](f, delta), np.roll(f, (shape[0] - 1, 0), axis=(0, 1)))


def test_circular_convolve_refuses_different_shapes(lesson):
    with pytest.raises(ValueError, match="same shape"):
        lesson["circular_convolve"](np.zeros((3, 3)), np.zeros((3, 4)))


def _operators(shape, rng):
    """Linear and non-linear operators on ``shape`` images: dense, convolutions with two paddings, abs."""
    dense = rng.normal(size=(shape[0] * shape[1],) * 2)
    kernel = rng.normal(size=(3, 3))
    return [
        lambda x: (dense @ x.ravel()).reshape(shape),
        lambda x: tvlib.correlate2d(x, kernel, padding="circular"),
        lambda x: tvlib.correlate2d(x, kernel, padding="zeros"),
        lambda x: np.abs(x - 0.5),  # not linear: the impulse responses are still well defined
    ]


@pytest.mark.parametrize("shape", SHAPES)
def test_operator_matrix_is_tvlib_operator_matrix(lesson, shape):
    for phi in _operators(shape, np.random.default_rng()):
        assert np.array_equal(lesson["operator_matrix"](phi, shape), operators.operator_matrix(phi, shape))


@pytest.mark.parametrize("shape", SHAPES)
def test_shift_matrix_is_tvlib_shift_matrix(lesson, shape):
    rng = np.random.default_rng()
    shifts = [(0, 0), (1, 0), (0, 1), (-1, -1), *rng.integers(-20, 21, size=(6, 2)).tolist()]
    for dy, dx in shifts:
        p = lesson["shift_matrix"](shape, dy, dx)
        assert np.array_equal(p, operators.shift_matrix(shape, dy, dx)), (dy, dx)
        x = rng.normal(size=shape)
        assert np.array_equal(p @ x.ravel(), tvlib.shift(x, dy, dx, fill="circular").ravel())


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (2, 3), (4, 4)])
def test_learn_commuting_is_tvlib_learn_equivariant_matrix(lesson, shape):
    rng = np.random.default_rng()
    count = shape[0] * shape[1]
    w0 = rng.normal(size=(count, count))
    steps, lr, every = int(rng.integers(1, 60)), float(rng.uniform(0.01, 0.12)), int(rng.integers(1, 12))
    generators = [lesson["shift_matrix"](shape, 1, 0), lesson["shift_matrix"](shape, 0, 1)]
    ours, our_losses = lesson["learn_commuting"](w0, generators, steps=steps, lr=lr, snapshot_every=every)
    theirs, their_losses = operators.learn_equivariant_matrix(w0, shape, steps=steps, lr=lr, snapshot_every=every)
    assert len(ours) == len(theirs)
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(our_losses, their_losses, rtol=1e-10, atol=1e-10)


def test_learn_commuting_ends_at_the_shift_average(lesson):
    shape = (3, 4)
    w0 = np.random.default_rng().normal(size=(12, 12))
    generators = [lesson["shift_matrix"](shape, 1, 0), lesson["shift_matrix"](shape, 0, 1)]
    snapshots, losses = lesson["learn_commuting"](w0, generators, steps=400, lr=0.1)
    np.testing.assert_allclose(snapshots[-1], operators.equivariant_projection(w0, shape), atol=1e-8)
    assert losses[-1] < 1e-12


@pytest.mark.parametrize("n", [1, 2, 5, 16])
def test_dft_matrix_is_numpy_fft(lesson, n):
    rng = np.random.default_rng()
    x = rng.normal(size=n) + 1j * rng.normal(size=n)
    np.testing.assert_allclose(lesson["dft_matrix"](n) @ x, np.fft.fft(x), atol=1e-10)


@pytest.mark.parametrize("n", [1, 3, 8, 16])
def test_dft_matrix_diagonalises_every_circulant(lesson, n):
    """F C F^-1 = diag(F h) for the matrix C of a circular convolution with a random kernel h."""
    h = np.random.default_rng().normal(size=(1, n))
    circulant = operators.operator_matrix(lambda x: operators.circular_convolve(x, h), (1, n))
    fourier = lesson["dft_matrix"](n)
    np.testing.assert_allclose(fourier @ circulant @ np.linalg.inv(fourier), np.diag(np.fft.fft(h[0])), atol=1e-9)


@pytest.mark.parametrize("shape", SHAPES)
def test_convolve_by_fft_is_tvlib_circular_convolve(lesson, shape):
    f, h = np.random.default_rng().normal(size=(2, *shape))
    ours = lesson["convolve_by_fft"](f, h)
    np.testing.assert_allclose(ours, operators.circular_convolve(f, h), atol=1e-12)
    np.testing.assert_allclose(ours, lesson["circular_convolve"](f, h), atol=1e-9)
    delta = tvlib.impulse(shape, (0, shape[1] - 1))  # an impulse kernel shifts the image
    np.testing.assert_allclose(
        lesson["convolve_by_fft"](f, delta), np.roll(f, (0, shape[1] - 1), axis=(0, 1)), atol=1e-12
    )


def test_convolve_by_fft_refuses_different_shapes(lesson):
    with pytest.raises(ValueError, match="same shape"):
        lesson["convolve_by_fft"](np.zeros((2, 3)), np.zeros((3, 2)))
