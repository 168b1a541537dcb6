"""Input checks of the torch layer: models, what they return, their mappings, and devices.

The numpy and tensor checks shared with the core layer are in :mod:`tvlib.core._validate`; these
add the ones that need torch. Like those, each raises a ``TypeError`` or ``ValueError`` naming the
argument at fault.
"""

from __future__ import annotations

from collections.abc import Mapping

import torch
from torch import nn

from ..core._validate import is_tensor

__all__ = ["as_model", "as_models", "as_device", "model_scores"]

#: The classes every classifier of the collection tells apart (the ten digits).
CLASSES = 10


def as_model(value: object, name: str = "model", trains: bool = False) -> nn.Module:
    """Return ``value`` if it is a ``torch.nn.Module`` (with trainable parameters when ``trains``)."""
    if not isinstance(value, nn.Module):
        raise TypeError(f"{name} must be a torch.nn.Module, got {type(value).__name__}")
    if trains and not any(parameter.requires_grad for parameter in value.parameters()):
        raise ValueError(f"{name} has no parameters that require gradients: there is nothing to train")
    return value


def as_models(value: object, name: str = "models", nonempty: bool = False) -> dict[str, nn.Module]:
    """Return ``value`` as a dict if it maps display names (strings) to models."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict from display names to models, got {type(value).__name__}")
    if nonempty and not value:
        raise ValueError(f"{name} must hold at least one model")
    for key, model in value.items():
        if not isinstance(key, str):
            raise TypeError(f"{name} must be named by strings, got the key {key!r}")
        as_model(model, f"{name}[{key!r}]")
    return dict(value)


def as_device(value: object, name: str = "device") -> torch.device | None:
    """Return ``value`` as a ``torch.device`` (``None`` stays ``None``) if this machine has it."""
    if value is None:
        return None
    if not isinstance(value, (str, torch.device)):
        raise TypeError(f"{name} must be a torch.device, a name such as 'cpu', or None; got {type(value).__name__}")
    try:
        device = torch.device(value)
    except RuntimeError:
        raise ValueError(f"{name} must name a device such as 'cpu' or 'cuda', got {value!r}") from None
    mps = getattr(torch.backends, "mps", None)
    available = {"cpu": True, "cuda": torch.cuda.is_available(), "mps": mps is not None and mps.is_available()}
    if not available.get(device.type, False):
        raise ValueError(f"{name} {value!r} is not available on this machine")
    return device


def model_scores(
    model: nn.Module, images: torch.Tensor, name: str = "model", images_name: str = "images"
) -> torch.Tensor:
    """``model(images)`` in the model's dtype and on its device, checked: finite ``(N, 10)`` float scores.

    An error inside the model (images of a size it cannot take, say) becomes a ``ValueError`` naming
    both, with the model's own message.
    """
    parameter = next(model.parameters(), None)
    if parameter is not None:
        images = images.to(device=parameter.device, dtype=parameter.dtype)
    try:
        scores = model(images)
    except (RuntimeError, TypeError, ValueError) as error:
        raise ValueError(f"{name} fails on {images_name} of shape {tuple(images.shape)}: {error}") from error
    if not is_tensor(scores) or not scores.is_floating_point():
        kind = f"a {scores.dtype} tensor" if is_tensor(scores) else type(scores).__name__
        raise TypeError(f"{name} must return a float tensor of class scores, got {kind}")
    if tuple(scores.shape) != (len(images), CLASSES):
        raise ValueError(
            f"{name} must return scores of shape ({len(images)}, {CLASSES}) for {len(images)} {images_name}, "
            f"got {tuple(scores.shape)}"
        )
    if not bool(torch.isfinite(scores.detach()).all()):
        raise ValueError(f"{name} returned NaN or infinite scores")
    return scores
