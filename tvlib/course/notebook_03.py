"""The checks behind notebook 03's exercises (why convolutions: linear + shift-equivariant = convolution).

Each check computes the right answer itself, from tvlib: the black box's impulse response, the operator
matrix of a circular convolution, the index arithmetic of a flattened image. A function is run on fresh
random kernels and on edge cases (a 1×1 kernel, a length-1 signal, an impulse). The notebook calls
``check.exercise_N(answer_N)`` and sees *not done*, a hint, or the explanation.
"""

from __future__ import annotations

import operator

import numpy as np

from ..core.correlation import correlate2d
from ..core.exercises import check_answer, check_function
from ..core.kernels import impulse
from ..core.operators import black_box, circular_convolve, operator_matrix

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4"]

#: The notebook's image shape and the black boxes it uses.
SHAPE = (8, 8)
PHI_SEED, MYSTERY_SEED = 7, 11


def exercise_1(answer: object) -> bool:
    """The centre value of the hidden 3×3 kernel of ``black_box(seed=11)``.

    Examples
    --------
    >>> exercise_1(None)
    Not done yet: replace None with your answer and run the cell again.
    False
    """
    response = black_box(seed=MYSTERY_SEED)(impulse(SHAPE, (0, 0)))
    return check_answer(
        answer,
        int(round(response[0, 0])),
        "Probe `mystery` with the impulse delta_0, as section 4 probes phi. Which pixel of the response "
        "holds the kernel's centre? Flipping a kernel moves every entry but one.",
        "The kernel's centre multiplies the pixel under it, so it lands on the impulse itself, pixel [0, 0] "
        "of mystery(delta_0); flipping both axes leaves the centre where it is.",
    )


class HiddenFilter:
    """A circular correlation ``x ⋆ k`` with a kernel the student's function must recover by probing."""

    def __init__(self, kernel: np.ndarray) -> None:
        self._kernel = np.array(kernel, dtype=float)

    def __call__(self, image: object) -> np.ndarray:
        return correlate2d(image, self._kernel, padding="circular")

    def __repr__(self) -> str:
        size = self._kernel.shape[0]
        return f"a hidden {size}x{size} filter"


def _hidden_kernel(phi: HiddenFilter, size: int) -> np.ndarray:
    return phi._kernel.copy()


def _filters(rng: np.random.Generator) -> list[tuple[HiddenFilter, int]]:
    """Fresh filters: random integer kernels of every odd size up to 7, a float one, a corner impulse."""
    kernels = [rng.integers(-3, 4, size=(size, size)) for size in (1, 3, 5, 7)]
    corner = np.zeros((3, 3))
    corner[0, 2] = 1.0  # the flip moves it to the opposite corner: a kernel that shows the orientation
    kernels += [rng.normal(size=(3, 3)), corner]
    return [(HiddenFilter(kernel), len(kernel)) for kernel in kernels]


def exercise_2(correlation_kernel: object) -> bool:
    """``correlation_kernel(phi, size)`` returns the ``size``×``size`` kernel ``k`` of ``phi(x) = x ⋆ k``.

    Run on fresh filters with random integer kernels of sizes 1, 3, 5 and 7, a random real 3×3 kernel
    and a corner impulse, each compared with the kernel the filter hides.

    Examples
    --------
    >>> exercise_2(None)
    Not done yet: write the function's body (it still raises NotImplementedError), run its cell, then this one.
    False
    """
    return check_function(
        correlation_kernel,
        _filters(np.random.default_rng()),
        reference=_hidden_kernel,
        hint="One impulse response h = phi(delta_0) holds every entry of k (section 4), but not in k's "
        "layout: print h for a 3x3 filter and compare it with the kernel you expect. Where does k's centre "
        "land, and which way round are the entries?",
        explanation="One impulse is enough: h[i] = k[c - i] (indices modulo the image size, c the centre), so "
        "rolling h by c and flipping it gives k back. Any linear shift-equivariant filter gives itself away "
        "to a single probe.",
    )


