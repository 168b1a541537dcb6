r"""Caching trained weights, so that re-running a notebook never retrains.

:func:`train_cached` stores the trained weights under ``data/cache/`` (or ``TVLIB_CACHE``,
:func:`tvlib.core.settings.cache_root`), keyed by a hash of the model, its architecture, the training
settings and a fingerprint of the data (:attr:`tvlib.nn.mnist.MNIST.fingerprint`, a hash of every pixel).

A cache file is a record ``{"key", "state_dict", "checksum", "history", "seconds"}``; ``checksum`` is a
sha256 over every tensor's name, dtype, shape and bytes (``_checksum``). A file is used only if it
loads, its key matches, its checksum matches and its weights fit the model exactly; anything else
(unreadable, truncated, damaged bytes, stale, foreign) is reported with a :class:`CacheWarning` and the
model is retrained from freshly seeded weights, never from a partly loaded one.

Files are written atomically (temporary file, then rename) with the usual permissions (``0o666`` minus the
umask). Training one key is guarded by a lock file next to the cache file (``<name>.pt.lock``,
:mod:`filelock`), so that two processes asking for the same model train it once: the second waits, then
loads what the first saved.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import torch
from filelock import FileLock, Timeout
from torch import nn

from ..core._validate import as_bool, as_choice, as_path
from ..core.settings import cache_root
from ._checks import as_device
from .mnist import MNIST
from .models import MODELS, build_model
from .train import TrainConfig, fit

__all__ = ["cache_path", "train_cached", "CacheWarning"]

CACHE_FORMAT = 2  # 2: records carry a checksum of the weights; keys hash every pixel of the data

_RECORD_FIELDS = frozenset({"key", "state_dict", "checksum", "history", "seconds"})


class CacheWarning(UserWarning):
    """A cached weights file was corrupt or stale and is being retrained."""


class _UnusableCacheFile(Exception):
    """A cache file exists but must not be loaded (the message says why)."""


def _key(model_name: str, data: MNIST, config: TrainConfig) -> str:
    settings = asdict(config)
    if settings["rotate"] == 0:  # added later: without rotation, the keys (and cached weights) stay as before
        del settings["rotate"]
    description = {
        "format": CACHE_FORMAT,
        "model": model_name,
        "architecture": repr(build_model(model_name)),
        "config": settings,
        "data": data.fingerprint,
    }
    return hashlib.sha256(json.dumps(description, sort_keys=True).encode()).hexdigest()


def _check(model_name: object, data: object, config: object, directory: object) -> Path:
    """Check the arguments shared by :func:`cache_path` and :func:`train_cached`; return the cache folder."""
    as_choice(model_name, "model_name", tuple(MODELS))
    if not isinstance(data, MNIST):
        raise TypeError(f"data must be an MNIST (tvlib.nn.load_mnist), got {type(data).__name__}")
    if not isinstance(config, TrainConfig):
        raise TypeError(f"config must be a TrainConfig, got {type(config).__name__}")
    return cache_root() if directory is None else as_path(directory, "directory")


def cache_path(model_name: str, data: MNIST, config: TrainConfig, directory: str | Path | None = None) -> Path:
    """Where :func:`train_cached` keeps the weights for these settings.

    Raises
    ------
    TypeError, ValueError
        If ``model_name`` is not a model of :data:`tvlib.nn.models.MODELS`, ``data`` not an MNIST,
        ``config`` not a TrainConfig or ``directory`` not a path.
    """
    folder = _check(model_name, data, config, directory)
    return folder / f"{model_name}-{_key(model_name, data, config)[:20]}.pt"


def _checksum(state_dict: Mapping[str, torch.Tensor]) -> str:
    """sha256 over the tensors in name order: for each, a JSON line ``[name, dtype, shape]``, then its bytes."""
    digest = hashlib.sha256()
    for name in sorted(state_dict):
        tensor = state_dict[name].detach().cpu().contiguous()
        digest.update((json.dumps([name, str(tensor.dtype), list(tensor.shape)]) + "\n").encode())
        digest.update(tensor.reshape(-1).view(torch.uint8).numpy())
    return digest.hexdigest()


def _load(path: Path, key: str, model_name: str) -> tuple[nn.Module, dict] | None:
    """A new model holding the weights cached at ``path``, and the record; None if there is no file.

    Raises
    ------
    _UnusableCacheFile
        If the file exists but is unreadable, not a record, written for another key, damaged (checksum)
        or does not fit the model exactly (strict loading). The model it was loaded into is discarded.
    """
    if not path.exists():
        return None
    try:
        record = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(record, dict) or not _RECORD_FIELDS <= record.keys():
            raise ValueError(f"it is not a weights record with fields {sorted(_RECORD_FIELDS)}")
        if record["key"] != key:
            raise ValueError("it was written for other settings")
        if record["checksum"] != _checksum(record["state_dict"]):
            raise ValueError("its weights do not match their checksum (damaged file)")
        model = build_model(model_name)
        model.load_state_dict(record["state_dict"])  # strict: every tensor present, every shape right
    except Exception as error:  # unreadable, truncated, damaged, foreign or mismatched: retrain, never load
        raise _UnusableCacheFile(f"{type(error).__name__}: {error}") from error
    return model, record


def _save(path: Path, record: dict) -> None:
    """Write ``record`` to ``path`` atomically, with mode ``0o666`` minus the umask (as ``open`` creates)."""
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(8)}.tmp")
    stream = open(temporary, "xb")  # "x": fail rather than overwrite; the file gets 0o666 minus the umask
    try:
        with stream:
            torch.save(record, stream)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def _lock(path: Path, progress: bool) -> Iterator[None]:
    """Hold the lock file ``<path>.lock``, waiting (with a message) while another process holds it."""
    lock = FileLock(path.with_name(f"{path.name}.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if progress:
            print(f"waiting for another process that is training {path.name} ...", file=sys.stderr)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _train_and_save(
    model_name: str,
    data: MNIST,
    config: TrainConfig,
    path: Path,
    key: str,
    device: torch.device | None,
    progress: bool,
) -> tuple[nn.Module, dict]:
    """Train from the fresh weights ``build_model(model_name, seed=config.seed)`` and cache the result."""
    model = build_model(model_name, seed=config.seed)
    start = time.perf_counter()
    history = fit(model, data.train_images, data.train_labels, config, device, progress, description=model_name)
    seconds = time.perf_counter() - start
    state_dict = model.cpu().state_dict()
    checksum = _checksum(state_dict)
    _save(path, {"key": key, "state_dict": state_dict, "checksum": checksum, "history": history, "seconds": seconds})
    return model.eval(), {"history": history, "seconds": seconds, "from_cache": False, "path": path}


def train_cached(
    model_name: str,
    data: MNIST,
    config: TrainConfig,
    directory: str | Path | None = None,
    progress: bool = True,
    device: torch.device | None = None,
) -> tuple[nn.Module, dict]:
    """Train ``model_name`` on ``data``'s training set with ``config``, or load it from the cache.

    A valid cache file is loaded without locking (files are replaced atomically, so a read-only cache
    works). Otherwise the lock ``<file>.lock`` is taken and the file checked again (another process may
    have just trained it); if it is still missing or unusable (reported with a :class:`CacheWarning`),
    the model is trained from the fresh weights ``build_model(model_name, seed=config.seed)`` and saved.

    Returns
    -------
    model, info
        The model (on the CPU, in eval mode) and ``{"history", "seconds", "from_cache", "path"}``.

    Raises
    ------
    TypeError, ValueError
        For bad arguments (as :func:`cache_path`; ``progress`` must be a bool, ``device`` available).
    IsADirectoryError
        If the cache path is a directory (checked before training, not after).
    """
    _check(model_name, data, config, directory)
    progress = as_bool(progress, "progress")
    device = as_device(device, "device")
    key = _key(model_name, data, config)
    path = cache_path(model_name, data, config, directory)
    if path.is_dir():
        raise IsADirectoryError(
            f"the cache path {path} is a directory, not a weights file: remove it, or choose another "
            "cache directory (directory= or TVLIB_CACHE)"
        )
    try:
        hit = _load(path, key, model_name)
    except _UnusableCacheFile:
        hit = None  # reported below, under the lock, if it is still unusable then
    if hit is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _lock(path, progress):
            try:
                hit = _load(path, key, model_name)
            except _UnusableCacheFile as error:
                message = f"cache file {path} is unusable ({error}); retraining from fresh weights"
                warnings.warn(message, CacheWarning, stacklevel=2)
            if hit is None:
                return _train_and_save(model_name, data, config, path, key, device, progress)
    model, record = hit
    return model.eval(), {"history": record["history"], "seconds": record["seconds"], "from_cache": True, "path": path}
