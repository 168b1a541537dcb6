"""The slider panel (tvlib.viz.widgets)."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

from tvlib.viz import slider_panel


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


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
