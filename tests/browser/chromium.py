"""Debian's Chromium for the browser tests: where it is and how to launch it headless on a closed network."""

from __future__ import annotations

import os
from pathlib import Path

#: Playwright's own browser download needs the internet; Debian's package (apt-get install chromium) does not.
CHROMIUM = Path(os.environ.get("TVLIB_CHROMIUM", "/usr/bin/chromium"))
#: Headless, as root, and without the background connections that a closed network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
