"""Junk arguments for every public callable of tvlib: a named error or a correct result, never anything else.

For each public function, class (its constructor) and public method of tvlib.core, tvlib.nn and
tvlib.viz, :data:`SPECS` holds a valid call and the kind of each argument (:mod:`tests.junk`). The
fuzz test replaces one argument at a time by junk of that kind, fixed cases and generated ones, and
demands, within :data:`TIME_LIMIT` seconds per call:

- a ``TypeError`` or ``ValueError`` whose message names the argument, or
- a result that is finite and equal to the one for the normalised valid equivalent of the junk
  (``2.0`` for ``2``, a float copy of an int image, a detached copy of a tensor...).

A silent result, a hang, a deep error of another type (``IndexError``, ``RuntimeError``,
``cv2.error``...) or a message that does not name the argument fails. A public callable without an
entry in :data:`SPECS`, or a parameter without a kind, fails :func:`test_every_public_callable_is_registered`.
"""

from __future__ import annotations

import atexit
import copy
import dataclasses
import importlib
import inspect
import math
import pkgutil
import re
import resource
import shutil
import signal
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from matplotlib.figure import Figure
from torch import nn

import tvlib
import tvlib.nn
import tvlib.viz
from tvlib.core import correlation, exercises, images, kernels, operators, stats, toys
from tvlib.core import settings as core_settings
from tvlib.core._validate import MAX_KERNEL, MAX_PIXELS, MAX_SEED
from tvlib.core.operators import MAX_OPERATOR_PIXELS
from tvlib.nn import consistency, feature_maps, mnist, p4, position, rotation
from tvlib.nn import models as nn_models
from tvlib.nn import threads as nn_threads
from tvlib.nn.mnist import MNIST
from tvlib.nn.models import MODELS, build_model
from tvlib.nn.train import TrainConfig
from tvlib.viz.explorer import DigitShiftExplorer

from .junk import (
    ACCEPT,
    BASELINE,
    NOTHING,
    REFUSE,
    Answer,
    Anything,
    Artists,
    Bool,
    Case,
    CaseList,
    Choice,
    Controls,
    Device,
    FeatureModel,
    Flags,
    Generator,
    Image,
    ImageDict,
    Instance,
    Int,
    Kind,
    Labels,
    Model,
    Models,
    OneOf,
    Operator,
    Optional,
    Pair,
    Path_,
    Real,
    Sequence_,
    Shape,
    StudentFunction,
    Summary,
    Tensor,
    Text,
    Values,
)

matplotlib.use("Agg")

#: Seconds a single call may take before it counts as a hang.
TIME_LIMIT = 3.0
#: Generated junk per argument (on top of the fixed cases), and for costly callables.
EXAMPLES, FEW_EXAMPLES = 12, 4
LAYERS = ("tvlib.core", "tvlib.nn", "tvlib.viz")


# --- valid arguments ------------------------------------------------------------------------------

RNG = np.random.default_rng(0)
#: Images hold small whole numbers, so that every dtype (uint8, float16, bool...) holds them exactly.
IMAGE = RNG.integers(0, 4, (8, 8)).astype(np.float64)
OTHER = RNG.integers(0, 4, (8, 8)).astype(np.float64)
KERNEL = kernels.laplacian()
SQUARE = np.zeros((18, 18))
SQUARE[4:12, 4:12] = 1
DIGITS = torch.rand(4, 1, 28, 28, generator=torch.Generator().manual_seed(0))
LABELS = torch.tensor([3, 1, 4, 1])


def mlp() -> nn.Module:
    return build_model("MLP").eval()


def circular_laplacian(image: np.ndarray) -> np.ndarray:
    return tvlib.correlate2d(image, KERNEL, padding="circular")


def tiny_mnist() -> MNIST:
    generator = np.random.default_rng(1)
    train = (generator.integers(0, 256, (16, 28, 28)), generator.integers(0, 10, 16))
    test = (generator.integers(0, 256, (8, 28, 28)), generator.integers(0, 10, 8))
    return MNIST.from_arrays(train, test, "synthetic", full=False)


WORK = Path(tempfile.mkdtemp(prefix="tvlib-fuzz-"))  # files the specs read and write (MNIST, weights)
atexit.register(shutil.rmtree, WORK, ignore_errors=True)


def write_idx(path: Path, array: np.ndarray) -> Path:
    """An IDX file of unsigned bytes, as MNIST's."""
    header = bytes([0, 0, 8, array.ndim]) + b"".join(n.to_bytes(4, "big") for n in array.shape)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + array.astype(np.uint8).tobytes())
    return path


IDX_FILE = write_idx(WORK / "labels.idx", np.array([1, 2, 3]))
#: A tiny MNIST folder (8 training and 4 test digits), quick to load.
for prefix, count in (("train", 8), ("t10k", 4)):
    write_idx(WORK / "MNIST" / "raw" / f"{prefix}-images-idx3-ubyte", RNG.integers(0, 256, (count, 28, 28)))
    write_idx(WORK / "MNIST" / "raw" / f"{prefix}-labels-idx1-ubyte", RNG.integers(0, 10, count))


# --- the registry ---------------------------------------------------------------------------------


@dataclass
class Spec:
    """How to call one public callable: its valid arguments and each argument's kind.

    ``costly``: a call takes long (a figure, training, loading data), so only the junk that must be
    refused, which fails fast, is generated, and only two other fixed cases are tried.
    """

    call: Callable[..., Any]
    args: dict[str, tuple[Any, Kind]] = field(default_factory=dict)
    costly: bool = False

    def arguments(self) -> dict[str, Any]:
        """Fresh valid arguments (a function may change what it is given)."""
        return {name: fresh(valid) for name, (valid, _) in self.args.items()}


@dataclass(frozen=True)
class Fresh:
    """A valid argument that cannot be copied (a widget): built anew for every call."""

    build: Callable[[], Any]


def fresh(valid: Any) -> Any:
    return valid.build() if isinstance(valid, Fresh) else copy.deepcopy(valid)


_cache: dict[str, Any] = {}


def lazily(key: str, build: Callable[[], Any]) -> Any:
    """A receiver for method specs, built once (an explorer, a fitted clustering)."""
    if key not in _cache:
        _cache[key] = build()
    return _cache[key]


def explorer() -> DigitShiftExplorer:
    return lazily("explorer", lambda: DigitShiftExplorer({"MLP": mlp()}, DIGITS, LABELS))


