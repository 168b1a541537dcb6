"""Notebook 05's lesson code (the per-layer equivariance check) agrees with tvlib.nn.feature_maps.

The notebook's ``overlap_error`` and ``equivariance_errors`` run alone (``run_lessons``) on fresh random
maps and canvases, with untrained WolfNets (no training in unit tests), and on the edge cases: no shift,
the largest shift a map allows, non-square maps, the smallest canvas WolfNet accepts.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tests.lessons.notebook import run_lessons
from tvlib.nn import build_model
from tvlib.nn.feature_maps import embed, layer_equivariance_errors, overlap_error


@pytest.fixture(scope="module")
def lesson():
    return run_lessons("05")


@pytest.fixture
def rng():
    return np.random.default_rng()


def test_the_lesson_defines_the_check(lesson):
    assert callable(lesson["overlap_error"]) and callable(lesson["equivariance_errors"])


@pytest.mark.parametrize("shape", [(2, 5, 22, 22), (3, 4, 7), (1, 1, 6, 9), (8, 8)])
def test_overlap_error_matches_tvlib_on_random_maps(lesson, rng, shape):
    moved, reference = (torch.from_numpy(rng.standard_normal(shape)).float() for _ in range(2))
    height, width = shape[-2:]
    shifts = [(0, 0), (height - 1, width - 1), (0, width - 1), (height - 1, 0)]
    shifts += [tuple(int(v) for v in rng.integers(0, (height, width))) for _ in range(5)]
    for dy, dx in shifts:
        ours = lesson["overlap_error"](moved, reference, dy, dx)
        assert isinstance(ours, float)
        assert ours == pytest.approx(overlap_error(moved, reference, dy, dx), rel=1e-6, abs=1e-12), (dy, dx)


def test_overlap_error_is_zero_for_maps_that_really_moved(lesson, rng):
    reference = torch.from_numpy(rng.standard_normal((2, 3, 12, 12))).float()
    moved = torch.roll(reference, (3, 5), dims=(-2, -1))
    assert lesson["overlap_error"](moved, reference, 3, 5) == 0.0
    assert lesson["overlap_error"](moved, reference, 5, 3) > 0.1


def test_overlap_error_of_blank_maps_is_zero_not_nan(lesson):
    zeros = torch.zeros(1, 2, 5, 5)
    assert lesson["overlap_error"](zeros, zeros, 2, 1) == overlap_error(zeros, zeros, 2, 1) == 0.0


@pytest.mark.parametrize("seed", [1, 2])
def test_equivariance_errors_match_tvlib_on_random_canvases(lesson, rng, seed):
    model = build_model("WolfNet", seed=seed).eval()
    digits = torch.from_numpy(rng.random((3, 1, 28, 28))).float()
    canvases = embed(digits, size=38, top_left=(3, 3))
    shifts = [0, 6, *(int(s) for s in rng.choice(np.arange(1, 6), size=2, replace=False))]
    ours = lesson["equivariance_errors"](model, canvases, shifts)
    assert ours.shape == (len(shifts), 5)
    np.testing.assert_allclose(ours, layer_equivariance_errors(model, canvases, shifts), rtol=1e-6, atol=1e-9)
    assert np.all(ours[:, :4] < 1e-5), "an unpadded conv stack moves with the digit"
    assert np.all(ours[[s % 2 == 0 for s in shifts], 4] < 1e-5)


def test_equivariance_errors_on_noise_everywhere_and_odd_sizes(lesson, rng):
    """Noise over the whole canvas (roll wraps it around: the errors are large, and must still agree)."""
    model = build_model("WolfNet", seed=3).eval()
    canvases = torch.from_numpy(rng.standard_normal((2, 1, 31, 25))).float()
    shifts = [0, 1, 2, 3]  # the pooled maps are 7x4: 3 is the largest shift they allow
    with torch.no_grad():
        assert min(min(m.shape[-2:]) for m in model.features(canvases)) == 4
    ours = lesson["equivariance_errors"](model, canvases, shifts)
    np.testing.assert_allclose(ours, layer_equivariance_errors(model, canvases, shifts), rtol=1e-6, atol=1e-9)


def test_equivariance_errors_on_the_smallest_canvas(lesson, rng):
    """18x18 is the smallest input of WolfNet.features: a 1x1 pooled map, so only the shift 0."""
    model = build_model("WolfNet", seed=4).eval()
    canvases = torch.from_numpy(rng.random((2, 1, 18, 18))).float()
    ours = lesson["equivariance_errors"](model, canvases, [0])
    np.testing.assert_allclose(ours, layer_equivariance_errors(model, canvases, [0]), rtol=1e-6, atol=1e-9)
    assert np.all(ours == 0)


def test_equivariance_errors_with_no_shifts(lesson):
    model = build_model("WolfNet", seed=0).eval()
    canvases = torch.zeros(1, 1, 38, 38)
    assert lesson["equivariance_errors"](model, canvases, []).shape == (0, 5)
    assert layer_equivariance_errors(model, canvases, []).shape == (0, 5)
