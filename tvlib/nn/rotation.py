r"""Rotating whole torch batches at once: rotated test sets and rotation augmentation (notebook 07).

Every image :math:`n` of a batch of square images turns by its own angle :math:`\theta_n` (degrees,
counter-clockwise as displayed) about the image centre, zero fill: the output at a pixel samples the
input at the point :math:`R_{-\theta}` maps it to. For multiples of 90° that point is a pixel centre and
the rotation is a permutation of pixels, done exactly by ``torch.rot90``; every other angle lands between
pixel centres and needs bilinear interpolation (one ``torch.nn.functional.affine_grid`` and
``grid_sample`` for the whole batch, ``align_corners=False``), which also blurs the strokes a little and
cuts off the corners that leave the square.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from ..core._validate import as_real, as_tensor, is_tensor

__all__ = ["rotate_batch"]


def _as_angles(value: torch.Tensor | float, count: int, like: torch.Tensor) -> torch.Tensor:
    """Checked angles in degrees, one per image, reduced to [0, 360) in float64."""
    if is_tensor(value):
        if value.is_complex() or value.dtype == torch.bool:
            raise TypeError(f"angles must hold real angles in degrees, got dtype {value.dtype}")
        angles = value.detach().to(dtype=torch.float64, device=like.device)
    else:
        angles = torch.tensor(as_real(value, "angles"), dtype=torch.float64, device=like.device)
    if angles.ndim == 0:
        angles = angles.expand(count)
    if angles.shape != (count,):
        raise ValueError(
            f"angles must be a number or have shape ({count},), one angle per image; got {tuple(angles.shape)}"
        )
    if not torch.isfinite(angles).all():
        raise ValueError("angles must be finite, but they contain NaN or infinity")
    return torch.remainder(angles, 360.0)


def rotate_batch(images: torch.Tensor, angles: torch.Tensor | float) -> torch.Tensor:
    """Turn every square image of a batch by its own angle (degrees, counter-clockwise), zero fill.

    Parameters
    ----------
    images
        Floating tensor ``(N, H, W)`` or ``(N, C, H, W)`` with ``H == W``.
    angles
        Degrees: a number applied to all images, or a tensor of shape ``(N,)``. Multiples of 90 are
        exact quarter turns (``torch.rot90``); others are bilinear.

    Returns
    -------
    torch.Tensor
        Tensor of the input's shape, dtype and device.

    Raises
    ------
    TypeError
        If ``images`` is not a floating torch tensor or ``angles`` not real numbers.
    ValueError
        If ``images`` does not have 3 or 4 dimensions, is empty, not square or not finite, or the angles
        have the wrong shape or are not finite.

    Examples
    --------
    >>> import torch
    >>> x = torch.arange(4.0).reshape(1, 2, 2)
    >>> rotate_batch(x, 90)
    tensor([[[1., 3.],
             [0., 2.]]])
    >>> bool(torch.allclose(rotate_batch(x, 90.0), rotate_batch(rotate_batch(x, 45.0), 45.0), atol=1e-6))
    False
    """
    as_tensor(images, "images", (3, 4))
    if images.shape[-1] != images.shape[-2]:
        raise ValueError(f"images must be square (H == W) to turn within their frame, got shape {tuple(images.shape)}")
    batch = images if images.ndim == 4 else images.unsqueeze(1)
    angles = _as_angles(angles, len(batch), batch)
    quarters = angles / 90
    exact = quarters == quarters.round()
    out = torch.empty_like(batch, memory_format=torch.contiguous_format)
    for turns in range(4):
        chosen = exact & (quarters.round() % 4 == turns)
        if chosen.any():
            out[chosen] = torch.rot90(batch[chosen], turns, dims=(-2, -1))
    if not exact.all():
        chosen = ~exact
        radians = angles[chosen] * (math.pi / 180)
        cos, sin, zero = radians.cos(), radians.sin(), torch.zeros_like(radians)
        # Output pixel at normalised (x right, y down) samples the input at [[cos, -sin], [sin, cos]] (x, y):
        # the point that a counter-clockwise turn by the angle (as displayed, y pointing down) moves there.
        theta = torch.stack((torch.stack((cos, -sin, zero), -1), torch.stack((sin, cos, zero), -1)), -2)
        part = batch[chosen]
        grid = F.affine_grid(theta.to(part.dtype), list(part.shape), align_corners=False)
        out[chosen] = F.grid_sample(part, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return out if images.ndim == 4 else out.squeeze(1)
