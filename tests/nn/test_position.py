"""The border as a position cue: the left/right task, the network, its training and scoring."""

from __future__ import annotations

import pytest
import torch

from tvlib.nn.position import PositionNet, position_accuracy, position_pairs, train_position_net


def test_pairs_differ_only_in_absolute_position():
    images, labels = position_pairs(50, size=32, object_size=6, seed=3)
    assert images.shape == (100, 1, 32, 32) and images.dtype == torch.float32
    assert labels.tolist() == [0] * 50 + [1] * 50
    left, right = images[:50], images[50:]
    assert torch.equal(right, torch.roll(left, 16, dims=3))  # the same canvas, rolled by half its width
    assert left[..., 16:].sum() == 0 and right[..., :16].sum() == 0  # each square inside its half
    assert torch.all(left.sum(dim=(1, 2, 3)) == 36)  # one whole 6x6 square per canvas
    assert torch.equal(position_pairs(50, seed=3)[0], images)  # seeded
    assert not torch.equal(position_pairs(50, seed=4)[0], images)


@pytest.mark.parametrize(
    "kwargs, message", [({"size": 24}, "size must be a multiple of 16"), ({"object_size": 17}, "object_size")]
)
def test_pairs_refuse_bad_sizes(kwargs, message):
    with pytest.raises(ValueError, match=message):
        position_pairs(3, **kwargs)


def test_circular_padding_makes_the_scores_exactly_invariant_to_shifts_by_the_stride():
    torch.manual_seed(0)
    images, _ = position_pairs(8, size=32)
    circular, zeros = PositionNet("circular").eval(), PositionNet("zeros").eval()
    with torch.no_grad():
        for dy, dx in [(0, 8), (16, 0), (8, -24)]:
            moved = torch.roll(images, (dy, dx), dims=(2, 3))
            torch.testing.assert_close(circular(moved), circular(images), rtol=1e-5, atol=1e-6)
            assert not torch.allclose(zeros(moved), zeros(images), atol=1e-4)  # the border is a landmark


def test_zero_padding_learns_where_the_square_is_and_circular_padding_cannot():
    train, test = position_pairs(400, seed=0), position_pairs(200, seed=1)
    accuracies = {}
    for padding in ("zeros", "circular"):
        torch.manual_seed(0)
        net = PositionNet(padding)
        losses = train_position_net(net, *train, epochs=3, seed=0)
        assert len(losses) == 3 and not net.training
        accuracies[padding] = position_accuracy(net, *test)
    assert accuracies["circular"] == 0.5  # exactly chance: both members of a pair get the same scores
    assert accuracies["zeros"] > 0.9, accuracies


def test_bad_input_is_named():
    images, labels = position_pairs(2, size=16)
    with pytest.raises(ValueError, match="labels must lie in 0..1"):
        position_accuracy(PositionNet(), images, labels + 1)
    with pytest.raises(ValueError, match="images must have shape"):
        position_accuracy(PositionNet(), images[:, :, :4, :4], labels)
    with pytest.raises(ValueError, match="padding_mode must be one of"):
        PositionNet("reflect")
    with pytest.raises(ValueError, match="x must have shape"):
        PositionNet()(torch.zeros(1, 2, 16, 16))


def test_slices_are_plain_sequentials_of_the_layers():
    net = PositionNet("circular")
    first = net[:3]
    assert isinstance(first, torch.nn.Sequential) and len(first) == 3 and first[0] is net[0]
    x = position_pairs(1, size=16)[0]
    torch.testing.assert_close(first(x), net[2](net[1](net[0](x))))
