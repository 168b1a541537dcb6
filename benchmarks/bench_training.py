"""Benchmark of notebook 04: training time and accuracy over seeds, shifted-set building, slider latency.

Run with ``python benchmarks/bench_training.py [--seeds 0 1 2]`` (full MNIST from ``TVLIB_DATA`` or
``data/``). Trains the models of :data:`tvlib.nn.experiment.EXPERIMENT` from scratch for every seed (no
cache) on 55,000 digits, then prints Markdown: seconds per epoch and in all; accuracies on the 5,000
validation digits and on the 10,000 test digits (sub-pixel and integer shifts) as mean, 95 % binomial
interval and range over seeds; the test accuracies beside the article's figures, marked within or beyond
noise; the time to build a 10,000-digit shifted test set; and the explorer's response time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

import cv2
import numpy as np
import torch

from tvlib.core.stats import binomial_interval, noise_mark
from tvlib.nn import accuracy_table, configure_threads, experiment_data, fit
from tvlib.nn.batch_shift import random_offsets, shift_batch
from tvlib.nn.experiment import ARTICLE_RESULTS, EXPERIMENT
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


def _cell(values: list[float], count: int) -> str:
    """Mean over seeds, its 95 % binomial interval on ``count`` digits, and the seeds' range."""
    mean = float(np.mean(values))
    low, high = binomial_interval(mean, count)
    spread = f"; seeds {min(values):.4f}–{max(values):.4f}" if len(values) > 1 else ""
    return f"{mean:.4f} ({low:.4f}–{high:.4f}{spread})"


def _versus(ours: float, paper: float, count: int) -> str:
    """The article's figure, marked ≈ when ours is within noise of it, else ▲ (ours higher) or ▼."""
    return f"{noise_mark(ours, count, paper, 10_000)} {paper}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    args = parser.parse_args()
    threads = configure_threads()
    data = experiment_data(fast=False)
    print(f"{data.describe()}; torch {torch.__version__}, {threads} threads\n")

    sets = {
        "validation": (data.validation_images, data.validation_labels, False),
        "test": (data.test_images, data.test_labels, False),
        "test, integer shifts": (data.test_images, data.test_labels, True),
    }
    results: dict[str, dict[str, list[tuple[float, ...]]]] = {name: {key: [] for key in sets} for name in EXPERIMENT}
    epoch_seconds: dict[str, list[float]] = {name: [] for name in EXPERIMENT}
    totals, models = [], {}
    for seed in args.seeds:
        total = 0.0
        for name, (model_name, config) in EXPERIMENT.items():
            config = replace(config, seed=seed)
            model = build_model(model_name, seed=seed)
            history = fit(model, data.train_images, data.train_labels, config, progress=False, description=name)
            epoch_seconds[name] += [epoch["seconds"] for epoch in history]
            if name != "logistic regression":
                total += sum(epoch["seconds"] for epoch in history)
            models[name] = model.cpu()
            for key, (images, labels, integer) in sets.items():
                results[name][key].append(accuracy_table({name: model}, images, labels, seed=0, integer=integer)[name])
        totals.append(total)
        reached = sum(
            a >= p for name in ARTICLE_RESULTS for a, p in zip(results[name]["test"][-1], ARTICLE_RESULTS[name])
        )
        print(
            f"seed {seed}: MLP, CNN1, CNN2 and CNN2 + augmentation trained in {total:.0f} s; "
            f"the article's figures reached on the test set: {reached} of 12",
            flush=True,
        )

    print("\n| model | epochs | peak rate | s per epoch | set | clean | ShiftMin | Shift |")
    print("|---|---:|---:|---:|---|---|---|---|")
    for name, (_, config) in EXPERIMENT.items():
        for key, (_, labels, _) in sets.items():
            cells = [_cell([run[column] for run in results[name][key]], len(labels)) for column in range(3)]
            head = f"{name} | {config.epochs} | {config.max_lr:g} | {np.mean(epoch_seconds[name]):.1f}"
            print(f"| {head if key == 'validation' else ' | | |'} | {key} | " + " | ".join(cells) + " |")
    print("\nAgainst the article (test set, sub-pixel shifts, mean over seeds; ≈ within noise, ▲/▼ beyond it):\n")
    print("| model | clean | ShiftMin | Shift |")
    print("|---|---|---|---|")
    for name in EXPERIMENT:
        paper = ARTICLE_RESULTS.get(name, ARTICLE_RESULTS["MLP"])
        means = [float(np.mean([run[column] for run in results[name]["test"]])) for column in range(3)]
        label = name if name in ARTICLE_RESULTS else f"{name} (vs the article's pixel-wise MLP)"
        cells = [f"{m:.4f} {_versus(m, p, len(data.test_labels))}" for m, p in zip(means, paper)]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print(
        f"\nTraining time of MLP, CNN1, CNN2 and CNN2 + augmentation together per seed: "
        f"{', '.join(f'{t:.0f} s' for t in totals)} (budget: 120 s). Seeds {args.seeds}; intervals: 95 % Wilson "
        "on the mean accuracy."
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
        explorer.draw(index, dy, dx)
        explorer.live.png()
        samples.append(time.perf_counter() - start)
    print(
        f"\nSlider response (shift + {len(models)} forward passes + redraw to PNG), 50 settings: median "
        f"{1000 * np.median(samples):.0f} ms, 90th percentile {1000 * np.percentile(samples, 90):.0f} ms"
    )


if __name__ == "__main__":
    main()
