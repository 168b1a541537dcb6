"""Notebook 07's lesson code (the p4 layers written in plain PyTorch) agrees with tvlib.nn.p4.

The notebook's ``rotate_p4``, ``LiftingConv``, ``GroupConv``, ``pool_rotations``, ``max_pool_p4`` and
``P4CNN`` run alone (``run_lessons``); given tvlib's weights they must give tvlib's outputs on fresh random
inputs, and on the edge cases: negative and large numbers of turns, maps that are not square, 1×1 and
even-sized filters, a single image, the smallest inputs. Their exact equivariance is tested too, so that
both versions cannot drift together into the same mistake.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tests.lessons.notebook import run_lessons
from tvlib.nn import build_model
from tvlib.nn import p4 as tvlib_p4


@pytest.fixture(scope="module")
def lesson():
    return run_lessons("07")


@pytest.fixture
def rng():
    return np.random.default_rng()


def random(rng, *shape, dtype=torch.float32):
    return torch.from_numpy(rng.standard_normal(shape)).to(dtype)


def relative(a, b):
    return float((a - b).norm() / b.norm())


def test_the_lesson_defines_the_layers(lesson):
    for name in ("rotate_p4", "LiftingConv", "GroupConv", "pool_rotations", "max_pool_p4", "P4CNN"):
        assert callable(lesson[name]), name


@pytest.mark.parametrize("shape", [(2, 3, 4, 6, 6), (4, 5, 7), (1, 1, 4, 3, 8), (2, 1, 1, 4, 2, 2)])
def test_rotate_p4_matches_tvlib(lesson, rng, shape):
    maps = random(rng, *shape)
    for turns in (-5, -1, 0, 1, 2, 3, 4, 7, int(rng.integers(-100, 100))):
        assert torch.equal(lesson["rotate_p4"](maps, turns), tvlib_p4.rotate_p4(maps, turns)), turns


@pytest.mark.parametrize(
    "in_channels, out_channels, kernel, size",
    [(1, 3, 5, (28, 28)), (2, 4, 4, (9, 13)), (3, 1, 1, (2, 2)), (1, 2, 3, (3, 3))],
)
def test_lifting_conv_matches_tvlib(lesson, rng, in_channels, out_channels, kernel, size):
    ours, library = (
        lesson["LiftingConv"](in_channels, out_channels, kernel),
        tvlib_p4.LiftingConv(in_channels, out_channels, kernel),
    )
    assert [tuple(p.shape) for p in ours.parameters()] == [tuple(p.shape) for p in library.parameters()]
    ours.load_state_dict(library.state_dict())
    x = random(rng, int(rng.integers(1, 5)), in_channels, *size)
    with torch.no_grad():
        torch.testing.assert_close(ours(x), library(x), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize(
    "in_channels, out_channels, kernel, size",
    [(3, 2, 5, (12, 12)), (1, 4, 4, (7, 10)), (2, 2, 1, (1, 1)), (8, 8, 5, (12, 12))],
)
def test_group_conv_matches_tvlib(lesson, rng, in_channels, out_channels, kernel, size):
    ours, library = (
        lesson["GroupConv"](in_channels, out_channels, kernel),
        tvlib_p4.GroupConv(in_channels, out_channels, kernel),
    )
    ours.load_state_dict(library.state_dict())
    maps = random(rng, int(rng.integers(1, 4)), in_channels, 4, *size)
    with torch.no_grad():
        torch.testing.assert_close(ours(maps), library(maps), rtol=1e-5, atol=1e-5)


def test_the_lesson_layers_are_exactly_equivariant(lesson, rng):
    lift, group = lesson["LiftingConv"](2, 3, 5).double(), lesson["GroupConv"](3, 2, 3).double()
    x = random(rng, 2, 2, 13, 13, dtype=torch.float64)
    rotate = lesson["rotate_p4"]
    with torch.no_grad():
        lifted, out = lift(x), group(lift(x))
        for r in (1, 2, 3):
            turned = torch.rot90(x, r, dims=(-2, -1))
            assert relative(lift(turned), rotate(lifted, r)) < 1e-12
            assert relative(group(lift(turned)), rotate(out, r)) < 1e-12


def test_pooling_matches_tvlib(lesson, rng):
    maps = random(rng, 3, 2, 4, 8, 6)
    torch.testing.assert_close(lesson["pool_rotations"](maps), tvlib_p4.pool_rotations(maps))
    pooled = lesson["max_pool_p4"](maps)
    assert pooled.shape == (3, 2, 4, 4, 3)
    torch.testing.assert_close(pooled, tvlib_p4._max_pool_p4(maps))


def test_the_lesson_model_matches_tvlibs(lesson, rng):
    ours, library = lesson["P4CNN"]().eval(), build_model("P4CNN", seed=int(rng.integers(100))).eval()
    assert sum(p.numel() for p in ours.parameters()) == sum(p.numel() for p in library.parameters()) == 23_362
    ours.load_state_dict(library.state_dict())  # the same names and shapes, layer by layer
    for count in (1, 16):
        digits = torch.from_numpy(rng.random((count, 1, 28, 28))).float()
        with torch.no_grad():
            torch.testing.assert_close(ours(digits), library(digits), rtol=1e-5, atol=1e-5)
            for r in (1, 2, 3):
                turned = torch.rot90(digits, r, dims=(-2, -1))
                torch.testing.assert_close(ours(turned), ours(digits), rtol=1e-4, atol=1e-5)