_built_figures: list[Figure] = []


def new_figure() -> Figure:
    """A fresh figure with one image; ``changing_of_new_figure`` gives that image (built right after)."""
    figure = Figure(figsize=(2, 2), dpi=40)
    figure.subplots().imshow(np.zeros((4, 4)), vmin=0, vmax=1)
    _built_figures.append(figure)
    return figure


def changing_of_new_figure() -> list:
    return [_built_figures[-1].axes[0].images[0]]


def drawn(live: tvlib.viz.LiveFigure) -> tvlib.viz.LiveFigure:
    """A live figure after one draw and one render: a bad draw function shows here."""
    live.draw()
    live.png()
    return live


def live_figure() -> tvlib.viz.LiveFigure:
    return lazily(
        "live", lambda: tvlib.viz.LiveFigure(new_figure(), lambda **values: "drawn", changing_of_new_figure())
    )


def clusters() -> feature_maps.ActivationClusters:
    activations = torch.rand(2, 3, 4, 4, generator=torch.Generator().manual_seed(0))
    return lazily("clusters", lambda: feature_maps.ActivationClusters(activations, clusters=2))


#: The model classes of tvlib.nn.models, by name.
MODEL_CLASSES = {
    name: cls
    for name in nn_models.__all__
    if inspect.isclass(cls := getattr(nn_models, name)) and issubclass(cls, nn.Module)
}


def forward(model_name: str) -> Callable[[torch.Tensor], Any]:
    return lambda x: lazily(model_name, lambda: MODEL_CLASSES[model_name]().eval())(x)


IMAGE_ARG = (IMAGE, Image())
SHIFT = Int()
FILL = Choice(tvlib.FILLS)
PADDING = Choice(tvlib.PADDINGS)
OPERATOR_SHAPE = (3, 4), Shape(pixels=MAX_OPERATOR_PIXELS, try_up_to=8)
SIZE = Int(1, MAX_KERNEL, try_up_to=64)
STRIDE = (None, Optional(Int(1), example=2))
SEED = Int(0, MAX_SEED)
SIDE = math.isqrt(MAX_PIXELS)  # the largest side of a square image a function builds
NN_IMAGES = (DIGITS, Tensor((4,)))
NN_IMAGES_CAST = (DIGITS, Tensor((4,), cast=True))
MODEL = (mlp(), Model())
CONFIG = TrainConfig(epochs=1, batch_size=4)
ACCURACY = (0.75, Real(0, 1))
COUNT = (100, Int(1, 2**53))
POSITION_IMAGES, POSITION_LABELS = position.position_pairs(2, size=16, object_size=4)
#: p4 feature maps (N, C, 4, H, W): two images, two channels, four rotations, 5x5 maps.
P4_MAPS = torch.rand(2, 2, 4, 5, 5, generator=torch.Generator().manual_seed(5))
# Adam's first construction imports torch._dynamo (seconds on a busy machine): do it here, before any
# time limit, so that it never counts as a hang of the function under test.
torch.optim.Adam([torch.zeros(1, requires_grad=True)])


def configure_threads(threads: int | None) -> int:
    """:func:`tvlib.nn.threads.configure_threads`, then the test's own thread count back."""
    before = torch.get_num_threads()
    try:
        return nn_threads.configure_threads(threads)
    finally:
        torch.set_num_threads(before)


