"""Benchmark of notebook 04: training time and accuracy over seeds, shifted-set building, slider latency.

Run with ``python benchmarks/bench_training.py [--seeds 0 1 2]`` (full MNIST from ``TVLIB_DATA`` or
``data/``). Trains the four models of :data:`tvlib.nn.experiment.EXPERIMENT` from scratch for every seed
(no cache), then prints Markdown: seconds per epoch and in all, the accuracy table as mean and range
over seeds next to the article's figures, how many of the 12 figures each seed reaches, the time to
build a 10,000-digit shifted test set, and the explorer's response time.
"""

from __future__ import annotations

import argparse
import statistics
import time

import cv2
import numpy as np
import torch

from tvlib.nn import accuracy_table, fit
from tvlib.nn.batch_shift import random_offsets, shift_batch
from tvlib.nn.experiment import ARTICLE_RESULTS, EXPERIMENT
from tvlib.nn.mnist import load_mnist
from tvlib.nn.models import build_model
from tvlib.viz.explorer import DigitShiftExplorer


def shifted_set_times(images: torch.Tensor, repeats: int = 5) -> dict[str, float]:
    """Milliseconds to shift all ``images`` by random real offsets: one grid_sample vs a cv2.warpAffine loop."""
    dy, dx = random_offsets(len(images), 3, 4, torch.Generator().manual_seed(0))
    arrays = images[:, 0].numpy()

    def opencv_loop() -> list[np.ndarray]:
        return [
            cv2.warpAffine(a, np.float32([[1, 0, x], [0, 1, y]]), (28, 28), flags=cv2.INTER_LINEAR)
            for a, y, x in zip(arrays, dy.tolist(), dx.tolist())
        ]

    timings = {}
    for name, run in (
        ("tvlib.shift_batch (one grid_sample)", lambda: shift_batch(images, dy, dx)),
        ("cv2.warpAffine loop", opencv_loop),
    ):
        run()
        samples = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            samples.append(time.perf_counter() - start)
        timings[name] = 1000 * statistics.median(samples)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    data = load_mnist()
    print(f"{data.describe()}; torch {torch.__version__}, {torch.get_num_threads()} threads\n")

    results: dict[str, list[tuple[float, ...]]] = {name: [] for name in EXPERIMENT}
    epoch_seconds: dict[str, list[float]] = {name: [] for name in EXPERIMENT}
    totals, models = [], {}
    for seed in args.seeds:
        total = 0.0
        for name, (model_name, config) in EXPERIMENT.items():
            config = type(config)(**{**config.__dict__, "seed": seed})
            model = build_model(model_name, seed=seed)
            history = fit(model, data.train_images, data.train_labels, config, progress=False, description=name)
            epoch_seconds[name] += [epoch["seconds"] for epoch in history]
            total += sum(epoch["seconds"] for epoch in history)
            models[name] = model.cpu()
            results[name].append(accuracy_table({name: model}, data.test_images, data.test_labels, seed=0)[name])
        totals.append(total)
        reached = sum(a >= p for name in EXPERIMENT for a, p in zip(results[name][-1], ARTICLE_RESULTS[name]))
        print(
            f"seed {seed}: all four models trained in {total:.0f} s; the article's figures reached: {reached} of 12",
            flush=True,
        )

    print("\n| model | epochs | s per epoch | clean (paper) | ShiftMin (paper) | Shift (paper) |")
    print("|---|---:|---:|---|---|---|")
    for name, (_, config) in EXPERIMENT.items():
        cells = []
        for column, paper in enumerate(ARTICLE_RESULTS[name]):
            values = [run[column] for run in results[name]]
            cells.append(f"{np.mean(values):.4f} [{min(values):.4f}–{max(values):.4f}] ({paper})")
        print(f"| {name} | {config.epochs} | {np.mean(epoch_seconds[name]):.1f} | " + " | ".join(cells) + " |")
    print(
        f"\nTotal training time of all four models per seed: {', '.join(f'{t:.0f} s' for t in totals)}"
        f" (budget: 300 s). Accuracies: mean [min–max] over seeds {args.seeds}."
    )

    print("\nShifting all 10,000 test digits by random real offsets (median ms):")
    for name, ms in shifted_set_times(data.test_images).items():
        print(f"- {name}: {ms:.0f} ms")

    explorer = DigitShiftExplorer(models, data.test_images, data.test_labels)
    rng = np.random.default_rng(0)
    samples = []
    for _ in range(50):
        index, dy, dx = int(rng.integers(10000)), int(rng.integers(-6, 7)), int(rng.integers(-6, 7))
        start = time.perf_counter()
        explorer.update(index, dy, dx)
        samples.append(time.perf_counter() - start)
    print(
        f"\nSlider response (shift + 4 forward passes + redraw to PNG), 50 settings: median "
        f"{1000 * np.median(samples):.0f} ms, 90th percentile {1000 * np.percentile(samples, 90):.0f} ms"
    )


if __name__ == "__main__":
    main()
