"""The exercise checks of notebook 07, *Beyond translation* (``from tvlib.course import notebook_07 as check``).

Each check computes its right answer itself, from tvlib (:mod:`tvlib.nn.p4`, :func:`tvlib.nn.rotation.rotate_batch`)
or from the trained model the notebook passes in, so neither the answer nor its explanation stands in the
student's notebook.

- :func:`exercise_1`: ``orbit_average(model, images)``, a model made invariant by averaging over the four turns.
- :func:`exercise_2`: the parameters of a group convolution and of an ordinary one with as many maps.
- :func:`exercise_3`: the angles for which the trained p4 network is exactly invariant.
- :func:`exercise_4`: ``p4_equivariance_error(layer, maps, turns)``, the equivariance check for p4 layers.

A wrong answer gets a hint that names the plausible mistake it matches (a sum instead of a mean, probabilities,
missing biases, ``torch.rot90`` without cycling the rotation axis, ...), never the right answer.
"""

from __future__ import annotations

import math
import numbers
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


def _as_scores(result: object) -> torch.Tensor | None:
    """A student's result as a float64 tensor, or None if it is not one (nor a numpy array)."""
    if isinstance(result, np.ndarray):
        result = torch.from_numpy(result)
    return result.detach().double() if isinstance(result, torch.Tensor) else None


def _orbit_problem(model: nn.Module, images: torch.Tensor, result: object) -> str | None:
    """None if ``result`` is the orbit average of ``model`` on ``images``, else what is wrong with it, in words."""
    expected = _reference_orbit_average(model, images).double()
    scores = _as_scores(result)
    if scores is None:
        return f"expected a tensor of scores, got {type(result).__name__}"
    if scores.shape != expected.shape:
        return f"expected scores of shape {tuple(expected.shape)}, got shape {tuple(scores.shape)}"

    def close(candidate: torch.Tensor) -> bool:
        return bool(torch.allclose(scores, candidate.double(), rtol=1e-4, atol=1e-5))

    if close(expected):
        return None
    with torch.no_grad():
        turned = [model(torch.rot90(images, r, dims=(-2, -1))) for r in range(4)]
    if close(4 * expected):
        return "your scores are four times too large: the sum of the four, not their mean"
    if close(torch.stack([t.softmax(1) for t in turned]).mean(0)):
        return "every row of yours sums to 1: you averaged probabilities, not the scores the model returns"
    if close(torch.stack(turned[::2]).mean(0)):
        return "your result is the average over 0 and 180 degrees only: a quarter turn is 90 degrees"
    if close(turned[0]):
        return "your result is the score of the upright images alone"
    return f"largest difference {float((scores - expected).abs().max()):.3g} from the mean of the scores over the four turns"


