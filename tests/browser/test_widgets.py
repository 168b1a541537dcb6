"""Every notebook in a real browser, as an instructor presents it: JupyterLab + headless Chromium (Debian's).

Each notebook is opened once (1280×720, left sidebar collapsed), Run All, and checked that its widgets
rendered (no "Error displaying widget" / "Loading widget", no traceback, no page error). Then:

* every slider panel (a ``.widget-vbox`` holding a ``.tvlib-status``): its first slider, moved with the
  keyboard, changes the figure (``.tvlib-figure``'s ``<img>`` source) and the status line; then a dozen key
  presses are timed in the page, from the keydown to the moment the ``<img>`` source changes (a
  MutationObserver). Median < 1 s asserted; every latency in ``build/screenshots/slider-latency.json``, a
  screenshot of each panel in ``build/screenshots/``.
* 04's explorer ("Shift a test digit"): after Run All its picture is the one its controls draw (ArrowRight
  then ArrowLeft gives byte-identical PNG) and its status names the sliders' values.
* every ``<img>`` in the output areas (static figures and slider figures) is shown at 90–101 % of its natural
  width (not shrunk to fit, not stretched: a blurred, too-tall slider figure); failures listed in ``build/screenshots/figure-widths.json``.

Needs ``/usr/bin/chromium`` (``apt-get install chromium``; Playwright's own browser download does not
work offline). Without it these tests are skipped, unless ``TVLIB_BROWSER_TESTS=1`` makes them
mandatory (as ``.ci/run`` does), in which case a missing browser is an error.
"""

from __future__ import annotations

import re
import statistics

import pytest

from tests.browser.lab import SCREENSHOTS, Notebook, browser, lab, notebooks, write_json  # noqa: F401

PRESSES = 12  # timed key presses per panel, alternating ArrowRight / ArrowLeft
MEDIAN_BOUND_MS = 1000

#: The innermost .widget-vbox holding a .tvlib-status, in the notebook on screen: slider_panel's VBox.
PANELS = """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .widget-vbox')].filter(box =>
    box.querySelector('.tvlib-status')
    && ![...box.querySelectorAll('.widget-vbox')].some(inner => inner.querySelector('.tvlib-status')))"""

PANEL_STATE = (
    """(i) => { const panel = ("""
    + PANELS
    + """)()[i];
    const handles = [...panel.querySelectorAll('.noUi-handle')];
    const img = panel.querySelector('img');
    const title = panel.querySelector('.widget-html');
    return {title: title ? title.textContent.trim() : '', status: panel.querySelector('.tvlib-status').textContent,
            src: img ? img.getAttribute('src') : null,
            values: handles.map(h => h.getAttribute('aria-valuenow')),
            max: handles.length ? handles[0].getAttribute('aria-valuemax') : null}; }"""
)

#: Times each key press in the page: keydown (capture, first listener to see it) to the <img> src change.
INSTALL_TIMER = (
    """(i) => { const panel = ("""
    + PANELS
    + """)()[i];
    if (window.__tvlibTimer) window.__tvlibTimer.observer.disconnect();
    const timer = {keydown: null, changes: [], src: (panel.querySelector('img') || {}).src};
    if (!window.__tvlibKeydown) {
        window.__tvlibKeydown = true;
        document.addEventListener('keydown', () => { if (window.__tvlibTimer) window.__tvlibTimer.keydown = performance.now(); }, true);
    }
    timer.observer = new MutationObserver(() => {
        const now = performance.now();
        const img = panel.querySelector('img');
        const src = img ? img.getAttribute('src') : null;
        if (src !== timer.src) { timer.src = src; timer.changes.push(now - timer.keydown); }
    });
    timer.observer.observe(panel, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
    window.__tvlibTimer = timer; }"""
)

#: SHA-256 of the PNG that the panel's <img> shows (its src is a fresh blob: URL on every update).
IMAGE_DIGEST = (
    """async (i) => { const img = ("""
    + PANELS
    + """)()[i].querySelector('img');
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join(''); }"""
)

#: Natural and shown width of every <img> in the output areas, each scrolled into view first.
IMAGE_WIDTHS = """async () => {
    const panel = window.jupyterapp.shell.currentWidget;
    const cells = panel.content.widgets;
    const found = [];
    for (const img of panel.node.querySelectorAll('.jp-OutputArea-output img')) {
        img.scrollIntoView({block: 'center'});
        await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
        if (!img.complete) await new Promise(done => { img.onload = img.onerror = done; setTimeout(done, 5000); });
        const cell = img.closest('.jp-Cell');
        const box = img.closest('.widget-vbox');
        found.push({cell: cells.findIndex(c => c.node === cell), natural: img.naturalWidth,
                    shown: Math.round(img.getBoundingClientRect().width * 10) / 10,
                    widget: !!img.closest('.jupyter-widgets'),
                    panel: box && box.querySelector('.widget-html') ? box.querySelector('.widget-html').textContent.trim() : ''});
    }
    return found;
}"""


@pytest.fixture(scope="module", params=notebooks(), ids=lambda path: path.stem)
def opened(request, lab, browser):  # noqa: F811 (fixtures from lab.py)
    """A notebook open at 1280×720 with the left sidebar collapsed, every cell run (one per notebook, shared)."""
    notebook = Notebook(lab, browser, request.param)
    try:
        notebook.run_seconds = notebook.open_and_run()
        notebook.assert_outputs_clean()
        yield notebook
    finally:
        notebook.close()


