"""Digits on a canvas, per-layer equivariance of WolfNet, and k-means colouring of feature maps."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tvlib.nn.feature_maps import ActivationClusters, embed, layer_equivariance_errors, overlap_error
from tvlib.nn.models import build_model


def test_embed_places_digits_and_refuses_to_crop():
    digits = torch.rand(3, 1, 28, 28)
    canvas = embed(digits, 38, (4, 6))
    assert canvas.shape == (3, 1, 38, 38) and torch.equal(canvas[..., 4:32, 6:34], digits)
    assert canvas.sum() == pytest.approx(float(digits.sum()))
    with pytest.raises(ValueError, match=r"digits at top_left \(11, 0\) do not fit on a canvas of size 38x38"):
        embed(digits, 38, (11, 0))


def test_overlap_error():
    maps = torch.rand(1, 2, 10, 10)
    moved = torch.zeros_like(maps)
    moved[..., 2:, 3:] = maps[..., :8, :7]
    assert overlap_error(moved, maps, 2, 3) == 0.0
    assert overlap_error(moved, maps, 3, 2) > 0.1
    with pytest.raises(ValueError, match="dy must be at least 0"):
        overlap_error(moved, maps, -1, 0)


def test_layer_errors_vanish_for_conv_layers_and_even_shifts_after_pooling():
    model = build_model("WolfNet", seed=1)
    canvases = embed(torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(0)), 38, (2, 2))
    table = layer_equivariance_errors(model, canvases, [0, 1, 2, 3, 4])
    assert table.shape == (5, 5)
    assert table[:, :4].max() < 1e-5  # conv layers: exact for every shift
    assert table[[0, 2, 4], 4].max() < 1e-5  # pooled: exact for even shifts
    assert table[[1, 3], 4].min() > 1e-3  # and not for odd ones


def test_cluster_colours_separates_distinct_responses():
    activations = torch.zeros(2, 3, 4, 4)
    activations[:, 0, :2] = 5.0  # top half responds in channel 0, bottom half is silent
    clusters = ActivationClusters(activations, clusters=2)
    labels = clusters.labels(activations)
    assert labels.shape == (2, 4, 4)
    assert len(np.unique(labels[:, :2])) == 1 and len(np.unique(labels[:, 2:])) == 1
    assert labels[0, 0, 0] != labels[0, 3, 0]
    moved = torch.roll(activations, 1, dims=2)  # new maps get the colours of their nearest centres
    np.testing.assert_array_equal(clusters.labels(moved), np.roll(labels, 1, axis=1))


def test_wolf_net_feature_maps_move_with_the_digit():
    model = build_model("WolfNet", seed=0).eval()
    canvas = torch.zeros(1, 1, 38, 38)
    canvas[0, 0, 10:28, 12:26] = torch.rand(18, 14, generator=torch.Generator().manual_seed(1))

    def overlap_error(after, before, dy, dx):
        """max |after[i + d] - before[i]| where both exist (valid convolutions have no border effects)."""
        height, width = before.shape[-2:]
        return float((after[..., dy:, dx:] - before[..., : height - dy, : width - dx]).abs().max())

    with torch.no_grad():
        before = model.features(canvas)
        after = model.features(torch.roll(canvas, (2, 4), dims=(2, 3)))  # the digit stays inside
        odd = model.features(torch.roll(canvas, (1, 1), dims=(2, 3)))
    for layer in range(4):  # every conv layer: the maps move with the digit, exactly
        assert overlap_error(after[layer], before[layer], 2, 4) < 1e-5
        assert overlap_error(odd[layer], before[layer], 1, 1) < 1e-5
    assert overlap_error(after[4], before[4], 1, 2) < 1e-5  # pooled: an even shift moves it by half
    assert min(overlap_error(odd[4], before[4], a, b) for a in (0, 1) for b in (0, 1)) > 1e-3  # odd: no shift fits
