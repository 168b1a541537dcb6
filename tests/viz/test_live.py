"""The blitted live figure (tvlib.viz.live)."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from tvlib.viz import LiveFigure


def _image_figure():
    figure = Figure(figsize=(3, 2), dpi=60, layout="constrained")
    ax = figure.subplots()
    shown = ax.imshow(np.zeros((6, 6)), vmin=0, vmax=1, interpolation="nearest")
    title = ax.set_title(" ")

    def draw(row):
        image = np.zeros((6, 6))
        image[row] = 1
        shown.set_data(image)
        title.set_text(f"row {row}")
        return f"row {row}"

    return figure, draw, [shown, title]


def _full_redraw(figure: Figure) -> np.ndarray:
    """The same figure drawn the ordinary way, every artist in one full draw."""
    for artist in figure.findobj():
        artist.set_animated(False)
    figure.canvas.draw()
    return np.asarray(figure.canvas.buffer_rgba()).copy()


@pytest.mark.parametrize("row", [0, 3, 5])
def test_blitting_gives_the_pixels_of_a_full_redraw(row):
    live = LiveFigure(*_image_figure())
    live.draw(0)
    live.pixels()  # background laid out and kept
    assert live.draw(row) == f"row {row}" and live.message == f"row {row}"
    blitted = live.pixels().copy()
    full = _full_redraw(live.figure)
    # Blitting draws the image over the axes frame; a full draw puts the frame on top: only those lines differ.
    differ = np.argwhere((blitted != full).any(axis=-1))
    frame = live.figure.axes[0].get_window_extent()
    top = full.shape[0] - frame.y1  # pixel rows count from the top, display coordinates from the bottom
    on_frame = (np.abs(differ[:, 0] - top) <= 1.5) | (np.abs(differ[:, 0] - (top + frame.height)) <= 1.5)
    on_frame |= (np.abs(differ[:, 1] - frame.x0) <= 1.5) | (np.abs(differ[:, 1] - frame.x1) <= 1.5)
    assert on_frame.all(), differ[~on_frame][:5]
    assert len(differ) < 0.02 * blitted.shape[0] * blitted.shape[1]


def test_each_setting_gives_its_own_picture_and_the_same_one_again():
    figure, draw, changing = _image_figure()
    live = LiveFigure(figure, draw, tuple(changing))  # any sequence of artists
    pictures = {}
    for row in (1, 4, 1):
        live.draw(row)
        pictures.setdefault(row, []).append(live.png())
    assert pictures[1][0] == pictures[1][1] != pictures[4][0]
    assert pictures[4][0].startswith(b"\x89PNG") and live._repr_png_() == pictures[1][1]


def test_redraw_background_follows_a_new_scale():
    figure, draw, changing = _image_figure()
    bar = figure.colorbar(changing[0], ax=figure.axes[0])  # static: part of the background
    live = LiveFigure(figure, draw, changing)
    live.draw(2)
    before = live.pixels().copy()
    box = bar.ax.get_window_extent()
    rows = slice(int(before.shape[0] - box.y1) - 2, int(before.shape[0] - box.y0) + 2)
    bar_region = lambda pixels: pixels[rows, int(box.x0) - 2 :]  # the colour bar and its tick labels
    changing[0].set_clim(0, 10)  # a static part (the colour bar's ticks) must change too
    assert np.array_equal(bar_region(live.pixels()), bar_region(before))  # blitting alone keeps the old bar
    live.redraw_background()
    assert not np.array_equal(bar_region(live.pixels()), bar_region(before))
    assert np.array_equal(bar_region(live.pixels()), bar_region(_full_redraw(figure)))


def test_bad_input_is_named():
    figure, draw, changing = _image_figure()
    with pytest.raises(TypeError, match="figure must be a matplotlib Figure"):
        LiveFigure("figure", draw, changing)
    with pytest.raises(TypeError, match="draw must be"):
        LiveFigure(figure, None, changing)
    with pytest.raises(ValueError, match="changing"):
        LiveFigure(figure, draw, [])
    with pytest.raises(TypeError, match=r"changing\[0\] must be a matplotlib artist"):
        LiveFigure(figure, draw, ["title"])
    other = Figure().subplots().plot([0, 1])[0]
    with pytest.raises(ValueError, match=r"changing\[1\] .* is not an artist of this figure"):
        LiveFigure(figure, draw, [changing[0], other])
    with pytest.raises(TypeError, match="draw must return a one-line summary string, got NoneType"):
        LiveFigure(figure, lambda row: None, changing).draw(1)
