r"""Rotation-equivariant layers for the group p4: translations and the four quarter turns (notebook 07).

A *p4 feature map* has an extra axis for the four rotations: shape :math:`(N, C, 4, H, W)`, with
:math:`f(c, s, \cdot)` the response of filter :math:`c` turned by :math:`s` quarter turns. A rotation by
:math:`r` quarter turns acts on it by turning every map and shifting the rotation axis cyclically,

.. math:: [L_r f](c, s, p) = f(c, s - r, R^{-r} p),

which is :func:`rotate_p4` (``torch.rot90`` on the last two axes, ``torch.roll`` on the rotation axis). The
layers commute with it exactly, as convolutions commute with shifts:

- :class:`LiftingConv`: images :math:`(N, C, H, W)` to p4 maps, a correlation with the four rotated copies
  of each filter, :math:`[\Phi x](c, s, p) = \sum_q (R^s w_c)(q)\, x(p + q)`; so
  :math:`\Phi(R^r x) = L_r \Phi(x)`.
- :class:`GroupConv`: p4 maps to p4 maps, a correlation with the four copies :math:`L_s \psi` of each
  filter :math:`\psi` (which has a rotation axis itself), so :math:`\Psi(L_r f) = L_r \Psi(f)`.
- :func:`pool_rotations`: the largest response over the rotation axis, invariant to its cyclic shift, so
  the pooled maps just turn with the image: :math:`P(L_r f) = R^r P(f)`.
- :class:`P4CNN`: a lifting layer and two group convolutions with 2×2 max pooling between them and a
  rotation pooling at the end, exactly invariant to quarter turns of its 28×28 input.

"Exactly" means to float rounding, for quarter turns about the image centre of square images, as long as
every 2×2 pooling sees maps of even size (otherwise it drops a row on one side only). A rotation by any
other angle moves pixels off the grid: it needs interpolation (:func:`tvlib.nn.rotation.rotate_batch`)
and the layers are then only approximately equivariant.

Each bias is one number per output channel, shared by the four rotations (a bias per rotation would break
the equivariance). Weights are initialised like ``torch.nn.Conv2d``'s (Kaiming-uniform over the fan-in).

Examples
--------
>>> import torch
>>> lift = LiftingConv(1, 3, 5)
>>> x = torch.rand(2, 1, 12, 12)
>>> maps = lift(x)
>>> tuple(maps.shape)
(2, 3, 4, 8, 8)
>>> bool(torch.allclose(lift(torch.rot90(x, 1, dims=(-2, -1))), rotate_p4(maps, 1), atol=1e-6))
True
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from ..core._validate import as_choice, as_int, as_tensor

__all__ = ["ROTATIONS", "rotate_p4", "pool_rotations", "LiftingConv", "GroupConv", "P4CNN"]

#: The rotations of p4: quarter turns 0, 1, 2, 3 (0°, 90°, 180°, 270°).
ROTATIONS = 4
#: Largest number of channels of a layer built here: a typo like 10**6 must fail at once, not allocate.
MAX_CHANNELS = 4096
#: Largest filter side.
MAX_KERNEL = 64


def rotate_p4(maps: torch.Tensor, turns: int) -> torch.Tensor:
    r"""Rotate p4 maps ``(..., 4, H, W)`` by ``turns`` quarter turns (counter-clockwise as displayed).

    Every map turns (``torch.rot90`` on the last two axes) and the rotation axis moves cyclically by
    ``turns`` (``torch.roll``): :math:`[L_r f](s, p) = f(s - r, R^{-r} p)`. The filters of a
    :class:`GroupConv`, ``(C_out, C_in, 4, k, k)``, have the same layout and turn the same way.

    Raises
    ------
    TypeError, ValueError
        If ``maps`` is not a finite non-empty float tensor with 3 to 6 dimensions whose third-last axis
        has size 4, or ``turns`` is not a whole number (any: it counts modulo 4).

    Examples
    --------
    >>> import torch
    >>> maps = torch.rand(1, 2, 4, 5, 5)
    >>> bool(torch.equal(rotate_p4(rotate_p4(maps, 1), 3), maps))
    True
    """
    as_tensor(maps, "maps", (3, 4, 5, 6))
    if maps.shape[-3] != ROTATIONS:
        raise ValueError(
            f"maps must have shape (..., 4, H, W), a rotation axis of 4 before the map, got {tuple(maps.shape)}"
        )
    turns = as_int(turns, "turns") % ROTATIONS
    return torch.rot90(maps, turns, dims=(-2, -1)).roll(turns, dims=-3)


def pool_rotations(maps: torch.Tensor, mode: str = "max") -> torch.Tensor:
    """Pool p4 maps ``(N, C, 4, H, W)`` over their rotation axis to ``(N, C, H, W)``: the ``"max"`` or ``"mean"``.

    Either is invariant to a cyclic shift of the rotation axis, so the pooled maps of a rotated input are
    the pooled maps of the input, turned: equivariant like ordinary maps, invariant in the channels.

    Raises
    ------
    TypeError, ValueError
        If ``maps`` is not a finite non-empty float tensor ``(N, C, 4, H, W)`` or ``mode`` not ``"max"``
        or ``"mean"``.
    """
    maps = _p4_maps(maps, "maps")
    mode = as_choice(mode, "mode", ("max", "mean"))
    return maps.amax(dim=2) if mode == "max" else maps.mean(dim=2)


def _p4_maps(maps: object, name: str, channels: int | None = None, minimum: int = 1) -> torch.Tensor:
    """Check p4 maps: a finite float tensor ``(N, C, 4, H, W)`` (``C`` = ``channels`` if given, sides >= ``minimum``)."""
    as_tensor(maps, name, (5,))
    _, c, rotations, height, width = maps.shape
    if rotations != ROTATIONS or (channels is not None and c != channels) or min(height, width) < minimum:
        c_text = "C" if channels is None else str(channels)
        sides = f" with H, W >= {minimum}" if minimum > 1 else ""
        raise ValueError(f"{name} must have shape (N, {c_text}, 4, H, W){sides}, got {tuple(maps.shape)}")
    return maps


def _sizes(in_channels: object, out_channels: object, kernel_size: object) -> tuple[int, int, int]:
    return (
        as_int(in_channels, "in_channels", minimum=1, maximum=MAX_CHANNELS),
        as_int(out_channels, "out_channels", minimum=1, maximum=MAX_CHANNELS),
        as_int(kernel_size, "kernel_size", minimum=1, maximum=MAX_KERNEL),
    )


def _initialise(weight: nn.Parameter, bias: nn.Parameter) -> None:
    """As ``torch.nn.Conv2d``: Kaiming-uniform weights, biases uniform in ±1/sqrt(fan-in)."""
    nn.init.kaiming_uniform_(weight, a=math.sqrt(5))
    fan_in = weight[0].numel()
    nn.init.uniform_(bias, -1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in))


class LiftingConv(nn.Module):
    r"""Images ``(N, C_in, H, W)`` to p4 maps ``(N, C_out, 4, H - k + 1, W - k + 1)``: each filter in four turns.

    Output rotation :math:`s` is the correlation (no padding) with the filters turned by :math:`s` quarter
    turns, plus one bias per output channel; ``weight`` is ``(C_out, C_in, k, k)``.

    Raises
    ------
    TypeError, ValueError
        If a size is not a whole number from 1 to 4096 channels (64 for ``kernel_size``).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int) -> None:
        super().__init__()
        self.in_channels, self.out_channels, self.kernel_size = _sizes(in_channels, out_channels, kernel_size)
        k = self.kernel_size
        self.weight = nn.Parameter(torch.empty(self.out_channels, self.in_channels, k, k))
        self.bias = nn.Parameter(torch.empty(self.out_channels))
        _initialise(self.weight, self.bias)

    def filters(self) -> torch.Tensor:
        """The four turned copies of every filter, ``(C_out, 4, C_in, k, k)``."""
        return torch.stack([torch.rot90(self.weight, s, dims=(-2, -1)) for s in range(ROTATIONS)], dim=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """p4 maps of the images ``x`` ``(N, C_in, H, W)``, H and W at least ``kernel_size``.

        Raises
        ------
        TypeError, ValueError
            If ``x`` is not a finite float tensor of that shape (it is cast to the weights' dtype).
        """
        as_tensor(x, "x", (4,))
        if x.shape[1] != self.in_channels or min(x.shape[-2:]) < self.kernel_size:
            raise ValueError(
                f"x must have shape (N, {self.in_channels}, H, W) with H, W >= {self.kernel_size}, got {tuple(x.shape)}"
            )
        out = F.conv2d(x.to(self.weight.dtype), self.filters().flatten(0, 1))  # (N, C_out * 4, H', W')
        return out.unflatten(1, (self.out_channels, ROTATIONS)) + self.bias[:, None, None, None]

    def extra_repr(self) -> str:
        return f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}"


