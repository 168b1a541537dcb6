"""The shifted-MNIST settings (tvlib.nn.experiment)."""

from __future__ import annotations

import pytest

from tvlib.nn.experiment import EXPERIMENT, experiment_configs


def test_experiment_settings():
    assert set(EXPERIMENT) == {"MLP", "CNN1", "CNN2", "CNN2 + augmentation"}
    assert EXPERIMENT["CNN2 + augmentation"][1].augment == pytest.approx(2.8)  # +-10 % of 28 px
    assert all(config.epochs == 1 for _, config in experiment_configs(fast=True).values())
    assert experiment_configs(fast=False) == EXPERIMENT
