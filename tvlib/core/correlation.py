r"""2-D cross-correlation (what CNN layers compute) and true convolution.

For an image :math:`x` of shape :math:`H \times W` and a kernel :math:`k` of shape
:math:`k_h \times k_w` with anchor :math:`(c_y, c_x) = (\lfloor (k_h-1)/2 \rfloor, \lfloor (k_w-1)/2 \rfloor)`:

.. math::

    \text{correlation:}\quad (x \star k)[i, j] = \sum_{u=0}^{k_h-1}\sum_{v=0}^{k_w-1} k[u, v]\; \tilde x[i + u - c_y,\, j + v - c_x]

    \text{convolution:}\quad (x * k)[i, j] = (x \star \bar k)[i, j], \qquad \bar k[u, v] = k[k_h-1-u,\, k_w-1-v]

``mode="same"`` returns an :math:`H \times W` image; outside the image :math:`\tilde x` is given by
``padding``: ``"zeros"`` (0), ``"circular"`` (the image repeats, indices modulo :math:`H, W`) or
``"reflect"`` (mirrored about the edge pixel, ``d c b | a b c d | c b a``; numpy's ``reflect``,
OpenCV's ``BORDER_REFLECT_101``, torch's ``reflect``). ``mode="valid"`` returns only the
:math:`(H-k_h+1) \times (W-k_w+1)` positions where the kernel lies inside the image (anchor at the
top-left, :math:`c_y = c_x = 0`), so no padding is used.

With circular padding the correlation commutes with circular shifts, for every shift:
:math:`(S_d x) \star k = S_d (x \star k)`, bit for bit while OpenCV sums directly, and to about
:math:`10^{-13}` (relative) for large kernels, where OpenCV switches to a DFT and rounds differently.
With zero padding it does so away from the border.
"""

from __future__ import annotations

import cv2
import numpy as np

from ._validate import MAX_KERNEL, as_choice, as_image, as_pair

__all__ = ["correlate2d", "convolve2d", "correlate2d_loop", "pad", "MODES", "PADDINGS"]

MODES = ("same", "valid")
PADDINGS = ("zeros", "circular", "reflect")
_NUMPY_PAD_MODE = {"zeros": "constant", "circular": "wrap", "reflect": "reflect"}
_CV2_BORDER = {"zeros": cv2.BORDER_CONSTANT, "reflect": cv2.BORDER_REFLECT_101}


