r"""Edge maps of the article's scenes, and how iterated pooling changes them under a shift.

The edge map is the magnitude of the vertical-edge Sobel response in ``valid`` mode,
:math:`E(x) = |x \star K_x|`, an :math:`(H-2) \times (W-2)` map. Pooling it :math:`d` times with
2×2 max pooling (:math:`P^d`) and comparing the maps of an image and its shifted copy measures how
much invariance the pooling buys at each depth.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ._validate import as_image, as_int, as_pair, as_sequence
from .correlation import correlate2d
from .kernels import sobel_x
from .pooling import pool_pyramid
from .shift import shift

__all__ = ["edge_map", "invariance_by_depth"]


def edge_map(image: object) -> np.ndarray:
    r"""Vertical-edge strength :math:`|x \star K_x|` in ``valid`` mode: an :math:`(H-2) \times (W-2)` map.

    Examples
    --------
    >>> edge_map(np.array([[0, 0, 1, 1]] * 3))
    array([[4., 4.]])
    """
    return np.abs(correlate2d(image, sobel_x(), mode="valid"))


def invariance_by_depth(image: object, shifts: Sequence[tuple[int, int]], levels: int) -> np.ndarray:
    r"""Relative invariance error of the pooled edge map, one row per pooling depth, one column per shift.

    Entry :math:`[d, s]` is :math:`\lVert P^d E(S_s x) - P^d E(x) \rVert / \lVert P^d E(x) \rVert`
    with :math:`E` = :func:`edge_map`, :math:`P` = 2×2 max pooling and a zero-fill shift. 0 means
    the pooled map did not change at all; about 1.4 means it changed completely (no overlap).

    Raises
    ------
    TypeError, ValueError
        For a bad image, an empty list of shifts or a shift that is not a pair of integers, a
        negative ``levels`` or more than the edge map can be pooled, or an image whose edge map has
        no edges (nothing to compare).

    Examples
    --------
    >>> x = np.zeros((18, 18)); x[4:12, 4:12] = 1
    >>> invariance_by_depth(x, [(0, 0), (0, 1)], 2)[:, 0]
    array([0., 0., 0.])
    """
    image = as_image(image, "image")
    levels = as_int(levels, "levels", minimum=0)
    pairs = [as_pair(pair, f"shifts[{i}]") for i, pair in enumerate(as_sequence(shifts, "shifts"))]
    reference = pool_pyramid(edge_map(image), levels)
    if not all(level.any() for level in reference):
        raise ValueError("image has no vertical edges at some pooling depth: the relative error is undefined")
    table = np.empty((levels + 1, len(pairs)))
    for column, (dy, dx) in enumerate(pairs):
        moved = pool_pyramid(edge_map(shift(image, dy, dx)), levels)
        for depth, (a, b) in enumerate(zip(reference, moved)):
            table[depth, column] = np.linalg.norm(b - a) / np.linalg.norm(a)
    return table
