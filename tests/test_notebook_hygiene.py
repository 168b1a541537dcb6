"""Committed notebooks stay diff-friendly (outputs cleared except where nbval checks them, a cell tag) and
follow the slide rules."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import fit_slides

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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_slides_follow_the_rules(path):
    """Headings start slides; objectives, exercises and sliders subslides; set-up is skipped (tools/fit_slides.py)."""
    notebook = nbformat.read(path, as_version=4)
    first_code = fit_slides.first_code_cell(notebook)
    for index, cell in enumerate(notebook.cells):
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        # None continues the slide; "-" would too in reveal.js, but the live deck never shows such a cell.
        assert kind in ("slide", "subslide", None, "skip", "notes"), f"{path.name} cell {index}: slide_type {kind!r}"
        expected = fit_slides.rule(cell, index, first_code)
        assert expected in (None, kind), f"{path.name} cell {index}: slide_type {kind!r}, the rule says {expected!r}"
    assert notebook.cells[0].metadata["slideshow"]["slide_type"] == "slide"
    assert any("Learning objectives" in cell.source for cell in notebook.cells[1:4]), "objectives on their own slide"
    assert "Learning objectives" not in notebook.cells[0].source, "the title slide holds no objectives list"
