"""tvlib's figure and widget layer: matplotlib figures, ipywidgets sliders, the digit explorer.

Needs matplotlib and ipywidgets (``pip install "tvlib[viz]"``); the explorer also needs torch. It may
import both layers below it; nothing imports it.

- :mod:`~tvlib.viz.plots`: rows of images with titles, axes and colour bars.
- :mod:`~tvlib.viz.live`: a figure drawn once and then blitted, so that a slider answers at once.
- :mod:`~tvlib.viz.widgets`: a slider panel around a live figure.
- :mod:`~tvlib.viz.demos`: the live figures behind the sliders of notebooks 01 and 02.
- :mod:`~tvlib.viz.explorer`: notebook 04's fast digit-shifting explorer.
"""

from .demos import equivariance_figure, impulse_pyramid_figure, pooled_shift_figure
from .live import LiveFigure
from .plots import FIGURE_DPI, MAX_FIGURE_PIXELS, block_extreme, pixel_axes, show_images
from .widgets import slider_panel

__all__ = [
    "FIGURE_DPI",
    "MAX_FIGURE_PIXELS",
    "LiveFigure",
    "block_extreme",
    "equivariance_figure",
    "impulse_pyramid_figure",
    "pixel_axes",
    "pooled_shift_figure",
    "show_images",
    "slider_panel",
]
