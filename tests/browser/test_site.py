"""``make html`` / ``make slides``: executed pages that load nothing from the internet."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socketserver
import sys
import threading
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

NOTEBOOK = ROOT / "notebooks" / "02_pooling_invariance.ipynb"  # has math, figures and two slider panels


def test_remote_references_are_detected():
    assert build_site.remote_references('<script src="https://cdn.example/x.js"></script>')
    assert build_site.remote_references('<link rel="stylesheet" href="//fonts.example/a.css">')
    assert build_site.remote_references("<style>@import url('https://fonts.example/a.css');</style>")
    assert build_site.remote_references('const m = (await import("https://cdn.example/m.mjs")).default;')
    assert not build_site.remote_references('<script src="../vendor/node_modules/requirejs/require.js"></script>')
    assert not build_site.remote_references('<a href="https://github.com/">a link is not a script</a>')


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

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site[kind].parent))
    handler.log_message = lambda *args: None
    with socketserver.TCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        local = f"http://127.0.0.1:{server.server_address[1]}"
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
            (ROOT / "build" / "screenshots").mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(ROOT / "build" / "screenshots" / f"offline-{kind}.png"))
            browser.close()
        server.shutdown()
    assert remote == [] and errors == []


def test_default_nbconvert_export_would_be_flagged():
    """Without tvlib's local URLs, nbconvert loads require.js, MathJax and more from CDNs: the check must see it."""
    import nbformat
    from nbconvert import HTMLExporter, SlidesExporter

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for exporter in (HTMLExporter(), SlidesExporter()):
        assert len(build_site.remote_references(exporter.from_notebook_node(notebook)[0])) >= 2
