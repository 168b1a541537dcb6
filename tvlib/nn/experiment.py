"""The shifted-MNIST experiment's settings, shared by notebook 04, its benchmark and the tests.

Full mode trains on all 60,000 digits with schedules measured to reach the article's figures within a
few minutes on a 2-core CPU (``benchmarks/README.md``). Fast mode (``TVLIB_FAST=1``, CI) runs the same
code on a seeded subset of 3,000 training and 1,000 test digits, for one epoch.
"""

from __future__ import annotations

from dataclasses import replace

from ..core.settings import fast_mode
from .mnist import MNIST, load_mnist
from .train import TrainConfig

__all__ = ["SHIFT_SETS", "ARTICLE_RESULTS", "EXPERIMENT", "FAST_SIZES", "experiment_configs", "experiment_data"]

#: Largest |dy|, |dx| (pixels) of each shifted test set.
SHIFT_SETS: dict[str, tuple[float, float]] = {"clean": (0.0, 0.0), "ShiftMin": (1.0, 1.0), "Shift": (3.0, 4.0)}

#: Test accuracies reported in the source article (100 epochs, Adam 1e-4): clean, ShiftMin, Shift.
ARTICLE_RESULTS: dict[str, tuple[float, float, float]] = {
    "MLP": (0.93, 0.861, 0.449),
    "CNN1": (0.986, 0.919, 0.718),
    "CNN2": (0.989, 0.982, 0.831),
    "CNN2 + augmentation": (0.9933, 0.9918, 0.9839),
}

#: Display name -> (model name in tvlib.models.MODELS, training settings) in full mode.
EXPERIMENT: dict[str, tuple[str, TrainConfig]] = {
    "MLP": ("MLP", TrainConfig(epochs=2)),
    "CNN1": ("CNN1", TrainConfig(epochs=4)),
    "CNN2": ("CNN2", TrainConfig(epochs=4)),
    "CNN2 + augmentation": ("CNN2", TrainConfig(epochs=8, augment=2.8)),
}
#: Training and test digits in fast mode.
FAST_SIZES = (3000, 1000)


def experiment_configs(fast: bool | None = None) -> dict[str, tuple[str, TrainConfig]]:
    """:data:`EXPERIMENT`, with one epoch per model in fast mode (default: ``TVLIB_FAST``)."""
    fast = fast_mode() if fast is None else fast
    return {
        name: (model, replace(config, epochs=1) if fast else config) for name, (model, config) in EXPERIMENT.items()
    }


def experiment_data(fast: bool | None = None) -> MNIST:
    """MNIST as :func:`tvlib.nn.mnist.load_mnist` finds it, cut to :data:`FAST_SIZES` in fast mode."""
    fast = fast_mode() if fast is None else fast
    data = load_mnist()
    return data.subset(*FAST_SIZES) if fast else data
