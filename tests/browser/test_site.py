"""``make html`` / ``make slides``: executed pages that load nothing from the internet."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import socketserver
import sys
import threading
from pathlib import Path

import nbformat
import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "02_pooling_invariance.ipynb"  # has math, figures and two slider panels
SCREENSHOTS = ROOT / "build" / "screenshots"
PROJECTOR = {"width": 1280, "height": 720}  # the viewport, and reveal's slide size in its own coordinates
VIEWS = 'script[type="application/vnd.jupyter.widget-view+json"]'

#: In a page whose widgets are drawn: every widget view's frozen note and the controls that can still get focus.
FROZEN_STATE = """(root) => {
  const FOCUSABLE = "input, button, select, textarea, a[href], [tabindex], [contenteditable]";
  return [...(root || document).querySelectorAll('VIEWS')].map(view => {
    const area = view.parentElement, note = area.querySelector(".tvlib-frozen-note");
    return {
      note: note ? note.innerText : null,
      noteVisible: !!note && note.offsetHeight > 0 && getComputedStyle(note).visibility === "visible",
      controls: area.querySelectorAll(".widget-slider, .jupyter-widget-slider, input, .noUi-handle").length,
      focusable: [area, ...area.querySelectorAll(FOCUSABLE)]
        .filter(e => e.tabIndex >= 0 && !e.disabled && e.getAttribute("aria-hidden") !== "true")
        .map(e => e.outerHTML.slice(0, 100)),
    };
  });
}""".replace("VIEWS", VIEWS)

#: Wait until the widget renderer has drawn every view and tvlib's script has frozen them.
WIDGETS_DRAWN = """() => {
  const views = [...document.querySelectorAll('VIEWS')];
  return views.length > 0 && views.every(view => {
    const sub = view.parentElement.querySelector(".widget-subarea");
    return sub && sub.children.length > 0 && view.parentElement.querySelector(".tvlib-frozen-note");
  });
}""".replace("VIEWS", VIEWS)

#: Walk every slide (reveal's own order), show it and measure it in slide coordinates (reveal scales the whole
#: 1280x720 slide with a CSS transform, which scrollHeight and offsetWidth ignore; getBoundingClientRect
#: does not, so ``shown`` is a figure's width on the screen).
MEASURE_SLIDES = """async (frozenState) => {
  const R = window.Reveal;
  R.configure({transition: "none", backgroundTransition: "none"});
  const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const mathjax = () => new Promise(done => (window.MathJax && MathJax.Hub) ? MathJax.Hub.Queue(done) : done());
  const state = eval(frozenState);
  const slides = [];
  for (const [index, section] of R.getSlides().entries()) {
    const {h, v} = R.getIndices(section);
    R.slide(h, v);
    await frame();
    await mathjax();
    await Promise.all([...section.querySelectorAll("img")].map(img => img.decode().catch(() => null)));
    await frame();
    const edge = R.getSlidesElement().getBoundingClientRect().right;
    const lines = section.innerText.split("\\n").map(line => line.trim()).filter(Boolean);
    slides.push({
      index, h, v,
      first_line: (lines[0] || "").slice(0, 100),
      height: section.scrollHeight,
      cells: [...section.querySelectorAll('[id^="cell-id="]')].map(cell => cell.id.slice("cell-id=".length)),
      pres: [...section.querySelectorAll("pre")].filter(pre => pre.offsetParent !== null).map(pre => {
        const style = getComputedStyle(pre);
        return {first_line: pre.innerText.split("\\n")[0].slice(0, 80), scrollWidth: pre.scrollWidth,
                clientWidth: pre.clientWidth, overflowX: style.overflowX, whiteSpace: style.whiteSpace,
                beyondSlide: pre.getBoundingClientRect().right > edge + 1};
      }),
      images: [...section.querySelectorAll("img")].filter(img => img.naturalWidth > 0).map(img => ({
        natural: img.naturalWidth, layout: img.offsetWidth,
        shown: Math.round(img.getBoundingClientRect().width * 10) / 10,
        figure: img.className.includes("tvlib-figure") ? "slider" : "static"})),
      views: state(section),
    });
  }
  R.slide(0, 0);
  const config = R.getConfig();
  return {reveal: {width: config.width, height: config.height, margin: config.margin}, scale: R.getScale(), slides};
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no line per request in the test output
        pass


@contextlib.contextmanager
def served(directory: Path):
    """A local HTTP server for ``directory``: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


def clipped(pre: dict) -> bool:
    """A code block whose long lines are cut: wider than its box, neither scrolling nor wrapping (or off the slide)."""
    fits = pre["scrollWidth"] <= pre["clientWidth"] + 1
    scrolls = pre["overflowX"] in ("auto", "scroll")
    wraps = pre["whiteSpace"] in ("pre-wrap", "break-spaces")
    return pre["beyondSlide"] or not (fits or scrolls or wraps)


def measure_slides(slides_dir: Path, page: str) -> dict:
    """Open ``slides_dir/page`` at the projector's size in Chromium and measure every slide (MEASURE_SLIDES).

    Also clicks the first slider, presses ArrowRight (which must change slide, the slider being frozen) and
    presses Tab a few times (which must never reach a frozen control).
    """
    from playwright.sync_api import sync_playwright

    with served(slides_dir.parent) as local, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport=PROJECTOR)
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local) else route.abort())
        tab.goto(f"{local}/{slides_dir.name}/{page}")
        tab.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        if tab.locator(VIEWS).count():
            tab.wait_for_function(WIDGETS_DRAWN, timeout=30_000)
        result = tab.evaluate(MEASURE_SLIDES, FROZEN_STATE)
        result.update(viewport=PROJECTOR, errors=errors, arrow_right=None, tab_reached=[])
        with_slider = [s for s in result["slides"] if any(view["controls"] for view in s["views"])]
        if with_slider:
            first = with_slider[0]
            tab.evaluate("([h, v]) => Reveal.slide(h, v)", [first["h"], first["v"]])
            tab.wait_for_timeout(200)
            handle = tab.locator("section.present .noUi-handle, section.present .widget-slider").first
            box = handle.bounding_box()
            if box and box["y"] + box["height"] <= PROJECTOR["height"]:  # on the screen: click it, as a presenter would
                tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            handle.evaluate("handle => handle.focus()")  # even a script cannot give it the focus
            focused = handle.evaluate("handle => document.activeElement === handle")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(SCREENSHOTS / f"static-slides-{page.split('.')[0]}-frozen.png"))
            tab.keyboard.press("ArrowRight")
            tab.wait_for_timeout(200)
            after = tab.evaluate("() => Reveal.getIndices()")
            result["arrow_right"] = {
                "from": [first["h"], first["v"]],
                "to": [after["h"], after["v"]],
                "focused": focused,
            }
            tab.evaluate("([h, v]) => Reveal.slide(h, v)", [first["h"], first["v"]])
            for _ in range(25):
                tab.keyboard.press("Tab")
                inside = tab.evaluate("() => !!document.activeElement.closest('.tvlib-frozen')")
                if inside:
                    result["tab_reached"].append(tab.evaluate("() => document.activeElement.outerHTML.slice(0, 100)"))
        browser.close()
    return result


def record(notebook: str, result: dict) -> Path:
    """Every slide's height (and figure widths) for the notebook's authors: build/screenshots/static-slides-*.json."""
    limit = result["reveal"]["height"]
    slides = [
        {
            "index": s["index"],
            "h": s["h"],
            "v": s["v"],
            "first_line": s["first_line"],
            "height": s["height"],
            "too_tall": s["height"] > limit,
            "figures": [{k: image[k] for k in ("natural", "shown", "figure")} for image in s["images"]],
        }
        for s in result["slides"]
    ]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"static-slides-{notebook}.json"
    summary = {k: result[k] for k in ("viewport", "reveal", "scale")}
    summary.update(notebook=notebook, max_height=limit, too_tall=[s["index"] for s in slides if s["too_tall"]])
    path.write_text(json.dumps({**summary, "slides": slides}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_remote_references_are_detected():
    assert build_site.remote_references('<script src="https://cdn.example/x.js"></script>')
    assert build_site.remote_references('<link rel="stylesheet" href="//fonts.example/a.css">')
    assert build_site.remote_references("<style>@import url('https://fonts.example/a.css');</style>")
    assert build_site.remote_references('const m = (await import("https://cdn.example/m.mjs")).default;')
    assert not build_site.remote_references('<script src="../vendor/node_modules/requirejs/require.js"></script>')
    assert not build_site.remote_references('<a href="https://github.com/">a link is not a script</a>')


def test_closed_widgets_leave_no_output(tmp_path):
    """A finished progress bar that JupyterLab removes (leave=False) is not brought back on the static pages."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("from tqdm.auto import tqdm\nfor _ in tqdm(range(3), leave=False):\n    pass"),
        nbformat.v4.new_code_cell("for _ in tqdm(range(3)):  # leave=True: the finished bar stays\n    pass"),
    ]
    path = tmp_path / "bars.ipynb"
    nbformat.write(notebook, path)
    executed = build_site.execute(path)
    shown = [[out for out in cell.outputs if build_site.WIDGET_VIEW in out.get("data", {})] for cell in executed.cells]
    assert [len(views) for views in shown] == [0, 1], shown
    state = executed.metadata["widgets"][build_site.WIDGET_STATE]["state"]
    assert shown[1][0]["data"][build_site.WIDGET_VIEW]["model_id"] in state


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    if shutil.which("npm") is None:
        pytest.skip("npm not found: make html/slides need it once to fetch reveal.js, MathJax and the widget renderer")
    os.environ.setdefault("TVLIB_FAST", "1")
    out = tmp_path_factory.mktemp("site")
    build_site.vendor(ROOT / "build")  # installed once, shared with make html/slides
    (out / "vendor").symlink_to(ROOT / "build" / "vendor")
    return {kind: build_site.build(kind, out, [NOTEBOOK]) for kind in ("html", "slides")}


