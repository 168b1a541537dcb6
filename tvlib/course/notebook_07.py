"""The exercise checks of notebook 07, *Beyond translation* (``from tvlib.course import notebook_07 as check``).

Each check computes its right answer itself, from tvlib (:mod:`tvlib.nn.p4`, :func:`tvlib.nn.rotation.rotate_batch`)
or from the trained model the notebook passes in, so neither the answer nor its explanation stands in the
student's notebook.

- :func:`exercise_1`: ``orbit_average(model, images)``, a model made invariant by averaging over the four turns.
- :func:`exercise_2`: the parameters of a group convolution and of an ordinary one with as many maps.
- :func:`exercise_3`: the angles for which the trained p4 network is exactly invariant.
- :func:`exercise_4`: ``p4_equivariance_error(layer, maps, turns)``, the equivariance check for p4 layers.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from torch import nn

from ..core.exercises import check_answer, check_function
from ..nn.models import build_model
from ..nn.p4 import GroupConv, pool_rotations, rotate_p4
from ..nn.rotation import rotate_batch

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]

#: The layers of exercise 2: GroupConv(in, out, k) against an ordinary Conv2d with 4x the channels.
GROUP_2 = (10, 20, 5)
#: The angles (degrees) of exercise 3, as the notebook lists them.
ANGLES_3 = (30, 45, 90, 135, 180, 270)
#: Below this relative change of the scores a model counts as exactly invariant (float32 rounding is far smaller).
EXACT = 1e-5


def _generator() -> torch.Generator:
    """A generator with a fresh seed: each run tests other random inputs."""
    return torch.Generator().manual_seed(int(np.random.default_rng().integers(2**62)))


def _seeded(build: Callable[[], nn.Module], generator: torch.Generator) -> nn.Module:
    """A module in eval mode with weights drawn from ``generator`` (the global torch seed is left alone), frozen:
    what a student's function computes from it needs no gradients."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(torch.randint(0, 2**62, (1,), generator=generator)))
        module = build().eval()
    return module.requires_grad_(False)


