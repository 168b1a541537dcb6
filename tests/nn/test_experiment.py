"""The shifted-MNIST settings (tvlib.nn.experiment)."""

from __future__ import annotations

import pytest

from tvlib.nn.experiment import EXPERIMENT, FAST_SIZES, experiment_configs, experiment_data


def test_experiment_settings():
    assert set(EXPERIMENT) == {"logistic regression", "MLP", "CNN1", "CNN2", "CNN2 + augmentation"}
    assert EXPERIMENT["CNN2 + augmentation"][1].augment == pytest.approx(2.8)  # +-10 % of 28 px
    assert all(config.epochs == 1 for _, config in experiment_configs(fast=True).values())
    assert experiment_configs(fast=False) == EXPERIMENT


def test_fast_data_holds_out_validation_digits_apart_from_the_test_digits():
    data = experiment_data(fast=True)
    assert (len(data.train_labels), len(data.validation_labels), len(data.test_labels)) == FAST_SIZES
    flat = {tuple(x) for x in data.validation_images.flatten(1).tolist()}
    assert not flat & {tuple(x) for x in data.test_images.flatten(1).tolist()}
