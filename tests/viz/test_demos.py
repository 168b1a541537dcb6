"""The live figures behind the sliders of notebooks 01 and 02 (tvlib.viz.demos)."""

from __future__ import annotations

import numpy as np
import pytest

import tvlib.core.images as images
from tvlib import edge_map, equivariance_panels, impulse_positions, pool_pyramid, shift
from tvlib.core.kernels import KERNELS
from tvlib.viz import equivariance_figure, impulse_pyramid_figure, pooled_shift_figure


@pytest.fixture(scope="module")
def scenes():
    return images.article_scenes()


@pytest.fixture(scope="module")
def equivariance():
    return equivariance_figure({"cat": images.load_image("chelsea.png"), "eye": np.eye(40)})


def _number(summary: str, before: str, after: str) -> float:
    return float(summary.split(before)[1].split(after)[0])


@pytest.mark.parametrize("padding, zero_everywhere", [("circular", True), ("zeros", False), ("reflect", False)])
def test_equivariance_figure_reports_the_errors(equivariance, padding, zero_everywhere):
    summary = equivariance.draw("cat", 3, -5, "Sobel x (vertical edges)", padding)
    assert (_number(summary, "= ", " everywhere") == 0) == zero_everywhere
    assert _number(summary, "everywhere, ", " away") == 0


def test_equivariance_figure_shows_the_panels_on_one_scale(equivariance):
    equivariance.draw("eye", 2, -3, "Laplacian", "zeros")
    panels = equivariance_panels(np.eye(40), 2, -3, KERNELS["Laplacian"], "zeros")
    shown = [ax.images[0] for ax in equivariance.figure.axes[:4]]
    np.testing.assert_array_equal(shown[0].get_array(), panels["shifted input S x"])  # 40 px: no reduction
    np.testing.assert_array_equal(shown[3].get_array(), panels["difference f(S x) - S f(x)"])
    limit = np.abs(panels["S f(x): shift the filtered input"]).max()
    assert all(image.get_clim() == (-limit, limit) for image in shown[1:])
    before = equivariance.png()
    equivariance.draw("eye", 2, -2, "Laplacian", "zeros")
    assert equivariance.png() != before


def test_equivariance_band_is_the_kernel_radius_plus_the_shift(equivariance):
    summary = equivariance.draw("cat", 10, -25, "Binomial 5x5", "zeros")  # radius 2: a 27-pixel band
    assert "away from a 27-pixel border band" in summary and _number(summary, "everywhere, ", " away") == 0


def test_equivariance_figure_keeps_thin_error_lines_of_a_large_image(equivariance):
    equivariance.draw("cat", 0, 7, "Sobel x (vertical edges)", "zeros")
    shown = equivariance.figure.axes[3].images[0].get_array()
    assert shown.shape[1] < 451  # reduced for the screen...
    assert np.abs(shown).max() > 0  # ...but the one-pixel error line is still there


def test_equivariance_figure_names_bad_input(equivariance):
    with pytest.raises(ValueError, match="image_name"):
        equivariance.draw("dog", 0, 0, "Laplacian", "zeros")
    with pytest.raises(ValueError, match="kernel_name"):
        equivariance.draw("cat", 0, 0, "Gabor", "zeros")
    with pytest.raises(ValueError, match="dy must be a whole number"):
        equivariance.draw("cat", 0.5, 0, "Laplacian", "zeros")
    with pytest.raises(TypeError, match="images must be a non-empty dict"):
        equivariance_figure([np.eye(4)])
    with pytest.raises(ValueError, match=r"images\['bad'\]"):
        equivariance_figure({"bad": np.full((4, 4), np.nan)})


def test_impulse_pyramid_figure_follows_the_pixel():
    live = impulse_pyramid_figure(size=16, levels=4)
    assert live.draw(row=7, col=12) == " -> ".join(map(str, impulse_positions(16, (7, 12), 4)))
    levels = [ax.images[0].get_array() for ax in live.figure.axes]
    assert [level.shape for level in levels] == [(16, 16), (8, 8), (4, 4), (2, 2), (1, 1)]
    assert [tuple(np.argwhere(level)[0]) for level in levels] == impulse_positions(16, (7, 12), 4)
    assert impulse_pyramid_figure(10, 2).draw(-3, -3) == "(7, 7) -> (3, 3) -> (1, 1)"  # the article's example
    with pytest.raises(ValueError, match="row 16 and col 0 must be a pixel"):
        live.draw(16, 0)
    with pytest.raises(ValueError, match="levels"):
        impulse_pyramid_figure(size=4, levels=3)


def test_pooled_shift_figure_measures_the_change(scenes):
    image = scenes["reference"]
    live = pooled_shift_figure(image, max_levels=6)
    assert live.draw(dx=0, dy=0, levels=3).endswith("= 0.000")
    summary = live.draw(dx=-40, dy=20, levels=2)
    a = pool_pyramid(edge_map(image), 2)[-1]
    b = pool_pyramid(edge_map(shift(image, 20, -40)), 2)[-1]
    assert float(summary.rsplit("= ", 1)[1]) == pytest.approx(np.linalg.norm(b - a) / np.linalg.norm(a), abs=5e-4)
    shown = live.figure.axes[1].images[0]
    np.testing.assert_array_equal(shown.get_array(), b)
    assert shown.get_extent() == [-0.5, a.shape[1] * 4 - 0.5, a.shape[0] * 4 - 0.5, -0.5]  # in input pixels
    with pytest.raises(ValueError, match="levels"):
        live.draw(dx=0, dy=0, levels=7)
    with pytest.raises(ValueError, match="no vertical edges"):
        pooled_shift_figure(np.ones((20, 20)), max_levels=2)