def _check(image: object, kernel: object, mode: str, padding: str) -> tuple[np.ndarray, np.ndarray]:
    image = as_image(image, "image")
    kernel = as_image(kernel, "kernel")
    as_choice(mode, "mode", MODES)
    as_choice(padding, "padding", PADDINGS)
    (height, width), (kh, kw) = image.shape, kernel.shape
    if mode == "valid" and (kh > height or kw > width):
        raise ValueError(
            f"kernel of shape {kernel.shape} is larger than image of shape {image.shape}: "
            "mode='valid' would leave no output; use a smaller kernel or mode='same'"
        )
    if mode == "same" and padding == "reflect" and (kh // 2 >= height or kw // 2 >= width):
        raise ValueError(
            f"padding='reflect' needs the kernel's half-size below the image size; kernel {kernel.shape}, "
            f"image {image.shape}"
        )
    return image, kernel


def pad(image: object, kernel_shape: tuple[int, int], padding: str = "zeros") -> np.ndarray:
    r"""Pad ``image`` so that a ``kernel_shape`` correlation in mode ``valid`` gives the ``same`` result.

    Adds :math:`c_y = \lfloor (k_h-1)/2 \rfloor` rows above and :math:`k_h-1-c_y` below (likewise
    columns), filled as ``padding`` says (``zeros``, ``circular`` or ``reflect``).

    Raises
    ------
    TypeError, ValueError
        For a bad image, a kernel shape that is not two whole numbers from 1 to 1024, an unknown
        padding, or ``reflect`` padding wider than the image allows.

    Examples
    --------
    >>> pad(np.array([[1.0, 2.0]]), (1, 3), "circular")
    array([[2., 1., 2., 1.]])
    """
    image = as_image(image, "image")
    as_choice(padding, "padding", PADDINGS)
    kh, kw = as_pair(kernel_shape, "kernel_shape", ("height", "width"), minimum=1, maximum=MAX_KERNEL)
    if padding == "reflect" and (kh // 2 >= image.shape[0] or kw // 2 >= image.shape[1]):
        raise ValueError(
            f"padding='reflect' needs the kernel's half-size below the image size; kernel_shape {(kh, kw)}, "
            f"image {image.shape}"
        )
    widths = (((kh - 1) // 2, kh // 2), ((kw - 1) // 2, kw // 2))
    return np.pad(image, widths, mode=_NUMPY_PAD_MODE[padding])


def correlate2d(image: object, kernel: object, mode: str = "same", padding: str = "zeros") -> np.ndarray:
    """Fast 2-D cross-correlation of ``image`` with ``kernel`` (see the module docstring).

    The multiply-add loop runs in OpenCV's vectorised ``filter2D`` with the anchor and border set so
    that every mode means exactly what the formula says (circular padding is done by tvlib, as
    OpenCV's filter has no wrap-around border).

    Parameters
    ----------
    image, kernel
        2-D arrays of finite real numbers; any numeric dtype, computed in float64.
    mode
        ``"same"`` (output shape = image shape) or ``"valid"`` (only full overlaps).
    padding
        ``"zeros"``, ``"circular"`` or ``"reflect"``; used by ``mode="same"`` only.

    Returns
    -------
    numpy.ndarray
        float64 array of shape ``(H, W)`` (same) or ``(H - kh + 1, W - kw + 1)`` (valid).

    Raises
    ------
    TypeError, ValueError
        For non-numeric, non-2-D, empty or non-finite input, an unknown mode or padding, or a kernel
        larger than the image in valid mode.

    Examples
    --------
    >>> x = np.array([[0, 0, 0, 0], [0, 0, 1, 1], [0, 0, 1, 1]])
    >>> correlate2d(x, [[-1, 1]], mode="valid")
    array([[0., 0., 0.],
           [0., 1., 0.],
           [0., 1., 0.]])
    """
    image, kernel = _check(image, kernel, mode, padding)
    kh, kw = kernel.shape
    if mode == "same" and padding in _CV2_BORDER:
        # filter2D computes out[i, j] = sum k[u, v] x[i + u - a_y, j + v - a_x] with its own border.
        anchor = ((kw - 1) // 2, (kh - 1) // 2)
        return cv2.filter2D(image, cv2.CV_64F, kernel, anchor=anchor, borderType=_CV2_BORDER[padding])
    if mode == "same":  # circular: OpenCV's filter2D has no wrap-around border, so pad explicitly
        image = pad(image, kernel.shape, padding)
    # With anchor (0, 0) the first (H - kh + 1) x (W - kw + 1) values never read OpenCV's border.
    full = cv2.filter2D(image, cv2.CV_64F, kernel, anchor=(0, 0), borderType=cv2.BORDER_CONSTANT)
    return full[: image.shape[0] - kh + 1, : image.shape[1] - kw + 1]


def convolve2d(image: object, kernel: object, mode: str = "same", padding: str = "zeros") -> np.ndarray:
    r"""True 2-D convolution :math:`x * k = x \star \bar k`: correlation with the kernel flipped in both axes.

    Same parameters, result shape and errors as :func:`correlate2d`. For a symmetric kernel (box,
    binomial, Laplacian) both agree; for the Sobel kernels convolution flips the sign.

    Examples
    --------
    >>> convolve2d([[0, 1, 0]], [[1, 2, 3]])  # convolving an impulse gives the kernel itself
    array([[1., 2., 3.]])
    """
    kernel = as_image(kernel, "kernel")
    return correlate2d(image, kernel[::-1, ::-1], mode=mode, padding=padding)


def correlate2d_loop(image: object, kernel: object, mode: str = "same", padding: str = "zeros") -> np.ndarray:
    """Readable double-loop version of :func:`correlate2d`, for teaching (slow: pure Python).

    Every output pixel is computed, including those at the border: ``same`` mode pads first, so no
    index ever falls outside the array (the source article's loop skipped such pixels silently in a
    bare ``try/except``). Same parameters, result and errors as :func:`correlate2d`.

    Examples
    --------
    >>> correlate2d_loop([[0, 1, 0]], [[1, 2, 3]])  # correlating an impulse gives the flipped kernel
    array([[3., 2., 1.]])
    """
    image, kernel = _check(image, kernel, mode, padding)
    if mode == "same":
        image = pad(image, kernel.shape, padding)
    kh, kw = kernel.shape
    out = np.zeros((image.shape[0] - kh + 1, image.shape[1] - kw + 1))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = np.sum(image[i : i + kh, j : j + kw] * kernel)
    return out
