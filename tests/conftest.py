"""Test set-up: a non-interactive matplotlib backend, full MNIST from ../shared/mnist when present, and a
tiny learnable synthetic MNIST for the nn and viz tests."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "mnist"
if "TVLIB_DATA" not in os.environ and (SHARED_MNIST / "MNIST" / "raw").is_dir():
    os.environ["TVLIB_DATA"] = str(SHARED_MNIST)


@pytest.fixture(scope="session")
def tiny():
    """120 training and 40 test 'digits': a bright square whose position encodes the label (learnable)."""
    from tvlib.nn.mnist import MNIST

    rng = np.random.default_rng(0)

    def make(count):
        labels = rng.integers(0, 10, count)
        images = rng.integers(0, 40, (count, 28, 28))
        for image, label in zip(images, labels):
            image[4 + 2 * label : 10 + 2 * label, 8:20] = 255
        return images, labels

    return MNIST.from_arrays(make(120), make(40), "synthetic", full=False)
