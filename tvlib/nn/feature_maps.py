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

import math
from collections.abc import Sequence

import numpy as np
import torch

from ..core._validate import MAX_PIXELS, as_int, as_pair, as_sequence, as_tensor
from ._checks import as_model

__all__ = ["embed", "overlap_error", "layer_equivariance_errors", "ActivationClusters"]


def embed(digits: torch.Tensor, size: int = 38, top_left: tuple[int, int] = (5, 5)) -> torch.Tensor:
    """Paste ``(N, 1, 28, 28)`` digits onto blank ``size``×``size`` canvases at ``top_left``.

    Raises
    ------
    TypeError, ValueError
        If ``digits`` is not a non-empty finite float tensor ``(N, 1, H, W)``, ``size`` not a whole
        number from 1 to 7071, or the digits do not fit at ``top_left``.
    """
    as_tensor(digits, "digits", (4,))
    if digits.shape[1] != 1:
        raise ValueError(f"digits must have one channel, shape (N, 1, H, W), got {tuple(digits.shape)}")
    size = as_int(size, "size", minimum=1, maximum=math.isqrt(MAX_PIXELS))
    row, col = as_pair(top_left, "top_left", ("row", "column"))
    height, width = digits.shape[-2:]
    if row < 0 or col < 0 or row + height > size or col + width > size:
        raise ValueError(
            f"{height}x{width} digits at top_left {(row, col)} do not fit on a canvas of size {size}x{size}"
        )
    canvas = torch.zeros(len(digits), 1, size, size, dtype=digits.dtype, device=digits.device)
    canvas[..., row : row + height, col : col + width] = digits.detach()
    return canvas


def overlap_error(moved: torch.Tensor, reference: torch.Tensor, dy: int, dx: int) -> float:
    r"""Relative :math:`\lVert F(S_d x)[i + d] - F(x)[i] \rVert / \lVert F(x)[i] \rVert` over all :math:`i` where both exist (:math:`d \ge 0`).

    Raises
    ------
    TypeError, ValueError
        If ``moved`` and ``reference`` are not finite float tensors of one shape with at least 2
        dimensions, or ``dy`` / ``dx`` are not whole numbers from 0 to the maps' height / width - 1.
    """
    as_tensor(moved, "moved", (2, 3, 4))
    as_tensor(reference, "reference", (2, 3, 4))
    if moved.shape != reference.shape:
        raise ValueError(
            f"moved and reference must have one shape, got {tuple(moved.shape)} and {tuple(reference.shape)}"
        )
    height, width = reference.shape[-2:]
    dy = as_int(dy, "dy", minimum=0, maximum=height - 1)
    dx = as_int(dx, "dx", minimum=0, maximum=width - 1)
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

    Raises
    ------
    TypeError, ValueError
        If ``model`` has no ``features`` method returning a list of finite float feature maps for
        ``canvases``, ``canvases`` is not a non-empty finite float tensor ``(N, C, H, W)``, or a
        shift is not a whole number from 0 to the smallest map's side - 1.
    """
    model = as_model(model)
    if not callable(getattr(model, "features", None)):
        raise TypeError("model must have a features(x) method that returns its feature maps, like WolfNet's")
    as_tensor(canvases, "canvases", (4,))
    model.eval()
    reference = _feature_maps(model, canvases)
    limit = min(min(maps.shape[-2:]) for maps in reference)
    steps = [
        as_int(step, f"shifts[{i}]", minimum=0, maximum=limit - 1)
        for i, step in enumerate(as_sequence(shifts, "shifts", nonempty=False))
    ]
    table = np.empty((len(steps), len(reference)))
    for row, step in enumerate(steps):
        moved = _feature_maps(model, torch.roll(canvases, (step, step), dims=(-2, -1)))
        for layer, (a, b) in enumerate(zip(moved[:-1], reference[:-1])):
            table[row, layer] = overlap_error(a, b, step, step)
        table[row, -1] = min(
            overlap_error(moved[-1], reference[-1], half, half) for half in {step // 2, (step + 1) // 2}
        )
    return table


def _feature_maps(model: torch.nn.Module, canvases: torch.Tensor) -> list[torch.Tensor]:
    """``model.features(canvases)`` in the model's dtype, checked: a non-empty list of finite float maps."""
    parameter = next(model.parameters(), None)
    if parameter is not None:
        canvases = canvases.to(device=parameter.device, dtype=parameter.dtype)
    try:
        maps = model.features(canvases)
    except (RuntimeError, TypeError, ValueError) as error:
        raise ValueError(f"model.features fails on canvases of shape {tuple(canvases.shape)}: {error}") from error
    if not isinstance(maps, (list, tuple)) or not maps:
        raise TypeError(f"model.features must return a non-empty list of feature maps, got {type(maps).__name__}")
    for layer, tensor in enumerate(maps):
        try:
            as_tensor(tensor, f"model.features(canvases)[{layer}]", (3, 4))
        except (TypeError, ValueError) as error:
            raise type(error)(f"{error} (check what the model's features return)") from None
    return list(maps)


class ActivationClusters:
    """K-means clusters of the activation vectors of ``(N, C, H, W)`` feature maps.

    All positions of all images are clustered together (``clusters`` centres in :math:`C` dimensions),
    so a colour means the same kind of local response wherever it appears.

    Raises
    ------
    TypeError, ValueError
        If ``activations`` is not a non-empty finite float tensor ``(N, C, H, W)``, ``clusters`` not a
        whole number from 1 to the number of activation vectors :math:`N H W`, or ``seed`` not one
        from 0 to 2**32 - 1 (scikit-learn's range).
    """

    def __init__(self, activations: torch.Tensor, clusters: int = 6, seed: int = 0) -> None:
        from sklearn.cluster import KMeans

        vectors = self._vectors(activations)
        clusters = as_int(clusters, "clusters", minimum=1, maximum=len(vectors))
        seed = as_int(seed, "seed", minimum=0, maximum=2**32 - 1)
        self.kmeans = KMeans(n_clusters=clusters, n_init=4, random_state=seed).fit(vectors)

    @staticmethod
    def _vectors(activations: torch.Tensor) -> np.ndarray:
        """One float32 row of :math:`C` values per position of every map."""
        as_tensor(activations, "activations", (4,))
        return activations.detach().permute(0, 2, 3, 1).reshape(-1, activations.shape[1]).float().cpu().numpy()

    def labels(self, activations: torch.Tensor) -> np.ndarray:
        """Nearest cluster of every position, ``(N, H, W)``; ``activations`` must have the clustered channels."""
        vectors = self._vectors(activations)
        if vectors.shape[1] != self.kmeans.n_features_in_:
            raise ValueError(
                f"activations must have the {self.kmeans.n_features_in_} channels that were clustered, "
                f"got shape {tuple(activations.shape)}"
            )
        n, _, height, width = activations.shape
        return self.kmeans.predict(vectors).reshape(n, height, width)
