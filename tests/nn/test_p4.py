"""The p4 layers (tvlib.nn.p4): exact equivariance to quarter turns, shapes, and bad input.

Equivariance is tested in float64, where "exact" means rounding of about 1e-15, on random weights and
random inputs of several sizes (odd and even, square and not, kernels of odd and even size); a layer
without the rotated filters, or with one bias per rotation, must fail the same test (the test can fail).
"""

from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from tvlib.nn import TrainConfig, build_model, fit, train_cached
from tvlib.nn.models import MODELS
from tvlib.nn.p4 import P4CNN, ROTATIONS, GroupConv, LiftingConv, pool_rotations, rotate_p4
from tvlib.nn.rotation import rotate_batch

EXACT = 1e-12  # float64


def turn(x: torch.Tensor, r: int) -> torch.Tensor:
    """An ordinary image or map turned by r quarter turns."""
    return torch.rot90(x, r, dims=(-2, -1))


def relative(a: torch.Tensor, b: torch.Tensor) -> float:
    return float((a - b).norm() / b.norm().clamp_min(1e-30))


@pytest.fixture
def generator():
    return torch.Generator().manual_seed(int(torch.randint(0, 2**31, (1,))))


def double(module: torch.nn.Module) -> torch.nn.Module:
    return module.double().eval()


# --- rotate_p4 ---------------------------------------------------------------------------------------


def test_rotate_p4_is_an_action_of_the_four_turns(generator):
    maps = torch.randn(2, 3, 4, 5, 5, generator=generator)
    assert torch.equal(rotate_p4(maps, 0), maps)
    assert torch.equal(rotate_p4(maps, 4), maps)
    for r in range(-5, 6):
        for s in range(-2, 3):
            assert torch.equal(rotate_p4(rotate_p4(maps, r), s), rotate_p4(maps, r + s)), (r, s)
    assert torch.equal(rotate_p4(maps, 2**64 + 1), rotate_p4(maps, 1))  # any whole number, modulo 4


def test_rotate_p4_turns_the_maps_and_cycles_the_rotation_axis(generator):
    maps = torch.randn(1, 2, 4, 3, 6, generator=generator)  # not square: the maps become 6x3
    turned = rotate_p4(maps, 1)
    assert turned.shape == (1, 2, 4, 6, 3)
    for s in range(ROTATIONS):
        assert torch.equal(turned[:, :, s], turn(maps[:, :, (s - 1) % 4], 1))
    assert rotate_p4(torch.randn(4, 2, 2, generator=generator), 3).shape == (4, 2, 2)  # (4, H, W) alone


@pytest.mark.parametrize(
    "maps, error",
    [
        (torch.zeros(2, 3, 3, 5, 5), ValueError),  # three rotations
        (torch.zeros(5, 5), ValueError),
        (torch.zeros(2, 4, 5, 5, dtype=torch.long), TypeError),
        (torch.full((1, 1, 4, 2, 2), math.nan), ValueError),
        ([[1.0]], TypeError),
    ],
)
def test_rotate_p4_refuses_what_is_no_p4_map(maps, error):
    with pytest.raises(error, match="maps"):
        rotate_p4(maps, 1)


def test_rotate_p4_refuses_a_fractional_turn():
    with pytest.raises(ValueError, match="turns"):
        rotate_p4(torch.zeros(1, 1, 4, 2, 2), 0.5)
    with pytest.raises(TypeError, match="turns"):
        rotate_p4(torch.zeros(1, 1, 4, 2, 2), "1")


# --- the lifting convolution -------------------------------------------------------------------------


@pytest.mark.parametrize("size, kernel", [((12, 12), 5), ((13, 13), 4), ((9, 14), 3), ((5, 5), 5)])
def test_lifting_conv_is_exactly_equivariant(generator, size, kernel):
    torch.manual_seed(int(torch.randint(0, 2**31, (1,), generator=generator)))
    lift = double(LiftingConv(2, 3, kernel))
    x = torch.randn(4, 2, *size, generator=generator, dtype=torch.float64)
    with torch.no_grad():
        maps = lift(x)
        assert maps.shape == (4, 3, 4, size[0] - kernel + 1, size[1] - kernel + 1)
        for r in range(1, 4):
            assert relative(lift(turn(x, r)), rotate_p4(maps, r)) < EXACT, r


def test_lifting_conv_correlates_with_the_four_turned_filters(generator):
    lift = double(LiftingConv(1, 2, 3))
    x = torch.randn(2, 1, 7, 7, generator=generator, dtype=torch.float64)
    with torch.no_grad():
        maps = lift(x)
        for s in range(4):
            expected = F.conv2d(x, turn(lift.weight, s), lift.bias)
            torch.testing.assert_close(maps[:, :, s], expected)


