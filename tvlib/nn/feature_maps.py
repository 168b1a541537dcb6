r"""Feature maps inside a trained network: do they move with the digit? (After C. Wolf, 2020.)

A digit is placed on a larger blank canvas and moved by integer offsets. For a network whose
convolutions have no padding (:class:`tvlib.models.WolfNet`), every conv layer's output satisfies
:math:`F(S_d x)[i + d] = F(x)[i]` wherever both sides exist: the maps move with the digit, exactly.
After a 2×2 max pooling they move by :math:`d/2`, which exists only for even :math:`d`.

:class:`ActivationClusters` colours maps as Wolf's article does: k-means over the activation vectors
(one :math:`C`-dimensional vector per position) of a batch of images, one colour per cluster; new
maps are coloured by their nearest cluster centre, so colours mean the same on every image.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from ..core._validate import as_int

__all__ = ["embed", "overlap_error", "layer_equivariance_errors", "ActivationClusters"]


def embed(digits: torch.Tensor, size: int = 38, top_left: tuple[int, int] = (5, 5)) -> torch.Tensor:
    """Paste ``(N, 1, 28, 28)`` digits onto blank ``size``×``size`` canvases at ``top_left``.

    Raises
    ------
    ValueError
        If the digits do not fit at that position.
    """
    size = as_int(size, "size", minimum=1)
    row, col = top_left
    height, width = digits.shape[-2:]
    if row < 0 or col < 0 or row + height > size or col + width > size:
        raise ValueError(f"a {height}x{width} digit at {top_left} does not fit on a {size}x{size} canvas")
    canvas = torch.zeros(len(digits), 1, size, size, dtype=digits.dtype)
    canvas[..., row : row + height, col : col + width] = digits
    return canvas


def overlap_error(moved: torch.Tensor, reference: torch.Tensor, dy: int, dx: int) -> float:
    r"""Relative :math:`\lVert F(S_d x)[i + d] - F(x)[i] \rVert / \lVert F(x)[i] \rVert` over all :math:`i` where both exist (:math:`d \ge 0`)."""
    if dy < 0 or dx < 0:
        raise ValueError(f"overlap_error takes non-negative offsets, got ({dy}, {dx})")
    height, width = reference.shape[-2:]
    part = reference[..., : height - dy, : width - dx]
    return float((moved[..., dy:, dx:] - part).norm() / part.norm().clamp_min(1e-12))


@torch.no_grad()
def layer_equivariance_errors(model: torch.nn.Module, canvases: torch.Tensor, shifts: Sequence[int]) -> np.ndarray:
    """Relative equivariance error of each of ``model.features`` under diagonal shifts ``(s, s)``.

    Conv layers are compared with their maps moved by ``s``; the pooled layer (last) with its maps moved
    by ``s // 2`` or ``s // 2 + 1``, whichever fits better (for odd ``s`` neither fits exactly). The
    canvases are moved with ``torch.roll``, so keep ``max(shifts)`` pixels of blank border.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(shifts), number of layers)``.
    """
    model.eval()
    reference = model.features(canvases)
    table = np.empty((len(shifts), len(reference)))
    for row, step in enumerate(shifts):
        moved = model.features(torch.roll(canvases, (step, step), dims=(-2, -1)))
        for layer, (a, b) in enumerate(zip(moved[:-1], reference[:-1])):
            table[row, layer] = overlap_error(a, b, step, step)
        table[row, -1] = min(
            overlap_error(moved[-1], reference[-1], half, half) for half in {step // 2, (step + 1) // 2}
        )
    return table


class ActivationClusters:
    """K-means clusters of the activation vectors of ``(N, C, H, W)`` feature maps.

    All positions of all images are clustered together (``clusters`` centres in :math:`C` dimensions),
    so a colour means the same kind of local response wherever it appears.
    """

    def __init__(self, activations: torch.Tensor, clusters: int = 6, seed: int = 0) -> None:
        from sklearn.cluster import KMeans

        clusters = as_int(clusters, "clusters", minimum=1)
        self.kmeans = KMeans(n_clusters=clusters, n_init=4, random_state=seed).fit(self._vectors(activations))

    @staticmethod
    def _vectors(activations: torch.Tensor) -> np.ndarray:
        return activations.permute(0, 2, 3, 1).reshape(-1, activations.shape[1]).numpy()

    def labels(self, activations: torch.Tensor) -> np.ndarray:
        """Nearest cluster of every position, ``(N, H, W)``."""
        n, _, height, width = activations.shape
        return self.kmeans.predict(self._vectors(activations)).reshape(n, height, width)