def panel_count(nb: Notebook) -> int:
    return nb.page.evaluate("() => (" + PANELS + ")().length")


def press_and_wait(nb: Notebook, index: int, key: str) -> dict:
    """Press ``key`` (focus is on a slider handle of panel ``index``); wait for a new picture and a new status."""
    before = nb.page.evaluate(PANEL_STATE, index)
    nb.page.keyboard.press(key)
    nb.page.wait_for_function(
        "([i, old]) => { const s = (" + PANEL_STATE + ")(i); return s.src !== old.src && s.status !== old.status; }",
        arg=[index, before],
        timeout=60_000,
    )
    return nb.page.evaluate(PANEL_STATE, index)


def focus_first_handle(nb: Notebook, index: int) -> None:
    handle = nb.page.locator(".jp-NotebookPanel:visible .noUi-handle").nth(
        nb.page.evaluate(
            "(i) => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .noUi-handle')]"
            ".indexOf((" + PANELS + ")()[i].querySelector('.noUi-handle'))",
            index,
        )
    )
    handle.scroll_into_view_if_needed()
    handle.focus()


def test_explorer_picture_matches_its_controls(opened):
    nb = opened
    titles = [nb.page.evaluate(PANEL_STATE, i)["title"] for i in range(panel_count(nb))]
    if "Shift a test digit" not in titles:
        pytest.skip(f"no 'Shift a test digit' explorer in {nb.name}")
    index = titles.index("Shift a test digit")
    first = nb.page.evaluate(PANEL_STATE, index)
    digest = nb.page.evaluate(IMAGE_DIGEST, index)
    focus_first_handle(nb, index)
    moved = press_and_wait(nb, index, "ArrowRight" if first["values"][0] != first["max"] else "ArrowLeft")
    assert moved["values"][0] != first["values"][0]
    back = press_and_wait(nb, index, "ArrowLeft" if first["values"][0] != first["max"] else "ArrowRight")
    assert back["values"] == first["values"]
    assert nb.page.evaluate(IMAGE_DIGEST, index) == digest, (
        "after Run All the explorer showed a picture that its own controls do not draw"
    )
    assert back["status"] == first["status"]
    digit, dy, dx = (int(float(value)) for value in first["values"])
    assert f"digit {digit} " in first["status"] and f"({dy}, {dx})" in first["status"], (
        f"the status {first['status']!r} does not name the sliders' values digit={digit}, dy={dy}, dx={dx}"
    )


def test_slider_panels_move_and_redraw_quickly(opened):
    nb = opened
    count = panel_count(nb)
    if not count:
        pytest.skip(f"no slider panel in {nb.name}")
    records, slow = [], []
    for index in range(count):
        first = nb.page.evaluate(PANEL_STATE, index)
        assert first["src"], f"panel {first['title']!r} has no image"
        assert first["status"].strip(), f"panel {first['title']!r} has no status"
        focus_first_handle(nb, index)
        forward, backward = (
            ("ArrowLeft", "ArrowRight") if first["values"][0] == first["max"] else ("ArrowRight", "ArrowLeft")
        )
        moved = press_and_wait(nb, index, forward)
        assert moved["values"][0] != first["values"][0], f"{first['title']!r}: the slider did not move"
        assert moved["src"] != first["src"] and moved["status"] != first["status"]

        nb.page.evaluate(INSTALL_TIMER, index)
        for press in range(PRESSES):
            press_and_wait(nb, index, backward if press % 2 == 0 else forward)
        latencies = nb.page.evaluate("() => window.__tvlibTimer.changes")
        nb.page.evaluate("() => { window.__tvlibTimer.observer.disconnect(); window.__tvlibTimer = null; }")
        assert len(latencies) == PRESSES, f"{first['title']!r}: {len(latencies)} picture changes for {PRESSES} presses"
        record = {
            "notebook": nb.name,
            "panel": index,
            "title": first["title"],
            "median_ms": round(statistics.median(latencies), 1),
            "max_ms": round(max(latencies), 1),
            "n": len(latencies),
            "latencies_ms": [round(value, 1) for value in latencies],
        }
        records.append(record)
        if record["median_ms"] >= MEDIAN_BOUND_MS:
            slow.append(record)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", first["title"].lower()).strip("-")
        element = nb.page.evaluate_handle("(i) => (" + PANELS + ")()[i]", index).as_element()
        element.screenshot(path=str(SCREENSHOTS / f"{nb.name}-panel{index}-{slug}.png"))
    write_json(SCREENSHOTS / "slider-latency.json", nb.name, records)
    assert not slow, f"median latency >= {MEDIAN_BOUND_MS} ms: {slow}"
    assert nb.errors == [], nb.errors


def test_figures_are_shown_at_their_natural_width(opened):
    nb = opened
    images = nb.page.evaluate(IMAGE_WIDTHS)
    narrow = [
        {"notebook": nb.name, **image}
        for image in images
        if image["natural"] == 0 or not 0.9 * image["natural"] <= image["shown"] <= 1.01 * image["natural"]
    ]
    write_json(
        SCREENSHOTS / "figure-widths.json",
        nb.name,
        {"viewport": "1280x720, left sidebar collapsed", "images": len(images), "too_narrow": narrow, "all": images},
    )
    assert not narrow, (
        f"{len(narrow)} of {len(images)} images shown below 90 % or above 101 % of their natural width: "
        + "; ".join(
            f"cell {i['cell']}{' (' + i['panel'] + ')' if i['panel'] else ''}: {i['shown']:g} px of {i['natural']}"
            for i in narrow
        )
    )
