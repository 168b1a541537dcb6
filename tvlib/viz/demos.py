r"""The figures behind the sliders of notebooks 01 and 02.

Each ``draw_*`` function draws one figure and returns a one-line summary; the notebooks call it once
with fixed values (a static figure that survives export) and hand it to
:func:`tvlib.viz.slider_panel`. The numbers come from the core layer (:func:`tvlib.equivariance_panels`,
:func:`tvlib.impulse_positions`, :func:`tvlib.edge_map`), which the tests call directly.
"""

from __future__ import annotations

import math

import numpy as np

from ..core._validate import MAX_PIXELS, as_choice, as_image, as_int
from ..core.edges import edge_map
from ..core.kernels import KERNELS, impulse
from ..core.metrics import crop_border, equivariance_panels
from ..core.pooling import impulse_positions, pool_pyramid
from ..core.shift import shift
from .plots import show_images

__all__ = ["draw_equivariance", "draw_impulse_pyramid", "draw_pooled_shift"]


def draw_equivariance(image: np.ndarray, dy: int, dx: int, kernel_name: str, padding: str = "zeros") -> str:
    """Draw :func:`equivariance_panels` for a kernel of :data:`tvlib.KERNELS`; return the error summary.

    Raises
    ------
    TypeError, ValueError
        As :func:`tvlib.equivariance_panels`, or if ``kernel_name`` is not a key of :data:`tvlib.KERNELS`.
    """
    dy, dx = as_int(dy, "dy"), as_int(dx, "dx")
    kernel_name = as_choice(kernel_name, "kernel_name", tuple(KERNELS))
    panels = equivariance_panels(image, dy, dx, KERNELS[kernel_name], padding)
    show_images(
        list(panels.values()),
        list(panels),
        signed=[False, True, True, True],
        suptitle=f"{kernel_name}, {padding} padding, shift (dy, dx) = ({dy}, {dx})",
    )
    difference = panels["difference f(S x) - S f(x)"]
    radius = max(KERNELS[kernel_name].shape) // 2  # the kernel's reach, plus the shift
    band = radius + max(abs(dy), abs(dx))
    interior = np.abs(crop_border(difference, band)).max() if 2 * band < min(difference.shape) else float("nan")
    return (
        f"shift ({dy}, {dx}), {kernel_name}, {padding} padding: max |f(Sx) - S f(x)| = "
        f"{np.abs(difference).max():.3g} everywhere, {interior:.3g} away from a {band}-pixel border band"
    )


def draw_impulse_pyramid(row: int, col: int, levels: int, size: int = 10) -> str:
    """Draw the pooling pyramid of an impulse at ``(row, col)``; return its path of positions.

    Raises
    ------
    TypeError, ValueError
        If ``size`` is not a whole number from 1 to 7071, ``(row, col)`` not a pixel of the
        ``size``×``size`` image, or ``levels`` not a number of 2×2 poolings it allows.
    """
    size = as_int(size, "size", minimum=1, maximum=math.isqrt(MAX_PIXELS))
    row, col = as_int(row, "row"), as_int(col, "col")
    if not (-size <= row < size and -size <= col < size):
        raise ValueError(f"row {row} and col {col} must be a pixel of the image of size {size}x{size}")
    pyramid = pool_pyramid(impulse((size, size), (row, col)), levels)
    path = impulse_positions(size, (row, col), levels)
    titles = [
        f"level {n}: {level.shape[0]}x{level.shape[1]}, pixel at {pos}"
        for n, (level, pos) in enumerate(zip(pyramid, path))
    ]
    show_images(
        pyramid,
        titles,
        cmap="viridis",
        panel_width=2.6,
        colorbar=False,
        suptitle=f"2x2 max pooling of a {size}x{size} image with one bright pixel at ({row}, {col})",
    )
    return " -> ".join(str(p) for p in path)


def draw_pooled_shift(image: np.ndarray, dx: int, levels: int, dy: int = 0) -> str:
    """Draw the pooled edge maps of ``image`` and of it shifted by ``(dy, dx)`` after ``levels`` poolings.

    Raises
    ------
    TypeError, ValueError
        For a bad image or shift, a ``levels`` the edge map cannot be pooled that often, or an image
        whose pooled edge map is blank (the relative change is undefined).
    """
    image = as_image(image, "image")
    dy, dx, levels = as_int(dy, "dy"), as_int(dx, "dx"), as_int(levels, "levels", minimum=0)
    a = pool_pyramid(edge_map(image), levels)[-1]
    b = pool_pyramid(edge_map(shift(image, dy, dx)), levels)[-1]
    if not a.any():
        raise ValueError(f"image has no vertical edges left after levels={levels} poolings: nothing to compare")
    error = float(np.linalg.norm(b - a) / np.linalg.norm(a))
    show_images(
        [a, b, b - a],
        [f"pooled {levels}x: x", f"pooled {levels}x: x shifted by ({dy}, {dx})", "difference"],
        signed=[False, False, True],
        cmap="magma",
        share_limits=False,
        suptitle=f"Edge map after {levels} 2x2 max poolings ({a.shape[0]}x{a.shape[1]})",
    )
    return f"shift ({dy}, {dx}) px, {levels} poolings: relative change of the pooled map = {error:.3f}"