class GroupConv(nn.Module):
    r"""p4 maps ``(N, C_in, 4, H, W)`` to p4 maps ``(N, C_out, 4, H - k + 1, W - k + 1)``.

    Each filter :math:`\psi` has a rotation axis too, ``weight`` ``(C_out, C_in, 4, k, k)``; output rotation
    :math:`s` is the correlation (no padding) over all input channels and rotations with
    :math:`L_s \psi` (:func:`rotate_p4` of the filter), plus one bias per output channel.

    Raises
    ------
    TypeError, ValueError
        If a size is not a whole number from 1 to 4096 channels (64 for ``kernel_size``).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int) -> None:
        super().__init__()
        self.in_channels, self.out_channels, self.kernel_size = _sizes(in_channels, out_channels, kernel_size)
        k = self.kernel_size
        self.weight = nn.Parameter(torch.empty(self.out_channels, self.in_channels, ROTATIONS, k, k))
        self.bias = nn.Parameter(torch.empty(self.out_channels))
        _initialise(self.weight, self.bias)

    def filters(self) -> torch.Tensor:
        """The four turned copies :math:`L_s \\psi` of every filter, ``(C_out, 4, C_in, 4, k, k)``."""
        return torch.stack(
            [torch.rot90(self.weight, s, dims=(-2, -1)).roll(s, dims=2) for s in range(ROTATIONS)], dim=1
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """p4 maps of the p4 maps ``x`` ``(N, C_in, 4, H, W)``, H and W at least ``kernel_size``.

        Raises
        ------
        TypeError, ValueError
            If ``x`` is not a finite float tensor of that shape (it is cast to the weights' dtype).
        """
        x = _p4_maps(x, "x", self.in_channels, self.kernel_size)
        weight = self.filters().flatten(0, 1).flatten(1, 2)  # (C_out * 4, C_in * 4, k, k)
        out = F.conv2d(x.to(self.weight.dtype).flatten(1, 2), weight)
        return out.unflatten(1, (self.out_channels, ROTATIONS)) + self.bias[:, None, None, None]

    def extra_repr(self) -> str:
        return f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}"


def _max_pool_p4(maps: torch.Tensor) -> torch.Tensor:
    """2×2 max pooling of every map of p4 maps ``(N, C, 4, H, W)``."""
    return F.max_pool2d(maps.flatten(1, 2), 2).unflatten(1, (maps.shape[1], ROTATIONS))


class P4CNN(nn.Module):
    """A small p4-equivariant CNN for 28×28 digits, exactly invariant to quarter turns of its input.

    Lifting conv 8@5×5 + ReLU + 2×2 max pool (28→24→12), group conv 8@5×5 + ReLU + pool (12→8→4),
    group conv 32@4×4 + ReLU (4→1), max over the four rotations, dense 32 → 10 (23,362 parameters; each
    layer has 4 maps per channel, one per rotation, so 32, 32 and 128 maps). Every map that is pooled
    has an even side, so every layer commutes exactly with quarter turns (:func:`rotate_p4`), and the
    rotation pooling makes the 32 features, and the scores, invariant to them.
    """

    channels = (8, 8, 32)

    def __init__(self) -> None:
        super().__init__()
        first, second, third = self.channels
        self.lift = LiftingConv(1, first, 5)
        self.conv2 = GroupConv(first, second, 5)
        self.conv3 = GroupConv(second, third, 4)
        self.head = nn.Linear(third, 10)

    def features(self, x: torch.Tensor) -> list[torch.Tensor]:
        """The maps after each layer: lifting conv, pool, group conv, pool, group conv (p4 maps ``(N, C, 4, h, w)``,
        after their ReLU), then the rotation-pooled features ``(N, 32)``.

        Raises
        ------
        TypeError, ValueError
            If ``x`` is not a finite float tensor ``(N, 1, 28, 28)``.
        """
        x = _digits(self, x)
        outputs = [torch.relu(self.lift(x))]
        outputs.append(_max_pool_p4(outputs[-1]))
        outputs.append(torch.relu(self.conv2(outputs[-1])))
        outputs.append(_max_pool_p4(outputs[-1]))
        outputs.append(torch.relu(self.conv3(outputs[-1])))
        outputs.append(pool_rotations(outputs[-1]).flatten(1))
        return outputs

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Class scores ``(N, 10)`` of the digits ``x`` ``(N, 1, 28, 28)``."""
        return self.head(self.features(x)[-1])


def _digits(model: nn.Module, x: object) -> torch.Tensor:
    """Check digits for a model: a finite float tensor ``(N, 1, 28, 28)``, cast to the model's dtype."""
    as_tensor(x, "x", (4,))
    if tuple(x.shape[1:]) != (1, 28, 28):
        raise ValueError(f"x must have shape (N, 1, 28, 28), got {tuple(x.shape)}")
    return x.to(next(model.parameters()).dtype)