def _circulant_reference(h: np.ndarray) -> np.ndarray:
    """The matrix of circular convolution with ``h`` on length-n signals, by probing (tvlib)."""
    kernel = np.asarray(h, dtype=float)[None, :]
    return operator_matrix(lambda x: circular_convolve(x, kernel), (1, kernel.shape[1]))


def _kernels_1d(rng: np.random.Generator) -> list[tuple[np.ndarray]]:
    """Fresh kernels: random ones of lengths 1, 2, 3, 7 and 16, an impulse at 1 (a shift), all ones."""
    kernels = [rng.normal(size=n) for n in (1, 2, 3, 7, 16)]
    shift_by_one = np.zeros(5)
    shift_by_one[1] = 1.0
    kernels += [shift_by_one, np.ones(4)]
    return [(kernel,) for kernel in kernels]


def exercise_3(circulant: object) -> bool:
    """``circulant(h)`` is the n×n matrix of circular convolution with the length-n kernel ``h``.

    Compared with the operator matrix of ``tvlib``'s circular convolution (its impulse responses) on
    fresh random kernels of lengths 1 to 16, a shift kernel and a constant one.

    Examples
    --------
    >>> exercise_3(None)
    Not done yet: write the function's body (it still raises NotImplementedError), run its cell, then this one.
    False
    """
    return check_function(
        circulant,
        _kernels_1d(np.random.default_rng()),
        reference=_circulant_reference,
        hint="Entry [i, j] is what multiplies x[j] in output i; step 5 writes output i as a sum over the input "
        "samples. Try your matrix on the kernel [0, 1, 0, 0, 0], which shifts a signal one step: which way?",
        explanation="C[i, j] = h[(i - j) mod n]: column j is h shifted by j (the response to the impulse at j), "
        "and each row is the row above moved one step right, wrapping around, as in the figure of section 5.",
    )


def _entry_pixel(i: int, j: int, shape: tuple[int, int]) -> tuple[int, int]:
    """The pixel of h = phi(delta_0) at entry [i, j] of phi's matrix: column j is S_j h, read at pixel i."""
    (ri, ci), (rj, cj) = divmod(i, shape[1]), divmod(j, shape[1])
    return (ri - rj) % shape[0], (ci - cj) % shape[1]


def _as_pixel(answer: object, shape: tuple[int, int]) -> object:
    """A (row, column) pair of whole numbers as a tuple, wrapped into the image (-1 is the last row)."""
    try:
        row, column = map(operator.index, answer)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return answer  # not a pair of whole numbers: compared as it is, and found wrong
    return row % shape[0], column % shape[1]


def exercise_4(answer: object) -> bool:
    """Entry ``A[0, 9]`` of the 64×64 matrix of ``phi`` on 8×8 images is which pixel (row, column) of h?

    Examples
    --------
    >>> exercise_4(None)
    Not done yet: replace None with your answer and run the cell again.
    False
    """
    i, j = 0, 9
    expected = _entry_pixel(i, j, SHAPE)
    matrix = operator_matrix(black_box(seed=PHI_SEED), SHAPE)
    h = matrix[:, 0].reshape(SHAPE)
    assert matrix[i, j] == h[expected], "the index arithmetic disagrees with the operator matrix"
    return check_answer(
        _as_pixel(answer, SHAPE),
        expected,
        "Column 9 is phi(delta_9): h moved so that its origin sits on pixel 9 (which row and column is that?). "
        "Row 0 reads this moved copy at pixel [0, 0]. Which pixel of h lands there?",
        "Pixel 9 is (1, 1), so column 9 is h shifted by (1, 1); at pixel [0, 0] it holds h[0 - 1, 0 - 1], "
        "which wraps around to h[7, 7]. In general A[i, j] = h[i - j], per axis and modulo 8.",
    )
