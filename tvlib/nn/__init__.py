"""tvlib's torch layer: batch shifts, anti-aliased pooling, models, training, evaluation and MNIST.

Needs PyTorch (``pip install "tvlib[nn]"``). Imports the core layer, never :mod:`tvlib.viz`.

- :mod:`~tvlib.nn.batch_shift`: sub-pixel shifts of whole batches (test sets, augmentation).
- :mod:`~tvlib.nn.blurpool`: the MaxBlurPool layer.
- :mod:`~tvlib.nn.models`: MLP, CNN1, CNN2 and the variants of notebooks 05 and 06.
- :mod:`~tvlib.nn.train`: the training loop; :mod:`~tvlib.nn.cache`: trained weights on disk.
- :mod:`~tvlib.nn.evaluate`: accuracy on clean and shifted digits; :mod:`~tvlib.nn.consistency`:
  shift consistency and one-pixel flips; :mod:`~tvlib.nn.feature_maps`: feature maps that move.
- :mod:`~tvlib.nn.mnist`: loading MNIST; :mod:`~tvlib.nn.experiment`: the shifted-MNIST settings.
- :mod:`~tvlib.nn.threads`: as many torch threads as the CPUs this process may really use.
- :mod:`~tvlib.nn.position`: the border as a position cue (zero against circular padding).
- :mod:`~tvlib.nn.rotation`: turning whole batches; :mod:`~tvlib.nn.p4`: layers equivariant to quarter turns.
"""

try:
    import torch  # noqa: F401
except ImportError as error:  # pragma: no cover - exercised by the wheel-install test
    raise ImportError(
        'tvlib.nn needs PyTorch, which is not installed: pip install "tvlib[nn]" (or pip install torch torchvision)'
    ) from error

from .batch_shift import random_offsets, shift_batch
from .blurpool import MaxBlurPool2d
from .cache import CacheWarning, cache_path, train_cached
from .evaluate import accuracy, accuracy_by_max_shift, accuracy_table, grid_accuracy, predict_proba, shifted_test_sets
from .experiment import ARTICLE_RESULTS, SHIFT_SETS, experiment_configs, experiment_data
from .mnist import MNIST, MNISTFallbackWarning, MNISTFileError, load_mnist
from .models import MODELS, build_model
from .threads import configure_threads, cpu_budget
from .train import TrainConfig, fit, pick_device

__all__ = [
    "ARTICLE_RESULTS",
    "MNIST",
    "MODELS",
    "SHIFT_SETS",
    "CacheWarning",
    "MNISTFallbackWarning",
    "MNISTFileError",
    "MaxBlurPool2d",
    "TrainConfig",
    "accuracy",
    "accuracy_by_max_shift",
    "accuracy_table",
    "build_model",
    "cache_path",
    "configure_threads",
    "cpu_budget",
    "experiment_configs",
    "experiment_data",
    "fit",
    "grid_accuracy",
    "load_mnist",
    "pick_device",
    "predict_proba",
    "random_offsets",
    "shift_batch",
    "shifted_test_sets",
    "train_cached",
]
