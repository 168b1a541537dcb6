"""Shared set-up for the JupyterLab browser tests: a server, a headless Chromium, and notebook helpers.

Not a conftest: each test module imports the fixtures it uses (``from tests.browser.lab import lab, browser``),
so ``pytest tests/browser`` and ``pytest tests/browser/test_slides.py`` work alike. Importing this module skips
the importing test module when Playwright or Chromium is missing, unless ``TVLIB_BROWSER_TESTS=1`` makes the
browser tests mandatory (as ``.ci/run`` does), in which case the fixtures fail instead.

The server runs on a free loopback port with its config, data, runtime, settings and workspaces in a temp
folder, on *copies* of every ``notebooks/*.ipynb`` (autosave touches nothing in the repository), and exposes
the application object as ``window.jupyterapp`` so that tests can run commands (``deck:start``...) and read
the notebook model (active cell, cell sources) instead of guessing from the DOM.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = os.environ.get("TVLIB_BROWSER_TESTS", "") == "1"
SCREENSHOTS = ROOT / "build" / "screenshots"
TOKEN = "tvlib-browser-test"
#: What an instructor presents on: a 720p projector.
VIEWPORT = {"width": 1280, "height": 720}

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


def notebooks() -> list[Path]:
    """The course's notebooks, in order."""
    return sorted((ROOT / "notebooks").glob("0*.ipynb"))


def slider_notebooks() -> list[Path]:
    """Notebooks with a slider panel (a code cell tagged nbval-ignore-output that builds widgets)."""
    found = []
    for path in notebooks():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if any("nbval-ignore-output" in cell.get("metadata", {}).get("tags", []) for cell in cells):
            found.append(path)
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_json(path: Path, key: str, value: object) -> None:
    """Set ``key`` in the JSON object stored at ``path`` (other keys, from other notebooks, are kept)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data[key] = value
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@contextlib.contextmanager
def lab_server(paths: list[Path], windowing: bool = True) -> Iterator[str]:
    """A JupyterLab server's URL: free loopback port, temp config/data/runtime/settings, copies of ``paths``.

    ``windowing=False`` renders every cell (no virtual scrolling), so that all of them can be measured.
    """
    with tempfile.TemporaryDirectory(prefix="tvlib-lab-") as temp:
        base = Path(temp)
        folders = {name: base / name for name in ("config", "data", "runtime", "root", "settings", "workspaces")}
        for folder in folders.values():
            folder.mkdir()
        # No news or update checks: they would reach for the network and cover the page with a notification.
        settings = {
            ("apputils-extension", "notification"): {"fetchNews": "false", "checkForUpdates": False},
            ("notebook-extension", "tracker"): {} if windowing else {"windowingMode": "none"},
        }
        for (extension, plugin), values in settings.items():
            target = folders["settings"] / "@jupyterlab" / extension / f"{plugin}.jupyterlab-settings"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(values))
        for notebook in paths:  # copies, so that autosave touches nothing in the repository
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
            "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: commands and models for the tests
        ]
        with open(base / "server.log", "w") as log:
            server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
            url = f"http://127.0.0.1:{port}"
            try:
                for _ in range(120):
                    try:
                        urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                        break
                    except OSError:
                        if server.poll() is not None:
                            raise RuntimeError(
                                f"JupyterLab exited: {(base / 'server.log').read_text()[-2000:]}"
                            ) from None
                        time.sleep(0.5)
                else:
                    raise RuntimeError("JupyterLab did not answer within 60 s")
                yield url
            finally:
                server.terminate()
                server.wait(timeout=30)


@pytest.fixture(scope="module")
def lab():
    """A JupyterLab server on copies of every notebook (:func:`lab_server`)."""
    if sync_playwright is None or not CHROMIUM.exists():
        pytest.fail(f"TVLIB_BROWSER_TESTS=1 but Playwright or Chromium ({CHROMIUM}) is missing", pytrace=False)
    with lab_server(notebooks()) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


#: The notebook in the main area has a kernel that is idle, and every code cell has run (has a count).
ALL_CELLS_RAN = """() => {
    const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.content || !panel.sessionContext) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== 'idle') return false;
    const code = panel.content.widgets.filter(cell => cell.model.type === 'code');
    const prompts = [...panel.node.querySelectorAll('.jp-InputPrompt')].map(e => e.textContent);
    return code.length > 0 && code.every(cell => cell.model.executionCount !== null)
        && !prompts.some(p => p.includes('*'));
}"""


class Notebook:
    """A notebook open in its own browser page, every cell run; ``errors`` collects the page's JS errors."""

    def __init__(self, lab: str, browser, path: Path, viewport: dict | None = None):
        self.lab, self.path, self.name = lab, path, path.stem
        self.page = browser.new_page(viewport=viewport or VIEWPORT)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open_and_run(self, timeout_ms: int = 900_000) -> float:
        """Open the notebook (workspace reset), collapse the left sidebar, Run All; return the seconds it took."""
        page = self.page
        page.goto(f"{self.lab}/lab/tree/{self.path.name}?reset&token={TOKEN}")  # reset: no tabs from earlier tests
        page.wait_for_function(
            """() => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                       return !!(p && p.sessionContext && p.sessionContext.session
                                 && p.sessionContext.session.kernel
                                 && p.sessionContext.session.kernel.status === 'idle'); }""",
            timeout=120_000,
        )
        self.collapse_left()
        start = time.monotonic()
        self.command("notebook:run-all-cells")
        page.wait_for_function(ALL_CELLS_RAN, timeout=timeout_ms, polling=500)
        page.wait_for_timeout(500)  # widget views render just after the kernel's last message
        return time.monotonic() - start

    def collapse_left(self) -> None:
        """Collapse the left sidebar, as an instructor presenting would (the command application:toggle-left-area)."""
        self.page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
        self.page.wait_for_function(
            "() => !document.querySelector('#jp-left-stack') || document.querySelector('#jp-left-stack').offsetWidth === 0"
        )

    def command(self, name: str, args: dict | None = None) -> object:
        return self.page.evaluate(
            "([name, args]) => window.jupyterapp.commands.execute(name, args)", [name, args or {}]
        )

    @property
    def document(self):
        return self.page.locator(".jp-NotebookPanel:visible")

    def assert_outputs_clean(self) -> None:
        document = self.document
        assert document.count() == 1
        assert document.locator("text=Error displaying widget").count() == 0, "a widget failed to render"
        assert document.locator("text=Loading widget").count() == 0, "a widget never rendered"
        assert document.locator(".jp-OutputArea-output >> text=Traceback").count() == 0, "a cell raised"

    def close(self) -> None:
        """Close the page and shut down its kernel (the next notebook gets the CPU)."""
        try:
            self.page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.shutdown()")
        except Exception:
            pass
        self.page.close()