def test_the_test_can_fail_without_turned_filters(generator):
    """Correlating with four unturned copies (an ordinary conv) is not equivariant: the test above would see it."""
    lift = double(LiftingConv(1, 3, 5))
    x = torch.randn(2, 1, 12, 12, generator=generator, dtype=torch.float64)

    def plain(images):
        return F.conv2d(images, lift.weight, lift.bias)[:, :, None].expand(-1, -1, 4, -1, -1)

    with torch.no_grad():
        assert relative(plain(turn(x, 1)), rotate_p4(plain(x), 1)) > 0.1


def test_lifting_conv_checks_its_input():
    lift = LiftingConv(2, 3, 5)
    with pytest.raises(ValueError, match=r"x must have shape \(N, 2, H, W\) with H, W >= 5"):
        lift(torch.zeros(1, 1, 8, 8))
    with pytest.raises(ValueError, match="x must have shape"):
        lift(torch.zeros(1, 2, 4, 8))
    with pytest.raises(ValueError, match="x must be 4-D"):
        lift(torch.zeros(2, 8, 8))
    with pytest.raises(TypeError, match="x must be a floating-point tensor"):
        lift(torch.zeros(1, 2, 8, 8, dtype=torch.long))
    assert lift(torch.zeros(1, 2, 8, 8, dtype=torch.float64)).dtype == torch.float32  # cast to the weights


@pytest.mark.parametrize("layer", [LiftingConv, GroupConv])
@pytest.mark.parametrize("arguments", [(0, 2, 3), (2, 0, 3), (2, 2, 0), (2, 2, 65), (10_000, 2, 3), (2.5, 2, 3)])
def test_layers_refuse_bad_sizes(layer, arguments):
    with pytest.raises(ValueError, match="in_channels|out_channels|kernel_size"):
        layer(*arguments)


def test_layers_count_their_parameters():
    assert sum(p.numel() for p in LiftingConv(3, 7, 5).parameters()) == 7 * 3 * 25 + 7
    assert sum(p.numel() for p in GroupConv(3, 7, 5).parameters()) == 7 * 3 * 4 * 25 + 7  # one bias per channel
    assert repr(GroupConv(3, 7, 5)) == "GroupConv(3, 7, kernel_size=5)"


# --- the group convolution ---------------------------------------------------------------------------


@pytest.mark.parametrize("size, kernel", [((8, 8), 5), ((11, 11), 4), ((6, 9), 3), ((4, 4), 4)])
def test_group_conv_is_exactly_equivariant(generator, size, kernel):
    torch.manual_seed(int(torch.randint(0, 2**31, (1,), generator=generator)))
    conv = double(GroupConv(3, 2, kernel))
    maps = torch.randn(2, 3, 4, *size, generator=generator, dtype=torch.float64)
    with torch.no_grad():
        out = conv(maps)
        assert out.shape == (2, 2, 4, size[0] - kernel + 1, size[1] - kernel + 1)
        for r in range(1, 4):
            assert relative(conv(rotate_p4(maps, r)), rotate_p4(out, r)) < EXACT, r


def test_the_test_can_fail_with_unrolled_filters_or_a_bias_per_rotation(generator):
    conv = double(GroupConv(2, 2, 3))
    maps = torch.randn(1, 2, 4, 7, 7, generator=generator, dtype=torch.float64)

    def turned_only(x):  # the filters turned, but their rotation axis not cycled
        weight = torch.stack([turn(conv.weight, s) for s in range(4)], 1).flatten(0, 1).flatten(1, 2)
        return F.conv2d(x.flatten(1, 2), weight).unflatten(1, (2, 4))

    def bias_per_rotation(x):
        return conv(x) + torch.arange(4.0, dtype=torch.float64)[:, None, None]

    with torch.no_grad():
        for wrong in (turned_only, bias_per_rotation):
            assert relative(wrong(rotate_p4(maps, 1)), rotate_p4(wrong(maps), 1)) > 1e-3, wrong.__name__


def test_group_conv_checks_its_input():
    conv = GroupConv(2, 3, 3)
    for wrong in (torch.zeros(1, 3, 4, 5, 5), torch.zeros(1, 2, 3, 5, 5), torch.zeros(1, 2, 4, 2, 5)):
        with pytest.raises(ValueError, match=r"x must have shape \(N, 2, 4, H, W\) with H, W >= 3"):
            conv(wrong)
    with pytest.raises(ValueError, match="x must be 5-D"):
        conv(torch.zeros(1, 8, 5, 5))
    with pytest.raises(ValueError, match="finite"):
        conv(torch.full((1, 2, 4, 5, 5), math.inf))


# --- pooling over rotations --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["max", "mean"])
def test_pooling_over_rotations_makes_maps_that_just_turn(generator, mode):
    maps = torch.randn(2, 3, 4, 6, 5, generator=generator)
    pooled = pool_rotations(maps, mode)
    assert pooled.shape == (2, 3, 6, 5)
    for r in range(4):  # the mean sums in another order after the roll: equal up to rounding
        torch.testing.assert_close(pool_rotations(rotate_p4(maps, r), mode), turn(pooled, r), rtol=1e-6, atol=1e-7)
    expected = maps.amax(2) if mode == "max" else maps.mean(2)
    torch.testing.assert_close(pooled, expected)