@pytest.mark.parametrize(
    "kind, page", [("html", "02_pooling_invariance.html"), ("slides", "02_pooling_invariance.slides.html")]
)
def test_pages_reference_no_remote_scripts_or_styles(site, kind, page):
    body = (site[kind] / page).read_text(encoding="utf-8")
    assert build_site.remote_references(body) == []
    assert "application/vnd.jupyter.widget-state+json" in body  # the sliders' state is embedded
    index = (site[kind] / "index.html").read_text(encoding="utf-8")
    assert page in index and "02 · Pooling gives local, approximate invariance" in index and "45 minutes" in index
    assert "predict where a single bright pixel lands" in index  # objectives listed


def test_make_html_builds_either_edition(site):
    student = (site["html"] / "02_pooling_invariance.html").read_text(encoding="utf-8")
    assert "Not done yet" in student and "Correct:" not in student  # the exercises' checks, unanswered
    key = build_site.build("html", site["html"].parent, [NOTEBOOK], edition="instructor")
    assert key.name == "html-instructor"
    solved = (key / "02_pooling_invariance.html").read_text(encoding="utf-8")
    assert "Correct:" in solved and "Not done yet" not in solved and "NotImplementedError" not in solved
    assert build_site.remote_references(solved) == []


@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}")
@pytest.mark.parametrize(
    "kind, page", [("html", "02_pooling_invariance.html"), ("slides", "02_pooling_invariance.slides.html")]
)
def test_pages_render_with_the_network_off(site, kind, page):
    from playwright.sync_api import sync_playwright

    with served(site[kind].parent) as local:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            tab = browser.new_page()
            remote, errors = [], []
            tab.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(local)
                    else (remote.append(route.request.url), route.abort())
                ),
            )
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.goto(f"{local}/{kind}/{page}")
            tab.wait_for_selector(".widget-slider", state="attached", timeout=30_000)  # rendered from local files
            tab.wait_for_selector(".MathJax_CHTML, .MathJax", state="attached", timeout=30_000)
            tab.wait_for_function(WIDGETS_DRAWN, timeout=30_000)
            frozen = tab.evaluate(FROZEN_STATE)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(SCREENSHOTS / f"offline-{kind}.png"))
            if kind == "html":  # what a frozen slider looks like
                tab.locator(".tvlib-frozen").first.screenshot(path=str(SCREENSHOTS / "offline-html-frozen.png"))
            browser.close()
    assert remote == [] and errors == []
    if kind == "html":  # on slides, a note is visible only on its own slide: see test_static_slides_*
        assert frozen and all(view["noteVisible"] for view in frozen), frozen
    assert all(view["note"] == build_site.FROZEN_NOTE for view in frozen), frozen
    assert all(view["focusable"] == [] for view in frozen), frozen


