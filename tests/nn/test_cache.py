"""The weight cache (tvlib.nn.cache)."""

from __future__ import annotations

import pytest
import torch

from tvlib.nn import (
    CacheWarning,
    TrainConfig,
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
