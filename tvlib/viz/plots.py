"""Figure helpers: rows of images with titles, axes and colour bars, the same look in every notebook."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..core._validate import as_bool, as_image, as_int, as_real, as_sequence, as_text

__all__ = ["FIGURE_DPI", "MAX_FIGURE_PIXELS", "block_extreme", "pixel_axes", "show_images"]

FIGURE_DPI = 100
"""Pixels per inch of tvlib's figures: a figure ``w`` inches wide is ``100 w`` pixels on the page."""

MAX_FIGURE_PIXELS = 1000
"""Widest figure, in pixels, that JupyterLab shows at full size in a 1280-pixel-wide window (its output
area is about 1,100 pixels wide there; wider images are scaled down, and their labels with them)."""


def pixel_axes(ax: Axes, xlabel: str = "column", ylabel: str = "row") -> Axes:
    """Label ``ax`` as an image's pixel grid: axis names and whole-number ticks only (no -0.5 ... 1.5).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = Figure().subplots()
    >>> _ = ax.imshow(np.zeros((2, 2)))
    >>> _ = pixel_axes(ax)
    >>> [float(t) for t in ax.get_xticks() if -0.5 <= t <= 1.5]
    [0.0, 1.0]
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    for axis in (ax.xaxis, ax.yaxis):  # "auto": as many ticks as the axis has room for, one at least
        axis.set_major_locator(MaxNLocator(nbins="auto", integer=True, min_n_ticks=1))
    ax.set(xlabel=as_text(xlabel, "xlabel"), ylabel=as_text(ylabel, "ylabel"))
    return ax


def block_extreme(image: np.ndarray, factor: int) -> np.ndarray:
    """Reduce ``image`` by ``factor`` in both axes, keeping in each block the value of largest magnitude.

    Used for display: plain resampling of a large map drops one-pixel lines (an error confined to the
    border, a thin edge), while this keeps every non-zero value visible, with its sign.

    Raises
    ------
    TypeError, ValueError
        For a bad image, or a ``factor`` that is not a whole number >= 1.
    """
    image = as_image(image, "image")
    factor = min(as_int(factor, "factor", minimum=1), max(image.shape))  # a larger block is the whole image
    if factor == 1:
        return image
    height, width = image.shape
    padded = np.pad(image, ((0, -height % factor), (0, -width % factor)))
    blocks = padded.reshape(padded.shape[0] // factor, factor, padded.shape[1] // factor, factor)
    blocks = blocks.transpose(0, 2, 1, 3).reshape(blocks.shape[0], blocks.shape[2], -1)
    index = np.abs(blocks).argmax(axis=-1)
    return np.take_along_axis(blocks, index[..., None], axis=-1)[..., 0]


def _per_image(flag: Sequence[bool] | bool, count: int, name: str) -> list[bool]:
    """``flag`` for each of ``count`` images: one bool for all, or a sequence of ``count`` bools."""
    if isinstance(flag, (bool, np.bool_)):
        return [bool(flag)] * count
    if isinstance(flag, (str, bytes)) or not isinstance(flag, (Sequence, np.ndarray)):
        raise TypeError(f"{name} must be True, False or one bool per image, got {type(flag).__name__} {flag!r}")
    if len(flag) != count:
        raise ValueError(f"{name} must be True, False or one bool per image ({count}), got {len(flag)} values")
    return [as_bool(item, f"{name}[{i}]") for i, item in enumerate(flag)]


def show_images(
    images: Sequence[np.ndarray],
    titles: Sequence[str],
    *,
    signed: Sequence[bool] | bool = False,
    cmap: str = "gray",
    suptitle: str | None = None,
    panel_width: float = 3.4,
    colorbar: bool = True,
    share_limits: bool = False,
    thin_lines: Sequence[bool] | bool | None = None,
) -> Figure:
    """Show 2-D arrays side by side, each with a title, row/column axes and a colour bar.

    Parameters
    ----------
    images, titles
        The arrays and one title each; a title too long for its panel is wrapped onto more lines.
    signed
        Per image (or for all): show with a diverging colour map centred on 0 (blue < 0 < red), for
        filter responses and difference maps; otherwise ``cmap`` from the minimum to the maximum.
        Their colour scale spans at least ±1e-6, so a map that is zero up to rounding error shows as blank.
    panel_width
        Inches per image, at most: a row is narrowed to :data:`MAX_FIGURE_PIXELS` so that it is shown
        at its natural size, never scaled down, in a 1280-pixel window.
    share_limits
        Use one colour scale for all images, so equal colours mean equal values across panels.
    thin_lines
        Per image (or for all): reduce an image larger than its panel with :func:`block_extreme`, so
        one-pixel lines stay visible. Defaults to ``signed``; photographs are best left ``False``.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; a notebook shows it with ``plt.show()``.

    Raises
    ------
    TypeError, ValueError
        If an image is not a finite 2-D array, the titles are not one string per image, a flag is
        neither a bool nor one bool per image, ``cmap`` is not a matplotlib colour map's name,
        ``suptitle`` is neither None nor a string, or ``panel_width`` is not in (0, 100] inches.
    """
    images = [as_image(image, f"images[{i}]") for i, image in enumerate(as_sequence(images, "images"))]
    titles = [as_text(title, f"titles[{i}]") for i, title in enumerate(as_sequence(titles, "titles"))]
    if len(images) != len(titles):
        raise ValueError(f"got {len(images)} images but {len(titles)} titles")
    flags = _per_image(signed, len(images), "signed")
    thin = flags if thin_lines is None else _per_image(thin_lines, len(images), "thin_lines")
    if not isinstance(cmap, str) or cmap not in matplotlib.colormaps:
        raise ValueError(f"cmap must name a matplotlib colour map such as 'gray' or 'viridis', got {cmap!r}")
    suptitle = None if suptitle is None else as_text(suptitle, "suptitle")
    panel_width = as_real(panel_width, "panel_width", minimum=0, maximum=100, strict_minimum=True)
    colorbar, share_limits = as_bool(colorbar, "colorbar"), as_bool(share_limits, "share_limits")
    aspect = max(image.shape[0] / image.shape[1] for image in images)
    # 4 % to spare: the notebook's tight bounding box adds the labels that stick out of the figure.
    panel_width = min(panel_width, 0.96 * MAX_FIGURE_PIXELS / FIGURE_DPI / len(images))
    fig, axes = plt.subplots(
        1,
        len(images),
        figsize=(panel_width * len(images), panel_width * aspect + 0.9),
        squeeze=False,
        constrained_layout=True,
        dpi=FIGURE_DPI,
    )
    shared = max(float(np.abs(image).max()) for image in images) or 1.0
    for ax, image, title, is_signed, is_thin in zip(axes[0], images, titles, flags, thin):
        factor = int(np.ceil(max(image.shape) / (panel_width * FIGURE_DPI))) if is_thin else 1
        shown_image = block_extreme(image, factor)
        extent = (-0.5, image.shape[1] - 0.5, image.shape[0] - 0.5, -0.5)  # axes in the original pixels
        if is_signed:
            # Floor of 1e-6: float noise (1e-16) must look like the zero it is, not like a signal.
            limit = max(shared if share_limits else float(np.abs(image).max()), 1e-6)
            shown = ax.imshow(
                shown_image, cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest", extent=extent
            )
        else:
            limits = (min(float(i.min()) for i in images), shared) if share_limits else (None, None)
            shown = ax.imshow(
                shown_image, cmap=cmap, vmin=limits[0], vmax=limits[1], interpolation="nearest", extent=extent
            )
        fits = max(12, int(panel_width * 12))  # characters of a 10-pt title beside a colour bar
        ax.set_title(title if "\n" in title else textwrap.fill(title, fits), fontsize=10)
        pixel_axes(ax)
        if colorbar:
            fig.colorbar(shown, ax=ax, shrink=0.8)
    if suptitle:
        fig.suptitle(suptitle)
    return fig
