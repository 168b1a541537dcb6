"""How long one slider step takes in the kernel: draw the new setting and encode the PNG (median ms).

The browser adds the round trip and the image swap on top (tests/browser/test_widgets.py measures the
whole step, key press to new picture, and writes build/screenshots/slider-latency.json). Target: the
whole step within 150 ms, so the kernel's part should stay well under 100 ms.

Usage: ``python benchmarks/bench_sliders.py`` (a few seconds; the explorer uses untrained models,
which cost the same forward pass as trained ones).
"""

from __future__ import annotations

import time

import numpy as np
import torch

from tvlib.core.images import article_scenes, load_image
from tvlib.nn import configure_threads
from tvlib.nn.models import build_model
from tvlib.viz import equivariance_figure, impulse_pyramid_figure, pooled_shift_figure
from tvlib.viz.explorer import DigitShiftExplorer


def step_times(live, settings) -> list[float]:
    """Milliseconds for draw + PNG of each setting, after one warm-up step."""
    live.draw(*settings[0])
    live.png()
    times = []
    for setting in settings:
        start = time.perf_counter()
        live.draw(*setting)
        live.png()
        times.append(1000 * (time.perf_counter() - start))
    return times


def main() -> None:
    configure_threads()
    scenes, cat = article_scenes(), load_image("chelsea.png")
    images = {"horse scene": scenes["reference"], "cat photo": cat, "coffee photo": scenes["unrelated"]}
    models = {name: build_model(name).eval() for name in ("LogisticRegression", "MLP", "CNN1", "CNN2")}
    digits = torch.rand(20, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    explorer = DigitShiftExplorer(models, digits, torch.arange(20) % 10)
    cases = {
        "01 equivariance explorer (cat photo, dx slider)": (
            equivariance_figure(images),
            [("cat photo", 10, dx, "Laplacian", "zeros") for dx in range(-25, -5)],
        ),
        "02 bright pixel (column slider)": (impulse_pyramid_figure(16, 4), [(3, col) for col in range(16)]),
        "02 pooled edge maps (dx slider, 6 poolings)": (
            pooled_shift_figure(scenes["reference"], 6),
            [(dx, 20, 6) for dx in range(-40, -20)],
        ),
        "04 digit explorer, 4 models (dx slider)": (explorer.live, [(0, 3, dx) for dx in range(-6, 7)]),
    }
    print("Slider step in the kernel (draw + PNG), median and max of 13-20 steps:")
    for name, (live, settings) in cases.items():
        times = step_times(live, settings)
        print(f"- {name}: median {np.median(times):.0f} ms, max {max(times):.0f} ms")


if __name__ == "__main__":
    main()
