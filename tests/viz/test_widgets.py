"""The slider panel (tvlib.viz.widgets)."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pytest
from matplotlib.figure import Figure

from tvlib.viz import LiveFigure, slider_panel


def _live(calls):
    figure = Figure(figsize=(2, 2), dpi=50)
    ax = figure.subplots()
    ax.set_ylim(0, 1)
    (line,) = ax.plot(np.zeros(5))

    def draw(a, b):
        calls.append((a, b))
        line.set_ydata(np.full(5, a / 10))
        return f"a={a}, b={b}"

    return LiveFigure(figure, draw, [line])


def test_slider_panel_redraws_with_the_new_values():
    calls = []
    slider_a, dropdown_b = widgets.IntSlider(value=1), widgets.Dropdown(options=["x", "y"], value="x")
    panel = slider_panel("test", _live(calls), a=slider_a, b=dropdown_b)
    status, image = panel.children[2], panel.children[3]
    assert calls == [(1, "x")] and status.value == "a=1, b=x"
    first = bytes(image.value)
    slider_a.value = 5
    dropdown_b.value = "y"
    assert calls[-2:] == [(5, "x"), (5, "y")] and status.value == "a=5, b=y"
    assert bytes(image.value) != first and bytes(image.value).startswith(b"\x89PNG")


def test_each_panel_owns_its_picture():
    calls = []
    live = _live(calls)
    slider = widgets.IntSlider(value=2)
    panel = slider_panel("test", live, a=slider, b=widgets.Dropdown(options=["x"]))
    shown = bytes(panel.children[3].value)
    live.draw(a=9, b="x")  # drawn elsewhere: a static copy, a timing loop
    assert live.png() != shown and bytes(panel.children[3].value) == shown
    slider.value = 3
    slider.value = 2  # the panel redraws from its own controls
    assert bytes(panel.children[3].value) == shown


def test_a_panel_that_cannot_draw_fails_where_it_is_built():
    figure = Figure()
    (line,) = figure.subplots().plot([0, 1])

    def draw(n):
        raise ValueError(f"n must be positive, got {n}")

    with pytest.raises(ValueError, match="n must be positive"):
        slider_panel("broken", LiveFigure(figure, draw, [line]), n=widgets.IntSlider(value=-1, min=-2))


def test_slider_panel_names_bad_arguments():
    live = _live([])
    with pytest.raises(TypeError, match="figure must be a tvlib.viz.LiveFigure"):
        slider_panel("t", lambda a, b: "drawn", a=widgets.IntSlider())
    with pytest.raises(TypeError, match="controls must be ipywidgets with a value.*a= is a int"):
        slider_panel("t", live, a=3, b=widgets.Dropdown(options=["x"]))
    with pytest.raises(TypeError, match="title"):
        slider_panel(None, live, a=widgets.IntSlider(), b=widgets.Dropdown(options=["x"]))
