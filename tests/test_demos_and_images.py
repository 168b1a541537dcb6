"""The images of the collection and the computations behind the sliders of notebooks 01 and 02."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

import tvlib
import tvlib.images as images
from tvlib.demos import (
    draw_equivariance, draw_impulse_pyramid, draw_pooled_shift, edge_map, equivariance_panels,
    impulse_positions, invariance_by_depth,
)
from tvlib.widgets import slider_panel


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def scenes():
    return images.article_scenes()


def test_article_scenes_are_a_translation_a_reflection_and_another_photo(scenes):
    assert all(image.shape == images.SCENE_SHAPE for image in scenes.values())
    np.testing.assert_array_equal(scenes["translated"], tvlib.shift(scenes["reference"], *images.TRANSLATION))
    np.testing.assert_array_equal(scenes["mirrored"], scenes["reference"][:, ::-1])
    assert not np.array_equal(scenes["mirrored"], tvlib.shift(scenes["reference"], 0, -300))
    assert 0 <= scenes["unrelated"].min() and scenes["unrelated"].max() <= 1 and scenes["unrelated"].std() > 0.1


def test_article_image_pools_to_6_by_9(scenes):
    assert tvlib.pool_pyramid(edge_map(scenes["reference"]), 6)[-1].shape == (6, 9)


def test_place_refuses_to_crop():
    with pytest.raises(ValueError, match="does not fit"):
        images.place(np.ones((5, 5)), (10, 10), (6, 0))
    with pytest.raises(ValueError, match="does not fit"):
        images.place(np.ones((5, 5)), (10, 10), (0, -1))
    np.testing.assert_array_equal(images.place(np.ones((1, 2)), (2, 3), (1, 1), background=0.5),
                                  [[0.5, 0.5, 0.5], [0.5, 1, 1]])


def test_load_image_errors_name_the_file(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "DATA_DIR", tmp_path)
    with pytest.raises(FileNotFoundError, match="no image 'horse.png'"):
        images.load_image("horse.png")
    (tmp_path / "broken.png").write_bytes(b"not a png")
    with pytest.raises(ValueError, match="broken.png is not a readable image"):
        images.load_image("broken.png")


@pytest.mark.parametrize("name", images.PHOTOS)
def test_shipped_photos_load_as_grey_in_unit_range(name):
    image = images.load_image(name)
    assert image.ndim == 2 and image.min() >= 0 and image.max() <= 1 and image.std() > 0.05


def test_equivariance_panels(scenes):
    cat = images.load_image("chelsea.png")
    circular = equivariance_panels(cat, 7, -12, tvlib.sobel_x(), "circular")
    np.testing.assert_allclose(circular["difference f(S x) - S f(x)"], 0, atol=1e-12)
    zeros = equivariance_panels(cat, 7, -12, tvlib.sobel_x(), "zeros")
    difference = zeros["difference f(S x) - S f(x)"]
    assert np.abs(difference).max() > 0.1
    np.testing.assert_allclose(tvlib.crop_border(difference, 13), 0, atol=1e-12)
    # The horse on its black background is far from the border: exact everywhere even with zero padding.
    horse = equivariance_panels(scenes["reference"], 20, -40, tvlib.laplacian(), "zeros")
    assert np.abs(horse["difference f(S x) - S f(x)"]).max() == 0


@pytest.mark.parametrize("padding, zero_everywhere", [("circular", True), ("zeros", False), ("reflect", False)])
def test_draw_equivariance_reports_the_errors(padding, zero_everywhere):
    cat = images.load_image("chelsea.png")
    summary = draw_equivariance(cat, 3, -5, "Sobel x (vertical edges)", padding)
    everywhere = float(summary.split("= ")[1].split(" everywhere")[0])
    interior = float(summary.split("everywhere, ")[1].split(" away")[0])
    assert (everywhere == 0) == zero_everywhere
    assert interior == 0
    assert len(plt.get_fignums()) == 1


def test_impulse_paths():
    assert impulse_positions(10, (2, 2), 2) == [(2, 2), (1, 1), (0, 0)]
    assert impulse_positions(10, (-3, -3), 2) == [(7, 7), (3, 3), (1, 1)]
    assert impulse_positions(10, (9, 9), 1) == [(9, 9), (4, 4)]
    assert impulse_positions(5, (4, 0), 1) == [(4, 0), None]  # the 5th row is dropped by floor pooling
    assert draw_impulse_pyramid(7, 7, 2) == "(7, 7) -> (3, 3) -> (1, 1)"


def test_invariance_by_depth(scenes):
    table = invariance_by_depth(scenes["reference"], [(0, 0), (0, 1), (0, 3), (0, 30)], 6)
    assert table.shape == (7, 4)
    np.testing.assert_array_equal(table[:, 0], 0)
    assert table[0, 1] > 0.5 and table[6, 1] < 0.01  # unpooled maps change, deeply pooled ones hardly
    assert np.all(np.diff(table[:, 1]) <= 0)  # more pooling, less change
    assert np.all(table[:, 3] >= table[:, 2])  # larger shift, more change


def test_draw_pooled_shift(scenes):
    assert draw_pooled_shift(scenes["reference"], 0, 3).endswith("= 0.000")
    moved = float(draw_pooled_shift(scenes["reference"], -40, 2, dy=20).rsplit("= ", 1)[1])
    assert moved > 0.5


def test_slider_panel_redraws_with_the_new_values():
    calls = []

    def draw(a, b):
        calls.append((a, b))
        plt.figure()
        return f"a={a}, b={b}"

    slider_a, dropdown_b = widgets.IntSlider(value=1), widgets.Dropdown(options=["x", "y"], value="x")
    panel = slider_panel("test", draw, a=slider_a, b=dropdown_b)
    status = panel.children[2]
    assert calls == [(1, "x")] and status.value == "a=1, b=x"
    slider_a.value = 5
    dropdown_b.value = "y"
    assert calls[-2:] == [(5, "x"), (5, "y")] and status.value == "a=5, b=y"
