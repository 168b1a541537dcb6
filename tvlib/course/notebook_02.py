"""The checks of notebook 02 (pooling gives local, approximate invariance): ``check.exercise_N(...)``.

Each check works out the right answer itself with tvlib's pooling functions, so neither the answer nor
the explanation stands in the student's notebook; coding exercises run on fresh random inputs and on
edge cases (odd sizes, a window as large as the image, negative values).

Examples
--------
>>> exercise_1(None)
Not done yet: replace None with your answer and run the cell again.
False
>>> exercise_1((2, 3))
Not quite: you answered (2, 3). Hint: What does one 2x2 pooling do to a pixel's row and column (section 2)? Apply it three times; the answer is a position in the 4x4 map.
False
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tvlib.core.exercises import check_answer, check_function
from tvlib.core.pooling import global_max_pool, impulse_positions, max_pool, pool_pyramid

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]


def _as_tuple(answer: object) -> object:
    """A list or array of whole numbers as a tuple of ints (``[1, 2]`` answers ``(1, 2)``); else unchanged."""
    if isinstance(answer, (list, tuple, np.ndarray)) and all(isinstance(v, (int, np.integer)) for v in answer):
        return tuple(int(v) for v in answer)
    return answer


def exercise_1(answer: object) -> bool:
    """Where a bright pixel at (13, 22) of a 32×32 image sits after three 2×2 max poolings."""
    return check_answer(
        _as_tuple(answer),
        impulse_positions(32, (13, 22), levels=3)[-1],
        "What does one 2x2 pooling do to a pixel's row and column (section 2)? Apply it three times; "
        "the answer is a position in the 4x4 map.",
        "Three poolings make cells of 8x8 pixels: 13 // 8 = 1 and 22 // 8 = 2, so the pixel is in cell (1, 2) "
        "of the 4x4 map.",
    )


def _first_change(column: int, levels: int) -> int:
    """The smallest shift s >= 1 after which ``impulse_positions`` puts the pixel in another pooled column."""
    cell = 2**levels
    size = (column // cell + 2) * cell  # whole cells, with room for the shifted pixel: nothing is dropped
    start = impulse_positions(size, (0, column), levels)[-1]
    return next(s for s in range(1, cell + 1) if impulse_positions(size, (0, column + s), levels)[-1] != start)


def exercise_2(first_change: Callable[[int, int], int] | None) -> bool:
    """``first_change(column, levels)``: the smallest shift to the right that changes the pooled column."""
    rng = np.random.default_rng()
    edges = [(0, 0), (5, 0), (0, 2), (3, 2), (4, 2), (7, 3), (8, 3), (9, 3), (63, 6), (64, 6), (100, 1)]
    fresh = [(int(rng.integers(0, 200)), int(rng.integers(0, 6))) for _ in range(12)]
    return check_function(
        first_change,
        edges + fresh,
        reference=_first_change,
        hint="After `levels` poolings the columns form cells of 2**levels pixels; how far is `column` from the "
        "first column of the next cell? Try your function on column 3 and column 4 with levels=2 (the "
        "grid-phase table).",
        explanation="The answer is 2**levels - column % 2**levels: anything from 1 pixel (a pixel on the last "
        "column of its cell) to a whole cell (a pixel on the first column). Which one applies depends on where "
        "the pixel happens to sit relative to the grid.",
    )


def exercise_3(max_pool_strided: Callable[..., object] | None) -> bool:
    """``max_pool_strided(x, kernel_size, stride)``: max pooling whose windows may overlap (window > stride)."""
    rng = np.random.default_rng()
    cases = [
        (rng.normal(size=(9, 9)), 3, 2),
        (rng.normal(size=(10, 11)), 3, 2),  # even and odd sides: the last row or column may be left out
        (rng.normal(size=(3, 3)), 3, 2),  # the window is the whole image: one output cell
        (rng.normal(size=(3, 8)), 3, 2),
        (-1 - rng.random((7, 7)), 3, 2),  # every value negative: the maximum is negative too
        (rng.normal(size=(8, 6)), 2, 1),  # windows overlap by one row and column
        (rng.normal(size=(7, 9)), 2, 2),  # non-overlapping, as in max_pool_loop
        (rng.normal(size=(11, 10)), 4, 3),
        (rng.normal(size=(5, 5)), 1, 1),  # one-pixel windows: the image itself
        (rng.integers(0, 9, size=(int(rng.integers(3, 20)), int(rng.integers(3, 20)))).astype(float), 3, 2),
    ]
    return check_function(
        max_pool_strided,
        cases,
        reference=lambda x, kernel_size, stride: max_pool(x, kernel_size, stride),
        hint="Which rows and columns does output cell (i, j) see when windows start every `stride` pixels? "
        "Count only the windows that fit completely inside the image, and make sure your maximum also works "
        "for maps whose values are all negative.",
        explanation="With a 3x3 window and stride 2, neighbouring windows share a row or column, so a pixel on "
        "a shared row or column reaches two output cells (four where a shared row meets a shared column); the "
        "output has (H - 3) // 2 + 1 rows, as in torch.nn.MaxPool2d.",
    )


# Exercise 4's options: what is computed from an 8×8 map, by name.
_OPTIONS: dict[str, Callable[[np.ndarray], object]] = {
    "a": lambda x: x,
    "b": lambda x: max_pool(x),
    "c": lambda x: pool_pyramid(x, 3)[-1],
    "d": global_max_pool,
}


def _unchanged_by_roll(maps: int = 20) -> set[str]:
    """The options whose result is the same for ``np.roll(x, 1, axis=1)`` as for ``x``, on random 8×8 maps."""
    rng = np.random.default_rng()
    xs = [rng.normal(size=(8, 8)) for _ in range(maps)]
    return {
        name
        for name, compute in _OPTIONS.items()
        if all(np.array_equal(compute(np.roll(x, 1, axis=1)), compute(x)) for x in xs)
    }


def _as_letters(answer: object) -> object:
    """A set, list or tuple of letters, lower-cased and as a set; anything else unchanged."""
    if isinstance(answer, (set, frozenset, list, tuple)) and all(isinstance(v, str) for v in answer):
        return {v.strip().lower() for v in answer}
    return answer


def exercise_4(answer: object) -> bool:
    """Which of the options are exactly unchanged when an 8×8 map is rolled by one column."""
    return check_answer(
        _as_letters(answer),
        _unchanged_by_roll(),
        "Roll a random 8x8 map yourself (np.roll(x, 1, axis=1)) and compare each option's result; or ask, for "
        "each output cell, whether it sees the same set of pixels after the roll.",
        "Only outputs that see the whole map are unchanged: the global maximum, and three 2x2 poolings of an "
        "8x8 map, whose single cell covers all 64 pixels (it is the global maximum). After one pooling each of "
        "the 16 cells sees other pixels once the map is rolled.",
    )
