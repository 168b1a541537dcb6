r"""The live figures behind the sliders of notebooks 01 and 02.

Each ``*_figure`` function lays out one :class:`~tvlib.viz.live.LiveFigure` whose draw function takes the
slider values; a notebook shows one setting as a static picture (``print(live.draw(...))`` then
``live``) and hands the same figure to :func:`tvlib.viz.slider_panel`. Colour scales and axes stay
fixed while a slider moves (so the panels can be blitted, and equal colours mean equal values from one
setting to the next); only a new image, kernel or padding lays the figure out again. The numbers come
from the core layer (:func:`tvlib.equivariance_panels`, :func:`tvlib.impulse_positions`,
:func:`tvlib.edge_map`), which the tests call directly.

Examples
--------
>>> live = impulse_pyramid_figure(size=16, levels=4)
>>> live.draw(row=3, col=6)
'(3, 6) -> (1, 3) -> (0, 1) -> (0, 0) -> (0, 0)'
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from matplotlib.figure import Figure

from ..core._validate import MAX_PIXELS, as_choice, as_image, as_int, as_text
from ..core.edges import edge_map
from ..core.kernels import KERNELS, impulse
from ..core.metrics import crop_border, equivariance_panels
from ..core.pooling import impulse_positions, pool_pyramid
from ..core.shift import shift
from .live import LiveFigure
from .plots import FIGURE_DPI, MAX_FIGURE_PIXELS, block_extreme, pixel_axes

__all__ = ["equivariance_figure", "impulse_pyramid_figure", "pooled_shift_figure"]

_PANEL_PIXELS = 230  # one panel's width on screen: 4 panels and colour bars fit a 1280-px slide


def equivariance_figure(images: Mapping[str, np.ndarray]) -> LiveFigure:
    r"""Live :func:`equivariance_panels` for ``draw(image_name, dy, dx, kernel_name, padding)``.

    The four panels are :math:`S x`, :math:`f(S x)`, :math:`S f(x)` and their difference. The three
    filter panels share one colour scale, that of :math:`f(x)`, so the difference shows its true size:
    blank for an exact match, the full scale where the border brings in what was never there. The
    summary gives the largest error everywhere and away from a border band of the kernel's radius plus
    the larger shift (where zero padding may differ).

    Raises
    ------
    TypeError, ValueError
        If ``images`` is not a non-empty dict of names to images; ``draw`` as
        :func:`tvlib.equivariance_panels`, or for an ``image_name`` or ``kernel_name`` that is not a key.

    Examples
    --------
    >>> live = equivariance_figure({"eye": np.eye(12)})
    >>> live.draw("eye", 1, 2, "Sobel x (vertical edges)", "circular")
    'shift (1, 2), Sobel x (vertical edges), circular padding: max |f(Sx) - S f(x)| = 0 everywhere, 0 away from a 3-pixel border band'
    """
    if not isinstance(images, Mapping) or not images:
        raise TypeError(f"images must be a non-empty dict of names to images, got {type(images).__name__}")
    images = {as_text(name, "images key"): as_image(image, f"images[{name!r}]") for name, image in images.items()}
    height = max(image.shape[0] / image.shape[1] for image in images.values()) * _PANEL_PIXELS
    figure = Figure(figsize=(MAX_FIGURE_PIXELS / FIGURE_DPI, (height + 110) / FIGURE_DPI), dpi=FIGURE_DPI)
    figure.set_layout_engine("constrained")
    axes = figure.subplots(1, 4)
    shown = [ax.imshow(np.zeros((2, 2)), interpolation="nearest") for ax in axes]
    figure.colorbar(shown[-1], ax=axes[1:], shrink=0.8, label="response (one scale)")
    for ax in axes:
        pixel_axes(ax)
    titles = [ax.set_title(" \n ", fontsize=10) for ax in axes]
    suptitle = figure.suptitle(" ")
    layout: dict[str, object] = {}

    def draw(image_name: str, dy: int, dx: int, kernel_name: str, padding: str = "zeros") -> str:
        image_name = as_choice(image_name, "image_name", tuple(images))
        kernel_name = as_choice(kernel_name, "kernel_name", tuple(KERNELS))
        dy, dx = as_int(dy, "dy"), as_int(dx, "dx")
        image, kernel = images[image_name], KERNELS[kernel_name]
        panels = equivariance_panels(image, dy, dx, kernel, padding)
        setting = (image_name, kernel_name, padding)
        if layout.get("setting") != setting:  # new scales and axes: lay the background out again
            response = equivariance_panels(image, 0, 0, kernel, padding)["S f(x): shift the filtered input"]
            limit = max(float(np.abs(response).max()), 1e-6)  # 1e-6: float noise must look like zero
            extent = (-0.5, image.shape[1] - 0.5, image.shape[0] - 0.5, -0.5)
            for number, (panel, ax) in enumerate(zip(shown, axes)):
                panel.set(extent=extent, cmap="gray" if number == 0 else "RdBu_r")
                panel.set_clim(*((float(image.min()), float(image.max())) if number == 0 else (-limit, limit)))
                ax.set(xlim=extent[:2], ylim=extent[2:])
            suptitle.set_text(f"{kernel_name}, {padding} padding: is f(S x) = S f(x)?")
            layout["setting"] = setting
            live.redraw_background()
            # Each screen pixel shows a block of image pixels: keep each block's extreme, so thin lines stay.
            layout["factor"] = max(1, math.ceil(image.shape[1] / axes[1].get_window_extent().width))
        for number, (panel, array) in enumerate(zip(shown, panels.values())):
            panel.set_data(array if number == 0 else block_extreme(array, layout["factor"]))
        names = [
            f"shifted input S x\n(dy, dx) = ({dy}, {dx})",
            *(name.replace(": ", ":\n") for name in list(panels)[1:]),
        ]
        for title, name in zip(titles, names):
            title.set_text(name)
        difference = panels["difference f(S x) - S f(x)"]
        band = max(kernel.shape) // 2 + max(abs(dy), abs(dx))  # the kernel's reach, plus the shift
        inside = np.abs(crop_border(difference, band)).max() if 2 * band < min(difference.shape) else float("nan")
        return (
            f"shift ({dy}, {dx}), {kernel_name}, {padding} padding: max |f(Sx) - S f(x)| = "
            f"{np.abs(difference).max():.3g} everywhere, {inside:.3g} away from a {band}-pixel border band"
        )

    live = LiveFigure(figure, draw, changing=[*shown, *titles])
    return live


def impulse_pyramid_figure(size: int = 16, levels: int = 4) -> LiveFigure:
    """Live pooling pyramid of one bright pixel, ``draw(row, col)``: every level from the image down.

    Each panel is one level of 2×2 max pooling of a ``size``×``size`` image that is 0 but for a 1 at
    ``(row, col)``; its title says where the pixel sits. The summary is the path of positions,
    :func:`tvlib.impulse_positions`.

    Raises
    ------
    TypeError, ValueError
        If ``size`` is not a whole number from 1 to 7071 or ``levels`` not a number of 2×2 poolings it
        allows; ``draw`` if ``(row, col)`` is not a pixel of the image.

    Examples
    --------
    >>> impulse_pyramid_figure(10, 2).draw(row=-3, col=-3)
    '(7, 7) -> (3, 3) -> (1, 1)'
    """
    size = as_int(size, "size", minimum=1, maximum=math.isqrt(MAX_PIXELS))
    levels = as_int(levels, "levels", minimum=0)
    shapes = [level.shape for level in pool_pyramid(np.zeros((size, size)), levels)]  # checks levels
    width = min(2.3, MAX_FIGURE_PIXELS / FIGURE_DPI / len(shapes))  # inches per level: fits unscaled
    figure = Figure(figsize=(width * len(shapes), 3.0), dpi=FIGURE_DPI)
    figure.set_layout_engine("constrained")
    axes = np.atleast_1d(figure.subplots(1, len(shapes)))
    shown = []
    for ax, shape in zip(axes, shapes):
        shown.append(ax.imshow(np.zeros(shape), cmap="viridis", vmin=0, vmax=1, interpolation="nearest"))
        pixel_axes(ax)
    titles = [ax.set_title(" \n ", fontsize=10) for ax in axes]
    figure.suptitle(f"2x2 max pooling of a {size}x{size} image with one bright pixel")

    def draw(row: int, col: int) -> str:
        row, col = as_int(row, "row"), as_int(col, "col")
        if not (-size <= row < size and -size <= col < size):
            raise ValueError(f"row {row} and col {col} must be a pixel of the image of size {size}x{size}")
        pyramid = pool_pyramid(impulse((size, size), (row, col)), levels)
        path = impulse_positions(size, (row, col), levels)
        for number, (panel, title, level, position) in enumerate(zip(shown, titles, pyramid, path)):
            panel.set_data(level)
            title.set_text(f"level {number}: {level.shape[0]}x{level.shape[1]}\npixel at {position}")
        return " -> ".join(str(position) for position in path)

    return LiveFigure(figure, draw, changing=[*shown, *titles])


def pooled_shift_figure(image: np.ndarray, max_levels: int = 6) -> LiveFigure:
    """Live pooled edge maps of ``image`` and of it shifted, ``draw(dx, dy, levels)`` for 0..``max_levels``.

    The panels are the edge map of ``image`` after ``levels`` 2×2 max poolings, that of the image
    shifted by ``(dy, dx)`` (zero fill), and their difference. Each pooled cell is drawn over the
    block of original pixels it summarises, so the axes are in the original pixels at every depth and
    the scale is that of the unpooled map (max pooling keeps the global maximum). The summary gives
    the relative change :math:`\\lVert b - a \\rVert / \\lVert a \\rVert`.

    Raises
    ------
    TypeError, ValueError
        For a bad image, a ``max_levels`` the edge map cannot be pooled that often, an image with no
        edges; ``draw`` for a bad shift or ``levels`` outside 0..``max_levels``.

    Examples
    --------
    >>> image = np.zeros((40, 40))
    >>> image[10:30, 12:20] = 1
    >>> live = pooled_shift_figure(image, max_levels=3)
    >>> live.draw(dx=0, dy=0, levels=3)
    'shift (0, 0) px, 3 poolings: relative change of the pooled map = 0.000'
    """
    image = as_image(image, "image")
    max_levels = as_int(max_levels, "max_levels", minimum=0)
    edges = edge_map(image)
    pool_pyramid(edges, max_levels)  # checks that the edge map can be pooled that often
    limit = float(edges.max())
    if limit == 0:
        raise ValueError("image has no vertical edges: the pooled maps would be blank, nothing to compare")
    height = edges.shape[0] / edges.shape[1] * _PANEL_PIXELS * 1.2
    figure = Figure(figsize=(3.4 * 1.2 * _PANEL_PIXELS / FIGURE_DPI, (height + 95) / FIGURE_DPI), dpi=FIGURE_DPI)
    figure.set_layout_engine("constrained")
    axes = figure.subplots(1, 3)
    scales = [("magma", 0.0, limit), ("magma", 0.0, limit), ("RdBu_r", -limit, limit)]
    shown = [
        ax.imshow(np.zeros((2, 2)), cmap=cmap, vmin=low, vmax=high, interpolation="nearest")
        for ax, (cmap, low, high) in zip(axes, scales)
    ]
    for panel, ax in zip(shown, axes):
        figure.colorbar(panel, ax=ax, shrink=0.8)
        ax.set(xlim=(-0.5, edges.shape[1] - 0.5), ylim=(edges.shape[0] - 0.5, -0.5))
        pixel_axes(ax, "column (input pixels)", "row (input pixels)")
    titles = [ax.set_title(" \n ", fontsize=10) for ax in axes]
    suptitle = figure.suptitle(" ")

    def draw(dx: int, dy: int, levels: int) -> str:
        dy, dx = as_int(dy, "dy"), as_int(dx, "dx")
        levels = as_int(levels, "levels", minimum=0, maximum=max_levels)
        a = pool_pyramid(edges, levels)[-1]
        b = pool_pyramid(edge_map(shift(image, dy, dx)), levels)[-1]
        cell = 2**levels  # one pooled cell covers cell x cell input pixels
        extent = (-0.5, a.shape[1] * cell - 0.5, a.shape[0] * cell - 0.5, -0.5)
        for panel, array in zip(shown, (a, b, b - a)):
            panel.set(data=array, extent=extent)
        error = float(np.linalg.norm(b - a) / np.linalg.norm(a)) if a.any() else float("nan")
        names = ["x", f"x shifted by (dy, dx) = ({dy}, {dx})", "difference"]
        for title, name in zip(titles, names):
            title.set_text(f"{name}\npooled {levels}x: {a.shape[0]}x{a.shape[1]}")
        suptitle.set_text(f"Edge maps after {levels} 2x2 max poolings")
        return f"shift ({dy}, {dx}) px, {levels} poolings: relative change of the pooled map = {error:.3f}"

    return LiveFigure(figure, draw, changing=[*shown, *titles, suptitle])
