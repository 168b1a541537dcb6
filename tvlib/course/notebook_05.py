"""The exercise checks of notebook 05, *Feature maps that move* (``from tvlib.course import notebook_05 as check``).

Each check computes its right answer itself, from tvlib (:func:`tvlib.nn.feature_maps.embed`,
:func:`tvlib.nn.feature_maps.overlap_error`) or from the model and canvases the notebook passes in, so
neither the answer nor its explanation stands in the student's notebook.

- :func:`exercise_1`: ``place_digit(digit, size, top, left)``, a digit pasted on a blank canvas.
- :func:`exercise_2`: the widths of the layer-4 and pooled maps for a 51×51 canvas.
- :func:`exercise_3`: which two-dimensional shifts leave the pooled layer exactly equivariant.
- :func:`exercise_4`: ``global_average_pool(maps)``, a head whose output is invariant to circular shifts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch

from ..core.exercises import check_answer, check_function
from ..nn.feature_maps import embed, overlap_error

#: The shifts (dy, dx) of exercise 3, as the notebook lists them.
SHIFTS_3 = ((2, 4), (3, 5), (4, 1), (6, 6), (0, 3))
#: The canvas side of exercise 2.
SIDE_2 = 51
#: Below this relative error a layer counts as exactly equivariant (float32 rounding is far smaller).
EXACT = 1e-5


def _generator() -> torch.Generator:
    """A generator with a fresh seed: each run tests other random inputs."""
    return torch.Generator().manual_seed(int(np.random.default_rng().integers(2**62)))


def _as_tensor(value: object) -> torch.Tensor | None:
    """A student's result as a float64 tensor (from a tensor, an array or a list), or None if it is none of these."""
    try:
        return torch.as_tensor(np.asarray(value.detach().cpu() if torch.is_tensor(value) else value, dtype=np.float64))
    except (TypeError, ValueError, RuntimeError):
        return None


def exercise_1(place_digit: Callable | None) -> bool:
    """Check ``place_digit(digit, size, top, left)`` against :func:`~tvlib.nn.feature_maps.embed`.

    Fresh random digits at random positions, and the edge cases: a canvas as small as the digit, the
    four corners, a digit that is not square (so rows and columns cannot be swapped unnoticed).
    """
    generator = _generator()

    def digit(height: int = 28, width: int = 28) -> torch.Tensor:
        return torch.rand(height, width, generator=generator)

    def random_case() -> tuple:
        size = int(torch.randint(28, 45, (1,), generator=generator))
        top, left = (int(v) for v in torch.randint(0, size - 27, (2,), generator=generator))
        return (digit(), size, top, left)

    cases = [
        random_case(),
        random_case(),
        (digit(), 28, 0, 0),
        (digit(), 38, 10, 10),
        (digit(), 38, 0, 10),
        (digit(), 38, 10, 0),
        (digit(), 38, 3, 7),
        (digit(5, 3), 9, 4, 1),
    ]

    def reference(digit: torch.Tensor, size: int, top: int, left: int) -> torch.Tensor:
        return embed(digit[None, None], size, (top, left))[0, 0]

    return check_function(
        place_digit,
        cases,
        reference=reference,
        hint=(
            "Start from a blank canvas of zeros; the digit's first row goes to row `top`, its first column to "
            "column `left`, and it covers as many rows and columns as the digit has (its shape)."
        ),
        explanation=(
            "This is what tvlib's embed does for a whole batch; the notebook's canvases are made with it, "
            "with the digit at (3, 3) on 38x38, so 7 blank rows and columns remain below and to the right."
        ),
    )


def exercise_2(answer: object, model: torch.nn.Module) -> bool:
    """Check the pair (layer-4 width, pooled width) of ``model.features`` on a 51×51 canvas.

    Examples
    --------
    >>> from tvlib.nn import build_model
    >>> exercise_2(None, build_model("WolfNet"))
    Not done yet: replace None with your answer and run the cell again.
    False
    """
    with torch.no_grad():
        maps = model.features(torch.zeros(1, 1, SIDE_2, SIDE_2, dtype=next(model.parameters()).dtype))
    expected = (int(maps[3].shape[-1]), int(maps[4].shape[-1]))
    if isinstance(answer, list):
        answer = tuple(answer)
    return check_answer(
        answer,
        expected,
        hint=(
            "Answer with a pair (layer 4, pooled). An unpadded 5x5 convolution keeps only the positions where "
            "the whole kernel fits; 2x2 max pooling with stride 2 keeps only whole 2x2 cells."
        ),
        explanation=(
            f"Each convolution loses 4 pixels: {SIDE_2} - 4 x 4 = {expected[0]}. Pooling takes whole 2x2 cells, "
            f"{expected[1]} of them, and the last odd row and column are dropped."
        ),
    )


