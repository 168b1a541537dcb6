r"""The images of the collection: photographs shipped with tvlib and reproducible synthetic scenes.

The photographs are package data (``tvlib/core/photos/``, read with :mod:`importlib.resources`), so
they come with ``pip install tvlib`` as well as with the repository.

A synthetic scene is a plain background of value 0 with one object pasted at a chosen top-left
corner :math:`p`. Pasting the same object at :math:`p` and at :math:`p + d` gives two images that
differ by an exact translation :math:`S_d`, which a photograph of a moved object never quite does.

The article's four cases, all :data:`SCENE_SHAPE` = 386×578 (a valid 3×3 filter leaves 384×576,
and six 2×2 poolings then 6×9):

- ``reference``: the horse, right half of the frame;
- ``translated``: the same horse moved by :data:`TRANSLATION` = (20, -40): down 20, left 40;
- ``mirrored``: the reference mirrored left-right: a reflection, *not* a translation;
- ``unrelated``: a different photograph, a coffee cup left of centre, opposite the reference horse.
"""

from __future__ import annotations

from importlib import resources

import cv2
import numpy as np

from ._validate import as_image, as_int, as_pair, as_real, as_shape

__all__ = ["PHOTOS", "SCENE_SHAPE", "TRANSLATION", "load_image", "place", "horse", "article_scenes"]

#: The photographs in ``tvlib/core/photos/`` (all CC0, see the README there).
PHOTOS = ("horse.png", "chelsea.png", "coffee.png")
SCENE_SHAPE = (386, 578)
REFERENCE_CORNER = (40, 330)
#: Offset (rows, columns) from the reference horse to the translated one.
TRANSLATION = (20, -40)


def load_image(name: str) -> np.ndarray:
    """Load one of the shipped :data:`PHOTOS` as a 2-D float64 grey image with values in [0, 1].

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`PHOTOS`, or the file is not an image OpenCV can read.

    Examples
    --------
    >>> load_image("horse.png").shape
    (328, 400)
    """
    if not isinstance(name, str) or name not in PHOTOS:
        raise ValueError(f"name must be one of the shipped photos {', '.join(map(repr, PHOTOS))}; got {name!r}")
    data = (resources.files("tvlib.core") / "photos" / name).read_bytes()
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise ValueError(f"the shipped photo {name!r} is not a readable image (corrupt installation?)")
    return image.astype(np.float64) / 255.0


def place(obj: object, shape: tuple[int, int], top_left: tuple[int, int], background: float = 0.0) -> np.ndarray:
    """Paste ``obj`` into a ``shape`` canvas filled with ``background``, its top-left pixel at ``top_left``.

    Raises
    ------
    ValueError
        If the object does not fit entirely inside the canvas at that position (nothing is cropped).

    Examples
    --------
    >>> place(np.ones((1, 2)), (2, 3), (1, 1))
    array([[0., 0., 0.],
           [0., 1., 1.]])
    """
    obj = as_image(obj, "obj")
    height, width = as_shape(shape, "shape")
    row, col = as_pair(top_left, "top_left", ("row", "column"))
    background = as_real(background, "background")
    if row < 0 or col < 0 or row + obj.shape[0] > height or col + obj.shape[1] > width:
        raise ValueError(
            f"obj of shape {obj.shape} at top_left {(row, col)} does not fit in a canvas of shape {(height, width)}"
        )
    canvas = np.full((height, width), float(background))
    canvas[row : row + obj.shape[0], col : col + obj.shape[1]] = obj
    return canvas


def horse(height: int = 200) -> np.ndarray:
    """The horse silhouette as a bright object (1) on a dark background (0), ``height`` pixels tall.

    Examples
    --------
    >>> horse(100).shape
    (100, 122)
    """
    height = as_int(height, "height", minimum=2, maximum=4000)
    silhouette = 1.0 - load_image("horse.png")
    width = round(silhouette.shape[1] * height / silhouette.shape[0])
    return cv2.resize(silhouette, (width, height), interpolation=cv2.INTER_AREA)


def article_scenes() -> dict[str, np.ndarray]:
    """The four 386×578 images of the article's comparison (see the module docstring).

    Examples
    --------
    >>> {name: image.shape for name, image in article_scenes().items()}["translated"]
    (386, 578)
    """
    obj = horse()
    row, col = REFERENCE_CORNER
    reference = place(obj, SCENE_SHAPE, (row, col))
    translated = place(obj, SCENE_SHAPE, (row + TRANSLATION[0], col + TRANSLATION[1]))
    coffee = load_image("coffee.png")
    top, left = (coffee.shape[0] - SCENE_SHAPE[0]) // 2, coffee.shape[1] - SCENE_SHAPE[1]  # cup left of centre
    unrelated = coffee[top : top + SCENE_SHAPE[0], left : left + SCENE_SHAPE[1]].copy()
    return {
        "reference": reference,
        "translated": translated,
        "mirrored": reference[:, ::-1].copy(),
        "unrelated": unrelated,
    }
