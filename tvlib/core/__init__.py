"""tvlib's core layer: image maths in numpy and OpenCV, no torch, no plotting.

Every function takes and returns 2-D numpy arrays (float64), checks its input and raises a
``TypeError`` or ``ValueError`` naming the argument at fault. Modules, one idea each:

- :mod:`~tvlib.core.shift`: the shift operator :math:`S_d` (integer, circular, sub-pixel).
- :mod:`~tvlib.core.correlation`: cross-correlation and convolution (fast and as a double loop).
- :mod:`~tvlib.core.kernels`: Sobel, Laplacian, box, binomial kernels and the Dirac impulse.
- :mod:`~tvlib.core.pooling`: max / average / global pooling, pyramids, where a pixel lands.
- :mod:`~tvlib.core.metrics`: equivariance and invariance errors.
- :mod:`~tvlib.core.edges`: edge maps and their invariance under pooling.
- :mod:`~tvlib.core.operators`: operators as matrices; linear + shift-equivariant = convolution.
- :mod:`~tvlib.core.blurpool`: anti-aliased max pooling (MaxBlurPool) on numpy signals.
- :mod:`~tvlib.core.images`: the shipped photos and the article's synthetic scenes.
- :mod:`~tvlib.core.toys`: pooled part detectors ignore layout (the face toy).
- :mod:`~tvlib.core.exercises`: checking a student's answer.
- :mod:`~tvlib.core.settings`: fast mode and where data and caches live.
"""

from .blurpool import max_blur_pool
from .correlation import MODES, PADDINGS, convolve2d, correlate2d, correlate2d_loop, pad
from .edges import edge_map, invariance_by_depth
from .kernels import KERNELS, binomial, binomial_1d, box, impulse, laplacian, sobel_x, sobel_y
from .metrics import crop_border, equivariance_error, equivariance_map, equivariance_panels, invariance_error
from .pooling import avg_pool, global_max_pool, impulse_positions, max_pool, pool_pyramid, pooled_shape
from .settings import fast_mode
from .shift import FILLS, shift, translate

__all__ = [
    "FILLS",
    "KERNELS",
    "MODES",
    "PADDINGS",
    "avg_pool",
    "binomial",
    "binomial_1d",
    "box",
    "convolve2d",
    "correlate2d",
    "correlate2d_loop",
    "crop_border",
    "edge_map",
    "equivariance_error",
    "equivariance_map",
    "equivariance_panels",
    "fast_mode",
    "global_max_pool",
    "impulse",
    "impulse_positions",
    "invariance_by_depth",
    "invariance_error",
    "laplacian",
    "max_blur_pool",
    "max_pool",
    "pad",
    "pool_pyramid",
    "pooled_shape",
    "shift",
    "sobel_x",
    "sobel_y",
    "translate",
]
