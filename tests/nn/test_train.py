"""The training loop (tvlib.nn.train)."""

from __future__ import annotations

import pytest
import torch

from tvlib.nn import (
    TrainConfig,
    accuracy,
    fit,
)
from tvlib.nn.models import build_model


def test_training_learns_and_is_deterministic(tiny):
    config = TrainConfig(epochs=3, batch_size=16, max_lr=1e-2, augment=1.0, seed=1)
    models = [build_model("CNN1", seed=1) for _ in range(2)]
    histories = [fit(model, tiny.train_images, tiny.train_labels, config, progress=False) for model in models]
    assert histories[0][-1]["loss"] < histories[0][0]["loss"]
    assert [h["loss"] for h in histories[0]] == [h["loss"] for h in histories[1]]
    assert all(torch.equal(p, q) for p, q in zip(models[0].state_dict().values(), models[1].state_dict().values()))
    assert accuracy(models[0], tiny.test_images, tiny.test_labels) > 0.5


def test_bad_training_input(tiny):
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        TrainConfig(epochs=0)
    with pytest.raises(ValueError, match="max_lr must be greater than 0"):
        TrainConfig(max_lr=0)
    with pytest.raises(ValueError, match=r"images must be 4-D"):
        fit(build_model("MLP"), tiny.train_images[:, 0], tiny.train_labels, TrainConfig(), progress=False)
