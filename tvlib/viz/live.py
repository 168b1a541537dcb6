"""A figure that a slider redraws in milliseconds: drawn once, then only what changes is drawn again.

A full matplotlib redraw of a row of image panels takes 150-300 ms on a laptop, nearly all of it for
axes, ticks, labels and colour bars that never change; pyplot's inline display then draws it twice more
(``bbox_inches="tight"``) and sends it through an ``Output`` widget. That is why a slider built on
``plt.show()`` stutters. :class:`LiveFigure` *blits* instead: the figure is laid out and drawn once
without its changing artists, that background is kept, and each update restores it and draws only the
changing artists (images, titles, bars, a colour bar whose limits move), then encodes the pixels as PNG
with OpenCV for an ``ipywidgets.Image``. If an update changes what the background holds (new axes
limits, another colour scale), its draw function calls :meth:`LiveFigure.redraw_background` once.

Examples
--------
>>> import numpy as np
>>> from matplotlib.figure import Figure
>>> figure = Figure(figsize=(3, 3), dpi=50)
>>> ax = figure.subplots()
>>> shown = ax.imshow(np.zeros((8, 8)), vmin=0, vmax=1)
>>> def draw(row):
...     image = np.zeros((8, 8))
...     image[row, 3] = 1
...     shown.set_data(image)
...     ax.set_title(f"bright pixel in row {row}")
...     return f"row {row}"
>>> live = LiveFigure(figure, draw, changing=[shown, ax.title])
>>> live.draw(row=2)
'row 2'
>>> live.png()[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import cv2
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..core._validate import as_operator, as_sequence

__all__ = ["LiveFigure"]


def _root_figure(artist: Artist) -> Figure | None:
    """The top-level figure an artist is drawn in (``get_figure(root=True)`` from matplotlib 3.10 on)."""
    try:
        return artist.get_figure(root=True)
    except TypeError:  # matplotlib < 3.10: .figure is the top-level figure unless subfigures are used
        return artist.figure


class LiveFigure:
    """A matplotlib figure whose ``changing`` artists are redrawn by blitting, shown as PNG bytes.

    Parameters
    ----------
    figure
        A :class:`matplotlib.figure.Figure` made without pyplot (``Figure(...)``), so that a notebook
        does not show it a second time; its layout is computed on the first draw, then frozen.
    draw
        ``draw(**values)`` updates the artists for one setting of the controls (``set_data``,
        ``set_text``, ``set_height``, ...) and returns a one-line summary.
    changing
        Every artist that ``draw`` changes: these are left out of the background and drawn on each
        update. An ``Axes`` here (a colour bar's, say) is drawn whole, ticks and all.

    Raises
    ------
    TypeError, ValueError
        If ``figure`` is not a Figure, ``draw`` not callable, ``changing`` not a non-empty sequence of
        artists of ``figure``, or ``draw`` does not return a string.
    """

    def __init__(self, figure: Figure, draw: Callable[..., str], changing: Sequence[Artist]) -> None:
        if not isinstance(figure, Figure):
            raise TypeError(
                f"figure must be a matplotlib Figure (Figure(...), not pyplot), got {type(figure).__name__}"
            )
        self.figure = figure
        self._draw = as_operator(draw, "draw", "a function that updates the artists and returns a summary")
        changing = as_sequence(changing, "changing")
        for i, artist in enumerate(changing):
            if not isinstance(artist, Artist):
                raise TypeError(f"changing[{i}] must be a matplotlib artist, got {type(artist).__name__}")
            if _root_figure(artist) is not figure:
                raise ValueError(f"changing[{i}] ({type(artist).__name__}) is not an artist of this figure")
        self.changing = changing
        FigureCanvasAgg(figure)
        self._background = None
        self.message = ""

    def redraw_background(self) -> None:
        """Draw everything but the changing artists again and keep it (after a change to axes or scales)."""
        for artist in self.changing:
            artist.set_animated(True)
        self.figure.canvas.draw()
        if self.figure.get_layout_engine() is not None:  # laid out once: later updates must not move axes
            self.figure.set_layout_engine("none")
            self.figure.canvas.draw()
        self._background = self.figure.canvas.copy_from_bbox(self.figure.bbox)

    def draw(self, *args: object, **values: object) -> str:
        """Update the artists for one setting (the arguments of ``draw``); return its summary."""
        message = self._draw(*args, **values)
        if not isinstance(message, str):
            raise TypeError(f"draw must return a one-line summary string, got {type(message).__name__}")
        self.message = message
        return message

    def pixels(self) -> np.ndarray:
        """The figure as it stands, ``(height, width, 4)`` RGBA uint8, by blitting onto the background."""
        if self._background is None:
            self.redraw_background()
        canvas = self.figure.canvas
        canvas.restore_region(self._background)
        for artist in self.changing:
            self.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def png(self) -> bytes:
        """The figure as it stands, as PNG bytes (fast compression: the bytes go straight to the browser)."""
        pixels = cv2.cvtColor(self.pixels(), cv2.COLOR_RGBA2BGRA)
        return cv2.imencode(".png", pixels, [cv2.IMWRITE_PNG_COMPRESSION, 1])[1].tobytes()

    def _repr_png_(self) -> bytes:
        """Shown as a static picture in a notebook (``display(live)``): what a slide or a web page keeps."""
        return self.png()
