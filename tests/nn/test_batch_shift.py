"""Shifting whole torch batches (tvlib.nn.batch_shift)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import tvlib
import tvlib.nn


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
    torch.testing.assert_close(
        tvlib.nn.shift_batch(batch, dy, dx), roll_with_zero_fill(batch, dy, dx), atol=1e-5, rtol=0
    )


def test_batch_zero_shift_is_identity_and_shapes_are_kept():
    batch = torch.rand(4, 3, 9, 11)
    out = tvlib.nn.shift_batch(batch, torch.zeros(4), 0.0)
    assert out.shape == batch.shape and out.dtype == batch.dtype
    torch.testing.assert_close(out, batch, atol=1e-6, rtol=0)


def test_batch_shift_gives_each_image_its_own_offset_and_matches_translate():
    rng = np.random.default_rng(3)
    images_ = rng.uniform(size=(6, 13, 10))
    dy = rng.uniform(-3, 3, size=6)
    dx = rng.uniform(-3, 3, size=6)
    out = tvlib.nn.shift_batch(torch.from_numpy(images_), torch.from_numpy(dy), torch.from_numpy(dx)).numpy()
    for n in range(6):
        np.testing.assert_allclose(out[n], tvlib.translate(images_[n], dy[n], dx[n]), atol=1e-9)


def test_random_offsets_are_seeded_and_bounded():
    a = tvlib.nn.random_offsets(1000, 3, 4, torch.Generator().manual_seed(7))
    b = tvlib.nn.random_offsets(1000, 3, 4, torch.Generator().manual_seed(7))
    torch.testing.assert_close(a, b)
    assert a[0].abs().max() <= 3 and a[1].abs().max() <= 4
    assert a[0].abs().max() > 2.9 and a[1].abs().max() > 3.9  # the whole range is used


def test_integer_offsets_are_whole_numbers_covering_the_range():
    dy, dx = tvlib.nn.random_offsets(5000, 3, 4, torch.Generator().manual_seed(0), integer=True)
    assert set(dy.tolist()) == {float(v) for v in range(-3, 4)} and set(dx.tolist()) == {float(v) for v in range(-4, 5)}
    batch = torch.rand(6, 28, 28, generator=torch.Generator().manual_seed(1))
    shifted = tvlib.nn.shift_batch(batch, dy[:6], dx[:6])
    for image, moved, y, x in zip(batch, shifted, dy[:6].int().tolist(), dx[:6].int().tolist()):
        np.testing.assert_allclose(moved.numpy(), tvlib.shift(image.numpy(), y, x), atol=1e-5)
    with pytest.raises(TypeError, match="integer must be True or False"):
        tvlib.nn.random_offsets(3, 1, 1, integer="yes")
