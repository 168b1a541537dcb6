"""Notebook 04's lesson code (the three models and the training loop) agrees with tvlib's versions."""

from __future__ import annotations

import pytest
import torch

from tests.lessons.notebook import run_lessons
from tvlib.nn import TrainConfig, fit
from tvlib.nn.models import build_model


@pytest.fixture(scope="module")
def lesson():
    return run_lessons("04")


def copy_weights(source: torch.nn.Module, target: torch.nn.Module) -> None:
    with torch.no_grad():
        for p, q in zip(target.parameters(), source.parameters(), strict=True):
            assert p.shape == q.shape
            p.copy_(q)


@pytest.mark.parametrize("name", ["MLP", "CNN1", "CNN2"])
def test_the_notebooks_models_are_tvlibs(lesson, name):
    library = build_model(name, seed=int(torch.randint(1000, ()))).eval()
    mine = lesson[name]().eval()
    assert sum(p.numel() for p in mine.parameters()) == sum(p.numel() for p in library.parameters())
    copy_weights(library, mine)
    digits = torch.rand(32, 1, 28, 28)
    torch.testing.assert_close(mine(digits), library(digits), rtol=1e-5, atol=1e-5)
    mine.train(), library.train()  # dropout at the same places: the same layers in the same order
    assert [type(m) for m in mine.modules() if not list(m.children())] == [
        type(m) for m in library.modules() if not list(m.children())
    ]


@pytest.mark.parametrize(
    "name, config",
    [
        ("CNN2", TrainConfig(epochs=1, batch_size=64, max_lr=3e-3, seed=3)),
        ("CNN1", TrainConfig(epochs=2, batch_size=50, max_lr=1e-3, augment=2.8, seed=5)),  # augmentation
        ("MLP", TrainConfig(epochs=2, batch_size=32, max_lr=3e-3, augment=1.5, seed=1)),  # dropout
    ],
)
def test_the_notebooks_training_loop_is_tvlibs_fit(lesson, tiny, name, config):
    images, labels = tiny.train_images[:100], tiny.train_labels[:100]
    library = build_model(name, seed=config.seed)
    mine = lesson[name]()
    copy_weights(library, mine)
    fit(library, images, labels, config, device=torch.device("cpu"), progress=False)
    lesson["train"](mine, images, labels, config)
    for p, q in zip(mine.parameters(), library.parameters(), strict=True):
        torch.testing.assert_close(p, q, rtol=1e-4, atol=1e-5)
    assert not mine.training
