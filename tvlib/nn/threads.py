"""How many CPU threads torch should use: the CPUs this process may really run on, not the host's.

``torch.get_num_threads()`` defaults to the number of cores it sees. In a container or on a classroom
JupyterHub node that is often the *host's* count (64, say) while the process is limited to 2 CPUs by
a cgroup quota or an affinity mask; dozens of OpenMP threads then spin-wait for each other and a
training step gets tens of times slower. The same collapse happens on a shared machine whose CPUs are
busy with other work: two threads that spin-wait for each other while one of them is descheduled are
slower than one (measured here: a CNN epoch took 4 to 10 times longer with 2 threads on 2 busy cores).
:func:`cpu_budget` reads both limits and subtracts the CPUs that other processes keep busy (the load
average), and :func:`configure_threads` gives torch that many threads (or ``TVLIB_THREADS`` if set).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import torch

from ..core._validate import as_int

__all__ = ["cpu_budget", "configure_threads"]

_CGROUP_V2 = Path("/sys/fs/cgroup/cpu.max")
_CGROUP_V1 = (Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us"))


def _cgroup_cpus() -> float | None:
    """CPUs allowed by the cgroup quota (cgroup v2 ``cpu.max`` or v1 ``cfs_quota_us``), None if unlimited."""
    try:
        if _CGROUP_V2.is_file():
            quota, period = _CGROUP_V2.read_text().split()[:2]
            return None if quota == "max" else int(quota) / int(period)
        quota_file, period_file = _CGROUP_V1
        if quota_file.is_file() and period_file.is_file():
            quota = int(quota_file.read_text())
            return None if quota <= 0 else quota / int(period_file.read_text())
    except (OSError, ValueError):
        return None
    return None


def cpu_budget() -> int:
    """The CPUs this process can use: the affinity mask, capped by a cgroup quota, less the busy ones; at least 1.

    "Busy" is the one-minute load average rounded to whole CPUs (where the system reports one), so call
    this before starting heavy work of one's own.

    Examples
    --------
    >>> cpu_budget() >= 1
    True
    """
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = _cgroup_cpus()
    allowed = min(affinity, math.floor(quota) if quota else affinity)
    busy = round(os.getloadavg()[0]) if hasattr(os, "getloadavg") else 0
    return max(1, allowed - busy)


def configure_threads(threads: int | None = None) -> int:
    """Set torch's intra-op threads to ``threads``, else ``TVLIB_THREADS``, else :func:`cpu_budget`; return it.

    Raises
    ------
    TypeError, ValueError
        If ``threads`` (or ``TVLIB_THREADS``) is not a whole number of at least 1.
    """
    if threads is None and os.environ.get("TVLIB_THREADS"):
        try:
            threads = int(os.environ["TVLIB_THREADS"])
        except ValueError:
            raise ValueError(f"TVLIB_THREADS must be a whole number, got {os.environ['TVLIB_THREADS']!r}") from None
    threads = cpu_budget() if threads is None else as_int(threads, "threads", minimum=1, maximum=1024)
    torch.set_num_threads(threads)
    return threads
