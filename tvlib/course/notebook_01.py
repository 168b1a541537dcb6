"""The checks of notebook 01's exercises (convolution is translation equivariant).

Each computes the right answer itself from tvlib, so neither the answer nor its explanation stands
in the student's notebook; coding exercises run on fresh random images and on edge cases.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..core.correlation import correlate2d
from ..core.exercises import check_answer, check_function
from ..core.images import article_scenes, load_image
from ..core.kernels import KERNELS, sobel_x
from ..core.metrics import equivariance_error, equivariance_map
from ..core.shift import shift

__all__ = ["exercise_1", "exercise_2", "exercise_3", "exercise_4", "exercise_5"]


def _mirror(image: np.ndarray) -> np.ndarray:
    return image[:, ::-1]


def exercise_1(answer: object) -> bool:
    """The columns where the box filter's f(S x) - S f(x) is non-zero, cat photo, d = (0, 4), zero fill."""
    box = lambda image: correlate2d(image, KERNELS["Box 3x3"])
    error = equivariance_map(box, load_image("chelsea.png"), (0, 4), fill="zeros")
    columns = set(np.nonzero(np.abs(error).max(axis=0) > 1e-12)[0].tolist())
    return check_answer(
        answer,
        columns,
        "Think of the kernel's 3-pixel window at each column, once on S x and once on x before the "
        "shift. Where does one side read padding or zero fill while the other reads photo pixels? "
        "There is such a place near each side of the image.",
        "Column 3: the last zero-filled column is 3, and the window of f(Sx) there already reaches the "
        "first photo column (4), while S f(x) is zero there. Column 450: at the right border f(Sx) reads "
        "padding where f(x) had read a real pixel that the shift pushed out.",
    )


def exercise_2(answer: object) -> bool:
    """The kernels of ``KERNELS`` that are mirror-equivariant, f(M x) = M f(x), up to floating-point rounding."""
    cat = load_image("chelsea.png")
    expected = {
        name
        for name, kernel in KERNELS.items()
        if np.allclose(correlate2d(_mirror(cat), kernel), _mirror(correlate2d(cat, kernel)))
    }
    unknown = sorted(set(answer) - set(KERNELS)) if isinstance(answer, (set, list, tuple)) else []
    hint = (
        f"{unknown} {'is' if len(unknown) == 1 else 'are'} not among the keys of KERNELS: use the names exactly "
        "as list(KERNELS) prints them. "
        if unknown
        else ""
    )
    return check_answer(
        answer,
        expected,
        hint + "Correlating the mirrored image with k is the same as mirroring the correlation of the image with "
        "which kernel? Compare the answer with k for each kernel of KERNELS (print them).",
        "The kernels equal to their own left-right mirror image (k[:, ::-1] == k); the two sides then agree "
        "up to rounding (about 1e-16: OpenCV adds the products in another order). Sobel x is "
        "antisymmetric, k[:, ::-1] == -k: it gives f(M x) = -M f(x), the mirrored edges with their sign "
        "flipped, so it is not mirror-equivariant.",
    )


def exercise_3(answer: object) -> bool:
    """The first downward shift dy at which f(S x) = S f(x) fails for the horse scene (zero padding and fill)."""
    if answer is None:  # not done: spare the search
        return check_answer(None, 0, "")
    reference = article_scenes()["reference"]
    f = lambda image: correlate2d(image, sobel_x())
    first = next(dy for dy in range(reference.shape[0]) if equivariance_error(f, reference, (dy, 0), fill="zeros") > 0)
    return check_answer(
        answer,
        first,
        "Follow the horse's lowest bright row as dy grows. Both sides agree as long as the last row of the "
        "shifted image is computed from the same pixels on both sides; when does f(Sx)'s last row start "
        "reading padding where S f(x)'s did not? Check your answer and its neighbours with "
        "tvlib.equivariance_error.",
        "At dy = 386 - 231 = 155 the horse's lowest bright row (231) is pushed out of the frame. The last row "
        "of S f(x) is f(x)'s row 230, whose kernel window still read row 231; f(Sx) computes its last row with "
        "zero padding in that place. At dy = 154 row 231 lands in the last row and both sides agree.",
    )


