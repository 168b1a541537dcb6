"""Every notebook as a live deck (jupyterlab-slideshow's Deck mode in JupyterLab), at 1280×720.

For each notebook: open it, collapse the left sidebar, Run All, start the deck (command ``deck:start``, the
deck icon in the notebook toolbar), go to the first cell and walk to the end with the keyboard (Space: "go to
next fragment, subslide, or slide", the same as ``deck:go`` with ``direction=down, alternate=forward``).
Every step is measured: the cells on screen (``.jp-deck-mod-onscreen``), the height they span, and whether
the deck has to scroll. Recorded in ``build/screenshots/slides-<notebook>.json``.

Fails, listing them, when a slide is taller than the 720 px screen (unless it is one cell alone that
``tools/fit_slides.py`` flagged as taller than a slide on its own; flagged cells that fit are reported), when a cell that should be presented
(not ``skip`` / ``notes``) is never on screen, or when a slider panel on a slide does not work live: focus
its first slider's handle, press ArrowRight, and its value, status and figure must change while the deck
stays on the same slide. Screenshots of each slider slide and each too-tall slide: ``build/screenshots/slides/``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
import pytest

from tests.browser.lab import SCREENSHOTS, VIEWPORT, Notebook, browser, lab, notebooks  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from fit_slides import TOO_TALL

SHOTS = SCREENSHOTS / "slides"

#: Where the deck is: the active cell, the slide/subslide cell that governs it, what is on screen and its size.
DECK_STATE = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const notebook = panel.content;
    const cells = notebook.widgets;
    const type = (i) => ((cells[i].model.getMetadata('slideshow') || {}).slide_type) || null;
    const active = notebook.activeCellIndex;
    let slide = active;
    while (slide > 0 && !['slide', 'subslide'].includes(type(slide))) slide--;
    const onscreen = [], visible = [];
    cells.forEach((cell, i) => {
        if (cell.node.classList.contains('jp-deck-mod-onscreen')) onscreen.push(i);
        if (cell.node.classList.contains('jp-deck-mod-visible')) visible.push(i);
    });
    const rects = onscreen.map(i => cells[i].node.getBoundingClientRect());
    const top = rects.length ? Math.min(...rects.map(r => r.top)) : 0;
    const bottom = rects.length ? Math.max(...rects.map(r => r.bottom)) : 0;
    let scrolls = false;
    if (onscreen.length) {
        for (let el = cells[onscreen[0]].node.parentElement; el && el !== panel.node.parentElement; el = el.parentElement) {
            const overflow = getComputedStyle(el).overflowY;
            if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight + 1) scrolls = true;
        }
    }
    const firstLine = (i) => (cells[i].model.sharedModel.getSource().split('\\n').find(l => l.trim()) || '').trim();
    const panels = [];
    for (const i of visible) {
        if (!onscreen.includes(i)) continue;
        cells[i].node.querySelectorAll('.tvlib-status').forEach((_, k) => panels.push([i, k]));
    }
    return {
        active, slide, slide_type: type(slide), onscreen, visible, panels,
        height: Math.round(bottom - top), scrolls,
        first_line: onscreen.length ? firstLine(onscreen[0]) : '',
        deck: document.body.dataset.jpDeckMode || '',
        types: cells.map((_, i) => type(i)),
    };
}"""

#: One panel's status text, first slider value and figure source (the <img> may be replaced: looked up afresh).
PANEL_STATE = """([cell, k]) => {
    const node = window.jupyterapp.shell.currentWidget.content.widgets[cell].node;
    const status = node.querySelectorAll('.tvlib-status')[k];
    let panel = status.parentElement;
    while (panel && !panel.classList.contains('widget-vbox')) panel = panel.parentElement;
    const handle = panel.querySelector('.noUi-handle');
    const img = panel.querySelector('img');
    const title = panel.querySelector('.widget-html');
    return {status: status.textContent, value: handle ? handle.getAttribute('aria-valuenow') : null,
            max: handle ? handle.getAttribute('aria-valuemax') : null,
            src: img ? img.getAttribute('src') : null, title: title ? title.textContent.trim() : ''};
}"""

HANDLE_BOX = """([cell, k]) => {
    const node = window.jupyterapp.shell.currentWidget.content.widgets[cell].node;
    let panel = node.querySelectorAll('.tvlib-status')[k].parentElement;
    while (panel && !panel.classList.contains('widget-vbox')) panel = panel.parentElement;
    const handle = panel.querySelector('.noUi-handle');
    handle.scrollIntoView({block: 'center'});
    const r = handle.getBoundingClientRect();
    return {x: r.left + r.width / 2, y: r.top + r.height / 2};
}"""