def exercise_1(orbit_average: Callable | None) -> bool:
    """Check ``orbit_average(model, images)``: the mean of the model's class scores over the four quarter turns.

    Fresh random digits and fresh untrained CNN2s, a logistic regression and a P4CNN (in eval mode), one
    digit alone and a larger batch; the result must equal the mean of the scores (not of probabilities)
    over the turns by 0, 90, 180 and 270 degrees. The plausible mistakes (a sum, probabilities, two turns
    only, no turn at all) are named.
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
    return check_function(
        orbit_average,
        cases,
        test=_orbit_problem,
        hint=(
            "A quarter turn of a batch is torch.rot90 on its last two axes (rows and columns), not on the batch or "
            "channel axis. Run the model once per turn, 0, 1, 2 and 3 quarter turns, and take the mean of the four "
            "(N, 10) score tensors."
        ),
        explanation=(
            "Turning the input only reorders the four terms of the average, so the result is exactly invariant to "
            "quarter turns, for any model: averaging over the group (test-time augmentation). It costs four "
            "forward passes, and nothing inside the model turns with the digit; the p4 network gets its invariance "
            "from its layers instead, in one pass."
        ),
    )


def _hint_2(answer: object, group: int, plain: int, out_channels: int) -> str:
    """The hint of exercise 2: which of the two counts is off, and what goes into it (never the count)."""
    group_rule = (
        "a group convolution has one filter of shape (C_in, 4, k, k) per output channel, and one bias per output "
        "channel, shared by its four turns"
    )
    plain_rule = (
        "an ordinary convolution from 40 to 80 maps has one filter of shape (40, k, k) and one bias per output map"
    )
    if not (isinstance(answer, tuple) and len(answer) == 2 and all(isinstance(a, numbers.Integral) for a in answer)):
        return f"Answer with a pair of integers (group conv, ordinary conv): {group_rule}; {plain_rule}."
    first, second = answer
    if (first, second) == (plain, group):
        return "Right numbers, wrong order: the pair is (GroupConv, nn.Conv2d)."
    parts = []
    if first != group:
        missing = first == group - out_channels
        parts.append(
            f"your first number (GroupConv) is off{' (the biases are missing)' if missing else ''}: {group_rule}"
        )
    if second != plain:
        missing = second == plain - 4 * out_channels
        parts.append(
            f"your second number (nn.Conv2d) is off{' (the biases are missing)' if missing else ''}: {plain_rule}"
        )
    if not parts:  # the right answer: the hint is not shown
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


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
        hint=_hint_2(answer, group, plain, out_channels),
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


def _error_problem(layer: nn.Module, maps: torch.Tensor, turns: int, result: object) -> str | None:
    """None if ``result`` is the p4 equivariance error of ``layer`` on ``maps``, else what is wrong, in words."""
    if (isinstance(result, torch.Tensor) and result.numel() == 1) or isinstance(result, np.generic):
        result = float(result)  # a tensor of one value or a numpy scalar is a number too
    if isinstance(result, bool) or not isinstance(result, numbers.Real):
        return f"expected a number (a Python float), got {type(result).__name__}"
    expected = _reference_error(layer, maps, turns)

    def close(value: float) -> bool:
        return math.isclose(float(result), value, rel_tol=1e-4, abs_tol=1e-6)

    if close(expected):
        return None
    with torch.no_grad():
        out = layer(maps)
        turned = layer(rotate_p4(maps, turns))
        spin = layer(torch.rot90(maps, turns, dims=(-2, -1)))
        mistakes = [
            (
                float((spin - torch.rot90(out, turns, dims=(-2, -1))).norm() / out.norm()),
                "you turned with torch.rot90 alone, which turns the maps but leaves the rotation axis where it is",
            ),
            (
                float((turned - out).norm() / out.norm()),
                "you compared with the output for the unturned maps as it is: turn it too",
            ),
            (
                float((turned - rotate_p4(out, turns)).norm() / maps.norm()),
                "you divided by the norm of the input maps, not of the layer's output",
            ),
            (
                float((layer(rotate_p4(maps, -turns)) - rotate_p4(out, turns)).norm() / out.norm()),
                "the two sides turn in opposite directions",
            ),
        ]
    for value, problem in mistakes:
        if close(value) and not math.isclose(value, expected, rel_tol=1e-3, abs_tol=1e-6):
            return f"expected {expected:.3g}, got {float(result):.3g}: {problem}"
    return f"expected {expected:.3g}, got {float(result):.3g}"


def exercise_4(p4_equivariance_error: Callable | None) -> bool:
    """Check ``p4_equivariance_error(layer, maps, turns)``: ``|| layer(L_r f) - L_r layer(f) || / || layer(f) ||``.

    Fresh random p4 maps and layers, equivariant ones (group convolutions, a ReLU, rotation pooling then
    repeating) whose error is float rounding, and broken ones (filters turned without cycling their rotation
    axis, a bias per rotation) whose error is large; turns of 0 to 3 and 5 (which is 1, modulo 4). The
    plausible mistakes (torch.rot90 without the roll, the unturned output, the input's norm, opposite turns)
    are named.
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
    return check_function(
        p4_equivariance_error,
        cases,
        test=_error_problem,
        hint=(
            "L_r is rotate_p4(..., turns) on both sides: it turns every map and cycles the rotation axis. One side "
            "turns the maps before the layer, the other turns the layer's output afterwards; the norm of their "
            "difference is measured against the layer's output for the unturned maps. Return a float."
        ),
        explanation=(
            "The same check as notebook 05's, for the group p4: the group convolutions, the ReLU and rotation pooling "
            "give float rounding, while a layer whose filters turn without cycling their rotation axis, or one with a "
            "bias per rotation, is far from equivariant. A test that can fail: that is what makes its zeros mean something."
        ),
    )