SPECS: dict[str, Spec] = {
    # tvlib.core
    "tvlib.core.blurpool.max_blur_pool": Spec(
        tvlib.max_blur_pool, {"x": (IMAGE, Image((1, 2))), "filter_size": (3, SIZE)}
    ),
    **{
        f"tvlib.core.correlation.{function.__name__}": Spec(
            function,
            {
                "image": IMAGE_ARG,
                "kernel": (KERNEL, Image()),
                "mode": ("same", Choice(tvlib.MODES)),
                "padding": ("zeros", PADDING),
            },
        )
        for function in (tvlib.correlate2d, tvlib.convolve2d, tvlib.correlate2d_loop)
    },
    "tvlib.core.correlation.pad": Spec(
        correlation.pad,
        {
            "image": IMAGE_ARG,
            "kernel_shape": ((3, 3), Pair(1, MAX_KERNEL, try_up_to=64)),
            "padding": ("zeros", PADDING),
        },
    ),
    "tvlib.core.edges.edge_map": Spec(tvlib.edge_map, {"image": IMAGE_ARG}),
    "tvlib.core.edges.invariance_by_depth": Spec(
        tvlib.invariance_by_depth,
        {"image": (SQUARE, Image()), "shifts": ([(0, 1), (1, 0)], Sequence_(Pair())), "levels": (2, Int(0))},
    ),
    "tvlib.core.exercises.check_answer": Spec(
        exercises.check_answer,
        {
            "answer": (3.0, Answer()),
            "expected": (3.0, Answer()),
            "hint": ("Count them.", Text()),
            "explanation": ("Because.", Text()),
        },
    ),
    "tvlib.core.exercises.check_function": Spec(
        exercises.check_function,
        {
            "function": (abs, StudentFunction()),
            "cases": ([(1.5,), (-2.0,)], CaseList()),
            "reference": (abs, OneOf()),
            "test": (None, OneOf()),
            "hint": ("Mind the sign.", Text()),
            "explanation": ("Because.", Text()),
            "rtol": (1e-6, Real(0)),
            "atol": (1e-6, Real(0)),
        },
    ),
    "tvlib.core.exercises.check_prediction": Spec(
        exercises.check_prediction,
        {"prediction": (3.0, Anything()), "actual": (3.0, Anything()), "explanation": ("Because.", Text())},
    ),
    "tvlib.core.images.load_image": Spec(images.load_image, {"name": ("horse.png", Choice(images.PHOTOS))}),
    "tvlib.core.images.place": Spec(
        images.place,
        {
            "obj": (IMAGE[:2, :3], Image()),
            "shape": ((6, 8), Shape()),
            "top_left": ((1, 2), Pair()),
            "background": (0.0, Real()),
        },
    ),
    "tvlib.core.images.horse": Spec(images.horse, {"height": (20, Int(2, 4000, try_up_to=400))}),
    "tvlib.core.images.article_scenes": Spec(images.article_scenes),
    "tvlib.core.kernels.sobel_x": Spec(tvlib.sobel_x),
    "tvlib.core.kernels.sobel_y": Spec(tvlib.sobel_y),
    "tvlib.core.kernels.laplacian": Spec(tvlib.laplacian),
    "tvlib.core.kernels.box": Spec(tvlib.box, {"size": (3, SIZE)}),
    "tvlib.core.kernels.binomial": Spec(tvlib.binomial, {"size": (3, SIZE)}),
    "tvlib.core.kernels.binomial_1d": Spec(tvlib.binomial_1d, {"size": (3, SIZE)}),
    "tvlib.core.kernels.impulse": Spec(
        tvlib.impulse, {"shape": ((4, 5), Shape()), "position": ((1, 2), Pair()), "value": (1.0, Real())}
    ),
    "tvlib.core.metrics.equivariance_map": Spec(
        tvlib.equivariance_map,
        {
            "f": (circular_laplacian, Operator("2d")),
            "image": IMAGE_ARG,
            "shift_by": ((1, 2), Pair()),
            "fill": ("circular", FILL),
            "output_shift": (None, Optional(Pair(), example=(1, 2))),
        },
    ),
    "tvlib.core.metrics.equivariance_error": Spec(
        tvlib.equivariance_error,
        {
            "f": (circular_laplacian, Operator("2d")),
            "image": IMAGE_ARG,
            "shift_by": ((1, 2), Pair()),
            "fill": ("circular", FILL),
            "output_shift": (None, Optional(Pair(), example=(1, 2))),
            "border": (1, Int(0)),
            "relative": (True, Bool()),
        },
    ),
    "tvlib.core.metrics.invariance_error": Spec(
        tvlib.invariance_error,
        {
            "f": (tvlib.global_max_pool, Operator("any")),
            "image": IMAGE_ARG,
            "shift_by": ((1, 2), Pair()),
            "fill": ("circular", FILL),
            "border": (0, Int(0)),
            "relative": (True, Bool()),
        },
    ),
    "tvlib.core.metrics.crop_border": Spec(tvlib.crop_border, {"array": IMAGE_ARG, "border": (1, Int(0))}),
    "tvlib.core.metrics.equivariance_panels": Spec(
        tvlib.equivariance_panels,
        {
            "image": IMAGE_ARG,
            "dy": (1, SHIFT),
            "dx": (2, SHIFT),
            "kernel": (KERNEL, Image()),
            "padding": ("zeros", PADDING),
        },
    ),
    "tvlib.core.operators.operator_matrix": Spec(
        operators.operator_matrix, {"phi": (circular_laplacian, Operator("image")), "shape": OPERATOR_SHAPE}
    ),
    "tvlib.core.operators.shift_matrix": Spec(
        operators.shift_matrix, {"shape": OPERATOR_SHAPE, "dy": (1, SHIFT), "dx": (-1, SHIFT)}
    ),
    "tvlib.core.operators.circular_convolve": Spec(
        operators.circular_convolve, {"f": IMAGE_ARG, "h": (OTHER, Image())}
    ),
    "tvlib.core.operators.equivariant_projection": Spec(
        operators.equivariant_projection,
        {"matrix": (RNG.integers(0, 4, (12, 12)).astype(float), Image()), "shape": OPERATOR_SHAPE},
    ),
    "tvlib.core.operators.learn_equivariant_matrix": Spec(
        operators.learn_equivariant_matrix,
        {
            "initial": (RNG.integers(0, 4, (4, 4)).astype(float), Image()),
            "shape": ((2, 2), Shape(pixels=MAX_OPERATOR_PIXELS, try_up_to=2)),
            "steps": (20, Int(1, 1_000_000, try_up_to=300)),
            "lr": (0.1, Real(0, 0.125, strict_lo=True, strict_hi=True)),
            "snapshot_every": (5, Int(1)),
        },
    ),
    "tvlib.core.operators.black_box": Spec(
        operators.black_box, {"seed": (0, Int(0)), "size": (3, Int(1, 64)), "padding": ("circular", PADDING)}
    ),
    "tvlib.core.operators.linearity_error": Spec(
        operators.linearity_error,
        {"phi": (circular_laplacian, Operator("any")), "shape": ((4, 4), Shape(try_up_to=16)), "seed": (0, Int(0))},
    ),
    **{
        f"tvlib.core.pooling.{function.__name__}": Spec(
            function, {"image": IMAGE_ARG, "kernel_size": (2, Int(1)), "stride": STRIDE}
        )
        for function in (tvlib.max_pool, tvlib.avg_pool)
    },
    "tvlib.core.pooling.global_max_pool": Spec(tvlib.global_max_pool, {"image": IMAGE_ARG}),
    "tvlib.core.pooling.pool_pyramid": Spec(
        tvlib.pool_pyramid,
        {
            "image": IMAGE_ARG,
            "levels": (2, Int(0)),
            "kernel_size": (2, Int(1)),
            "stride": STRIDE,
            "kind": ("max", Choice(("max", "avg"))),
        },
    ),
    "tvlib.core.pooling.pooled_shape": Spec(
        tvlib.pooled_shape, {"shape": ((10, 10), Shape()), "kernel_size": (2, Int(1)), "stride": STRIDE}
    ),
    "tvlib.core.pooling.impulse_positions": Spec(
        tvlib.impulse_positions,
        {
            "size": (10, Int(1, SIDE, try_up_to=64)),
            "position": ((2, 3), Pair()),
            "levels": (2, Int(0)),
        },
    ),
    "tvlib.core.settings.fast_mode": Spec(tvlib.fast_mode),
    "tvlib.core.settings.data_root": Spec(core_settings.data_root),
    "tvlib.core.settings.cache_root": Spec(core_settings.cache_root),
    "tvlib.core.settings.repository_root": Spec(core_settings.repository_root),
    "tvlib.core.stats.standard_error": Spec(stats.standard_error, {"accuracy": ACCURACY, "count": COUNT}),
    "tvlib.core.stats.binomial_interval": Spec(stats.binomial_interval, {"accuracy": ACCURACY, "count": COUNT}),
    "tvlib.core.stats.beyond_noise": Spec(
        stats.beyond_noise,
        {"accuracy_a": ACCURACY, "count_a": COUNT, "accuracy_b": (0.5, Real(0, 1)), "count_b": COUNT},
    ),
    "tvlib.core.stats.noise_mark": Spec(
        stats.noise_mark,
        {"accuracy_a": ACCURACY, "count_a": COUNT, "accuracy_b": (0.5, Real(0, 1)), "count_b": COUNT},
    ),
    "tvlib.core.shift.shift": Spec(
        tvlib.shift, {"image": IMAGE_ARG, "dy": (1, SHIFT), "dx": (-2, SHIFT), "fill": ("zeros", FILL)}
    ),
    "tvlib.core.shift.translate": Spec(
        tvlib.translate, {"image": IMAGE_ARG, "dy": (0.5, Real()), "dx": (-1.0, Real())}
    ),
    "tvlib.core.toys.draw_face": Spec(
        toys.draw_face,
        {"layout": ("face", Choice(tuple(toys.LAYOUTS))), "size": (48, Int(48, SIDE, try_up_to=64))},
    ),
    **{
        f"tvlib.core.toys.{function.__name__}": Spec(function, {"image": (toys.draw_face(), Image())})
        for function in (toys.part_scores, toys.part_positions, toys.layout_score)
    },
    # tvlib.nn
    "tvlib.nn.batch_shift.shift_batch": Spec(
        tvlib.nn.shift_batch,
        {"images": (DIGITS[:, :, :6, :6], Tensor((3, 4))), "dy": (1.0, Real()), "dx": (-0.5, Real())},
    ),
    "tvlib.nn.batch_shift.random_offsets": Spec(
        tvlib.nn.random_offsets,
        {
            "count": (5, Int(1, 100_000_000, try_up_to=1000)),
            "max_dy": (1.0, Real(0, 1e6)),
            "max_dx": (2.0, Real(0, 1e6)),
            "generator": (None, Generator()),
            "integer": (False, Bool()),
        },
    ),
    "tvlib.nn.blurpool.MaxBlurPool2d": Spec(
        tvlib.nn.MaxBlurPool2d,
        {"filter_size": (3, SIZE), "padding_mode": ("reflect", Choice(("reflect", "circular", "zeros")))},
    ),
    "tvlib.nn.blurpool.MaxBlurPool2d.forward": Spec(
        lambda x: tvlib.nn.MaxBlurPool2d(3)(x), {"x": (DIGITS[:2, :, :8, :8], Tensor((3, 4)))}
    ),
    "tvlib.nn.blurpool.MaxBlurPool2d.extra_repr": Spec(lambda: tvlib.nn.MaxBlurPool2d(3).extra_repr()),
    "tvlib.nn.consistency.integer_shifts": Spec(
        consistency.integer_shifts, {"max_shift": (1, Int(0, 100, try_up_to=30))}
    ),
    **{
        f"tvlib.nn.consistency.{function.__name__}": Spec(
            function, {"model": MODEL, "images": NN_IMAGES, "max_shift": (1, Int(0, 28, try_up_to=2))}
        )
        for function in (consistency.predictions_under_shifts, consistency.shift_consistency)
    },
    "tvlib.nn.consistency.Flip": Spec(
        consistency.Flip,
        {
            "index": (0, Int(0)),
            "shift": ((0, 1), Pair()),
            "before": (1, Int(0, 9)),
            "after": (2, Int(0, 9)),
            "probabilities_before": (np.eye(10)[1], Image((1,))),
            "probabilities_after": (np.eye(10)[2], Image((1,))),
        },
    ),
    "tvlib.nn.consistency.one_pixel_flips": Spec(consistency.one_pixel_flips, {"model": MODEL, "images": NN_IMAGES}),
    "tvlib.nn.consistency.circular_invariance_error": Spec(
        consistency.circular_invariance_error,
        {"model": MODEL, "images": NN_IMAGES_CAST, "shifts": ([(0, 1), (2, 3)], Sequence_(Pair(), nonempty=False))},
    ),
    "tvlib.nn.evaluate.predict_proba": Spec(
        tvlib.nn.predict_proba, {"model": MODEL, "images": NN_IMAGES_CAST, "batch_size": (3, Int(1))}
    ),
    "tvlib.nn.evaluate.accuracy": Spec(
        tvlib.nn.accuracy, {"model": MODEL, "images": NN_IMAGES_CAST, "labels": (LABELS, Labels())}
    ),
    "tvlib.nn.evaluate.shifted_test_sets": Spec(
        tvlib.nn.shifted_test_sets,
        {"images": (DIGITS, Tensor((3, 4))), "seed": (0, SEED), "integer": (False, Bool())},
    ),
    "tvlib.nn.evaluate.accuracy_table": Spec(
        tvlib.nn.accuracy_table,
        {
            "models": ({"MLP": mlp()}, Models()),
            "images": NN_IMAGES,
            "labels": (LABELS, Labels()),
            "seed": (0, SEED),
            "integer": (False, Bool()),
        },
    ),
    "tvlib.nn.evaluate.accuracy_by_max_shift": Spec(
        tvlib.nn.accuracy_by_max_shift,
        {
            "model": MODEL,
            "images": NN_IMAGES,
            "labels": (LABELS, Labels()),
            "max_shifts": ([0.0, 1.5], Sequence_(Real(0, 1e6), nonempty=False)),
            "seed": (0, SEED),
        },
    ),
    "tvlib.nn.evaluate.grid_accuracy": Spec(
        tvlib.nn.grid_accuracy,
        {
            "model": MODEL,
            "images": NN_IMAGES,
            "labels": (LABELS, Labels()),
            "max_shift": (1, Int(0, 28, try_up_to=2)),
            "progress": (False, Bool()),
            "description": ("grid", Text()),
        },
    ),
    "tvlib.nn.experiment.experiment_configs": Spec(
        tvlib.nn.experiment_configs, {"fast": (True, Optional(Bool(), example=True))}
    ),
    "tvlib.nn.experiment.experiment_data": Spec(
        tvlib.nn.experiment_data, {"fast": (True, Optional(Bool(), example=True))}, costly=True
    ),
    "tvlib.nn.feature_maps.embed": Spec(
        feature_maps.embed,
        {
            "digits": (DIGITS[:2], Tensor((4,))),
            "size": (38, Int(1, SIDE, try_up_to=64)),
            "top_left": ((5, 5), Pair()),
        },
    ),
    "tvlib.nn.feature_maps.overlap_error": Spec(
        feature_maps.overlap_error,
        {
            "moved": (DIGITS[:1, :, :6, :6], Tensor((2, 3, 4))),
            "reference": (DIGITS[1:2, :, :6, :6], Tensor((2, 3, 4))),
            "dy": (1, Int(0)),
            "dx": (2, Int(0)),
        },
    ),
    "tvlib.nn.feature_maps.layer_equivariance_errors": Spec(
        feature_maps.layer_equivariance_errors,
        {
            "model": (build_model("WolfNet").eval(), FeatureModel()),
            "canvases": (torch.rand(2, 1, 38, 38, generator=torch.Generator().manual_seed(2)), Tensor((4,))),
            "shifts": ([0, 1, 2], Sequence_(Int(0, 10), nonempty=False)),
        },
    ),
    "tvlib.nn.feature_maps.ActivationClusters": Spec(
        feature_maps.ActivationClusters,
        {
            "activations": (torch.rand(2, 3, 4, 4, generator=torch.Generator().manual_seed(3)), Tensor((4,))),
            "clusters": (2, Int(1, 32, try_up_to=4)),
            "seed": (0, Int(0, 2**32 - 1)),
        },
        costly=True,
    ),
    "tvlib.nn.feature_maps.ActivationClusters.labels": Spec(
        lambda activations: clusters().labels(activations),
        {"activations": (torch.rand(1, 3, 5, 5, generator=torch.Generator().manual_seed(4)), Tensor((4,)))},
    ),
    "tvlib.nn.models.build_model": Spec(build_model, {"name": ("MLP", Choice(tuple(MODELS))), "seed": (0, SEED)}),
    **{f"tvlib.nn.models.{name}": Spec(cls) for name, cls in MODEL_CLASSES.items()},
    **{
        f"tvlib.nn.models.{name}.forward": Spec(
            forward(name), {"x": (DIGITS[:2], Tensor((4,), shape=None if name == "GapCNN" else (1, 28, 28)))}
        )
        for name in MODEL_CLASSES
    },
    "tvlib.nn.models.WolfNet.features": Spec(
        lambda x: lazily("WolfNet", lambda: build_model("WolfNet").eval()).features(x),
        {"x": (DIGITS[:2, :, :20, :20], Tensor((4,)))},
    ),
    # tvlib.nn: the p4 layers and batch rotations of notebook 07 (tvlib/nn/p4.py, tvlib/nn/rotation.py)
    "tvlib.nn.p4.rotate_p4": Spec(p4.rotate_p4, {"maps": (P4_MAPS, Tensor((3, 4, 5, 6))), "turns": (1, Int())}),
    "tvlib.nn.p4.pool_rotations": Spec(
        p4.pool_rotations, {"maps": (P4_MAPS, Tensor((5,))), "mode": ("max", Choice(("max", "mean")))}
    ),
    **{
        f"tvlib.nn.p4.{layer.__name__}": Spec(
            layer,
            {
                "in_channels": (2, Int(1, p4.MAX_CHANNELS, try_up_to=8)),
                "out_channels": (3, Int(1, p4.MAX_CHANNELS, try_up_to=8)),
                "kernel_size": (3, Int(1, p4.MAX_KERNEL, try_up_to=8)),
            },
        )
        for layer in (p4.LiftingConv, p4.GroupConv)
    },
    **{
        f"tvlib.nn.p4.{layer.__name__}.{method}": Spec(
            lambda layer=layer, method=method: getattr(layer(2, 3, 3), method)()
        )
        for layer in (p4.LiftingConv, p4.GroupConv)
        for method in ("filters", "extra_repr")
    },
    "tvlib.nn.p4.LiftingConv.forward": Spec(
        lambda x: lazily("LiftingConv", lambda: p4.LiftingConv(1, 3, 3).eval())(x),
        {"x": (DIGITS[:2, :, :8, :8], Tensor((4,)))},
    ),
    "tvlib.nn.p4.GroupConv.forward": Spec(
        lambda x: lazily("GroupConv", lambda: p4.GroupConv(2, 3, 3).eval())(x), {"x": (P4_MAPS, Tensor((5,)))}
    ),
    "tvlib.nn.p4.P4CNN": Spec(p4.P4CNN),
    **{
        f"tvlib.nn.p4.P4CNN.{method}": Spec(
            lambda x, method=method: getattr(lazily("P4CNN", lambda: p4.P4CNN().eval()), method)(x),
            {"x": (DIGITS[:2], Tensor((4,), shape=(1, 28, 28)))},
        )
        for method in ("forward", "features")
    },
    "tvlib.nn.rotation.rotate_batch": Spec(
        rotation.rotate_batch, {"images": (DIGITS[:, :, :6, :6], Tensor((3, 4))), "angles": (30.0, Real())}
    ),
    "tvlib.nn.position.position_pairs": Spec(
        position.position_pairs,
        {
            "count": (3, Int(1, 100_000, try_up_to=50)),
            "size": (16, Int(16, 256, try_up_to=64)),
            "object_size": (4, Int(1, 8)),
            "seed": (0, SEED),
        },
    ),
    "tvlib.nn.position.PositionNet": Spec(
        position.PositionNet, {"padding_mode": ("zeros", Choice(("zeros", "circular")))}
    ),
    "tvlib.nn.position.PositionNet.forward": Spec(
        lambda x: lazily("PositionNet", lambda: position.PositionNet().eval())(x),
        {"x": (POSITION_IMAGES, Tensor((4,), cast=True))},
    ),
    "tvlib.nn.position.train_position_net": Spec(
        position.train_position_net,
        {
            "model": (position.PositionNet(), Instance(nn.Module)),
            "images": (POSITION_IMAGES, Tensor((4,), cast=True)),
            "labels": (POSITION_LABELS, Labels()),
            "epochs": (1, Int(1, 1000, try_up_to=2)),
            "seed": (0, SEED),
            "lr": (1e-3, Real(0, 10, strict_lo=True)),
            "batch_size": (4, Int(1, 1_000_000)),
            "progress": (False, Bool()),
        },
        costly=True,
    ),
    "tvlib.nn.position.position_accuracy": Spec(
        position.position_accuracy,
        {
            "model": (position.PositionNet("circular"), Instance(nn.Module)),
            "images": (POSITION_IMAGES, Tensor((4,), cast=True)),
            "labels": (POSITION_LABELS, Labels()),
        },
    ),
    "tvlib.nn.train.TrainConfig": Spec(
        TrainConfig,
        {
            "epochs": (1, Int(1, 10_000)),
            "batch_size": (4, Int(1, 1_000_000)),
            "max_lr": (3e-3, Real(0, 10, strict_lo=True)),
            "augment": (0.0, Real(0, 28)),
            "seed": (0, SEED),
            "rotate": (0.0, Real(0, 180)),
        },
    ),
    "tvlib.nn.train.pick_device": Spec(tvlib.nn.pick_device),
    "tvlib.nn.threads.cpu_budget": Spec(nn_threads.cpu_budget),
    "tvlib.nn.threads.configure_threads": Spec(
        configure_threads, {"threads": (None, Optional(Int(1, 1024, try_up_to=4), example=2))}
    ),
    "tvlib.nn.train.fit": Spec(
        tvlib.nn.fit,
        {
            "model": (mlp(), Model(trains=True)),
            "images": NN_IMAGES_CAST,
            "labels": (LABELS, Labels()),
            "config": (CONFIG, Instance(TrainConfig)),
            "device": (torch.device("cpu"), Device()),
            "progress": (False, Bool()),
            "description": ("fit", Text()),
        },
    ),
    # tvlib.nn: the cache and MNIST loading (tvlib/nn/cache.py, tvlib/nn/mnist.py)
    "tvlib.nn.cache.CacheWarning": Spec(lambda: tvlib.nn.CacheWarning("stale")),
    "tvlib.nn.cache.cache_path": Spec(
        tvlib.nn.cache_path,
        {
            "model_name": ("MLP", Choice(tuple(MODELS))),
            "data": (tiny_mnist(), Instance(MNIST)),
            "config": (CONFIG, Instance(TrainConfig)),
            "directory": (WORK, Optional(Path_(), example=WORK)),
        },
    ),
    "tvlib.nn.cache.train_cached": Spec(
        tvlib.nn.train_cached,
        {
            "model_name": ("MLP", Choice(tuple(MODELS))),
            "data": (tiny_mnist(), Instance(MNIST)),
            "config": (CONFIG, Instance(TrainConfig)),
            "directory": (WORK, Optional(Path_(), example=WORK)),
            "progress": (False, Bool()),
            "device": (torch.device("cpu"), Device()),
        },
        costly=True,
    ),
    "tvlib.nn.mnist.MNISTFileError": Spec(lambda: tvlib.nn.MNISTFileError("truncated")),
    "tvlib.nn.mnist.MNISTFallbackWarning": Spec(lambda: tvlib.nn.MNISTFallbackWarning("offline")),
    "tvlib.nn.mnist.MNIST": Spec(
        MNIST,
        {
            "train_images": (DIGITS, Tensor((4,), shape=(1, 28, 28))),
            "train_labels": (LABELS, Labels()),
            "test_images": (DIGITS[:2], Tensor((4,), shape=(1, 28, 28))),
            "test_labels": (LABELS[:2], Labels()),
            "source": ("synthetic", Text()),
            "full": (False, Bool()),
            "validation_images": (None, Optional(Tensor((4,), shape=(1, 28, 28)), example=DIGITS[:1])),
            "validation_labels": (None, Optional(Labels(), example=LABELS[:1])),
        },
    ),
    "tvlib.nn.mnist.MNIST.from_arrays": Spec(
        MNIST.from_arrays,
        {
            "train": ((np.zeros((2, 28, 28), np.uint8), np.array([1, 2])), Instance(tuple)),
            "test": ((np.zeros((1, 28, 28), np.uint8), np.array([3])), Instance(tuple)),
            "source": ("synthetic", Text()),
            "full": (False, Bool()),
        },
    ),
    "tvlib.nn.mnist.MNIST.subset": Spec(
        lambda train, test, seed: tiny_mnist().subset(train, test, seed),
        {"train": (8, Int(1)), "test": (4, Int(1)), "seed": (0, SEED)},
    ),
    "tvlib.nn.mnist.MNIST.hold_out": Spec(
        lambda count, seed: tiny_mnist().hold_out(count, seed), {"count": (4, Int(1, 15)), "seed": (0, SEED)}
    ),
    "tvlib.nn.mnist.MNIST.describe": Spec(lambda: tiny_mnist().describe()),
    "tvlib.nn.mnist.load_mnist": Spec(
        tvlib.nn.load_mnist,
        {"root": (WORK, Optional(Path_(), example=WORK)), "download": (False, Bool())},
        costly=True,
    ),
    "tvlib.nn.mnist.read_idx": Spec(mnist.read_idx, {"path": (IDX_FILE, Path_())}),
    # tvlib.viz
    "tvlib.viz.demos.equivariance_figure": Spec(
        tvlib.viz.equivariance_figure, {"images": ({"a": IMAGE, "b": OTHER}, ImageDict())}, costly=True
    ),
    "tvlib.viz.demos.impulse_pyramid_figure": Spec(
        tvlib.viz.impulse_pyramid_figure,
        {"size": (10, Int(1, SIDE, try_up_to=32)), "levels": (2, Int(0))},
        costly=True,
    ),
    "tvlib.viz.demos.pooled_shift_figure": Spec(
        tvlib.viz.pooled_shift_figure, {"image": (SQUARE, Image()), "max_levels": (1, Int(0))}, costly=True
    ),
    "tvlib.viz.live.LiveFigure": Spec(
        lambda figure, draw, changing: drawn(tvlib.viz.LiveFigure(figure, draw, changing)),
        {
            "figure": (Fresh(new_figure), Instance(Figure)),
            "draw": (lambda **values: f"drawn with {values}", Summary()),
            "changing": (Fresh(changing_of_new_figure), Artists()),
        },
        costly=True,
    ),
    "tvlib.viz.live.LiveFigure.draw": Spec(lambda values: live_figure().draw(**values), {"values": ({}, Values())}),
    "tvlib.viz.live.LiveFigure.redraw_background": Spec(lambda: live_figure().redraw_background()),
    "tvlib.viz.live.LiveFigure.pixels": Spec(lambda: live_figure().pixels().copy()),
    "tvlib.viz.live.LiveFigure.png": Spec(lambda: live_figure().png()),
    "tvlib.viz.plots.pixel_axes": Spec(
        lambda ax, xlabel, ylabel: tvlib.viz.pixel_axes(ax, xlabel, ylabel).get_xlabel(),
        {
            "ax": (Fresh(lambda: Figure().subplots()), Instance(matplotlib.axes.Axes)),
            "xlabel": ("column", Text()),
            "ylabel": ("row", Text()),
        },
    ),
    "tvlib.viz.explorer.DigitShiftExplorer": Spec(
        DigitShiftExplorer,
        {"models": ({"MLP": mlp()}, Models(nonempty=True)), "images": NN_IMAGES, "labels": (LABELS, Labels())},
        costly=True,
    ),
    "tvlib.viz.explorer.DigitShiftExplorer.probabilities": Spec(
        lambda index, dy, dx: explorer().probabilities(index, dy, dx),
        {"index": (1, Int(0, 3)), "dy": (1.0, Real()), "dx": (-2.0, Real())},
    ),
    "tvlib.viz.explorer.DigitShiftExplorer.draw": Spec(
        lambda index, dy, dx: explorer().draw(index, dy, dx),
        {"index": (1, Int(0, 3)), "dy": (1.0, Real()), "dx": (-2.0, Real())},
        costly=True,
    ),
    "tvlib.viz.explorer.DigitShiftExplorer.widget": Spec(
        lambda index, dy, dx, max_shift: explorer().widget(index, dy, dx, max_shift),
        {"index": (0, Int(0, 3)), "dy": (1, Int(-8, 8)), "dx": (-2, Int(-8, 8)), "max_shift": (8, Int(2, 28))},
        costly=True,
    ),
    "tvlib.viz.plots.show_images": Spec(
        tvlib.viz.show_images,
        {
            "images": ([IMAGE, OTHER], Sequence_(Image())),
            "titles": (["a", "b"], Sequence_(Text())),
            "signed": (False, Flags(2)),
            "cmap": ("gray", Choice(tuple(matplotlib.colormaps))),
            "suptitle": (None, Optional(Text(), example="title")),
            "panel_width": (2.0, Real(0, 100, strict_lo=True)),
            "colorbar": (False, Bool()),
            "share_limits": (False, Bool()),
            "thin_lines": (None, Optional(Flags(2), example=True)),
        },
        costly=True,
    ),
    "tvlib.viz.plots.block_extreme": Spec(tvlib.viz.block_extreme, {"image": IMAGE_ARG, "factor": (3, Int(1))}),
    "tvlib.viz.widgets.slider_panel": Spec(
        lambda title, figure, controls: tvlib.viz.slider_panel(title, figure, **controls),
        {
            "title": ("Panel", Text()),
            "figure": (Fresh(live_figure), Instance(tvlib.viz.LiveFigure)),
            "controls": (Fresh(lambda: {"n": widgets.IntSlider(1)}), Controls()),
        },
    ),
}

