"""Run-time settings read from the environment: fast mode, where data and trained weights live.

- ``TVLIB_FAST=1``: notebooks run the same code on less data (``make test`` sets it).
- ``TVLIB_DATA=/path``: a folder that contains ``MNIST/raw/``, used instead of the default.
- ``TVLIB_CACHE=/path``: where trained weights are kept, instead of ``<data root>/cache``.

The default data root is the repository's ``data/`` folder when tvlib runs from a checkout of the
collection (an editable install, as ``make lab`` does), and a per-user cache folder
(``$XDG_CACHE_HOME/tvlib``, else ``~/.cache/tvlib``) when tvlib is installed as a package.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["fast_mode", "data_root", "cache_root", "repository_root"]

_FALSE = ("", "0", "false", "no", "off")


def fast_mode() -> bool:
    """True when ``TVLIB_FAST`` is set to anything but ``""``, ``0``, ``false``, ``no`` or ``off``.

    Examples
    --------
    >>> isinstance(fast_mode(), bool)
    True
    """
    return os.environ.get("TVLIB_FAST", "").strip().lower() not in _FALSE


def repository_root() -> Path | None:
    """The checkout of the collection that this tvlib lives in, or None for an installed package."""
    candidate = Path(__file__).resolve().parents[2]
    if (candidate / "pyproject.toml").is_file() and (candidate / "notebooks").is_dir():
        return candidate
    return None


def data_root() -> Path:
    """``TVLIB_DATA`` if set, else the repository's ``data/``, else the per-user cache folder."""
    if os.environ.get("TVLIB_DATA"):
        return Path(os.environ["TVLIB_DATA"])
    repository = repository_root()
    if repository is not None:
        return repository / "data"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tvlib"


def cache_root() -> Path:
    """``TVLIB_CACHE`` if set, else ``cache/`` inside the repository's ``data/`` or the per-user folder.

    ``TVLIB_DATA`` does not move the cache: it often names a shared, read-only copy of MNIST.
    """
    if os.environ.get("TVLIB_CACHE"):
        return Path(os.environ["TVLIB_CACHE"])
    repository = repository_root()
    if repository is not None:
        return repository / "data" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tvlib" / "cache"
