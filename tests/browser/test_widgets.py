"""Every slider notebook in a real browser: JupyterLab + headless Chromium (Debian's) driven by Playwright.

For each notebook with a slider panel: open it in JupyterLab, wait for the kernel, Run All Cells, check
that the widgets rendered (no "Error displaying widget" / "Loading widget", no page errors), move the
first slider of the first panel with the keyboard, and assert that what it drives changed: the status
line that the callback sets last, and the figure's image source. A screenshot per notebook goes to
``build/screenshots/``.

Needs ``/usr/bin/chromium`` (``apt-get install chromium``; Playwright's own browser download does not
work offline). Without it these tests are skipped, unless ``TVLIB_BROWSER_TESTS=1`` makes them
mandatory (as ``.ci/run`` does), in which case a missing browser is an error.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("TVLIB_BROWSER_TESTS", "") == "1"
SCREENSHOTS = ROOT / "build" / "screenshots"
TOKEN = "tvlib-browser-test"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - playwright is in requirements.txt
    sync_playwright = None

if not REQUIRED and (sync_playwright is None or not CHROMIUM.exists()):
    pytest.skip(
        f"browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium), "
        "or set TVLIB_BROWSER_TESTS=1 to require them",
        allow_module_level=True,
    )


def slider_notebooks() -> list[Path]:
    """Notebooks with a slider panel (a code cell tagged nbval-ignore-output that builds widgets)."""
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if any("nbval-ignore-output" in cell.get("metadata", {}).get("tags", []) for cell in cells):
            found.append(path)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a free loopback port; config, data, runtime, settings in a temp folder."""
    if sync_playwright is None or not CHROMIUM.exists():
        pytest.fail(f"TVLIB_BROWSER_TESTS=1 but Playwright or Chromium ({CHROMIUM}) is missing", pytrace=False)
    base = tmp_path_factory.mktemp("lab")
    folders = {name: base / name for name in ("config", "data", "runtime", "root", "settings", "workspaces")}
    for folder in folders.values():
        folder.mkdir()
    # No news or update checks: they would reach for the network and cover the page with a notification.
    notification = folders["settings"] / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    for notebook in slider_notebooks():  # copies, so that autosave touches nothing in the repository
        shutil.copy(notebook, folders["root"] / notebook.name)
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(folders["config"]),
        "JUPYTER_DATA_DIR": str(folders["data"]),
        "JUPYTER_RUNTIME_DIR": str(folders["runtime"]),
        "TVLIB_FAST": os.environ.get("TVLIB_FAST", "1"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={folders['root']}",
        f"--LabApp.user_settings_dir={folders['settings']}",
        f"--LabApp.workspaces_dir={folders['workspaces']}",
    ]
    log = open(base / "server.log", "w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(f"JupyterLab exited: {(base / 'server.log').read_text()[-2000:]}", pytrace=False)
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s", pytrace=False)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


ALL_CELLS_RAN = """() => {
    const prompts = [...document.querySelectorAll('.jp-InputPrompt')].map(e => e.innerText);
    return prompts.length > 0 && !prompts.some(p => p.includes('*'))
        && prompts.filter(p => /\\[\\d+\\]/.test(p)).length >= 3 && document.body.innerText.includes('| Idle');
}"""


@pytest.mark.parametrize("notebook", slider_notebooks(), ids=lambda path: path.stem)
def test_slider_moves_and_its_figure_changes(lab, browser, notebook):
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{lab}/lab/tree/{notebook.name}?reset&token={TOKEN}")  # reset: no tabs from earlier tests
        page.wait_for_function("() => document.body.innerText.includes('| Idle')", timeout=120_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        page.wait_for_function(ALL_CELLS_RAN, timeout=900_000, polling=1000)

        document = page.locator(".jp-NotebookPanel:visible")
        assert document.count() == 1
        assert document.locator("text=Error displaying widget").count() == 0
        assert document.locator("text=Loading widget").count() == 0
        assert document.locator(".jp-OutputArea-output >> text=Traceback").count() == 0
        panel = document.locator(".widget-vbox", has=page.locator(".tvlib-status")).first
        panel.scroll_into_view_if_needed()
        status = panel.locator(".tvlib-status").first
        image = panel.locator("img").first
        page.wait_for_function("(el) => el.innerText.trim().length > 0", arg=status.element_handle(), timeout=60_000)
        status_before, source_before = status.inner_text(), image.get_attribute("src")
        assert source_before, "the slider's figure has no image"

        panel.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([el, old]) => el.innerText !== old", arg=[status.element_handle(), status_before], timeout=60_000
        )
        # The figure's <img> may be replaced rather than updated: look it up afresh inside the panel each time.
        page.wait_for_function(
            "([panel, old]) => { const img = panel.querySelector('img'); return !!img && img.getAttribute('src') !== old; }",
            arg=[panel.element_handle(), source_before],
            timeout=60_000,
        )
        assert status.inner_text() != status_before
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        panel.screenshot(path=str(SCREENSHOTS / f"{notebook.stem}.png"))
        assert errors == [], errors
    finally:
        page.close()
