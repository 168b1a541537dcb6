"""The MNIST loader: real files, corrupt files, the offline fallback and the data root."""

from __future__ import annotations

import gzip
import os
import struct
from pathlib import Path

import numpy as np
import pytest
import torch

from tvlib.nn.mnist import FILES, MNISTFallbackWarning, MNISTFileError, load_mnist, read_idx


def idx_bytes(array: np.ndarray) -> bytes:
    return (
        bytes([0, 0, 0x08, array.ndim])
        + struct.pack(f">{array.ndim}I", *array.shape)
        + array.astype(np.uint8).tobytes()
    )


def write_mnist(root: Path, train: int = 20, test: int = 10, compress: bool = False) -> Path:
    """A tiny but valid MNIST folder: random digits with labels 0..9 cycling."""
    raw = root / "MNIST" / "raw"
    raw.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for split, count in (("train", train), ("test", test)):
        image_name, label_name = FILES[split]
        for name, array in ((image_name, rng.integers(0, 256, (count, 28, 28))), (label_name, np.arange(count) % 10)):
            data = idx_bytes(array)
            if compress:
                (raw / f"{name}.gz").write_bytes(gzip.compress(data))
            else:
                (raw / name).write_bytes(data)
    return raw


@pytest.mark.parametrize("compress", [False, True])
def test_loads_a_valid_folder_plain_or_gzipped(tmp_path, compress):
    write_mnist(tmp_path, compress=compress)
    data = load_mnist(tmp_path, download=False)
    assert data.full and data.train_images.shape == (20, 1, 28, 28) and data.test_images.shape == (10, 1, 28, 28)
    assert data.train_images.dtype == torch.float32 and 0 <= data.train_images.min() and data.train_images.max() <= 1
    assert data.train_labels.tolist() == [i % 10 for i in range(20)]
    assert "20 training and 10 test digits" in data.describe()


def test_tvlib_data_names_the_root(tmp_path, monkeypatch):
    write_mnist(tmp_path, train=30)
    monkeypatch.setenv("TVLIB_DATA", str(tmp_path))
    assert len(load_mnist(download=False).train_labels) == 30


def test_truncated_file_names_the_file(tmp_path):
    raw = write_mnist(tmp_path)
    path = raw / FILES["train"][0]
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(
        MNISTFileError, match=r"train-images-idx3-ubyte: truncated or corrupt.*15,680 bytes.*holds 15,580"
    ):
        load_mnist(tmp_path, download=False)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not an IDX file"),
        (b"\x00\x00\x0d\x03abcd", "not an IDX file"),
        (b"\x00\x00\x08\x03\x00\x00", "truncated inside its header"),
    ],
)
def test_corrupt_headers(tmp_path, content, message):
    path = tmp_path / "bad-idx"
    path.write_bytes(content)
    with pytest.raises(MNISTFileError, match=f"bad-idx: {message}"):
        read_idx(path)


def test_broken_gzip_names_the_file(tmp_path):
    path = tmp_path / "labels.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.arange(100) % 10))[:-20])
    with pytest.raises(MNISTFileError, match="labels.gz: cannot be read"):
        read_idx(path)


def test_wrong_image_size_is_reported(tmp_path):
    raw = write_mnist(tmp_path)
    (raw / FILES["test"][0]).write_bytes(idx_bytes(np.zeros((10, 14, 14))))
    with pytest.raises(MNISTFileError, match="expected images of 28x28"):
        load_mnist(tmp_path, download=False)


def test_offline_falls_back_to_the_shipped_subset_with_a_warning(tmp_path, monkeypatch):
    import torchvision

    def offline(*args, **kwargs):
        raise OSError("<urlopen error [Errno -2] Name or service not known>")

    monkeypatch.setattr(torchvision.datasets, "MNIST", offline)
    with pytest.warns(MNISTFallbackWarning, match="download failed: OSError"):
        data = load_mnist(tmp_path / "empty")
    assert not data.full and "fallback" in data.describe()
    assert data.train_images.shape == (4000, 1, 28, 28) and data.test_images.shape == (1000, 1, 28, 28)
    assert torch.bincount(data.test_labels).tolist() == [100] * 10  # stratified
    assert data.train_images.mean() > 0.05  # real digits, not zeros


def test_subset_and_fingerprint(tmp_path):
    write_mnist(tmp_path, train=50, test=20)
    data = load_mnist(tmp_path, download=False)
    small = data.subset(10, 5)
    assert len(small.train_labels) == 10 and len(small.test_labels) == 5
    assert torch.equal(small.train_images, data.subset(10, 5).train_images)  # seeded
    assert (
        small.fingerprint != data.fingerprint and data.fingerprint == load_mnist(tmp_path, download=False).fingerprint
    )


@pytest.mark.skipif(
    not (Path(os.environ.get("TVLIB_DATA", "/nonexistent")) / "MNIST" / "raw").is_dir(),
    reason="full MNIST not available (set TVLIB_DATA)",
)
def test_full_mnist_when_available():
    data = load_mnist(download=False)
    assert len(data.train_labels) == 60000 and len(data.test_labels) == 10000
    assert torch.bincount(data.train_labels)[:3].tolist() == [5923, 6742, 5958]
