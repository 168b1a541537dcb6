"""One slider helper for every notebook: controls, a status line, and a figure that redraws at once."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..core._validate import as_operator, as_text

__all__ = ["slider_panel"]


def slider_panel(title: str, draw: Callable[..., str], **controls: widgets.ValueWidget) -> widgets.VBox:
    """Lay out ``controls`` above a figure that ``draw(**values)`` redraws whenever one of them moves.

    Parameters
    ----------
    title
        Heading shown above the controls.
    draw
        Called with the controls' current values as keyword arguments; it draws one matplotlib
        figure and returns a one-line summary, shown under the controls once the figure is drawn.
    controls
        The ipywidgets, by the keyword ``draw`` takes them under.

    Returns
    -------
    ipywidgets.VBox
        Heading, controls, status line (CSS class ``tvlib-status``) and the figure's ``Output``.

    Raises
    ------
    TypeError
        If ``title`` is not a string, ``draw`` not callable or does not return a string, or a control
        is not an ipywidget with a value.
    """
    title = as_text(title, "title")
    draw = as_operator(draw, "draw", "a function that draws a figure and returns a one-line summary")
    for name, control in controls.items():
        if not isinstance(control, widgets.ValueWidget):
            raise TypeError(
                f"controls must be ipywidgets with a value (a slider...); {name}= is a {type(control).__name__}"
            )
    output = widgets.Output()
    status = widgets.Label()
    status.add_class("tvlib-status")

    def update(_change: object = None) -> None:
        with output:  # in a notebook, an error in draw shows here and the status line keeps its text
            output.clear_output(wait=True)
            message = draw(**{name: control.value for name, control in controls.items()})
            plt.show()
            if not isinstance(message, str):
                raise TypeError(f"draw must return a one-line summary string, got {type(message).__name__}")
            status.value = message

    for control in controls.values():
        control.observe(update, names="value")
    update()
    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))  # wrap, never squeeze
    return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), row, status, output])
