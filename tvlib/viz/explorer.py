"""The shifted-digit explorer of notebook 04: shift one test digit, see every model's probabilities at once.

For a slider to feel instant the whole update (one shift, a forward pass of every model, a redraw)
must take well under 100 ms; a full matplotlib redraw of five panels alone takes 150-300 ms, mostly
axes, ticks and labels that never change. So the figure is a :class:`~tvlib.viz.live.LiveFigure`: drawn
once, then each update blits only the digit, the bars and the titles. No pyplot figure is created, so
nothing is shown twice in a notebook, and every panel from :meth:`DigitShiftExplorer.widget` owns its
picture: drawing the explorer elsewhere (a static copy, a timing loop) never changes what a panel shows.
"""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

from ..core._validate import as_int, as_labels, as_real, as_tensor
from ..nn._checks import as_models, model_scores
from ..nn.batch_shift import shift_batch
from .live import LiveFigure
from .plots import FIGURE_DPI, MAX_FIGURE_PIXELS, pixel_axes
from .widgets import slider_panel

__all__ = ["DigitShiftExplorer"]


class DigitShiftExplorer:
    """Shift test digit ``index`` by ``(dy, dx)`` pixels and show each model's class probabilities.

    Parameters
    ----------
    models
        Trained classifiers by display name; each maps ``(N, 1, 28, 28)`` to ``(N, 10)`` scores.
    images, labels
        Test digits ``(N, 1, 28, 28)`` and their labels.

    Raises
    ------
    TypeError, ValueError
        If ``models`` is not a non-empty dict of models that give finite ``(1, 10)`` scores for one
        digit, ``images`` not a non-empty finite float tensor ``(N, 1, H, W)``, or ``labels`` not
        0-9, one per image.
    """

    def __init__(self, models: Mapping[str, nn.Module], images: torch.Tensor, labels: torch.Tensor) -> None:
        models = as_models(models, nonempty=True)
        as_tensor(images, "images", (4,))
        if images.shape[1] != 1:
            raise ValueError(f"images must have one channel, shape (N, 1, H, W), got {tuple(images.shape)}")
        as_labels(labels, "labels", len(images))
        self.models = {name: model.eval() for name, model in models.items()}
        self.images, self.labels = images.detach(), labels.long()
        self.probabilities(0, 0, 0)  # every model answers, before anything is drawn
        dpi, panels = 0.8 * FIGURE_DPI, len(models) + 1
        width = min(2.3, MAX_FIGURE_PIXELS / dpi / panels)  # inches per panel: shown unscaled at 1280 px
        figure = Figure(figsize=(width * panels, 2.7), dpi=dpi, layout="constrained")
        axes = figure.subplots(1, len(models) + 1)
        self.digit_axes, self.bar_axes = axes[0], dict(zip(models, axes[1:]))
        self.digit = self.digit_axes.imshow(np.zeros((28, 28)), cmap="gray", vmin=0, vmax=1)
        pixel_axes(self.digit_axes).set_title(" \n ")  # two title lines, laid out once
        self.bars = {}
        for name, ax in self.bar_axes.items():
            self.bars[name] = ax.bar(range(10), np.zeros(10), color="tab:blue")
            ax.set(ylim=(0, 1), xticks=range(10), xlabel="class", ylabel="probability", title=" \n ")
        changing = [self.digit, *(ax.title for ax in axes), *(bar for bars in self.bars.values() for bar in bars)]
        self.live = LiveFigure(figure, self.draw, changing)

    @torch.no_grad()
    def probabilities(self, index: int, dy: float, dx: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The shifted digit (28×28) and each model's probabilities (10,) for it."""
        index = as_int(index, "index")
        if not 0 <= index < len(self.images):
            raise ValueError(f"index must be in [0, {len(self.images) - 1}], got {index}")
        shifted = shift_batch(self.images[index : index + 1], as_real(dy, "dy"), as_real(dx, "dx"))
        return shifted[0, 0].cpu().numpy(), {
            name: model_scores(model, shifted, f"models[{name!r}]").softmax(1)[0].cpu().numpy()
            for name, model in self.models.items()
        }

    def draw(self, index: int, dy: float, dx: float) -> str:
        """Set the figure's artists for one setting (``self.live.png()`` renders it); return a summary."""
        digit, probabilities = self.probabilities(index, dy, dx)
        index, dy, dx = int(index), float(dy), float(dx)  # checked by probabilities
        label = int(self.labels[index])
        self.digit.set_data(digit)
        self.digit_axes.set_title(f"digit {index}, a {label}\nshift ({dy:g}, {dx:g})", fontsize=9)
        verdicts = []
        for name, p in probabilities.items():
            guess = int(p.argmax())
            for bar, height, cls in zip(self.bars[name], p, range(10)):
                bar.set_height(height)
                bar.set_color("tab:green" if cls == label else "tab:red" if cls == guess else "tab:blue")
            self.bar_axes[name].set_title(
                f"{name}\nsays {guess} ({p[guess]:.0%})", fontsize=9, color="black" if guess == label else "tab:red"
            )
            verdicts.append(f"{name} {'right' if guess == label else 'WRONG'}")
        return f"digit {index} (label {label}) shifted by ({dy:g}, {dx:g}): " + ", ".join(verdicts)

    def widget(self, index: int = 0, dy: int = 0, dx: int = 0, max_shift: int = 8) -> widgets.VBox:
        """A :func:`~tvlib.viz.slider_panel` with sliders for digit, dy and dx, with its own picture.

        ``max_shift`` (at most the digits' larger side) bounds the shift sliders, and so ``dy`` and ``dx``.
        """
        index = as_int(index, "index", minimum=0, maximum=len(self.images) - 1)
        max_shift = as_int(max_shift, "max_shift", minimum=0, maximum=max(self.images.shape[-2:]))
        dy, dx = as_int(dy, "dy"), as_int(dx, "dx")
        if max(abs(dy), abs(dx)) > max_shift:
            raise ValueError(
                f"dy and dx must lie in [-max_shift, max_shift] = [{-max_shift}, {max_shift}], got ({dy}, {dx})"
            )
        controls = {
            "index": widgets.IntSlider(value=index, min=0, max=len(self.images) - 1, description="digit"),
            "dy": widgets.IntSlider(value=dy, min=-max_shift, max=max_shift, description="dy (rows)"),
            "dx": widgets.IntSlider(value=dx, min=-max_shift, max=max_shift, description="dx (cols)"),
        }
        return slider_panel("Shift a test digit", self.live, **controls)
