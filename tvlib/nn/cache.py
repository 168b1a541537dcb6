r"""Caching trained weights, so that re-running a notebook never retrains.

:func:`train_cached` stores the trained weights under ``data/cache/`` (or ``TVLIB_CACHE``,
:func:`tvlib.core.settings.cache_root`), keyed by a hash of the model, its architecture, the training
settings and a fingerprint of the data. Files are written atomically (temporary file, then rename); a
file that cannot be loaded, or whose key does not match, is reported and retrained, never loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
import warnings
from dataclasses import asdict
from pathlib import Path

import torch
from torch import nn

from ..core.settings import cache_root
from .mnist import MNIST
from .models import build_model
from .train import TrainConfig, fit

__all__ = ["cache_dir", "cache_path", "train_cached", "CacheWarning"]

CACHE_FORMAT = 1


class CacheWarning(UserWarning):
    """A cached weights file was corrupt or stale and is being retrained."""


def cache_dir() -> Path:
    """Where weights are cached: :func:`tvlib.core.settings.cache_root` (``TVLIB_CACHE``, else ``data/cache``)."""
    return cache_root()


def _key(model_name: str, data: MNIST, config: TrainConfig) -> str:
    description = {
        "format": CACHE_FORMAT,
        "model": model_name,
        "architecture": repr(build_model(model_name)),
        "config": asdict(config),
        "data": data.fingerprint,
    }
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode()).hexdigest()


def cache_path(model_name: str, data: MNIST, config: TrainConfig, directory: Path | None = None) -> Path:
    """Where :func:`train_cached` keeps the weights for these settings."""
    return (directory or cache_dir()) / f"{model_name}-{_key(model_name, data, config)[:20]}.pt"


def _load(path: Path, key: str, model: nn.Module) -> dict | None:
    """The cached record if ``path`` holds valid weights for ``key`` (loaded into ``model``), else None."""
    if not path.is_file():
        return None
    try:
        record = torch.load(path, map_location="cpu", weights_only=True)
        if record.get("key") != key:
            raise ValueError("it was written for other settings")
        model.load_state_dict(record["state_dict"])
    except Exception as error:  # unreadable, truncated, foreign or mismatched: retrain, never load
        warnings.warn(
            f"cache file {path} is unusable ({type(error).__name__}: {error}); retraining", CacheWarning, stacklevel=3
        )
        return None
    return record


def train_cached(
    model_name: str,
    data: MNIST,
    config: TrainConfig,
    directory: Path | None = None,
    progress: bool = True,
    device: torch.device | None = None,
) -> tuple[nn.Module, dict]:
    """Train ``model_name`` on ``data``'s training set with ``config``, or load it from the cache.

    Returns
    -------
    model, info
        The model (on the CPU, in eval mode) and ``{"history", "seconds", "from_cache", "path"}``.
    """
    key = _key(model_name, data, config)
    path = cache_path(model_name, data, config, directory)
    model = build_model(model_name, seed=config.seed)
    record = _load(path, key, model)
    if record is not None:
        return model.eval(), {
            "history": record["history"],
            "seconds": record["seconds"],
            "from_cache": True,
            "path": path,
        }
    start = time.perf_counter()
    history = fit(model, data.train_images, data.train_labels, config, device, progress, description=model_name)
    seconds = time.perf_counter() - start
    model.cpu()
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"key": key, "state_dict": model.state_dict(), "history": history, "seconds": seconds}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            torch.save(record, stream)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return model.eval(), {"history": history, "seconds": seconds, "from_cache": False, "path": path}
