"""tvlib as users install it: a real wheel in a throw-away venv, and the dependency lists agree.

The wheel goes into a fresh venv with its declared core dependencies only (numpy, OpenCV): ``import
tvlib`` must work there and ``import tvlib.nn`` must say which extra to install. Then the venv is
given this environment's packages (torch, matplotlib, ...) behind its own, and every layer must
import from the wheel, with the photos read from the installed package data.
"""

from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", out, ROOT, cwd=out)
    assert result.returncode == 0, result.stdout + result.stderr
    (path,) = out.glob("tvlib-*.whl")
    return path


def test_the_wheel_carries_the_photos_the_marker_and_one_version(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for photo in ("horse.png", "chelsea.png", "coffee.png"):
        assert f"tvlib/core/photos/{photo}" in names
    assert "tvlib/py.typed" in names
    assert not [name for name in names if name.startswith(("tests/", "notebooks/", "data/"))]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"tvlib-{version}-" in wheel.name
    # The version is written once, in pyproject.toml: no module repeats it.
    assert not [
        p for p in (ROOT / "tvlib").rglob("*.py") if re.search(r"__version__\s*=\s*['\"]\d+\.\d", p.read_text())
    ]


def test_wheel_in_a_clean_venv(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    install = _run(python, "-m", "pip", "install", "--disable-pip-version-check", "-q", wheel, cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr

    # Core only: numpy and OpenCV came with the wheel's own dependencies, torch did not.
    core = _run(
        python,
        "-c",
        "import tvlib, tvlib.core.images, numpy; print(tvlib.__file__); print(tvlib.shift(numpy.eye(3), 1, 0)[1, 0]);"
        " print(tvlib.core.images.load_image('horse.png').shape); import importlib.util;"
        " print(importlib.util.find_spec('torch') is None)",
        cwd=tmp_path,
    )
    assert core.returncode == 0, core.stderr
    location, moved, photo, no_torch = core.stdout.split("\n")[:4]
    assert str(env_dir) in location
    assert (moved, photo, no_torch) == ("1.0", "(328, 400)", "True")
    missing = _run(python, "-c", "import tvlib.nn", cwd=tmp_path)
    assert missing.returncode != 0
    assert 'tvlib.nn needs PyTorch, which is not installed: pip install "tvlib[nn]"' in missing.stderr

    # Every layer, from the wheel, with this environment's torch, matplotlib and ipywidgets behind it.
    site = Path(
        _run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path).stdout.strip()
    )
    (site / "zz_host_packages.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    layers = _run(
        python,
        "-c",
        "import tvlib, tvlib.nn, tvlib.viz, tvlib.viz.explorer, tvlib.course.notebook_04; print(tvlib.nn.__file__)",
        cwd=tmp_path,
    )
    assert layers.returncode == 0, layers.stderr
    assert str(env_dir) in layers.stdout


def _requirement_names(lines: list[str]) -> set[str]:
    names = set()
    for line in lines:
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[<>=!~\[ ;]", line, maxsplit=1)[0].lower())
    return names


CONDA_NAMES = {"pytorch": "torch"}  # conda-forge's name -> PyPI's


def test_requirements_and_environment_list_the_same_packages():
    requirements = _requirement_names((ROOT / "requirements.txt").read_text().splitlines())
    environment = []
    text = (ROOT / "environment.yml").read_text()
    for line in text[text.index("dependencies:") :].splitlines():
        match = re.match(r"\s+- ([A-Za-z0-9_.\-]+[^#]*)", line)
        if match and not match.group(1).startswith(("python", "pip", "-e")):
            environment.append(match.group(1))
    conda = {CONDA_NAMES.get(name, name) for name in _requirement_names(environment)}
    assert requirements == conda, (
        f"only in requirements.txt: {requirements - conda}; only in environment.yml: {conda - requirements}"
    )


def test_requirements_cover_every_dependency_of_tvlib():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = _requirement_names(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared |= {name for name in _requirement_names(extra) if name != "tvlib"}
    requirements = _requirement_names((ROOT / "requirements.txt").read_text().splitlines())
    assert declared <= requirements, f"declared by tvlib but not in requirements.txt: {declared - requirements}"


def test_python_floor_is_the_same_everywhere():
    floor = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert floor == ">=3.10"
    assert "python>=3.10" in (ROOT / "environment.yml").read_text()
    assert "Python ≥ 3.10" in (ROOT / "README.md").read_text()
