"""Rotating batches (tvlib.nn.rotation) and rotation augmentation in training (TrainConfig.rotate, fit, the cache key)."""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, replace

import pytest
import torch

from tvlib.nn import TrainConfig, build_model, cache, fit
from tvlib.nn.rotation import rotate_batch


@pytest.fixture
def generator():
    return torch.Generator().manual_seed(int(torch.randint(0, 2**31, (1,))))


@pytest.mark.parametrize("angle, turns", [(0, 0), (90, 1), (180, 2), (270, 3), (-90, 3), (450, 1), (360, 0), (-720, 0)])
def test_multiples_of_90_degrees_are_exact_quarter_turns(generator, angle, turns):
    images = torch.rand(3, 2, 9, 9, generator=generator)
    assert torch.equal(rotate_batch(images, angle), torch.rot90(images, turns, dims=(-2, -1)))
    assert torch.equal(rotate_batch(images[:, 0], float(angle)), torch.rot90(images[:, 0], turns, dims=(-2, -1)))


def test_the_turn_is_counter_clockwise_as_displayed():
    image = torch.zeros(1, 5, 5)
    image[0, 0, 4] = 1.0  # top right corner
    assert rotate_batch(image, 90)[0, 0, 0] == 1.0  # to the top left
    image = torch.zeros(1, 29, 29)
    image[0, 4, 14] = 1.0  # above the centre (14, 14), by 10 rows
    row, col = divmod(int(rotate_batch(image, 30.0)[0].argmax()), 29)
    assert (row, col) == (14 - round(10 * math.cos(math.pi / 6)), 14 - round(10 * math.sin(math.pi / 6)))


def test_bilinear_turns_agree_with_the_exact_ones_near_90_degrees(generator):
    """Continuity, and the same direction and centre in both paths."""
    images = torch.rand(4, 1, 28, 28, generator=generator)
    for angle in (90, 180, 270):
        for near in (angle - 1e-6, angle + 1e-6):
            torch.testing.assert_close(rotate_batch(images, near), rotate_batch(images, angle), atol=1e-4, rtol=0)


def test_each_image_turns_by_its_own_angle(generator):
    images = torch.rand(5, 1, 12, 12, generator=generator)
    angles = torch.tensor([0.0, 45.0, 90.0, -30.0, 180.0])
    turned = rotate_batch(images, angles)
    for image, angle, result in zip(images, angles, turned):
        torch.testing.assert_close(rotate_batch(image[None], float(angle))[0], result)


def test_other_angles_interpolate_and_lose_the_corners(generator):
    images = torch.rand(2, 1, 28, 28, generator=generator)
    twice = rotate_batch(rotate_batch(images, 45.0), 45.0)
    assert float((twice - torch.rot90(images, 1, dims=(-2, -1))).abs().max()) > 0.1  # not a quarter turn
    assert float(twice[..., :3, :3].abs().max()) == 0.0  # the corners left the frame: zero fill
    inner = (slice(None), slice(None), slice(10, 18), slice(10, 18))
    smooth = torch.ones(1, 1, 28, 28)
    assert float((rotate_batch(smooth, 45.0)[inner] - 1).abs().max()) < 1e-5  # flat inside: nothing lost


def test_shape_dtype_and_gradient_are_kept(generator):
    images = torch.rand(2, 3, 6, 6, generator=generator, dtype=torch.float64, requires_grad=True)
    turned = rotate_batch(images, torch.tensor([30.0, 90.0]))
    assert turned.shape == images.shape and turned.dtype == torch.float64
    turned.sum().backward()
    assert images.grad is not None and images.grad.shape == images.shape


@pytest.mark.parametrize(
    "images, angles, error, name",
    [
        (torch.zeros(2, 1, 6, 8), 30.0, ValueError, "images must be square"),
        (torch.zeros(6, 6), 30.0, ValueError, "images must be 3-D or 4-D"),
        (torch.zeros(2, 6, 6, dtype=torch.long), 30.0, TypeError, "images"),
        (torch.zeros(2, 6, 6), math.nan, ValueError, "angles"),
        (torch.zeros(2, 6, 6), torch.tensor([1.0, math.inf]), ValueError, "angles must be finite"),
        (torch.zeros(2, 6, 6), torch.zeros(3), ValueError, r"angles must be a number or have shape \(2,\)"),
        (torch.zeros(2, 6, 6), torch.tensor([True, False]), TypeError, "angles"),
        (torch.zeros(2, 6, 6), "90", TypeError, "angles"),
    ],
)
def test_bad_input_is_refused_by_name(images, angles, error, name):
    with pytest.raises(error, match=name):
        rotate_batch(images, angles)


# --- rotation augmentation --------------------------------------------------------------------------


def test_train_config_takes_a_rotation_in_degrees():
    assert TrainConfig().rotate == 0.0
    assert TrainConfig(rotate=180).rotate == 180.0
    for wrong in (-1, 181, math.nan):
        with pytest.raises(ValueError, match="rotate"):
            TrainConfig(rotate=wrong)
    with pytest.raises(TypeError, match="rotate"):
        TrainConfig(rotate="all")


def test_fit_turns_the_batches_reproducibly(tiny):
    config = TrainConfig(epochs=1, batch_size=16, rotate=180.0, seed=2)
    models = [build_model("CNN1", seed=2) for _ in range(3)]
    fit(models[0], tiny.train_images, tiny.train_labels, config, progress=False)
    fit(models[1], tiny.train_images, tiny.train_labels, config, progress=False)
    fit(models[2], tiny.train_images, tiny.train_labels, replace(config, rotate=0.0), progress=False)
    weights = [list(model.state_dict().values()) for model in models]
    assert all(torch.equal(p, q) for p, q in zip(weights[0], weights[1]))
    assert not all(torch.equal(p, q) for p, q in zip(weights[0], weights[2]))


def test_fit_draws_the_angles_from_the_seeded_generator(tiny, monkeypatch):
    seen = []
    original = rotate_batch

    def spy(images, angles):
        seen.append(angles.clone())
        return original(images, angles)

    monkeypatch.setattr("tvlib.nn.train.rotate_batch", spy)
    fit(
        build_model("MLP"),
        tiny.train_images,
        tiny.train_labels,
        TrainConfig(epochs=1, batch_size=40, rotate=30.0),
        progress=False,
    )
    angles = torch.cat(seen)
    assert len(seen) == 3 and angles.shape == (120,)
    assert float(angles.abs().max()) <= 30.0 and float(angles.std()) > 5.0


def _key_before_rotate(model_name, data, config):
    """The cache key as it was computed before TrainConfig had a rotate field."""
    settings = {name: value for name, value in asdict(config).items() if name != "rotate"}
    description = {
        "format": cache.CACHE_FORMAT,
        "model": model_name,
        "architecture": repr(build_model(model_name)),
        "config": settings,
        "data": data.fingerprint,
    }
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode()).hexdigest()


def test_cache_keys_without_rotation_are_unchanged(tiny):
    for config in (TrainConfig(), TrainConfig(epochs=8, augment=2.8, seed=2), TrainConfig(rotate=0)):
        assert cache._key("CNN2", tiny, config) == _key_before_rotate("CNN2", tiny, config)
    rotated = TrainConfig(rotate=180.0)
    assert cache._key("CNN2", tiny, rotated) != cache._key("CNN2", tiny, TrainConfig())
    assert cache._key("CNN2", tiny, rotated) != cache._key("CNN2", tiny, TrainConfig(rotate=90.0))