FOCUSED = "() => { const e = document.activeElement; return e ? e.className.toString().slice(0, 60) : ''; }"

SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150))))"


def too_tall_cells(path: Path) -> set[int]:
    """Cells flagged by tools/fit_slides.py as taller than a slide on their own."""
    return {i for i, cell in enumerate(nbformat.read(path, as_version=4).cells) if cell.metadata.get(TOO_TALL)}


def try_slider(nb: Notebook, where: list[int], shot: str) -> dict:
    """Click a panel's first slider handle on the current slide, press a key that moves it, report what changed.

    The panel state is read after the click: a click on the handle itself does not move the slider."""
    page = nb.page
    before = nb.page.evaluate(DECK_STATE)
    box = page.evaluate(HANDLE_BOX, where)  # the presenter clicks the handle, then uses the arrow keys
    page.mouse.click(box["x"], box["y"])
    page.evaluate(SETTLE)
    page.wait_for_timeout(300)  # in case the click moved the slider: let the redraw land
    panel = page.evaluate(PANEL_STATE, where)
    key = "ArrowLeft" if panel["value"] is not None and panel["value"] == panel["max"] else "ArrowRight"
    focused = page.evaluate(DECK_STATE)
    focus = page.evaluate(FOCUSED)
    page.keyboard.press(key)
    try:
        page.wait_for_function(
            "([where, old]) => { const s = ("
            + PANEL_STATE
            + ")(where); return s.status !== old.status && s.src !== old.src; }",
            arg=[where, panel],
            timeout=20_000,
        )
    except Exception:
        pass
    page.evaluate(SETTLE)
    after_panel = page.evaluate(PANEL_STATE, where)
    after = page.evaluate(DECK_STATE)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / shot))
    return {
        "cell": where[0],
        "title": panel["title"],
        "key": key,
        "value_before": panel["value"],
        "value_after": after_panel["value"],
        "status_changed": after_panel["status"] != panel["status"],
        "figure_changed": after_panel["src"] != panel["src"],
        "slide_before": before["slide"],
        "slide_after_focus": focused["slide"],
        "active_after_focus": focused["active"],
        "focus_after_click": focus,
        "slide_after_key": after["slide"],
        "active_before": before["active"],
        "active_after_key": after["active"],
        "screenshot": f"slides/{shot}",
    }


