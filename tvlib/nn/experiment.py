"""The shifted-MNIST experiment's settings, shared by notebook 04, its benchmark and the tests.

Full mode holds out :data:`VALIDATION_SIZE` = 5,000 of the 60,000 training digits and trains on the
other 55,000. The settings in :data:`EXPERIMENT` (epochs and peak learning rate per model) were chosen
on those validation digits by ``benchmarks/select_settings.py``: the cheapest setting whose validation
accuracy is within noise of the best (``benchmarks/README.md`` lists every candidate). The test digits
play no part in the choice; they are used once, for the final numbers. Augmentation is the article's
(±10 % of the image, 2.8 px), not tuned.

Fast mode (``TVLIB_FAST=1``, CI) runs the same code on a seeded subset of 3,000 training, 500
validation and 1,000 test digits, for one epoch.
"""

from __future__ import annotations

from dataclasses import replace

from ..core._validate import as_bool
from ..core.settings import fast_mode
from .mnist import MNIST, load_mnist
from .train import TrainConfig

__all__ = [
    "SHIFT_SETS",
    "ARTICLE_RESULTS",
    "EXPERIMENT",
    "VALIDATION_SIZE",
    "FAST_SIZES",
    "experiment_configs",
    "experiment_data",
]

#: Largest |dy|, |dx| (pixels) of each shifted test set.
SHIFT_SETS: dict[str, tuple[float, float]] = {"clean": (0.0, 0.0), "ShiftMin": (1.0, 1.0), "Shift": (3.0, 4.0)}

#: Test accuracies reported in the source article (100 epochs, Adam 1e-4): clean, ShiftMin, Shift.
ARTICLE_RESULTS: dict[str, tuple[float, float, float]] = {
    "MLP": (0.93, 0.861, 0.449),
    "CNN1": (0.986, 0.919, 0.718),
    "CNN2": (0.989, 0.982, 0.831),
    "CNN2 + augmentation": (0.9933, 0.9918, 0.9839),
}

#: Display name -> (model name in tvlib.nn.models.MODELS, training settings) in full mode, as chosen on
#: the validation digits by benchmarks/select_settings.py (batch 128 throughout).
EXPERIMENT: dict[str, tuple[str, TrainConfig]] = {
    "logistic regression": ("LogisticRegression", TrainConfig(epochs=2, max_lr=1e-2)),
    "MLP": ("MLP", TrainConfig(epochs=3, max_lr=3e-3)),
    "CNN1": ("CNN1", TrainConfig(epochs=3, max_lr=3e-3)),
    "CNN2": ("CNN2", TrainConfig(epochs=3, max_lr=3e-3)),
    "CNN2 + augmentation": ("CNN2", TrainConfig(epochs=8, max_lr=3e-3, augment=2.8)),
}
#: Training digits held out for choosing settings (full MNIST).
VALIDATION_SIZE = 5000
#: Training, validation and test digits in fast mode.
FAST_SIZES = (3000, 500, 1000)


def experiment_configs(fast: bool | None = None) -> dict[str, tuple[str, TrainConfig]]:
    """:data:`EXPERIMENT`, with one epoch per model in fast mode (default: ``TVLIB_FAST``).

    Raises
    ------
    TypeError
        If ``fast`` is neither None nor a bool (``"no"`` is not False).
    """
    fast = fast_mode() if fast is None else as_bool(fast, "fast")
    return {
        name: (model, replace(config, epochs=1) if fast else config) for name, (model, config) in EXPERIMENT.items()
    }


def experiment_data(fast: bool | None = None) -> MNIST:
    """MNIST as :func:`tvlib.nn.mnist.load_mnist` finds it, with validation digits held out of the training set.

    Full data: :data:`VALIDATION_SIZE` validation digits. Fast mode: cut to :data:`FAST_SIZES`. The
    offline fallback (4,000 training digits): an eighth of them.

    Raises
    ------
    TypeError
        If ``fast`` is neither None nor a bool.
    """
    fast = fast_mode() if fast is None else as_bool(fast, "fast")
    data = load_mnist()
    if fast:
        train, validation, test = FAST_SIZES
        return data.subset(train + validation, test).hold_out(validation)
    return data.hold_out(VALIDATION_SIZE if data.full else len(data.train_labels) // 8)
