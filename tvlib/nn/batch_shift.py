r"""Shifting whole torch batches at once: shifted test sets and on-the-fly augmentation.

Each image :math:`n` of a batch is translated by its own real offset :math:`(d_y^{(n)}, d_x^{(n)})`
with bilinear interpolation and zero fill, :math:`y_n(i, j) = x_n(i - d_y^{(n)}, j - d_x^{(n)})`,
exactly as :func:`tvlib.translate` does for one numpy image. One call of
``torch.nn.functional.grid_sample`` does the whole batch: the sampling grid is a base grid of pixel
centres plus one offset per image, in the normalised coordinates of ``align_corners=False``, where
pixel :math:`p` of a side of length :math:`L` sits at :math:`(2p + 1)/L - 1`. No Python loop runs
over the images, so it works the same on the CPU and on a GPU.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from ..core._validate import as_bool, as_int, as_real, as_tensor, is_tensor

__all__ = ["shift_batch", "random_offsets"]


def _as_offsets(value: torch.Tensor | float, name: str, count: int, like: torch.Tensor) -> torch.Tensor:
    """Checked offsets, one per image, in ``like``'s dtype; beyond the image size they are all alike
    (the image leaves the frame), so they are clamped there, before a huge one overflows the dtype."""
    limit = max(like.shape[-2:]) + 1
    if is_tensor(value):
        if value.is_complex() or value.dtype == torch.bool:
            raise TypeError(f"{name} must hold real offsets, got dtype {value.dtype}")
        offsets = value.detach().to(dtype=torch.float64, device=like.device)
    else:
        offsets = torch.tensor(as_real(value, name), dtype=torch.float64, device=like.device)
    if offsets.ndim == 0:
        offsets = offsets.expand(count)
    if offsets.shape != (count,):
        raise ValueError(
            f"{name} must be a number or have shape ({count},), one offset per image; got {tuple(offsets.shape)}"
        )
    if not torch.isfinite(offsets).all():
        raise ValueError(f"{name} must be finite, but it contains NaN or infinity")
    return offsets.clamp(-limit, limit).to(like.dtype)


def shift_batch(images: torch.Tensor, dy: torch.Tensor | float, dx: torch.Tensor | float) -> torch.Tensor:
    """Translate every image of a batch by its own (sub-pixel) offset; bilinear, zero fill.

    Parameters
    ----------
    images
        Floating tensor of shape ``(N, H, W)`` or ``(N, C, H, W)``.
    dy, dx
        Offsets in pixels (down, right): numbers applied to all images, or tensors of shape ``(N,)``.

    Returns
    -------
    torch.Tensor
        Tensor of the input's shape, dtype and device. Integer offsets reproduce a zero-fill
        integer shift up to float rounding: about 1e-6 on 28×28 float32 images, growing with the
        image size (about 1e-4 on 300×300), because the grid's normalised coordinates are rounded.

    Raises
    ------
    TypeError
        If ``images`` is not a floating torch tensor.
    ValueError
        If it does not have 3 or 4 dimensions, is empty, or the offsets have the wrong shape or are not finite.
    """
    as_tensor(images, "images", (3, 4))
    batch = images if images.ndim == 4 else images.unsqueeze(1)
    n, _, height, width = batch.shape
    dy = _as_offsets(dy, "dy", n, batch)
    dx = _as_offsets(dx, "dx", n, batch)
    ys = torch.arange(height, dtype=batch.dtype, device=batch.device)
    xs = torch.arange(width, dtype=batch.dtype, device=batch.device)
    # Source coordinate of output pixel (i, j) is (i - dy, j - dx); normalise to [-1, 1].
    grid_y = (2 * (ys[None, :] - dy[:, None]) + 1) / height - 1  # (N, H)
    grid_x = (2 * (xs[None, :] - dx[:, None]) + 1) / width - 1  # (N, W)
    grid = torch.stack(
        (grid_x[:, None, :].expand(n, height, width), grid_y[:, :, None].expand(n, height, width)), dim=-1
    )
    out = F.grid_sample(batch, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return out if images.ndim == 4 else out.squeeze(1)


def random_offsets(
    count: int, max_dy: float, max_dx: float, generator: torch.Generator | None = None, integer: bool = False
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Uniform random offsets :math:`d_y \sim U[-\text{max\_dy}, \text{max\_dy}]`, likewise :math:`d_x`.

    With ``integer=True`` the offsets are uniform over the whole numbers in the same ranges,
    :math:`d_y \in \{-\lfloor \text{max\_dy} \rfloor, \dots, \lfloor \text{max\_dy} \rfloor\}`: every
    shifted digit is then an exact translation, without the blur of bilinear interpolation.

    Returns two float32 tensors of shape ``(count,)``; pass a seeded ``generator`` for reproducible sets.

    Raises
    ------
    TypeError, ValueError
        If ``count`` < 1, a bound is negative or not finite, ``generator`` is not a torch.Generator, or
        ``integer`` is not a bool.
    """
    count = as_int(count, "count", minimum=1, maximum=100_000_000)
    max_dy = as_real(max_dy, "max_dy", minimum=0, maximum=1e6)
    max_dx = as_real(max_dx, "max_dx", minimum=0, maximum=1e6)
    integer = as_bool(integer, "integer")
    if generator is not None and not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator or None, got {type(generator).__name__}")
    if integer:
        dy = torch.randint(-int(max_dy), int(max_dy) + 1, (count,), generator=generator).float()
        dx = torch.randint(-int(max_dx), int(max_dx) + 1, (count,), generator=generator).float()
        return dy, dx
    dy = (torch.rand(count, generator=generator) * 2 - 1) * max_dy
    dx = (torch.rand(count, generator=generator) * 2 - 1) * max_dx
    return dy, dx
