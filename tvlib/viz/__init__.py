"""tvlib's figure and widget layer: matplotlib figures, ipywidgets sliders, the digit explorer.

Needs matplotlib and ipywidgets (``pip install "tvlib[viz]"``); the explorer also needs torch. It may
import both layers below it; nothing imports it.

- :mod:`~tvlib.viz.plots`: rows of images with titles, axes and colour bars.
- :mod:`~tvlib.viz.widgets`: a slider panel with its static figure.
- :mod:`~tvlib.viz.demos`: the figures behind the sliders of notebooks 01 and 02.
- :mod:`~tvlib.viz.explorer`: notebook 04's fast digit-shifting explorer.
"""

from .demos import draw_equivariance, draw_impulse_pyramid, draw_pooled_shift
from .plots import block_extreme, show_images
from .widgets import slider_panel

__all__ = [
    "block_extreme",
    "draw_equivariance",
    "draw_impulse_pyramid",
    "draw_pooled_shift",
    "show_images",
    "slider_panel",
]
