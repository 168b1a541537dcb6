"""The figures behind the sliders of notebooks 01 and 02 (tvlib.viz.demos)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import tvlib.core.images as images
from tvlib.viz import draw_equivariance, draw_impulse_pyramid, draw_pooled_shift


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def scenes():
    return images.article_scenes()


@pytest.mark.parametrize("padding, zero_everywhere", [("circular", True), ("zeros", False), ("reflect", False)])
def test_draw_equivariance_reports_the_errors(padding, zero_everywhere):
    cat = images.load_image("chelsea.png")
    summary = draw_equivariance(cat, 3, -5, "Sobel x (vertical edges)", padding)
    everywhere = float(summary.split("= ")[1].split(" everywhere")[0])
    interior = float(summary.split("everywhere, ")[1].split(" away")[0])
    assert (everywhere == 0) == zero_everywhere
    assert interior == 0
    assert len(plt.get_fignums()) == 1


@pytest.mark.parametrize("padding", ["zeros", "reflect"])
def test_draw_equivariance_band_is_the_kernel_radius_plus_the_shift(padding):
    cat = images.load_image("chelsea.png")
    summary = draw_equivariance(cat, 10, -25, "Binomial 5x5", padding)  # radius 2: a 27-pixel band
    assert "away from a 27-pixel border band" in summary
    assert float(summary.split("everywhere, ")[1].split(" away")[0]) == 0


def test_draw_pooled_shift(scenes):
    assert draw_pooled_shift(scenes["reference"], 0, 3).endswith("= 0.000")
    moved = float(draw_pooled_shift(scenes["reference"], -40, 2, dy=20).rsplit("= ", 1)[1])
    assert moved > 0.5


def test_draw_impulse_pyramid_reports_the_path():
    assert draw_impulse_pyramid(7, 7, 2) == "(7, 7) -> (3, 3) -> (1, 1)"
