"""Models, the trainer, its cache, evaluation on shifted digits and the slider explorer."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from tvlib.evaluate import (SHIFT_SETS, accuracy, accuracy_by_max_shift, accuracy_table, grid_accuracy,
                            predict_proba, shifted_test_sets)
from tvlib.explorer import DigitShiftExplorer
from tvlib.experiment import EXPERIMENT, experiment_configs
from tvlib.mnist import MNIST
from tvlib.models import MODELS, build_model
from tvlib.train import CacheWarning, TrainConfig, cache_path, fit, train_cached


@pytest.fixture(scope="module")
def tiny() -> MNIST:
    """120 training and 40 test 'digits': a bright square whose position encodes the label (learnable)."""
    rng = np.random.default_rng(0)

    def make(count):
        labels = rng.integers(0, 10, count)
        images = rng.integers(0, 40, (count, 28, 28))
        for image, label in zip(images, labels):
            image[4 + 2 * label : 10 + 2 * label, 8:20] = 255
        return images, labels

    return MNIST.from_arrays(make(120), make(40), "synthetic", full=False)


@pytest.mark.parametrize("name", MODELS)
def test_models_map_batches_to_ten_scores(name):
    model = build_model(name).eval()
    assert model(torch.rand(5, 1, 28, 28)).shape == (5, 10)


def test_parameter_counts_follow_the_architectures():
    count = lambda name: sum(p.numel() for p in build_model(name).parameters())  # noqa: E731
    dense = lambda i, o: i * o + o  # noqa: E731
    conv = lambda i, o, k: i * o * k * k + o  # noqa: E731
    assert count("MLP") == dense(784, 100) + dense(100, 100) + dense(100, 10)
    assert count("CNN1") == conv(1, 20, 5) + dense(20 * 12 * 12, 100) + dense(100, 10)
    assert count("CNN2") == conv(1, 20, 5) + conv(20, 40, 5) + dense(40 * 4 * 4, 100) + dense(100, 10)
    assert count("PixelwiseMLP") == conv(1, 100, 1) + conv(100, 100, 1) + dense(78400, 10)


def test_pixelwise_mlp_is_additive_over_pixels():
    """The article's Keras MLP: changing pixel p changes the scores by an amount independent of all other pixels."""
    model = build_model("PixelwiseMLP").eval()
    a, b = torch.rand(2, 1, 1, 28, 28)
    with torch.no_grad():
        effect_a = model(a.clone().index_put_((torch.tensor([0]), torch.tensor([0]), torch.tensor([5]), torch.tensor([7])), torch.tensor(1.0))) - model(a)
        b_changed = b.clone()
        b_changed[0, 0, 5, 7] = 1.0
        b_base = b.clone()
        b_base[0, 0, 5, 7] = a[0, 0, 5, 7]
        effect_b = model(b_changed) - model(b_base)
    torch.testing.assert_close(effect_a, effect_b, atol=1e-5, rtol=1e-4)
    # A real MLP has interactions between pixels.
    mlp = build_model("MLP").eval()
    with torch.no_grad():
        x, y = torch.zeros(1, 1, 28, 28), torch.rand(1, 1, 28, 28)
        bump = torch.zeros(1, 1, 28, 28)
        bump[0, 0, 5, 7] = 1.0
        assert not torch.allclose(mlp(x + bump) - mlp(x), mlp(y + bump) - mlp(y), atol=1e-4)


def test_build_model_is_seeded_and_checks_the_name():
    first, second = build_model("CNN1", seed=3), build_model("CNN1", seed=3)
    assert all(torch.equal(p, q) for p, q in zip(first.parameters(), second.parameters()))
    assert not torch.equal(next(build_model("CNN1", seed=4).parameters()), next(first.parameters()))
    with pytest.raises(ValueError, match="name must be one of"):
        build_model("ResNet")


def test_training_learns_and_is_deterministic(tiny):
    config = TrainConfig(epochs=3, batch_size=16, max_lr=1e-2, augment=1.0, seed=1)
    models = [build_model("CNN1", seed=1) for _ in range(2)]
    histories = [fit(model, tiny.train_images, tiny.train_labels, config, progress=False) for model in models]
    assert histories[0][-1]["loss"] < histories[0][0]["loss"]
    assert [h["loss"] for h in histories[0]] == [h["loss"] for h in histories[1]]
    assert all(torch.equal(p, q) for p, q in zip(models[0].state_dict().values(), models[1].state_dict().values()))
    assert accuracy(models[0], tiny.test_images, tiny.test_labels) > 0.5


def test_bad_training_input(tiny):
    with pytest.raises(ValueError, match="epochs and batch_size"):
        TrainConfig(epochs=0)
    with pytest.raises(ValueError, match="max_lr must be positive"):
        TrainConfig(max_lr=0)
    with pytest.raises(ValueError, match="need images"):
        fit(build_model("MLP"), tiny.train_images[:, 0], tiny.train_labels, TrainConfig(), progress=False)


