"""The weight cache (tvlib.nn.cache)."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import re
import stat
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
import torch

from tvlib.nn import (
    CacheWarning,
    TrainConfig,
    cache,
    cache_path,
    predict_proba,
    train_cached,
)


def test_cache_hit_miss_and_corrupt_file(tiny, tmp_path):
    config = TrainConfig(epochs=1, batch_size=32)
    model, info = train_cached("MLP", tiny, config, directory=tmp_path, progress=False)
    assert (
        not info["from_cache"] and info["path"].is_file() and info["path"] == cache_path("MLP", tiny, config, tmp_path)
    )
    assert not list(tmp_path.glob("*.tmp"))  # the temporary file was renamed
    again, info_again = train_cached("MLP", tiny, config, directory=tmp_path, progress=False)
    assert info_again["from_cache"] and info_again["history"] == info["history"]
    torch.testing.assert_close(predict_proba(again, tiny.test_images), predict_proba(model, tiny.test_images))
    # Any change of settings, model or data is a miss.
    assert cache_path("MLP", tiny, TrainConfig(epochs=1, batch_size=32, seed=1), tmp_path) != info["path"]
    assert cache_path("CNN1", tiny, config, tmp_path) != info["path"]
    assert cache_path("MLP", tiny.subset(100, 40), config, tmp_path) != info["path"]
    # A corrupt file is reported and retrained, then valid again.
    info["path"].write_bytes(b"garbage")
    with pytest.warns(CacheWarning, match="unusable"):
        _, retrained = train_cached("MLP", tiny, config, directory=tmp_path, progress=False)
    assert not retrained["from_cache"]
    assert train_cached("MLP", tiny, config, directory=tmp_path, progress=False)[1]["from_cache"]


def test_stale_cache_file_is_not_loaded(tiny, tmp_path):
    config = TrainConfig(epochs=1, batch_size=32)
    _, info = train_cached("MLP", tiny, config, directory=tmp_path, progress=False)
    record = torch.load(info["path"], weights_only=True)
    record["key"] = "0" * 64
    torch.save(record, info["path"])
    with pytest.warns(CacheWarning, match="written for other settings"):
        assert not train_cached("MLP", tiny, config, directory=tmp_path, progress=False)[1]["from_cache"]


CPU = torch.device("cpu")
CONFIG = TrainConfig(epochs=1, batch_size=32)


def _state_dicts_equal(first: torch.nn.Module, second: torch.nn.Module) -> bool:
    one, two = first.state_dict(), second.state_dict()
    return one.keys() == two.keys() and all(torch.equal(one[name], two[name]) for name in one)


def test_partly_loadable_file_is_retrained_from_fresh_weights(tiny, tmp_path):
    _, info = train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False, device=CPU)
    record = torch.load(info["path"], weights_only=True)
    state = record["state_dict"]
    del state[list(state)[-1]]
    for tensor in state.values():
        tensor.fill_(7)
    record["checksum"] = cache._checksum(state)  # intact but incomplete: only the strict load can tell
    torch.save(record, info["path"])
    with pytest.warns(CacheWarning, match="Missing key"):
        retrained, retrained_info = train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False, device=CPU)
    assert not retrained_info["from_cache"]
    scratch, _ = train_cached("MLP", tiny, CONFIG, directory=tmp_path / "scratch", progress=False, device=CPU)
    assert _state_dicts_equal(retrained, scratch)  # trained from the seeded weights, not from the 7s
    loaded, loaded_info = train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False, device=CPU)
    assert loaded_info["from_cache"] and _state_dicts_equal(loaded, scratch)


def _flip_tensor_bytes(path: Path, entry: str = "data/0", start: int = 64, count: int = 8) -> None:
    """Invert ``count`` bytes of the tensor stored as ``<archive>/<entry>`` in a torch zip file, keeping the zip valid."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            content = bytearray(source.read(item))
            if item.filename.endswith(f"/{entry}"):
                content[start : start + count] = bytes(byte ^ 0xFF for byte in content[start : start + count])
            target.writestr(item.filename, bytes(content))
    path.write_bytes(damaged.getvalue())


def test_damaged_weight_bytes_are_detected_and_retrained(tiny, tmp_path):
    model, info = train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False, device=CPU)
    _flip_tensor_bytes(info["path"])
    damaged = torch.load(info["path"], weights_only=True)["state_dict"]  # torch itself notices nothing
    assert any(not torch.equal(damaged[name], tensor) for name, tensor in model.state_dict().items())
    with pytest.warns(CacheWarning, match="checksum"):
        retrained, retrained_info = train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False, device=CPU)
    assert not retrained_info["from_cache"] and _state_dicts_equal(retrained, model)
    assert train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False, device=CPU)[1]["from_cache"]


def test_cache_key_sees_every_pixel(tiny, tmp_path):
    images = tiny.train_images
    one_pixel = images.clone()
    one_pixel[7, 0, 20, 3] += 1 / 255
    variants = {
        "one pixel": replace(tiny, train_images=one_pixel),
        "rolled": replace(tiny, train_images=images.roll(1, dims=3)),
        "mirrored": replace(tiny, train_images=images.flip(3)),
        "test digits rolled": replace(tiny, test_images=tiny.test_images.roll(1, dims=2)),
    }
    path = cache_path("MLP", tiny, CONFIG, tmp_path)
    assert cache_path("MLP", replace(tiny, train_images=images.clone()), CONFIG, tmp_path) == path  # same data
    keys = {name: cache_path("MLP", data, CONFIG, tmp_path) for name, data in variants.items()}
    assert path not in keys.values() and len(set(keys.values())) == len(keys), keys


def test_directory_at_the_cache_path_fails_before_training(tiny, tmp_path, monkeypatch):
    path = cache_path("MLP", tiny, CONFIG, tmp_path)
    path.mkdir()

    def no_training(*args, **kwargs):
        raise AssertionError("trained although the result cannot be saved")

    monkeypatch.setattr(cache, "fit", no_training)
    with pytest.raises(IsADirectoryError, match=re.escape(str(path))):
        train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640)])
def test_cache_files_get_the_usual_permissions(tiny, tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        _, info = train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False, device=CPU)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(info["path"].stat().st_mode) == mode


def _train_in_a_child(pickled_data: bytes, directory: Path, barrier, results) -> None:
    """Runs in a spawned process: wait for the sibling, then train_cached with a training that takes >= 1 s."""
    import tvlib.nn.cache as child_cache

    real_fit = child_cache.fit

    def slow_fit(*args, **kwargs):
        time.sleep(1.0)  # long enough for the sibling to find no cache file without the lock
        return real_fit(*args, **kwargs)

    child_cache.fit = slow_fit
    data = pickle.loads(pickled_data)
    barrier.wait(timeout=120)
    _, info = child_cache.train_cached("MLP", data, CONFIG, directory=directory, progress=False, device=CPU)
    results.put(info["from_cache"])


def test_two_processes_train_one_key_once(tiny, tmp_path):
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    children = [
        context.Process(target=_train_in_a_child, args=(pickle.dumps(tiny), tmp_path, barrier, results))
        for _ in range(2)
    ]
    for child in children:
        child.start()
    try:
        from_cache = sorted(results.get(timeout=300) for _ in children)
    finally:
        for child in children:
            child.join(timeout=60)
    assert from_cache == [False, True]  # one trained, the other waited for the lock and loaded
    assert [child.exitcode for child in children] == [0, 0]
    assert train_cached("MLP", tiny, CONFIG, directory=tmp_path, progress=False)[1]["from_cache"]
