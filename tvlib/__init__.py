"""tvlib: helpers for *Shift Happens*, notebooks on translation equivariance and invariance in CNNs.

Three layers, each importing only the ones below it (a test checks it):

- ``tvlib`` / :mod:`tvlib.core`: image maths in numpy and OpenCV (``pip install tvlib``).
- :mod:`tvlib.nn`: PyTorch: batch shifts, models, training, evaluation, MNIST (``tvlib[nn]``).
- :mod:`tvlib.viz`: matplotlib figures and ipywidgets sliders (``tvlib[viz]``).

``import tvlib`` gives the core functions; ``import tvlib.nn`` and ``import tvlib.viz`` the others.
Every public function checks its input and raises a ``TypeError`` or ``ValueError`` naming the
argument at fault.
"""

from importlib.metadata import PackageNotFoundError, version

from .core import *  # noqa: F403 (the core layer's public API is tvlib's)
from .core import __all__ as _core_all

try:
    __version__ = version("tvlib")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = [*_core_all, "__version__"]
