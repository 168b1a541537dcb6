"""One slider helper for every notebook: controls, a status line, and a live figure that answers at once."""

from __future__ import annotations

import ipywidgets as widgets

from ..core._validate import as_text
from .live import LiveFigure

__all__ = ["slider_panel"]


def slider_panel(title: str, figure: LiveFigure, **controls: widgets.ValueWidget) -> widgets.VBox:
    """Lay out ``controls`` above ``figure``, which redraws (by blitting) whenever one of them moves.

    Each move calls ``figure.draw(**values)`` with every control's value, puts the new PNG into the
    panel's own ``ipywidgets.Image`` and the summary that ``draw`` returns into the status line. The
    image belongs to this panel alone: drawing ``figure`` elsewhere (a static copy, a timing loop)
    changes the shared artists but never what this panel shows, and the panel's next move redraws from
    its own controls' values.

    Parameters
    ----------
    title
        Heading shown above the controls.
    figure
        The :class:`~tvlib.viz.live.LiveFigure` to drive; its draw function takes the controls' names.
    controls
        The ipywidgets, by the keyword ``figure``'s draw function takes them under.

    Returns
    -------
    ipywidgets.VBox
        Heading, controls, status line (CSS class ``tvlib-status``), the figure (``tvlib-figure``) and an
        ``Output`` where an error in ``draw`` shows its traceback.

    Raises
    ------
    TypeError
        If ``title`` is not a string, ``figure`` not a LiveFigure, or a control not an ipywidget with a value.

    Examples
    --------
    >>> import numpy as np
    >>> from ipywidgets import IntSlider
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(2, 2), dpi=50)
    >>> ax = fig.subplots()
    >>> line, = ax.plot(np.arange(5))
    >>> def draw(slope):
    ...     line.set_ydata(slope * np.arange(5))
    ...     return f"slope {slope}"
    >>> panel = slider_panel("A line", LiveFigure(fig, draw, [line]), slope=IntSlider(value=1, max=4))
    >>> panel.children[2].value
    'slope 1'
    >>> panel.children[1].children[0].value = 3
    >>> panel.children[2].value
    'slope 3'
    """
    title = as_text(title, "title")
    if not isinstance(figure, LiveFigure):
        raise TypeError(
            f"figure must be a tvlib.viz.LiveFigure (a figure drawn once, then blitted), got {type(figure).__name__}"
        )
    for name, control in controls.items():
        if not isinstance(control, widgets.ValueWidget):
            raise TypeError(
                f"controls must be ipywidgets with a value (a slider...); {name}= is a {type(control).__name__}"
            )
    # at its natural size: a flex item of the VBox would otherwise be stretched to the full width (upscaled)
    image = widgets.Image(format="png", layout=widgets.Layout(align_self="flex-start", max_width="100%", height="auto"))
    image.add_class("tvlib-figure")
    status = widgets.Label()
    status.add_class("tvlib-status")
    errors = widgets.Output()

    def redraw() -> None:
        message = figure.draw(**{name: control.value for name, control in controls.items()})
        image.value = figure.png()
        status.value = message

    def on_change(_change: object) -> None:
        with errors:  # in a notebook, an error in draw shows here and the figure keeps its last picture
            errors.outputs = ()
            redraw()

    redraw()  # the first picture, outside the Output: a panel that cannot draw raises here, where it is built
    for control in controls.values():
        control.observe(on_change, names="value")
    row = widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap"))  # wrap, never squeeze
    return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), row, status, image, errors])
