"""Run-time settings read from the environment: fast mode for CI and where MNIST lives.

- ``TVLIB_FAST=1``: notebooks run the same code on less data (``make test`` sets it).
- ``TVLIB_DATA=/path``: a folder that contains ``MNIST/raw/``, used instead of ``data/``.
"""

from __future__ import annotations

import os

__all__ = ["fast_mode"]


def fast_mode() -> bool:
    """True when ``TVLIB_FAST`` is set to anything but ``""``, ``0``, ``false`` or ``no``."""
    return os.environ.get("TVLIB_FAST", "").strip().lower() not in ("", "0", "false", "no")