def test_pooling_over_rotations_checks_its_input():
    with pytest.raises(ValueError, match="mode must be one of 'max', 'mean'"):
        pool_rotations(torch.zeros(1, 1, 4, 2, 2), "sum")
    with pytest.raises(ValueError, match=r"maps must have shape \(N, C, 4, H, W\)"):
        pool_rotations(torch.zeros(1, 1, 2, 2, 2))
    with pytest.raises(ValueError, match="maps must be 5-D"):
        pool_rotations(torch.zeros(1, 4, 2, 2))


# --- the model ---------------------------------------------------------------------------------------


def test_p4cnn_is_registered_and_seeded():
    assert MODELS["P4CNN"] is P4CNN
    first, second = build_model("P4CNN", seed=3), build_model("P4CNN", seed=3)
    assert all(torch.equal(p, q) for p, q in zip(first.parameters(), second.parameters()))
    assert not torch.equal(build_model("P4CNN", seed=4).lift.weight, first.lift.weight)


def test_p4cnn_shapes_and_parameter_count():
    model = build_model("P4CNN").eval()
    with torch.no_grad():
        maps = model.features(torch.rand(3, 1, 28, 28))
        assert [tuple(m.shape[1:]) for m in maps] == [
            (8, 4, 24, 24),
            (8, 4, 12, 12),
            (8, 4, 8, 8),
            (8, 4, 4, 4),
            (32, 4, 1, 1),
            (32,),
        ]
        assert model(torch.rand(3, 1, 28, 28)).shape == (3, 10)
    lift, group = 8 * 25 + 8, lambda i, o, k: o * i * 4 * k * k + o
    assert (
        sum(p.numel() for p in model.parameters()) == lift + group(8, 8, 5) + group(8, 32, 4) + 32 * 10 + 10 == 23_362
    )


@pytest.mark.parametrize("seed", [0, 1])
def test_p4cnn_is_exactly_invariant_to_quarter_turns_layer_by_layer(seed):
    model = double(build_model("P4CNN", seed=seed))
    x = torch.rand(4, 1, 28, 28, dtype=torch.float64, generator=torch.Generator().manual_seed(seed))
    with torch.no_grad():
        reference, scores = model.features(x), model(x)
        for r in range(1, 4):
            turned = model.features(turn(x, r))
            for layer, (a, b) in enumerate(zip(turned[:-1], reference[:-1])):
                assert relative(a, rotate_p4(b, r)) < EXACT, (r, layer)
            assert relative(turned[-1], reference[-1]) < EXACT
            assert relative(model(turn(x, r)), scores) < EXACT


def test_p4cnn_is_only_approximately_invariant_to_other_angles():
    """45 degrees moves pixels between grid points: interpolation, so the scores change, if not by much."""
    model = build_model("P4CNN", seed=0).eval()
    x = torch.zeros(4, 1, 28, 28)
    x[:, :, 8:20, 12:16] = 1.0  # a bar, well inside the frame
    with torch.no_grad():
        scores = model(x)
        assert relative(model(rotate_batch(x, 90.0)), scores) < 1e-5
        assert relative(model(rotate_batch(x, 45.0)), scores) > 1e-4


def test_p4cnn_checks_its_input():
    model = build_model("P4CNN")
    for wrong in (torch.zeros(1, 1, 27, 27), torch.zeros(1, 2, 28, 28), torch.zeros(1, 1, 28, 32)):
        with pytest.raises(ValueError, match=r"x must have shape \(N, 1, 28, 28\)"):
            model(wrong)
    with pytest.raises(ValueError, match="x must be 4-D"):
        model(torch.zeros(1, 28, 28))
    with pytest.raises(TypeError, match="x must be a torch.Tensor"):
        model.features([[0.0]])


def test_p4cnn_trains_with_fit_and_the_cache(tiny, tmp_path):
    """fit keeps the layout of 5-D weights (channels_last exists for 4-D tensors only), and learns."""
    config = TrainConfig(epochs=2, batch_size=16, max_lr=1e-2)
    model = build_model("P4CNN")
    history = fit(model, tiny.train_images, tiny.train_labels, config, progress=False)
    assert history[-1]["loss"] < history[0]["loss"]
    cached, info = train_cached("P4CNN", tiny, config, directory=tmp_path, progress=False)
    assert not info["from_cache"]
    assert all(torch.equal(p, q) for p, q in zip(cached.state_dict().values(), model.state_dict().values()))
    assert train_cached("P4CNN", tiny, config, directory=tmp_path, progress=False)[1]["from_cache"]
