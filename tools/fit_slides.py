"""Give every notebook slide metadata that fits a 1280×720 projector, from measured cell heights.

The rules (``tests/test_notebook_hygiene.py`` checks the first four on every notebook):

- a markdown heading (``#`` or ``##``) starts a slide; so do the summary and the exercises;
- the learning objectives and each exercise prompt start a subslide;
- the first code cell (imports and set-up) is skipped on slides, speaker notes are ``notes``;
- a slider cell (tagged ``nbval-ignore-output``) starts a subslide, so that it is the deck's current cell
  when its slide shows: a click on a slider of another cell would hand the focus back to the deck;
- any other cell continues the slide (it has no slide type: the deck hides cells of type ``"-"``), unless adding it would make the slide taller than ``--limit``
  pixels: then it starts a subslide;
- a cell taller than the limit on its own gets a slide to itself and the metadata flag ``TOO_TALL``.

The heights, by cell id, come from ``tools/measure_slides.py``, which opens every notebook in the live
deck and in the built static slides (``make slides``) at 1280×720 and writes what each cell takes in
both to ``build/screenshots/cell-heights.json``. So: ``make slides``, ``python tools/measure_slides.py``,
``python tools/fit_slides.py``, then the slide tests (they fail for any slide above 720 px). A single
cell taller than the limit cannot be fitted by splitting: it is listed, and the cell itself must get
shorter (a smaller figure, fewer lines).

Usage: ``python tools/fit_slides.py [--heights build/screenshots/cell-heights.json] [--limit 700] [notebooks ...]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
HEIGHTS = ROOT / "build" / "screenshots" / "cell-heights.json"
LIMIT = 700  # pixels: 720 less a margin for the deck's own padding
#: Cell metadata key of a cell that is taller than a slide on its own (it gets a slide to itself): a debt
#: the slide tests accept only where it is recorded (and report flagged cells that fit in their view).
TOO_TALL = "tvlib_slide_too_tall"


def rule(cell: nbformat.NotebookNode, index: int, first_code: int) -> str | None:
    """The slide type a cell must have whatever its height, or None if the height decides."""
    text = cell.source.lstrip()
    if cell.cell_type == "markdown":
        if re.match(r"#{1,2}\s", text):
            return "slide"
        if text.startswith("Speaker notes"):
            return "notes"
        if text.startswith(("**Learning objectives", "**Exercise")):
            return "subslide"
    if index == first_code:
        return "skip"
    if "nbval-ignore-output" in cell.metadata.get("tags", []):  # a slider: current as soon as its slide shows
        return "subslide"
    return None


def first_code_cell(notebook: nbformat.NotebookNode) -> int:
    return next(i for i, cell in enumerate(notebook.cells) if cell.cell_type == "code")


def fit(
    notebook: nbformat.NotebookNode,
    heights: dict[str, dict[str, float]],
    overhead: dict[str, float] | None = None,
    limit: int = LIMIT,
) -> tuple[list[str], list[int]]:
    """Slide types for every cell of ``notebook``, and the indices of the cells too tall to fit alone.

    ``heights`` maps each view (``deck``, ``static``) to the height in pixels that every cell (by id) takes
    there, margins included, and ``overhead`` each view to what a slide takes besides its cells (padding);
    a slide must stay within ``limit`` in every view.
    """
    overhead = {view: (overhead or {}).get(view, 0.0) for view in heights}
    first_code = first_code_cell(notebook)
    missing = [cell.id for cell in notebook.cells if any(cell.id not in view for view in heights.values())]
    if missing:
        raise ValueError(f"no measured height for cells {missing[:5]}: measure the notebook again")
    types, too_tall, used = [], [], None
    for index, cell in enumerate(notebook.cells):
        kind = rule(cell, index, first_code)
        if kind in ("skip", "notes"):
            types.append(kind)
            continue
        size = {view: cells[cell.id] for view, cells in heights.items()}
        alone = {view: overhead[view] + size[view] for view in size}
        tall = max(alone.values()) > limit
        if tall:  # on a slide of its own, flagged: the cell itself must get shorter
            too_tall.append(index)
            kind = kind or "subslide"
        if kind is None and used is not None and any(used[view] + size[view] > limit for view in size):
            kind = "subslide"
        used = alone if kind is not None else {view: used[view] + size[view] for view in size}
        if tall:
            used = {view: limit + 1 for view in size}  # whatever follows starts a new slide
        types.append(kind or "-")
    return types, too_tall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--heights", type=Path, default=HEIGHTS)
    parser.add_argument("--limit", type=int, default=LIMIT)
    args = parser.parse_args()
    measured = json.loads(args.heights.read_text(encoding="utf-8"))
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("0*.ipynb"))
    problems = 0
    for path in paths:
        if path.stem not in measured:
            print(f"{path.name}: not measured, left as it is")
            continue
        notebook = nbformat.read(path, as_version=4)
        entry = measured[path.stem]
        types, too_tall = fit(notebook, entry["heights"], entry.get("overhead"), args.limit)
        for index, (cell, kind) in enumerate(zip(notebook.cells, types)):
            cell.metadata.pop("slideshow", None)  # continuing the slide: no slide type at all, not "-"
            if kind != "-":  # (jupyterlab-slideshow 0.3.4 never shows a cell whose type is "-")
                cell.metadata["slideshow"] = {"slide_type": kind}
            cell.metadata.pop(TOO_TALL, None)
            if index in too_tall:
                cell.metadata[TOO_TALL] = True
        nbformat.write(notebook, path)
        slides = sum(kind in ("slide", "subslide") for kind in types)
        print(
            f"{path.name}: {slides} slides"
            + "".join(
                f"\n  too tall alone: cell {i}: {notebook.cells[i].source.splitlines()[0][:60]}" for i in too_tall
            )
        )
        problems += len(too_tall)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