#: Prefixes of callables whose failures are reported as expected failures (xfail) while another change
#: fixes them: none left.
ELSEWHERE: tuple[str, ...] = ()


# --- running one call -----------------------------------------------------------------------------


class Hang(BaseException):
    """Raised in a call that runs past the time limit (a BaseException: no ``except Exception`` eats it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def alarm(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None


def attempt(spec: Spec, arguments: dict[str, Any]) -> Outcome:
    torch.manual_seed(0)
    try:
        with warnings.catch_warnings(), time_limit(TIME_LIMIT):
            warnings.simplefilter("ignore")
            return Outcome(result=spec.call(**arguments))
    except Exception as error:  # judged by the caller
        return Outcome(error=error)
    except Hang as error:
        return Outcome(error=error)
    finally:
        plt.close("all")


def names(message: str, name: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", message) is not None


def judge(spec: Spec, name: str, case: Case, baseline: Outcome) -> str | None:
    """What is wrong with the outcome of ``case`` for argument ``name``, or None."""
    arguments = spec.arguments()
    arguments[name] = case.value
    got = attempt(spec, arguments)
    where = f"{name}={case.label}"
    if isinstance(got.error, Hang):
        return f"hang: {where}: no answer within {TIME_LIMIT} s"
    equivalent = _equivalent(spec, name, case, baseline)
    if got.error is not None:
        kind, message = type(got.error).__name__, str(got.error)
        if not isinstance(got.error, (TypeError, ValueError)):
            return f"deep: {where}: {kind}: {message}"
        if case.expect == ACCEPT or (equivalent is not None and equivalent.error is None):
            return f"refused: {where}: {kind}: {message}"
        if not names(message, name):
            return f"unnamed: {where}: {kind}: {message}"
        return None
    if case.expect == REFUSE:
        return f"silent: {where}: returned {_short(got.result)}"
    if not _finite(got.result):
        return f"silent: {where}: non-finite result {_short(got.result)}"
    if case.holds is not None and not case.holds(got.result):
        return f"silent: {where}: wrong result {_short(got.result)}"
    if equivalent is not None:
        if equivalent.error is not None:
            return f"silent: {where}: returned {_short(got.result)}, its equivalent raises {equivalent.error!r}"
        if not _same(summary(got.result), summary(equivalent.result)):
            return f"silent: {where}: {_short(got.result)} differs from its equivalent's {_short(equivalent.result)}"
    return None


def _equivalent(spec: Spec, name: str, case: Case, baseline: Outcome) -> Outcome | None:
    if case.same_as is BASELINE:
        return baseline
    if case.same_as is NOTHING:
        return None
    arguments = spec.arguments()
    arguments[name] = case.same_as
    return attempt(spec, arguments)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) < 160 else text[:157] + "..."


# --- comparing results ----------------------------------------------------------------------------

PROBE = np.arange(20.0).reshape(4, 5) % 7


def summary(value: Any, depth: int = 0) -> Any:
    """A comparable form of a result: arrays, numbers and strings in nested tuples."""
    if isinstance(value, torch.Tensor):
        return (
            "tensor",
            str(value.dtype),
            value.detach().cpu().to(torch.float64 if value.is_floating_point() else value.dtype).numpy(),
        )
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value)
    if value is None or isinstance(value, (bool, int, float, str, bytes, np.generic, Path, torch.device)):
        return value
    if type(value) in (list, tuple):
        return (type(value).__name__, *[summary(item, depth) for item in value])
    if isinstance(value, dict):  # wall-clock seconds differ from call to call: not part of a result
        return ("dict", *[(key, summary(item, depth)) for key, item in value.items() if key != "seconds"])
    if isinstance(value, nn.Module):
        return ("module", repr(value), *[(key, summary(item)) for key, item in value.state_dict().items()])
    if isinstance(value, Figure):
        axes = [(ax.get_title(), [(image.get_array(), image.get_clim()) for image in ax.images]) for ax in value.axes]
        return ("figure", value.get_suptitle(), axes)
    if isinstance(value, widgets.Widget):
        children = [summary(child, depth) for child in getattr(value, "children", ())]
        shown = getattr(value, "value", None)
        return (type(value).__name__, shown if isinstance(shown, (str, int, float, bytes)) else None, children)
    if dataclasses.is_dataclass(value):
        return (
            type(value).__name__,
            *[(f.name, summary(getattr(value, f.name), depth)) for f in dataclasses.fields(value)],
        )
    if inspect.isfunction(value) and depth == 0:  # a returned operator: compare what it does
        return ("function", summary(value(PROBE), depth))
    if depth < 2 and hasattr(value, "__dict__"):
        public = {key: item for key, item in vars(value).items() if not key.startswith("_")}
        return (type(value).__name__, *[(key, summary(item, depth + 1)) for key, item in public.items()])
    return type(value).__name__


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
            return False
        if a.dtype.kind in "fc":
            return bool(np.allclose(a, b, rtol=1e-5, atol=1e-6, equal_nan=True))  # float32 rounding
        return bool(np.array_equal(a, b))
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if type(a) is not type(b) and not (isinstance(a, (float, np.floating)) and isinstance(b, (float, np.floating))):
        return False
    if isinstance(a, (float, np.floating)):
        return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-6) or (math.isnan(a) and math.isnan(b))
    return a == b


def _finite(value: Any) -> bool:
    """No NaN or infinity anywhere in a result."""
    if isinstance(value, torch.Tensor):
        return not value.is_floating_point() or bool(torch.isfinite(value.detach()).all())
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.isfinite(value).all())
    if isinstance(value, (float, np.floating)):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_finite(item) for item in value)
    if isinstance(value, dict):
        return all(_finite(item) for item in value.values())
    if isinstance(value, nn.Module):
        return all(_finite(parameter) for parameter in value.parameters())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(_finite(getattr(value, f.name)) for f in dataclasses.fields(value))
    return True


# --- the tests ------------------------------------------------------------------------------------


@pytest.fixture(autouse=True, scope="module")
def memory_limit() -> Iterator[None]:
    """Cap the address space: junk that allocates gigabytes must fail with a MemoryError, not swap the machine."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    in_use = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status") if line.startswith("VmSize"))
    limit = in_use + 4 * 2**30
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    yield
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture(autouse=True, scope="module")
def one_thread() -> Iterator[None]:
    """One torch thread: the fuzz's tensors are tiny, and idle threads spin on a busy CPU (25x slower)."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def public_callables() -> dict[str, tuple[Callable[..., Any], bool]]:
    """Every public callable by qualified name: (the callable, whether its first parameter is bound)."""
    found: dict[str, tuple[Callable[..., Any], bool]] = {}
    modules = [tvlib, tvlib.nn, tvlib.viz]
    for layer in LAYERS:
        package = importlib.import_module(layer)
        for info in pkgutil.walk_packages(package.__path__, f"{layer}."):
            if not any(part.startswith("_") for part in info.name.split(".")):
                modules.append(importlib.import_module(info.name))
    for module in modules:
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if not (inspect.isfunction(obj) or inspect.isclass(obj)) or not obj.__module__.startswith("tvlib."):
                continue
            found[f"{obj.__module__}.{obj.__qualname__}"] = (obj, False)
            if inspect.isclass(obj):
                found.update(_methods(obj))
    return found


def _methods(cls: type) -> dict[str, tuple[Callable[..., Any], bool]]:
    methods = {}
    for name, member in vars(cls).items():
        if name.startswith("_"):
            continue
        if isinstance(member, (classmethod, staticmethod)):
            methods[name] = (member.__func__, isinstance(member, classmethod))
        elif inspect.isfunction(member):
            methods[name] = (member, True)
    if issubclass(cls, nn.Module) and "forward" not in methods:
        methods["forward"] = (cls.forward, True)
    return {f"{cls.__module__}.{cls.__qualname__}.{name}": method for name, method in methods.items()}


def parameters(obj: Callable[..., Any], bound: bool) -> list[str]:
    try:
        signature = inspect.signature(obj)
    except ValueError:  # a builtin constructor (an exception class): takes any message
        return []
    names_ = [p.name for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_POSITIONAL]
    return names_[1:] if bound else names_


def test_every_public_callable_is_registered():
    found = public_callables()
    assert sorted(set(found) - set(SPECS)) == [], "public callables without a fuzz spec: add them to SPECS"
    assert sorted(set(SPECS) - set(found)) == [], "fuzz specs of callables that are no longer public"
    unmatched = {
        name: (parameters(obj, bound), list(SPECS[name].args))
        for name, (obj, bound) in found.items()
        if parameters(obj, bound) != list(SPECS[name].args)
    }
    assert unmatched == {}, "parameters (signature, spec) that differ: give each parameter a kind"


CALLS = [(name, argument) for name, spec in SPECS.items() for argument in spec.args]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_valid_call_works(name):
    spec = SPECS[name]
    outcome = attempt(spec, spec.arguments())
    if outcome.error is not None and name.startswith(ELSEWHERE):
        pytest.xfail(f"owned by another change: {outcome.error!r}")
    assert outcome.error is None, f"the valid call fails: {outcome.error!r}"
    assert _finite(outcome.result)


@pytest.mark.parametrize("name, argument", CALLS, ids=[f"{name}-{argument}" for name, argument in CALLS])
def test_junk_gives_a_named_error_or_a_correct_result(name, argument):
    spec = SPECS[name]
    valid, kind = spec.args[argument]
    baseline = attempt(spec, spec.arguments())
    assert baseline.error is None or name.startswith(ELSEWHERE), f"the valid call fails: {baseline.error!r}"
    cases = kind.cases(fresh(valid))
    if spec.costly:
        cases = [case for case in cases if case.expect == REFUSE] + [case for case in cases if case.expect != REFUSE][
            :2
        ]
    problems = [problem for case in cases if (problem := judge(spec, argument, case, baseline)) is not None]

    strategy = kind.strategy(fresh(valid))
    if spec.costly:
        strategy = strategy.filter(lambda case: case.expect == REFUSE)

    @settings(
        max_examples=FEW_EXAMPLES if spec.costly else EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def generated(case: Case) -> None:
        problem = judge(spec, argument, case, baseline)
        assert problem is None, problem

    if not problems:
        try:
            generated()
        except AssertionError as error:
            problems.append(f"generated: {str(error).splitlines()[0]}")
    if problems and name.startswith(ELSEWHERE):
        pytest.xfail(f"owned by another change: {problems}")
    assert problems == [], "\n".join(problems)