@pytest.fixture(scope="module")
def static_slides(site):
    """02's slides at the projector's size, every slide measured; the heights recorded for the notebooks' authors."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    result = measure_slides(site["slides"], f"{NOTEBOOK.stem}.slides.html")
    record(NOTEBOOK.stem, result)
    return result


def test_static_slides_use_the_projector_size(static_slides):
    assert static_slides["errors"] == []
    assert static_slides["reveal"] == {**PROJECTOR, "margin": build_site.REVEAL["margin"]}
    assert 0.95 <= static_slides["scale"] <= 1.0  # the 1280x720 slide fills the 1280x720 screen, bar the margin
    assert len(static_slides["slides"]) >= 10


def test_static_slides_never_cut_code(static_slides):
    blocks = [(s["index"], pre) for s in static_slides["slides"] for pre in s["pres"]]
    assert len(blocks) >= 10  # the code cells and printed outputs were measured
    assert [(index, pre) for index, pre in blocks if clipped(pre)] == []


def test_static_slides_show_figures_at_natural_width(static_slides):
    images = [(s["index"], image) for s in static_slides["slides"] for image in s["images"]]
    assert {image["figure"] for _, image in images} == {"static", "slider"}
    assert [(index, image) for index, image in images if image["shown"] < 0.9 * image["natural"]] == []


def test_static_slides_say_sliders_are_frozen(static_slides):
    views = [view for s in static_slides["slides"] for view in s["views"]]
    assert len(views) >= 2 and all(view["controls"] for view in views)
    assert all(view["noteVisible"] and view["note"] == build_site.FROZEN_NOTE for view in views), views
    assert all(view["focusable"] == [] for view in views), views
    moved = static_slides["arrow_right"]
    assert moved and not moved["focused"] and moved["to"] != moved["from"]  # ArrowRight on a slider changes slide
    assert static_slides["tab_reached"] == []


def test_static_slides_fit_the_projector(static_slides):
    """No slide is taller than the 720 px of a slide (in slide coordinates: the notebooks must split long slides)."""
    import nbformat
    from fit_slides import TOO_TALL

    limit = static_slides["reveal"]["height"]
    flagged = {cell.id for cell in nbformat.read(NOTEBOOK, as_version=4).cells if cell.metadata.get(TOO_TALL)}
    # One cell flagged by tools/fit_slides.py as taller than a slide on its own is a recorded debt, accepted alone.
    too_tall = [
        (s["index"], s["first_line"], s["height"])
        for s in static_slides["slides"]
        if s["height"] > limit and not (len(s["cells"]) == 1 and s["cells"][0] in flagged)
    ]
    assert too_tall == [], f"slides taller than {limit} px (see build/screenshots/static-slides-*.json)"


def test_default_nbconvert_export_would_be_flagged():
    """Without tvlib's local URLs, nbconvert loads require.js, MathJax and more from CDNs: the check must see it."""
    import nbformat
    from nbconvert import HTMLExporter, SlidesExporter

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for exporter in (HTMLExporter(), SlidesExporter()):
        assert len(build_site.remote_references(exporter.from_notebook_node(notebook)[0])) >= 2