def _reference_orbit_average(model: nn.Module, images: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return torch.stack([model(torch.rot90(images, r, dims=(-2, -1))) for r in range(4)]).mean(0)


def exercise_1(orbit_average: Callable | None) -> bool:
    """Check ``orbit_average(model, images)``: the mean of the model's class scores over the four quarter turns.

    Fresh random digits and fresh untrained CNN2s, a logistic regression and a P4CNN (in eval mode), one
    digit alone and a larger batch; the result must equal the mean of the scores (not of probabilities)
    over the turns by 0, 90, 180 and 270 degrees.
    """
    generator = _generator()

    def digits(count: int) -> torch.Tensor:
        return torch.rand(count, 1, 28, 28, generator=generator)

    cases = [
        (_seeded(lambda: build_model("CNN2"), generator), digits(5)),
        (_seeded(lambda: build_model("CNN2"), generator), digits(1)),
        (_seeded(lambda: build_model("LogisticRegression"), generator), digits(7)),
        (_seeded(lambda: build_model("P4CNN"), generator), digits(3)),
        (_seeded(lambda: build_model("CNN2"), generator), digits(32)),
    ]

    def reference(model: nn.Module, images: torch.Tensor) -> torch.Tensor:
        return _reference_orbit_average(model, images)

    return check_function(
        orbit_average,
        cases,
        reference=reference,
        rtol=1e-4,
        atol=1e-5,
        hint=(
            "Run the model on the images turned by 0, 1, 2 and 3 quarter turns (torch.rot90 on the last two axes) "
            "and average the four (N, 10) score tensors, not their probabilities."
        ),
        explanation=(
            "Turning the input only reorders the four terms of the average, so the result is exactly invariant to "
            "quarter turns, for any model: averaging over the group (test-time augmentation). It costs four "
            "forward passes, and nothing inside the model turns with the digit; the p4 network gets its invariance "
            "from its layers instead, in one pass."
        ),
    )


def exercise_2(answer: object) -> bool:
    """Check the pair (parameters of ``GroupConv(10, 20, 5)``, of ``nn.Conv2d(40, 80, 5)``).

    Examples
    --------
    >>> exercise_2(None)
    Not done yet: replace None with your answer and run the cell again.
    False
    """
    in_channels, out_channels, kernel = GROUP_2
    group = sum(p.numel() for p in GroupConv(in_channels, out_channels, kernel).parameters())
    plain = sum(p.numel() for p in nn.Conv2d(4 * in_channels, 4 * out_channels, kernel).parameters())
    if isinstance(answer, list):
        answer = tuple(answer)
    return check_answer(
        answer,
        (group, plain),
        hint=(
            "Answer with a pair (group conv, ordinary conv). A group convolution has one filter of shape "
            "(C_in, 4, k, k) and one bias per output channel; an ordinary convolution from 40 to 80 maps has one "
            "filter of shape (40, k, k) and one bias per output map."
        ),
        explanation=(
            f"{out_channels} x {in_channels} x 4 x {kernel}x{kernel} + {out_channels} = {group:,} against "
            f"{4 * out_channels} x {4 * in_channels} x {kernel}x{kernel} + {4 * out_channels} = {plain:,}: both map "
            f"{4 * in_channels} maps to {4 * out_channels}, but the group convolution shares every filter among its four "
            f"turns, a quarter of the weights ({group / plain:.2f})."
        ),
    )


def _score_change(model: nn.Module, images: torch.Tensor, angle: float) -> float:
    with torch.no_grad():
        scores = model(images)
        return float((model(rotate_batch(images, angle)) - scores).norm() / scores.norm().clamp_min(1e-12))


def exercise_3(answer: object, model: nn.Module, images: torch.Tensor) -> bool:
    """Check the set of angles of :data:`ANGLES_3` for which ``model``'s scores on ``images`` do not change.

    The right set is measured: an angle counts when the scores of the turned digits differ from those of
    the upright ones by less than :data:`EXACT` (relative).
    """
    model.eval()
    changes = {angle: _score_change(model, images, angle) for angle in ANGLES_3}
    expected = {angle for angle, change in changes.items() if change < EXACT}
    if isinstance(answer, (list, tuple, frozenset)):
        try:
            answer = {int(a) if float(a).is_integer() else a for a in answer}
        except (TypeError, ValueError):
            pass
    return check_answer(
        answer,
        expected,
        hint=(
            "Answer with a set of angles from the list. Which turns move every pixel centre onto a pixel centre, and "
            "which of them are in the group the network is built for?"
        ),
        explanation=(
            "Quarter turns (90, 180, 270 degrees) permute the pixels and are in p4: every layer commutes with them, "
            "so the scores stay the same to float rounding. Every other angle lands between pixel centres: the image "
            "is interpolated, and the network was never built to be invariant to it. Relative changes of the scores: "
            + ", ".join(f"{angle} degrees {change:.1e}" for angle, change in changes.items())
            + "."
        ),
    )


class _UnrolledGroupConv(nn.Module):
    """A group convolution whose filters turn but whose rotation axis is not cycled: not equivariant."""

    def __init__(self, conv: GroupConv) -> None:
        super().__init__()
        self.conv = conv

    def forward(self, maps: torch.Tensor) -> torch.Tensor:
        weight = torch.stack([torch.rot90(self.conv.weight, s, dims=(-2, -1)) for s in range(4)], dim=1)
        out = nn.functional.conv2d(maps.flatten(1, 2), weight.flatten(0, 1).flatten(1, 2))
        return out.unflatten(1, (self.conv.out_channels, 4)) + self.conv.bias[:, None, None, None]


class _BiasPerRotation(nn.Module):
    """A pointwise layer that adds a different number to each rotation slice: not equivariant."""

    def forward(self, maps: torch.Tensor) -> torch.Tensor:
        return maps + torch.arange(4.0, dtype=maps.dtype)[:, None, None]


class _PooledAndRepeated(nn.Module):
    """Rotation pooling, then the pooled maps repeated on the rotation axis: equivariant."""

    def forward(self, maps: torch.Tensor) -> torch.Tensor:
        return pool_rotations(maps)[:, :, None].expand(-1, -1, 4, -1, -1).contiguous()


def _reference_error(layer: nn.Module, maps: torch.Tensor, turns: int) -> float:
    with torch.no_grad():
        out = layer(maps)
        turned = layer(rotate_p4(maps, turns))
        return float((turned - rotate_p4(out, turns)).norm() / out.norm().clamp_min(1e-12))


def exercise_4(p4_equivariance_error: Callable | None) -> bool:
    """Check ``p4_equivariance_error(layer, maps, turns)``: ``|| layer(L_r f) - L_r layer(f) || / || layer(f) ||``.

    Fresh random p4 maps and layers, equivariant ones (group convolutions, a ReLU, rotation pooling then
    repeating) whose error is float rounding, and broken ones (filters turned without cycling their rotation
    axis, a bias per rotation) whose error is large; turns of 0 to 3 and 5 (which is 1, modulo 4).
    """
    generator = _generator()

    def maps(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=generator)

    def conv(*sizes: int) -> GroupConv:
        return _seeded(lambda: GroupConv(*sizes), generator)

    cases = [
        (conv(3, 2, 3), maps(2, 3, 4, 9, 9), 1),
        (_UnrolledGroupConv(conv(3, 2, 3)), maps(2, 3, 4, 9, 9), 1),
        (conv(2, 4, 5), maps(1, 2, 4, 12, 12), 2),
        (_BiasPerRotation(), maps(2, 3, 4, 5, 5), 3),
        (nn.ReLU(), maps(3, 2, 4, 6, 6), 1),
        (_UnrolledGroupConv(conv(2, 3, 4)), maps(1, 2, 4, 8, 8), 2),
        (_PooledAndRepeated(), maps(2, 2, 4, 7, 7), 5),
        (conv(1, 1, 1), maps(1, 1, 4, 3, 3), 0),
    ]

    def reference(layer: nn.Module, maps: torch.Tensor, turns: int) -> float:
        return _reference_error(layer, maps, turns)

    return check_function(
        p4_equivariance_error,
        cases,
        reference=reference,
        rtol=1e-4,
        atol=1e-6,
        hint=(
            "Compare layer(rotate_p4(maps, turns)) with rotate_p4(layer(maps), turns): turn the maps and the rotation "
            "axis on both sides, then divide the norm of the difference by the norm of layer(maps). Return a number."
        ),
        explanation=(
            "The same check as notebook 05's, for the group p4: the group convolutions, the ReLU and rotation pooling "
            "give float rounding, while a layer whose filters turn without cycling their rotation axis, or one with a "
            "bias per rotation, is far from equivariant. A test that can fail: that is what makes its zeros mean something."
        ),
    )
