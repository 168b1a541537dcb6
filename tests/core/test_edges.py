"""Edge maps and their invariance under pooling (tvlib.core.edges)."""

from __future__ import annotations

import numpy as np
import pytest

import tvlib.core.images as images
from tvlib import invariance_by_depth


@pytest.fixture(scope="module")
def scenes():
    return images.article_scenes()


def test_invariance_by_depth(scenes):
    table = invariance_by_depth(scenes["reference"], [(0, 0), (0, 1), (0, 3), (0, 30)], 6)
    assert table.shape == (7, 4)
    np.testing.assert_array_equal(table[:, 0], 0)
    assert table[0, 1] > 0.5 and table[6, 1] < 0.01  # unpooled maps change, deeply pooled ones hardly
    assert np.all(np.diff(table[:, 1]) <= 0)  # more pooling, less change
    assert np.all(table[:, 3] >= table[:, 2])  # larger shift, more change
