"""The MaxBlurPool2d layer (tvlib.nn.blurpool)."""

from __future__ import annotations

import numpy as np
import pytest

from tvlib import max_blur_pool
from tvlib.nn import MaxBlurPool2d


def test_blur_pool_rejects_bad_input():
    with pytest.raises(ValueError, match="even length"):
        max_blur_pool(np.ones(7))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        max_blur_pool(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="filter_size must be at least 1"):
        MaxBlurPool2d(0)
    with pytest.raises(ValueError, match="padding_mode must be one of"):
        MaxBlurPool2d(3, padding_mode="edge")
