"""The shipped photos and the article's synthetic scenes (tvlib.core.images)."""

from __future__ import annotations

import numpy as np
import pytest

import tvlib
import tvlib.core.images as images
from tvlib import edge_map


@pytest.fixture(scope="module")
def scenes():
    return images.article_scenes()


def test_article_scenes_are_a_translation_a_reflection_and_another_photo(scenes):
    assert all(image.shape == images.SCENE_SHAPE for image in scenes.values())
    np.testing.assert_array_equal(scenes["translated"], tvlib.shift(scenes["reference"], *images.TRANSLATION))
    np.testing.assert_array_equal(scenes["mirrored"], scenes["reference"][:, ::-1])
    assert not np.array_equal(scenes["mirrored"], tvlib.shift(scenes["reference"], 0, -300))
    assert 0 <= scenes["unrelated"].min() and scenes["unrelated"].max() <= 1 and scenes["unrelated"].std() > 0.1


def test_article_image_pools_to_6_by_9(scenes):
    assert tvlib.pool_pyramid(edge_map(scenes["reference"]), 6)[-1].shape == (6, 9)


def test_place_refuses_to_crop():
    with pytest.raises(ValueError, match="does not fit"):
        images.place(np.ones((5, 5)), (10, 10), (6, 0))
    with pytest.raises(ValueError, match="does not fit"):
        images.place(np.ones((5, 5)), (10, 10), (0, -1))
    np.testing.assert_array_equal(
        images.place(np.ones((1, 2)), (2, 3), (1, 1), background=0.5), [[0.5, 0.5, 0.5], [0.5, 1, 1]]
    )


def test_load_image_names_the_shipped_photos_when_asked_for_another():
    with pytest.raises(ValueError, match="name must be one of the shipped photos 'horse.png'"):
        images.load_image("cat.png")
    with pytest.raises(ValueError, match="name must be one of"):
        images.load_image(None)


@pytest.mark.parametrize("name", images.PHOTOS)
def test_shipped_photos_load_as_grey_in_unit_range(name):
    image = images.load_image(name)
    assert image.ndim == 2 and image.min() >= 0 and image.max() <= 1 and image.std() > 0.05