@pytest.mark.parametrize("notebook", notebooks(), ids=lambda path: path.stem)
def test_deck_slides_fit_and_widgets_work(lab, browser, notebook):  # noqa: F811 (fixtures from lab.py)
    started = time.monotonic()
    nb = Notebook(lab, browser, notebook)
    try:
        run_seconds = nb.open_and_run()
        nb.assert_outputs_clean()
        page = nb.page
        assert page.locator(".jp-NotebookPanel-toolbar [data-command='deck:toggle']").count() == 1, "no deck button"
        nb.command("deck:start")
        page.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'", timeout=30_000)
        page.evaluate("() => { const n = window.jupyterapp.shell.currentWidget.content; n.activeCellIndex = 0; }")
        page.evaluate(SETTLE)
        page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCell.node.focus()")

        steps, sliders, sliders_own_step, keyboard_misses = [], [], [], []
        slide_numbers: dict[int, int] = {}
        tested: set[tuple[int, int]] = set()
        shown: set[int] = set()
        for _ in range(1000):
            state = page.evaluate(DECK_STATE)
            slide_numbers.setdefault(state["slide"], len(slide_numbers) + 1)
            number = slide_numbers[state["slide"]]
            shown.update(state["onscreen"])
            step = {
                "step": len(steps) + 1,
                "slide": number,
                "slide_cell": state["slide"],
                "slide_type": state["slide_type"],
                "active_cell": state["active"],
                "onscreen_cells": state["onscreen"],
                "first_line": state["first_line"],
                "height": state["height"],
                "scrolls": state["scrolls"],
            }
            steps.append(step)
            if state["height"] > VIEWPORT["height"]:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"{nb.name}-slide{number:02d}-too-tall.png"))
            for where in state["panels"]:
                # Probe 1, asserted: on the first step that shows the panel (the presenter clicks it on arrival).
                # Probe 2, recorded only: on the step whose active cell is the panel's (reached with Space).
                probe = "arrival" if tuple(where) not in tested else "own step" if where[0] == state["active"] else None
                if probe is None or (probe == "own step" and (*where, "own") in tested):
                    continue
                tested.add(tuple(where) if probe == "arrival" else (*where, "own"))
                shot = (
                    f"{nb.name}-slide{number:02d}-cell{where[0]}-slider{'' if probe == 'arrival' else '-own-step'}.png"
                )
                result = try_slider(nb, where, shot)
                result.update(slide=number, probe=probe)
                (sliders if probe == "arrival" else sliders_own_step).append(result)
                # Back to where the walk was, whatever the slider did to the deck.
                page.evaluate(
                    "(i) => { const n = window.jupyterapp.shell.currentWidget.content; n.activeCellIndex = i; }",
                    state["active"],
                )
                page.evaluate(SETTLE)
            page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCell.node.focus()")
            page.keyboard.press("Space")  # the deck's "next fragment, subslide or slide"
            page.evaluate(SETTLE)
            moved = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
            if moved == state["active"]:
                nb.command("deck:go", {"direction": "down", "alternate": "forward"})
                page.evaluate(SETTLE)
                moved = page.evaluate("() => window.jupyterapp.shell.currentWidget.content.activeCellIndex")
                if moved == state["active"]:
                    break  # the last slide
                keyboard_misses.append(state["active"])
        types = state["types"]
        nb.command("deck:stop")

        slides: dict[int, dict] = {}
        for step in steps:
            best = slides.get(step["slide"])
            if best is None or step["height"] > best["height"]:
                slides[step["slide"]] = {**step, "first_line": best["first_line"] if best else step["first_line"]}
        too_tall = [s for s in slides.values() if s["height"] > VIEWPORT["height"]]
        never_shown = [i for i, kind in enumerate(types) if kind not in ("skip", "notes") and i not in shown]
        panel_cells = sorted(
            i
            for i, cell in enumerate(
                page.evaluate(
                    "() => window.jupyterapp.shell.currentWidget.content.widgets.map(c => c.node.querySelectorAll('.tvlib-status').length)"
                )
            )
            if cell
        )
        report = {
            "viewport": VIEWPORT,
            "run_all_seconds": round(run_seconds, 1),
            "test_seconds": round(time.monotonic() - started, 1),
            "slides": len(slides),
            "steps": steps,
            "too_tall": [
                {"slide": s["slide"], "cell": s["slide_cell"], "first_line": s["first_line"], "height": s["height"]}
                for s in too_tall
            ],
            "cells_never_shown": never_shown,
            "slider_panel_cells": panel_cells,
            "sliders": sliders,
            "sliders_at_their_own_step": sliders_own_step,
            "keyboard_did_not_advance_at_cells": keyboard_misses,
        }
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"slides-{nb.name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")

        problems = []
        if never_shown:
            problems.append(
                f"{len(never_shown)} cells are never on screen in the deck (cells {never_shown[:20]}"
                f"{'...' if len(never_shown) > 20 else ''}; their slide_type: "
                f"{sorted({str(types[i]) for i in never_shown})}; jupyterlab-slideshow shows a cell with no slide_type"
                " (null or no 'slideshow' metadata) on the slide before it, but never one whose slide_type is '-')"
            )
        # A cell taller than a slide on its own is a recorded debt (tools/fit_slides.py flags it): accepted only
        # alone on its slide and flagged.
        flagged = too_tall_cells(notebook)
        for s in too_tall:
            if s["slide_cell"] in flagged and s["onscreen_cells"] == [s["slide_cell"]]:
                continue
            problems.append(
                f"slide {s['slide']} (cell {s['slide_cell']}) {s['first_line'][:60]!r}: {s['height']} px > 720"
            )
        # A flagged cell that fits here may still overflow the static slides (test_site.py): reported for
        # tools/fit_slides.py to clear on its next measurement, not failed.
        report["flagged_cells_that_fit"] = sorted(flagged - {s["slide_cell"] for s in too_tall})
        (SCREENSHOTS / f"slides-{nb.name}.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        untested = sorted(set(panel_cells) - {s["cell"] for s in sliders})
        if untested:
            problems.append(f"slider panels in cells {untested} are never visible on a slide")
        for s in sliders:
            if not (s["status_changed"] and s["figure_changed"] and s["value_before"] != s["value_after"]):
                problems.append(f"slide {s['slide']}: {s['title']!r} did not respond to {s['key']} ({s})")
            if s["active_after_key"] != s["active_after_focus"] or s["slide_after_focus"] != s["slide_before"]:
                problems.append(
                    f"slide {s['slide']}: {s['key']} on {s['title']!r} moved the deck (active cell "
                    f"{s['active_before']} -> {s['active_after_focus']} on the click -> {s['active_after_key']} on the key;"
                    f" focus after the click: {s['focus_after_click']!r})"
                )
        if keyboard_misses:
            problems.append(f"Space did not advance the deck at cells {keyboard_misses}")
        if nb.errors:
            problems.append(f"page errors: {nb.errors}")
        assert not problems, f"{nb.name} as a deck at 1280x720:\n  " + "\n  ".join(problems)
    finally:
        nb.close()
