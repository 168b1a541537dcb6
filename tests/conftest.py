"""Test set-up: a non-interactive matplotlib backend, and full MNIST from ../shared/mnist when present."""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

SHARED_MNIST = Path(__file__).resolve().parents[2] / "shared" / "mnist"
if "TVLIB_DATA" not in os.environ and (SHARED_MNIST / "MNIST" / "raw").is_dir():
    os.environ["TVLIB_DATA"] = str(SHARED_MNIST)
