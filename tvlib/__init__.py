"""tvlib: helpers for *Shift Happens*, notebooks on translation equivariance and invariance in CNNs.

Image operations take and return 2-D numpy arrays (float64); :func:`shift_batch` works on torch
batches. Every function checks its input and raises a ``TypeError`` or ``ValueError`` naming the
argument at fault.
"""

from .batch_shift import random_offsets, shift_batch
from .correlation import MODES, PADDINGS, convolve2d, correlate2d, correlate2d_loop, pad
from .kernels import KERNELS, binomial, binomial_1d, box, impulse, laplacian, sobel_x, sobel_y
from .metrics import crop_border, equivariance_error, equivariance_map, invariance_error
from .pooling import avg_pool, global_max_pool, max_pool, pool_pyramid, pooled_shape
from .shift import SHIFT_MODES, shift, translate

__version__ = "0.1.0"

__all__ = [
    "KERNELS", "MODES", "PADDINGS", "SHIFT_MODES",
    "avg_pool", "binomial", "binomial_1d", "box", "convolve2d", "correlate2d", "correlate2d_loop",
    "crop_border", "equivariance_error", "equivariance_map", "global_max_pool", "impulse",
    "invariance_error", "laplacian", "max_pool", "pad", "pool_pyramid", "pooled_shape",
    "random_offsets", "shift", "shift_batch", "sobel_x", "sobel_y", "translate",
]
