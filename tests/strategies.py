"""Hypothesis strategies shared by the property tests: small random images and kernels."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

values = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64)


def images(min_side: int = 1, max_side: int = 13) -> st.SearchStrategy[np.ndarray]:
    """2-D float64 arrays with odd and even sides between ``min_side`` and ``max_side``."""
    side = st.integers(min_side, max_side)
    return st.tuples(side, side).flatmap(lambda shape: arrays(np.float64, shape, elements=values))


def kernels(max_side: int = 5) -> st.SearchStrategy[np.ndarray]:
    """Square and rectangular kernels of odd and even sizes up to ``max_side``."""
    return images(1, max_side)
