r"""A toy for the limit of max pooling that D. Soni's article names: pooled part detectors ignore layout.

A "face" is drawn from three simple parts on a blank canvas: two eyes (filled squares), a nose (a
vertical bar) and a mouth (a horizontal bar). A *part detector* correlates the image with each part's
template and keeps the global maximum: :math:`s_p = \max_{i} (x \star t_p)[i]`. Because the maximum is
taken over all positions, the scores are the same whether the parts form a face or are scrambled: the
detector is invariant to *where* each part is, and so blind to *how the parts are arranged*. A detector
that keeps the positions (:func:`layout_score`) tells the two apart.
"""

from __future__ import annotations

import math

import numpy as np

from ._validate import MAX_PIXELS, as_choice, as_image, as_int
from .correlation import correlate2d

__all__ = ["PART_TEMPLATES", "draw_face", "part_scores", "part_positions", "layout_score"]

_EYE = np.ones((5, 5))
_NOSE = np.ones((9, 3))
_MOUTH = np.ones((3, 15))
#: Each part's template: its own shape, zero-mean so that a blank region scores 0.
PART_TEMPLATES = {
    name: part - part.mean()
    for name, part in {"eye": np.pad(_EYE, 2), "nose": np.pad(_NOSE, 2), "mouth": np.pad(_MOUTH, 2)}.items()
}

#: Top-left corners of the parts on a 48x48 canvas: a face, and the same parts scrambled.
LAYOUTS = {
    "face": {"left eye": (10, 10), "right eye": (10, 32), "nose": (18, 22), "mouth": (34, 16)},
    "scrambled": {"left eye": (36, 8), "right eye": (30, 36), "nose": (4, 6), "mouth": (8, 24)},
}
_SHAPES = {"left eye": _EYE, "right eye": _EYE, "nose": _NOSE, "mouth": _MOUTH}


def draw_face(layout: str = "face", size: int = 48) -> np.ndarray:
    """A ``size``×``size`` image (0 background, 1 parts) with the parts placed as :data:`LAYOUTS` says.

    Raises
    ------
    TypeError, ValueError
        If ``layout`` is not a key of :data:`LAYOUTS`, or ``size`` is not a whole number from 48 (the
        layouts' canvas: a smaller one would crop parts) to 7071.

    Examples
    --------
    >>> draw_face().shape, float(draw_face().max())
    ((48, 48), 1.0)
    """
    layout = as_choice(layout, "layout", tuple(LAYOUTS))
    size = as_int(size, "size", minimum=48, maximum=math.isqrt(MAX_PIXELS))
    image = np.zeros((size, size))
    for part, (row, col) in LAYOUTS[layout].items():
        shape = _SHAPES[part]
        image[row : row + shape.shape[0], col : col + shape.shape[1]] = 1.0
    return image


def part_scores(image: np.ndarray) -> dict[str, float]:
    r"""Globally max-pooled template responses :math:`s_p = \max_i (x \star t_p)[i]` for eye, nose and mouth.

    Examples
    --------
    >>> a, b = part_scores(draw_face("face")), part_scores(draw_face("scrambled"))
    >>> all(abs(a[part] - b[part]) < 1e-9 for part in a)  # the layout is ignored
    True
    """
    image = as_image(image, "image")
    return {name: float(correlate2d(image, template).max()) for name, template in PART_TEMPLATES.items()}


def part_positions(image: np.ndarray) -> dict[str, tuple[int, int]]:
    """Where each template responds most (row, column): what global max pooling throws away.

    Examples
    --------
    >>> part_positions(draw_face())["nose"]
    (22, 23)
    """
    image = as_image(image, "image")
    positions = {}
    for name, template in PART_TEMPLATES.items():
        response = correlate2d(image, template)
        positions[name] = tuple(int(i) for i in np.unravel_index(response.argmax(), response.shape))
    return positions


def layout_score(image: np.ndarray) -> float:
    """1 if the strongest eye is above the nose and the nose above the mouth (a face's layout), else 0.

    Examples
    --------
    >>> layout_score(draw_face("face")), layout_score(draw_face("scrambled"))
    (1.0, 0.0)
    """
    at = part_positions(image)
    return float(at["eye"][0] < at["nose"][0] < at["mouth"][0])
