"""Committed notebooks stay diff-friendly: outputs cleared except where nbval checks them (a cell tag)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
CHECK = "nbval-check-output"


def test_notebooks_are_numbered_in_order():
    numbers = [path.name[:3] for path in NOTEBOOKS]
    assert numbers == [f"{n:02d}_" for n in range(1, len(NOTEBOOKS) + 1)], numbers


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_checked_cells_keep_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(notebook["cells"]):
        source = "".join(cell["source"])
        assert "NBVAL" not in source, f"{path.name} cell {index}: nbval markers belong in cell tags, not in the code"
        if cell["cell_type"] != "code":
            continue
        if CHECK in cell.get("metadata", {}).get("tags", []):
            assert cell["outputs"], f"{path.name} cell {index} states a checked result but stores no output"
            assert all(out["output_type"] == "stream" or "text/plain" in out.get("data", {}) for out in cell["outputs"])
        else:
            assert not cell["outputs"], f"{path.name} cell {index} has outputs; clear them before committing"
        assert all(out["output_type"] != "error" for out in cell["outputs"]), (
            f"{path.name} cell {index} stores an error"
        )