def _random_images(rng: np.random.Generator) -> list[np.ndarray]:
    return [rng.normal(size=shape) for shape in [(6, 9), (9, 6), (5, 5)]]


def exercise_4(circular_shift: Callable[..., object]) -> bool:
    """``circular_shift(x, dy, dx)``: every pixel moves dy rows down and dx columns right, wrapping around."""
    rng = np.random.default_rng()  # fresh inputs at every check
    a, b, c = _random_images(rng)
    cases = [
        (a, 2, 3),
        (b, -1, 4),
        (c, 0, 0),
        (a, 6, -9),  # whole turns: back where it started
        (b, 11, -13),  # more than the image's size
        (rng.normal(size=(1, 1)), 3, -2),
        (rng.normal(size=(1, 7)), 0, -3),
        (np.arange(12.0).reshape(3, 4), 1, 1),
    ]

    def judge(x: np.ndarray, dy: int, dx: int, result: object) -> str | None:
        result = np.asarray(result)
        if result.shape != x.shape:
            return f"expected an array of shape {x.shape}, got shape {result.shape}"
        if np.allclose(result, shift(x, dy, dx, fill="circular")):
            return None
        if np.allclose(result, shift(x, -dy, -dx, fill="circular")):
            return "the image moved the wrong way: output pixel [i, j] comes from input pixel [i - dy, j - dx]"
        if np.allclose(result, shift(x, dy, dx, fill="zeros")):
            return "zeros came in at the border: in a circular shift what leaves one side enters on the other"
        if np.allclose(result, shift(x, dx, dy, fill="circular")):
            return "rows and columns are swapped: dy moves rows (axis 0), dx columns (axis 1)"
        return "the result is not x moved by (dy, dx) with wrap-around"

    return check_function(
        circular_shift,
        cases,
        test=judge,
        hint="Try your function on np.arange(12.0).reshape(3, 4) with small shifts and compare by eye; "
        "then try shifts that are negative or larger than the image (the % operator wraps indices).",
        explanation="It is np.roll(x, (dy, dx), axis=(0, 1)): on a torus nothing is lost, so circular "
        "correlation is equivariant to every circular shift, with no border band.",
    )


def exercise_5(equivariance_error_inside: Callable[..., object]) -> bool:
    """``equivariance_error_inside(f, x, dy, dx, border)``: the L2 norm of f(S x) - S f(x) (zero fill)
    over the pixels at least ``border`` away from every edge."""
    rng = np.random.default_rng()
    a, b, c = _random_images(rng)
    kernel = rng.normal(size=(3, 3))

    def sobel(image: np.ndarray) -> np.ndarray:
        return correlate2d(image, sobel_x())

    def box(image: np.ndarray) -> np.ndarray:
        return correlate2d(image, KERNELS["Box 3x3"])

    def learned(image: np.ndarray) -> np.ndarray:
        return correlate2d(image, kernel)

    cases = [
        (sobel, a, 1, 2, 0),
        (sobel, b, 1, 2, 2),
        (box, b, -2, 1, 2),
        (learned, c, 1, -1, 2),
        (learned, c, 0, 0, 0),
        (sobel, np.ones((8, 8)), 2, 2, 1),
        (box, b, 0, 3, 1),
    ]
    return check_function(
        equivariance_error_inside,
        cases,
        reference=lambda f, x, dy, dx, border: equivariance_error(f, x, (dy, dx), fill="zeros", border=border),
        hint="Both sides use shift(..., fill='zeros'). Crop the difference to the pixels at least "
        "`border` away from each edge before taking the norm; border = 0 keeps everything.",
        explanation="With a band of kernel radius plus the shift, the error vanishes for every kernel: "
        "the precise form of 'equivariant away from the border'.",
    )
