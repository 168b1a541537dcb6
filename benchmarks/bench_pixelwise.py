"""Benchmark of notebook 04, section 7: the article's pixel-wise Keras MLP (``PixelwiseMLP``) on full MNIST.

Run with ``TVLIB_DATA=/path python benchmarks/bench_pixelwise.py`` (full MNIST; ``TVLIB_FAST`` must be
unset; 10-20 minutes on 2 cores). Trains ``PixelwiseMLP`` once with :func:`tvlib.nn.train_cached`, with
the settings and data of the notebook's optional section 7 (``TrainConfig(epochs=2)``: 2 epochs, peak
rate 3e-3, batch 128, seed 0; the 55,000 training digits of :func:`tvlib.nn.experiment_data`), so the
weights land in the cache where the notebook finds them. Prints the validation accuracy, the test
accuracy on the clean, ShiftMin and Shift sets (sub-pixel, as the article, and whole-pixel) with 95 %
Wilson intervals, the article's MLP figures marked within (≈) or beyond (▲/▼) noise, and the time
training took. One seed, one setting: it says what this model reaches after 2 epochs, not where it
would stop with more.
"""

from __future__ import annotations

import datetime
import sys
import time

import torch

from tvlib import fast_mode
from tvlib.core.stats import binomial_interval, noise_mark
from tvlib.nn import ARTICLE_RESULTS, TrainConfig, accuracy_table, configure_threads, experiment_data, train_cached

#: The settings of notebook 04's section 7 (keep the two equal, or the notebook retrains).
CONFIG = TrainConfig(epochs=2)


def _cell(accuracy: float, count: int) -> str:
    low, high = binomial_interval(accuracy, count)
    return f"{accuracy:.4f} ({low:.4f}–{high:.4f})"


def main() -> None:
    if fast_mode():
        sys.exit("unset TVLIB_FAST: this benchmark measures the full-data model of the notebook's section 7")
    threads = configure_threads()
    data = experiment_data()
    if not data.full:
        sys.exit(f"full MNIST not found ({data.describe()}): set TVLIB_DATA to a folder with MNIST/raw/")
    print(f"{datetime.date.today()}: {data.describe()}; torch {torch.__version__}, {threads} threads")
    print(f"PixelwiseMLP, {CONFIG}\n", flush=True)

    start = time.perf_counter()
    model, info = train_cached("PixelwiseMLP", data, CONFIG)
    wall = time.perf_counter() - start
    source = "loaded from the cache" if info["from_cache"] else "trained now"
    epochs = ", ".join(f"{epoch['seconds']:.0f} s" for epoch in info["history"])
    print(f"training: {info['seconds']:.0f} s ({CONFIG.epochs} epochs: {epochs}); {source}, {wall:.0f} s wall clock")
    print(f"cache file: {info['path']}\n")

    n = len(data.test_labels)
    validation = accuracy_table({"m": model}, data.validation_images, data.validation_labels)["m"]
    sub_pixel = accuracy_table({"m": model}, data.test_images, data.test_labels, seed=0)["m"]
    whole_pixel = accuracy_table({"m": model}, data.test_images, data.test_labels, seed=0, integer=True)["m"]
    print("| set | clean | ShiftMin | Shift |")
    print("|---|---|---|---|")
    print("| validation | " + " | ".join(_cell(a, len(data.validation_labels)) for a in validation) + " |")
    print("| test, sub-pixel shifts | " + " | ".join(_cell(a, n) for a in sub_pixel) + " |")
    print("| test, whole-pixel shifts | " + " | ".join(_cell(a, n) for a in whole_pixel) + " |")
    marks = [f"{noise_mark(a, n, p, 10_000)} {p}" for a, p in zip(sub_pixel, ARTICLE_RESULTS["MLP"])]
    print("| the article's MLP (test, sub-pixel) | " + " | ".join(marks) + " |")
    print("\n95 % Wilson intervals; ≈: within noise of the article's figure, ▲/▼: ours higher/lower beyond it.")


if __name__ == "__main__":
    main()
