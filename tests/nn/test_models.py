"""The models of notebooks 04 to 06 (tvlib.nn.models)."""

from __future__ import annotations

import pytest
import torch

from tvlib.nn.models import MODELS, build_model


@pytest.mark.parametrize("name", MODELS)
def test_models_map_batches_to_ten_scores(name):
    model = build_model(name).eval()
    assert model(torch.rand(5, 1, 28, 28)).shape == (5, 10)


def test_parameter_counts_follow_the_architectures():
    count = lambda name: sum(p.numel() for p in build_model(name).parameters())
    dense = lambda i, o: i * o + o
    conv = lambda i, o, k: i * o * k * k + o
    assert count("LogisticRegression") == dense(784, 10)
    assert count("MLP") == dense(784, 100) + dense(100, 100) + dense(100, 10)
    assert count("CNN1") == conv(1, 20, 5) + dense(20 * 12 * 12, 100) + dense(100, 10)
    assert count("CNN2") == conv(1, 20, 5) + conv(20, 40, 5) + dense(40 * 4 * 4, 100) + dense(100, 10)
    assert count("PixelwiseMLP") == conv(1, 100, 1) + conv(100, 100, 1) + dense(78400, 10)


def test_pixelwise_mlp_is_additive_over_pixels():
    """The article's Keras MLP: changing pixel p changes the scores by an amount independent of all other pixels."""
    model = build_model("PixelwiseMLP").eval()
    a, b = torch.rand(2, 1, 1, 28, 28)
    with torch.no_grad():
        effect_a = model(
            a.clone().index_put_(
                (torch.tensor([0]), torch.tensor([0]), torch.tensor([5]), torch.tensor([7])), torch.tensor(1.0)
            )
        ) - model(a)
        b_changed = b.clone()
        b_changed[0, 0, 5, 7] = 1.0
        b_base = b.clone()
        b_base[0, 0, 5, 7] = a[0, 0, 5, 7]
        effect_b = model(b_changed) - model(b_base)
    torch.testing.assert_close(effect_a, effect_b, atol=1e-5, rtol=1e-4)
    # A real MLP has interactions between pixels.
    mlp = build_model("MLP").eval()
    with torch.no_grad():
        x, y = torch.zeros(1, 1, 28, 28), torch.rand(1, 1, 28, 28)
        bump = torch.zeros(1, 1, 28, 28)
        bump[0, 0, 5, 7] = 1.0
        assert not torch.allclose(mlp(x + bump) - mlp(x), mlp(y + bump) - mlp(y), atol=1e-4)


def test_build_model_is_seeded_and_checks_the_name():
    first, second = build_model("CNN1", seed=3), build_model("CNN1", seed=3)
    assert all(torch.equal(p, q) for p, q in zip(first.parameters(), second.parameters()))
    assert not torch.equal(next(build_model("CNN1", seed=4).parameters()), next(first.parameters()))
    with pytest.raises(ValueError, match="name must be one of"):
        build_model("ResNet")
