"""Execute notebooks and keep only the outputs that nbval checks (cells tagged ``nbval-check-output``).

Usage: ``python tools/refresh_notebooks.py [notebooks/NN_name.ipynb ...]`` (default: all), or
``make notebooks``. Every other output and execution count, and the widget state, are removed, so committed
notebooks stay small and their diffs readable; ``make html`` is where executed notebooks are viewed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

CHECK = "nbval-check-output"  # nbval's cell tag: compare this cell's stored text output
ROOT = Path(__file__).resolve().parents[1]


def strip(notebook: nbformat.NotebookNode) -> None:
    """Clear outputs and counts except in checked cells, whose text outputs are kept (images dropped)."""
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)  # nbclient's timestamps: noise in every diff
        # nbval needs the execution count of a checked cell: a cell without one counts as unrun
        if CHECK in cell.metadata.get("tags", []):
            cell.outputs = [
                out for out in cell.outputs if out.output_type == "stream" or "text/plain" in out.get("data", {})
            ]
            for out in cell.outputs:
                if "data" in out:
                    out.data = {"text/plain": out.data["text/plain"]}
        else:
            cell.execution_count = None
            cell.outputs = []
    notebook.metadata.pop("widgets", None)


def refresh(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=1800, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    strip(notebook)
    nbformat.write(notebook, path)
    print(f"refreshed {path.relative_to(ROOT)}")


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        refresh(path)