def test_cache_hit_miss_and_corrupt_file(tiny, tmp_path):
    config = TrainConfig(epochs=1, batch_size=32)
    model, info = train_cached("MLP", tiny, config, directory=tmp_path, progress=False)
    assert not info["from_cache"] and info["path"].is_file() and info["path"] == cache_path("MLP", tiny, config, tmp_path)
    assert not list(tmp_path.glob("*.tmp"))  # the temporary file was renamed
    again, info_again = train_cached("MLP", tiny, config, directory=tmp_path, progress=False)
    assert info_again["from_cache"] and info_again["history"] == info["history"]
    torch.testing.assert_close(predict_proba(again, tiny.test_images), predict_proba(model, tiny.test_images))
    # Any change of settings, model or data is a miss.
    assert cache_path("MLP", tiny, TrainConfig(epochs=1, batch_size=32, seed=1), tmp_path) != info["path"]
    assert cache_path("CNN1", tiny, config, tmp_path) != info["path"]
    assert cache_path("MLP", tiny.subset(100, 40), config, tmp_path) != info["path"]
    # A corrupt file is reported and retrained, then valid again.
    info["path"].write_bytes(b"garbage")
    with pytest.warns(CacheWarning, match="unusable"):
        _, retrained = train_cached("MLP", tiny, config, directory=tmp_path, progress=False)
    assert not retrained["from_cache"]
    assert train_cached("MLP", tiny, config, directory=tmp_path, progress=False)[1]["from_cache"]


def test_stale_cache_file_is_not_loaded(tiny, tmp_path):
    config = TrainConfig(epochs=1, batch_size=32)
    _, info = train_cached("MLP", tiny, config, directory=tmp_path, progress=False)
    record = torch.load(info["path"], weights_only=True)
    record["key"] = "0" * 64
    torch.save(record, info["path"])
    with pytest.warns(CacheWarning, match="written for other settings"):
        assert not train_cached("MLP", tiny, config, directory=tmp_path, progress=False)[1]["from_cache"]


def test_experiment_settings():
    assert set(EXPERIMENT) == {"MLP", "CNN1", "CNN2", "CNN2 + augmentation"}
    assert EXPERIMENT["CNN2 + augmentation"][1].augment == pytest.approx(2.8)  # +-10 % of 28 px
    assert all(config.epochs == 1 for _, config in experiment_configs(fast=True).values())
    assert experiment_configs(fast=False) == EXPERIMENT


class ConstantModel(nn.Module):
    def __init__(self, label: int):
        super().__init__()
        self.label = label
        self.dummy = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return torch.nn.functional.one_hot(torch.full((len(x),), self.label), 10).float() + 0 * self.dummy


def test_shifted_sets_and_accuracies(tiny):
    sets = shifted_test_sets(tiny.test_images, seed=0)
    assert list(sets) == list(SHIFT_SETS) and torch.equal(sets["clean"], tiny.test_images)
    torch.testing.assert_close(sets["Shift"], shifted_test_sets(tiny.test_images, seed=0)["Shift"])
    change = {name: float((images - tiny.test_images).abs().mean()) for name, images in sets.items()}
    assert change["clean"] == 0 < change["ShiftMin"] < change["Shift"]
    constant = ConstantModel(3)
    expected = float((tiny.test_labels == 3).float().mean())
    assert accuracy_table({"constant": constant}, tiny.test_images, tiny.test_labels)["constant"] == (expected,) * 3
    assert accuracy_by_max_shift(constant, tiny.test_images, tiny.test_labels, [0, 2, 5]).tolist() == [expected] * 3
    grid = grid_accuracy(constant, tiny.test_images, tiny.test_labels, max_shift=2, progress=False)
    assert grid.shape == (5, 5) and np.all(grid == expected)


def test_grid_centre_is_the_clean_accuracy(tiny):
    model = build_model("CNN1").eval()
    grid = grid_accuracy(model, tiny.test_images, tiny.test_labels, max_shift=1, progress=False)
    assert grid[1, 1] == pytest.approx(accuracy(model, tiny.test_images, tiny.test_labels))


def test_explorer_updates_the_image_and_reports(tiny):
    models = {"MLP": build_model("MLP"), "CNN1": build_model("CNN1")}
    explorer = DigitShiftExplorer(models, tiny.test_images, tiny.test_labels)
    digit, probabilities = explorer.probabilities(0, 2, -3)
    torch.testing.assert_close(torch.from_numpy(digit), torch.roll(tiny.test_images[0, 0], (2, -3), (0, 1))
                               * _inside(2, -3), atol=1e-5, rtol=0)
    assert all(abs(p.sum() - 1) < 1e-5 for p in probabilities.values())
    status = explorer.update(0, 0, 0)
    first = explorer.image.value
    assert first[:4] == b"\x89PNG" and status.startswith(f"digit 0 (label {int(tiny.test_labels[0])})")
    explorer.update(0, 4, 4)
    assert explorer.image.value != first
    panel = explorer.widget(index=1, dy=1, dx=2)
    assert "shifted by (1, 2)" in panel.children[1].value
    panel.children[0].children[2].value = -3  # move the dx slider
    assert "shifted by (1, -3)" in panel.children[1].value
    with pytest.raises(ValueError, match="index must be in"):
        explorer.probabilities(len(tiny.test_labels), 0, 0)


def _inside(dy: int, dx: int) -> torch.Tensor:
    mask = torch.zeros(28, 28)
    mask[max(dy, 0) : 28 + min(dy, 0), max(dx, 0) : 28 + min(dx, 0)] = 1
    return mask