def _pooled_error(model: torch.nn.Module, canvases: torch.Tensor, dy: int, dx: int) -> float:
    """The pooled layer's error for the shift (dy, dx), its maps compared at the better of the nearby half shifts."""
    with torch.no_grad():
        reference = model.features(canvases)[-1]
        moved = model.features(torch.roll(canvases, (dy, dx), dims=(-2, -1)))[-1]
    return min(
        overlap_error(moved, reference, hy, hx) for hy in {dy // 2, (dy + 1) // 2} for hx in {dx // 2, (dx + 1) // 2}
    )


def exercise_3(answer: object, model: torch.nn.Module, canvases: torch.Tensor) -> bool:
    """Check the set of shifts of :data:`SHIFTS_3` for which the pooled layer is exactly equivariant.

    The right set is measured on the notebook's ``model`` and ``canvases``: a shift counts when the pooled
    maps of the moved canvases are, to float precision (:data:`EXACT`), a shifted copy of the original ones.
    """
    expected = {shift for shift in SHIFTS_3 if _pooled_error(model, canvases, *shift) < EXACT}
    if isinstance(answer, (list, tuple, frozenset)):
        try:
            answer = {tuple(int(v) for v in pair) for pair in answer}
        except (TypeError, ValueError):
            pass
    return check_answer(
        answer,
        expected,
        hint=(
            "Answer with a set of (dy, dx) pairs taken from the list. Pooling acts on rows and columns "
            "separately: ask for each of the two directions whether the shift moves the digit by whole 2x2 cells."
        ),
        explanation=(
            "Both components must be even: a shift by an even number of rows moves the pooled rows by "
            "half as many, and likewise for columns; one odd component is enough to change which pixels "
            "share a pooling cell."
        ),
    )


def exercise_4(global_average_pool: Callable | None) -> bool:
    """Check ``global_average_pool(maps)``: ``(N, C, H, W)`` maps to their ``(N, C)`` means over positions.

    Fresh random maps of several shapes (one position only, one channel, maps that are not square); each
    result must be the mean of every map, and must not change when the maps are rolled (a circular shift).
    """
    generator = _generator()

    def maps(*shape: int) -> torch.Tensor:
        return torch.randn(*shape, generator=generator)

    cases = [
        (maps(2, 5, 22, 22),),
        (maps(3, 4, 6, 9),),
        (maps(1, 1, 1, 1),),
        (maps(4, 1, 2, 7),),
        (maps(1, 40, 11, 11),),
    ]

    def test(maps: torch.Tensor, result: object) -> str | None:
        expected = maps.double().mean(dim=(-2, -1))
        result = _as_tensor(result)
        if result is None or tuple(result.shape) != tuple(expected.shape):
            got = "something that is not an array" if result is None else f"shape {tuple(result.shape)}"
            return f"expected a result of shape {tuple(expected.shape)} (one number per image and map), got {got}"
        # a roll by at least one position along every axis longer than one
        dy, dx = (int(torch.randint(1, side, (1,), generator=generator)) if side > 1 else 0 for side in maps.shape[-2:])
        try:
            rolled = _as_tensor(global_average_pool(torch.roll(maps, (dy, dx), dims=(-2, -1))))  # type: ignore[misc]
        except Exception as error:  # a student's bug: report it, do not crash the notebook
            return f"on the maps rolled by ({dy}, {dx}) your function raised {type(error).__name__}: {error}"
        if rolled is None or rolled.shape != result.shape or not torch.allclose(rolled, result, atol=1e-5):
            return f"rolling the maps by ({dy}, {dx}) changed your result, so it depends on where things are"
        if not torch.allclose(result, expected, atol=1e-5):
            return f"largest difference from the mean of each map {float((result - expected).abs().max()):.3g}"
        return None

    return check_function(
        global_average_pool,
        cases,
        test=test,
        hint=(
            "The result has one number per image and per map, shape (N, C); of the axes (N, C, H, W), which ones "
            "are the positions?"
        ),
        explanation=(
            "A circular shift only reorders the positions of each map, and a mean does not depend on the "
            "order: the maps move (as conv maps move with their input: equivariant), their means do not "
            "(invariant). A digit moved on a canvas is another matter: content enters and leaves at the maps' "
            "edges, so the means stay the same only while the digit's whole response stays inside the maps."
        ),
    )
