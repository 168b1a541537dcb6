r"""The computations and figures behind the sliders of notebooks 01 and 02.

Each ``draw_*`` function draws one figure and returns a one-line summary; the notebooks call it once
with fixed values (a static figure that survives export) and hand it to :func:`tvlib.slider_panel`.
The numbers come from plain functions (``equivariance_panels``, ``invariance_by_depth``, ...) that
the tests call directly.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .correlation import correlate2d
from .kernels import KERNELS, impulse, sobel_x
from .metrics import crop_border
from .plots import show_images
from .pooling import max_pool, pool_pyramid
from .shift import shift

__all__ = [
    "edge_map", "equivariance_panels", "draw_equivariance", "impulse_positions",
    "draw_impulse_pyramid", "invariance_by_depth", "draw_pooled_shift",
]


def edge_map(image: np.ndarray) -> np.ndarray:
    r"""Vertical-edge strength :math:`|x \star S_x|` in ``valid`` mode: an :math:`(H-2) \times (W-2)` map."""
    return np.abs(correlate2d(image, sobel_x(), mode="valid"))


def equivariance_panels(
    image: np.ndarray, dy: int, dx: int, kernel: np.ndarray, padding: str = "zeros"
) -> dict[str, np.ndarray]:
    r"""The four arrays of the equivariance check for :math:`f(x) = x \star k` with ``padding``.

    Returns :math:`S x`, :math:`f(S x)`, :math:`S f(x)` and their difference. The shift wraps around
    when ``padding`` is circular and fills with zeros otherwise.
    """
    mode = "circular" if padding == "circular" else "zeros"
    shifted = shift(image, dy, dx, mode)
    response_of_shifted = correlate2d(shifted, kernel, padding=padding)
    shifted_response = shift(correlate2d(image, kernel, padding=padding), dy, dx, mode)
    return {
        "shifted input S x": shifted,
        "f(S x): filter the shifted input": response_of_shifted,
        "S f(x): shift the filtered input": shifted_response,
        "difference f(S x) - S f(x)": response_of_shifted - shifted_response,
    }


def draw_equivariance(image: np.ndarray, dy: int, dx: int, kernel_name: str, padding: str = "zeros") -> str:
    """Draw :func:`equivariance_panels` for a kernel of :data:`tvlib.KERNELS`; return the error summary."""
    panels = equivariance_panels(image, dy, dx, KERNELS[kernel_name], padding)
    show_images(list(panels.values()), list(panels), signed=[False, True, True, True],
                suptitle=f"{kernel_name}, {padding} padding, shift (dy, dx) = ({dy}, {dx})")
    difference = panels["difference f(S x) - S f(x)"]
    band = 1 + max(abs(dy), abs(dx))
    interior = np.abs(crop_border(difference, band)).max() if 2 * band < min(difference.shape) else float("nan")
    return (f"shift ({dy}, {dx}), {kernel_name}, {padding} padding: max |f(Sx) - S f(x)| = "
            f"{np.abs(difference).max():.3g} everywhere, {interior:.3g} away from a {band}-pixel border band")


def impulse_positions(size: int, position: tuple[int, int], levels: int) -> list[tuple[int, int]]:
    """Where a single bright pixel sits after 0, 1, ..., ``levels`` 2×2 max poolings of a ``size``² image."""
    pyramid = pool_pyramid(impulse((size, size), position), levels)
    return [tuple(int(i) for i in np.argwhere(level)[0]) if level.any() else None for level in pyramid]


def draw_impulse_pyramid(row: int, col: int, levels: int, size: int = 10) -> str:
    """Draw the pooling pyramid of an impulse at ``(row, col)``; return its path of positions."""
    pyramid = pool_pyramid(impulse((size, size), (row, col)), levels)
    path = impulse_positions(size, (row, col), levels)
    titles = [f"level {n}: {level.shape[0]}x{level.shape[1]}, pixel at {pos}" for n, (level, pos) in enumerate(zip(pyramid, path))]
    show_images(pyramid, titles, cmap="viridis", panel_width=2.6, colorbar=False,
                suptitle=f"2x2 max pooling of a {size}x{size} image with one bright pixel at ({row}, {col})")
    return " -> ".join(str(p) for p in path)


def invariance_by_depth(image: np.ndarray, shifts: Sequence[tuple[int, int]], levels: int) -> np.ndarray:
    r"""Relative invariance error of the pooled edge map, one row per pooling depth, one column per shift.

    Entry :math:`[d, s]` is :math:`\lVert P^d E(S_s x) - P^d E(x) \rVert / \lVert P^d E(x) \rVert`
    with :math:`E` = :func:`edge_map`, :math:`P` = 2×2 max pooling and a zero-fill shift. 0 means
    the pooled map did not change at all; about 1.4 means it changed completely (no overlap).
    """
    reference = pool_pyramid(edge_map(image), levels)
    table = np.empty((levels + 1, len(shifts)))
    for column, (dy, dx) in enumerate(shifts):
        moved = pool_pyramid(edge_map(shift(image, dy, dx)), levels)
        for depth, (a, b) in enumerate(zip(reference, moved)):
            table[depth, column] = np.linalg.norm(b - a) / np.linalg.norm(a)
    return table


def draw_pooled_shift(image: np.ndarray, dx: int, levels: int, dy: int = 0) -> str:
    """Draw the pooled edge maps of ``image`` and of it shifted by ``(dy, dx)`` after ``levels`` poolings."""
    a, b = edge_map(image), edge_map(shift(image, dy, dx))
    for _ in range(levels):
        a, b = max_pool(a), max_pool(b)
    error = float(np.linalg.norm(b - a) / np.linalg.norm(a))
    show_images([a, b, b - a], [f"pooled {levels}x: x", f"pooled {levels}x: x shifted by ({dy}, {dx})", "difference"],
                signed=[False, False, True], cmap="magma", share_limits=False,
                suptitle=f"Edge map after {levels} 2x2 max poolings ({a.shape[0]}x{a.shape[1]})")
    return f"shift ({dy}, {dx}) px, {levels} poolings: relative change of the pooled map = {error:.3f}"
