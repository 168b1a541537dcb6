"""Benchmark: tvlib's correlation and max pooling against the article's loop, scipy, OpenCV and torch.

Run with ``make benchmark`` (or ``python benchmarks/bench_ops.py [--sizes 256 512]``). Prints a
Markdown table of wall-clock milliseconds per call (median of timeit blocks), float64 images, a 3×3 kernel
(zero padding, ``same`` output) and 2×2 max pooling with stride 2. The last column is tvlib's time
divided by the fastest library's (the target is at most 2).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import timeit
from collections.abc import Callable

import cv2
import numpy as np
import scipy.signal
import torch
import torch.nn.functional as F

import tvlib


def median_ms(run: Callable[[], object], repeats: int = 7) -> float:
    """Median over ``repeats`` timeit blocks of the milliseconds per call (each block lasts >= 0.2 s)."""
    timer = timeit.Timer(run)
    number, _ = timer.autorange()
    return 1000 * statistics.median(timer.repeat(repeat=repeats, number=number)) / number


def correlation_candidates(image: np.ndarray, kernel: np.ndarray, with_loop: bool) -> dict[str, Callable[[], object]]:
    x = torch.from_numpy(image)[None, None]
    k = torch.from_numpy(kernel)[None, None]
    candidates = {
        "tvlib.correlate2d": lambda: tvlib.correlate2d(image, kernel),
        "scipy.signal.correlate2d": lambda: scipy.signal.correlate2d(image, kernel, mode="same"),
        "cv2.filter2D": lambda: cv2.filter2D(image, cv2.CV_64F, kernel, borderType=cv2.BORDER_CONSTANT),
        "torch conv2d": lambda: F.conv2d(x, k, padding=1),
    }
    if with_loop:
        candidates["article-style double loop"] = lambda: tvlib.correlate2d_loop(image, kernel)
    return candidates


def pooling_candidates(image: np.ndarray, with_loop: bool) -> dict[str, Callable[[], object]]:
    x = torch.from_numpy(image)[None, None]
    height, width = image.shape

    def loop() -> np.ndarray:
        out = np.empty((height // 2, width // 2))
        for i in range(height // 2):
            for j in range(width // 2):
                out[i, j] = image[2 * i : 2 * i + 2, 2 * j : 2 * j + 2].max()
        return out

    candidates = {
        "tvlib.max_pool": lambda: tvlib.max_pool(image, 2),
        "numpy reshape + max": lambda: image.reshape(height // 2, 2, width // 2, 2).max(axis=(1, 3)),
        "torch max_pool2d": lambda: F.max_pool2d(x, 2),
    }
    if with_loop:
        candidates["article-style double loop"] = loop
    return candidates


def table(title: str, results: dict[int, dict[str, float]], ours: str, references: list[str]) -> str:
    names = list(next(iter(results.values())))
    lines = [
        f"### {title}",
        "",
        "| size | " + " | ".join(names) + f" | {ours} / fastest library |",
        "|---:|" + "---:|" * (len(names) + 1),
    ]
    for size, row in results.items():
        fastest = min(row[name] for name in references)
        cells = " | ".join(f"{row[name]:.3g}" if name in row else "–" for name in names)
        lines.append(f"| {size}² | {cells} | {row[ours] / fastest:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[256, 512, 1024])
    parser.add_argument("--loop-max", type=int, default=1024, help="largest size for the pure-Python loops")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    kernel = tvlib.sobel_x()
    corr: dict[int, dict[str, float]] = {}
    pool: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        image = rng.normal(size=(size, size))
        with_loop = size <= args.loop_max
        corr[size] = {
            name: median_ms(run, 1 if "loop" in name else 7)
            for name, run in correlation_candidates(image, kernel, with_loop).items()
        }
        pool[size] = {
            name: median_ms(run, 1 if "loop" in name else 7)
            for name, run in pooling_candidates(image, with_loop).items()
        }
    print(
        f"Median milliseconds, float64, {platform.processor() or platform.machine()}, "
        f"{torch.get_num_threads()} torch threads, numpy {np.__version__}, OpenCV {cv2.__version__}, "
        f"torch {torch.__version__}\n"
    )
    print(
        table(
            "3×3 correlation, zero padding, same size",
            corr,
            "tvlib.correlate2d",
            ["scipy.signal.correlate2d", "cv2.filter2D", "torch conv2d"],
        )
    )
    print()
    print(table("2×2 max pooling, stride 2", pool, "tvlib.max_pool", ["numpy reshape + max", "torch max_pool2d"]))


if __name__ == "__main__":
    main()
