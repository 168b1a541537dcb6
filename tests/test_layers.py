"""The layers of tvlib: core (numpy, OpenCV) <- nn (torch) <- viz (matplotlib, ipywidgets) <- course, never upward.

`lint-imports` checks the contracts in pyproject.toml; these tests run it, prove that it would catch
a violation, and check that every module sits in exactly one layer.
"""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import tvlib

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
LAYERS = ("tvlib.core", "tvlib.nn", "tvlib.viz", "tvlib.course")


def run_lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(project), "PATH": str(LINT_IMPORTS.parent)},
        timeout=120,
    )


def test_the_import_contracts_hold():
    result = run_lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    "module, line, contract",
    [
        ("core/shift.py", "import torch", "The core layer is numpy and OpenCV only"),
        ("core/pooling.py", "from tvlib.viz import plots", "Layers: course above viz above nn above core"),
        ("nn/models.py", "import matplotlib.pyplot", "The nn layer draws nothing"),
    ],
)
def test_lint_imports_catches_an_upward_import(tmp_path, module, line, contract):
    shutil.copytree(ROOT / "tvlib", tmp_path / "tvlib", ignore=shutil.ignore_patterns("__pycache__", "photos"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "tvlib" / module
    target.write_text(target.read_text() + f"\n{line}  # a violation planted by the test\n")
    result = run_lint_imports(tmp_path)
    assert result.returncode != 0
    assert f"{contract} BROKEN" in result.stdout


def test_every_module_belongs_to_one_layer():
    modules = [info.name for info in pkgutil.walk_packages(tvlib.__path__, "tvlib.")]
    assert modules, "no modules found"
    outside = [name for name in modules if not name.startswith(tuple(f"{layer}" for layer in LAYERS))]
    assert outside == [], f"modules outside the layers {LAYERS}: {outside}"


def test_importing_tvlib_loads_no_torch_or_plotting():
    code = "import sys, tvlib; print(sorted(m for m in ('torch', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"


def test_every_public_core_function_has_a_runnable_example():
    import importlib
    import inspect

    missing = []
    for info in pkgutil.iter_modules(tvlib.core.__path__):
        if info.name.startswith("_") or info.name == "settings":  # settings: environment look-ups only
            continue
        module = importlib.import_module(f"tvlib.core.{info.name}")
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isfunction(value) and ">>> " not in (value.__doc__ or ""):
                missing.append(f"{info.name}.{name}")
    assert missing == [], f"public core functions without an Examples section (doctest): {missing}"
