"""The face toy: globally pooled part detectors cannot tell a face from its scrambled parts."""

from __future__ import annotations

import numpy as np
import pytest

from tvlib.core.toys import LAYOUTS, PART_TEMPLATES, draw_face, layout_score, part_positions, part_scores


def test_both_layouts_use_the_same_parts():
    face, scrambled = draw_face("face"), draw_face("scrambled")
    assert face.sum() == scrambled.sum() > 0 and not np.array_equal(face, scrambled)
    assert all(abs(t.sum()) < 1e-12 for t in PART_TEMPLATES.values())  # zero-mean: blank scores 0


def test_pooled_part_scores_ignore_the_layout_but_positions_do_not():
    face, scrambled = draw_face("face"), draw_face("scrambled")
    assert part_scores(face) == pytest.approx(part_scores(scrambled), rel=1e-12)
    assert part_scores(np.zeros((48, 48))) == {"eye": 0.0, "nose": 0.0, "mouth": 0.0}
    assert part_positions(face) != part_positions(scrambled)
    assert (layout_score(face), layout_score(scrambled)) == (1.0, 0.0)


def test_detector_finds_each_part_where_it_was_drawn():
    at = part_positions(draw_face("face"))
    nose_row, nose_col = LAYOUTS["face"]["nose"]
    assert at["nose"] == (nose_row + 4, nose_col + 1)  # the centre of the 9x3 bar


def test_unknown_layout():
    with pytest.raises(ValueError, match="layout must be one of"):
        draw_face("cubist")
