"""Run the cells tagged ``lesson`` of a committed notebook on their own and return what they define."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
PRELUDE = "import numpy as np\nimport torch\nfrom torch import nn\nimport torch.nn.functional as F\n"


def lesson_cells(stem: str) -> list[str]:
    """The sources of ``notebooks/<stem>*.ipynb``'s lesson cells, in order."""
    (path,) = NOTEBOOKS.glob(f"{stem}*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        "".join(c["source"]) for c in cells if c["cell_type"] == "code" and "lesson" in c["metadata"].get("tags", [])
    ]


def run_lessons(stem: str) -> dict[str, Any]:
    """Execute the prelude and every lesson cell of the notebook in one fresh namespace."""
    namespace: dict[str, Any] = {"__name__": f"lesson_{stem}"}
    exec(compile(PRELUDE, "prelude", "exec"), namespace)
    sources = lesson_cells(stem)
    assert sources, f"notebook {stem} has no cell tagged 'lesson'"
    for index, source in enumerate(sources):
        exec(compile(source, f"{stem} lesson cell {index}", "exec"), namespace)
    return namespace
