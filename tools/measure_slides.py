"""Measure what every cell takes on a 1280×720 slide, in JupyterLab and in the static slides, for fit_slides.

For each notebook: its cells' heights in JupyterLab (every cell run, left sidebar collapsed, no
windowing, in a 1280×720 window: what the live deck shows, prompts aside) and in the built reveal.js
slides (``make slides`` first; heights in the slides' own coordinates), by cell id, margins included.
Writes ``build/screenshots/cell-heights.json`` for ``tools/fit_slides.py``. Takes about as long as
running the notebooks in fast mode.

Usage: ``TVLIB_FAST=1 python tools/measure_slides.py [notebooks ...]``
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.lab import VIEWPORT, Notebook, lab_server  # noqa: E402
from tests.browser.test_site import served  # noqa: E402

OUT = ROOT / "build" / "screenshots" / "cell-heights.json"

#: Each cell's height in JupyterLab, up to where the next one starts (so the gap between them counts).
LAB_CELLS = """() => {
  const cells = window.jupyterapp.shell.currentWidget.content.widgets;
  const boxes = cells.map(cell => cell.node.getBoundingClientRect());
  return Object.fromEntries(cells.map((cell, i) => [cell.model.sharedModel.getId(),
    i + 1 < cells.length ? boxes[i + 1].top - boxes[i].top : boxes[i].height]));
}"""

#: Each cell's height on the static slides (every slide shown once), and what a slide adds around its cells.
STATIC_CELLS = """async () => {
  const R = window.Reveal;
  R.configure({transition: "none"});
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const cells = {};
  const overheads = [];
  for (const section of R.getSlides()) {
    const {h, v} = R.getIndices(section);
    R.slide(h, v);
    await frame();
    if (window.MathJax && MathJax.Hub) await new Promise(done => MathJax.Hub.Queue(done));
    await Promise.all([...section.querySelectorAll("img")].map(img => img.decode().catch(() => null)));
    await frame();
    let used = 0;
    for (const cell of section.querySelectorAll('[id^="cell-id="]')) {
      const style = getComputedStyle(cell);
      const height = cell.offsetHeight + parseFloat(style.marginTop) + parseFloat(style.marginBottom);
      cells[cell.id.slice("cell-id=".length)] = height;
      used += height;
    }
    overheads.push(section.scrollHeight - used);
  }
  overheads.sort((a, b) => a - b);  // the typical slide's padding: one slide's overflowing math is not every slide's
  return {cells, overhead: overheads[Math.floor(overheads.length / 2)] || 0};
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("0*.ipynb"))
    from playwright.sync_api import sync_playwright

    measured = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    slides = ROOT / "build" / "slides"
    with sync_playwright() as playwright, lab_server(paths, windowing=False) as url, served(ROOT / "build") as site:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for path in paths:
            notebook = Notebook(url, browser, path)
            notebook.open_and_run()
            lab = notebook.page.evaluate(LAB_CELLS)
            notebook.close()
            page = slides / f"{path.stem}.slides.html"
            if not page.exists():
                raise SystemExit(f"{page} is missing: run `make slides` first")
            tab = browser.new_page(viewport=VIEWPORT)
            tab.goto(f"{site}/slides/{page.name}")
            tab.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
            static = tab.evaluate(STATIC_CELLS)
            tab.close()
            measured[path.stem] = {
                "heights": {"deck": lab, "static": {cell: static["cells"].get(cell, 0.0) for cell in lab}},
                "overhead": {"deck": 0.0, "static": max(0.0, static["overhead"])},
            }
            print(f"{path.name}: {len(lab)} cells measured", flush=True)
        browser.close()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(measured, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
