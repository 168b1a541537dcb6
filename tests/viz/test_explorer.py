"""Notebook 04's digit explorer (tvlib.viz.explorer)."""

from __future__ import annotations

import pytest
import torch

from tvlib.nn.models import build_model
from tvlib.viz.explorer import DigitShiftExplorer


def test_explorer_updates_the_image_and_reports(tiny):
    models = {"MLP": build_model("MLP"), "CNN1": build_model("CNN1")}
    explorer = DigitShiftExplorer(models, tiny.test_images, tiny.test_labels)
    digit, probabilities = explorer.probabilities(0, 2, -3)
    torch.testing.assert_close(
        torch.from_numpy(digit), torch.roll(tiny.test_images[0, 0], (2, -3), (0, 1)) * _inside(2, -3), atol=1e-5, rtol=0
    )
    assert all(abs(p.sum() - 1) < 1e-5 for p in probabilities.values())
    status = explorer.draw(0, 0, 0)
    first = explorer.live.png()
    assert first[:4] == b"\x89PNG" and status.startswith(f"digit 0 (label {int(tiny.test_labels[0])})")
    explorer.draw(0, 4, 4)
    assert explorer.live.png() != first
    panel = explorer.widget(index=1, dy=1, dx=2)
    status, image = panel.children[2], panel.children[3]
    assert "shifted by (1, 2)" in status.value
    shown = bytes(image.value)
    explorer.draw(0, 4, 4)  # drawn elsewhere (the static figures, a timing loop): the panel keeps its picture
    assert bytes(image.value) == shown and "shifted by (1, 2)" in status.value
    panel.children[1].children[2].value = -3  # move the dx slider
    assert "shifted by (1, -3)" in status.value and bytes(image.value) != shown
    panel.children[1].children[2].value = 2
    assert bytes(image.value) == shown  # the same controls, the same picture
    with pytest.raises(ValueError, match="index must be in"):
        explorer.probabilities(len(tiny.test_labels), 0, 0)


def _inside(dy: int, dx: int) -> torch.Tensor:
    mask = torch.zeros(28, 28)
    mask[max(dy, 0) : 28 + min(dy, 0), max(dx, 0) : 28 + min(dx, 0)] = 1
    return mask
