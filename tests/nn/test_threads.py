"""How many threads torch gets (tvlib.nn.threads)."""

from __future__ import annotations

import os

import pytest
import torch

import tvlib.nn.threads as threads


@pytest.fixture(autouse=True)
def restore_threads():
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def test_budget_is_the_affinity_mask_capped_by_the_cgroup_quota(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.0, 0.0))
    cpu_max = tmp_path / "cpu.max"
    monkeypatch.setattr(threads, "_CGROUP_V2", cpu_max)
    cpu_max.write_text("200000 100000\n")  # a quota of 2 CPUs on an 8-CPU mask
    assert threads.cpu_budget() == 2
    cpu_max.write_text("max 100000\n")
    assert threads.cpu_budget() == 8
    cpu_max.write_text("50000 100000\n")  # half a CPU: still one thread
    assert threads.cpu_budget() == 1


def test_busy_cpus_are_not_counted(monkeypatch, tmp_path):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    monkeypatch.setattr(threads, "_CGROUP_V2", tmp_path / "absent")
    for load, expected in [(0.1, 2), (0.6, 1), (1.2, 1), (5.0, 1)]:
        monkeypatch.setattr(os, "getloadavg", lambda load=load: (load, 0.0, 0.0))
        assert threads.cpu_budget() == expected


def test_configure_threads_sets_torch(monkeypatch):
    monkeypatch.delenv("TVLIB_THREADS", raising=False)
    assert threads.configure_threads(1) == 1 and torch.get_num_threads() == 1
    monkeypatch.setenv("TVLIB_THREADS", "1")
    assert threads.configure_threads() == 1
    monkeypatch.setenv("TVLIB_THREADS", "two")
    with pytest.raises(ValueError, match="TVLIB_THREADS must be a whole number"):
        threads.configure_threads()
    with pytest.raises(ValueError, match="threads must be at least 1"):
        threads.configure_threads(0)
