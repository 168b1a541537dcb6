"""Build the executed notebooks as offline HTML pages (``make html``) and reveal.js slides (``make slides``).

Every notebook is executed (fast mode if ``TVLIB_FAST=1``, else on full data, using the weight cache),
with the widget state stored, then exported so that nothing is loaded from the internet: reveal.js,
require.js, jQuery, MathJax 2 and the Jupyter widget renderer come from ``build/vendor``, installed once
from the npm registry; mermaid (which these notebooks do not use) is pointed at a local stub.

Usage: ``python tools/build_site.py html|slides [--edition student|instructor] [--out build] [notebooks ...]``.
The student edition (``notebooks/``) goes to ``build/html`` or ``build/slides``; the instructor edition
(every exercise solved, ``tools/editions.py``) to ``build/html-instructor`` or ``build/slides-instructor``.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter, SlidesExporter
from nbconvert.preprocessors import ExecutePreprocessor

sys.path.insert(0, str(Path(__file__).resolve().parent))
import editions

ROOT = Path(__file__).resolve().parents[1]
NPM_PACKAGES = ["reveal.js@4", "requirejs@2", "jquery@3", "mathjax@2", "@jupyter-widgets/html-manager@1"]
REMOTE = re.compile(
    r"""<script[^>]*\bsrc\s*=\s*["']?(?:https?:)?//"""  # <script src="https://...">
    r"""|<link[^>]*\bhref\s*=\s*["']?(?:https?:)?//"""  # <link rel="stylesheet" href="//...">
    r"""|@import\s+url\(\s*["']?(?:https?:)?//"""  # CSS @import
    r"""|\bimport\s*\(\s*["'](?:https?:)?//|\bfrom\s+["'](?:https?:)?//"""  # JavaScript module imports
    r"""|Src\s*=\s*["'](?:https?:)?//""",  # script URLs built in JavaScript (the widget renderer)
    re.I,
)


#: reveal.js options for a 1280x720 projector: slides in their own coordinates are the projector's size, so
#: a figure (at most 1000 px wide) is shown at (nearly) its natural width; a small margin around them.
REVEAL = {"width": 1280, "height": 720, "margin": 0.02}
FROZEN_NOTE = "Frozen copy: this slider shows its last state. Open the notebook in JupyterLab to move it."

#: Frozen widgets (HTML pages and slides): a note above each, controls greyed out and not clickable.
FROZEN_CSS = """
.tvlib-frozen-note { display: block; margin: 0.3em 0; padding: 0.25em 0.6em; border-left: 4px solid #b36b00;
  background: #fff4e0; color: #5c3700; font: italic 0.8em/1.35 sans-serif; }
.tvlib-frozen .widget-slider, .tvlib-frozen .jupyter-widget-slider, .tvlib-frozen .widget-inline-hbox,
.tvlib-frozen button, .tvlib-frozen input, .tvlib-frozen select, .tvlib-frozen textarea,
.tvlib-frozen .widget-dropdown, .tvlib-frozen .widget-toggle-buttons, .tvlib-frozen .widget-checkbox {
  opacity: 0.55; filter: grayscale(1); cursor: not-allowed; }
.tvlib-frozen .widget-slider *, .tvlib-frozen .jupyter-widget-slider *, .tvlib-frozen button,
.tvlib-frozen input, .tvlib-frozen select, .tvlib-frozen textarea, .tvlib-frozen .widget-readout {
  pointer-events: none; }
.tvlib-frozen .tvlib-figure { align-self: flex-start; max-width: 100%; height: auto; }
"""

#: Slides only: text at JupyterLab's proportions on a 1280x720 slide (reveal's theme sets 42 px for 960x700
#: slides, which makes every cell two to three times taller than in the live deck); code wraps (a horizontal
#: scroll bar as a last resort) instead of being cut at the slide's edge.
SLIDES_CSS = """
.reveal { --r-main-font-size: 20px; font-size: 20px; }
.reveal h1 { font-size: 36px !important; } .reveal h2 { font-size: 30px !important; }
.reveal .slides .jp-RenderedMarkdown p, .reveal .slides li { font-size: 18px; line-height: 1.4; }
.reveal .slides pre, .reveal .slides code, .reveal .slides .jp-OutputArea pre {
  font-size: 14px !important; line-height: 1.35 !important; }
.reveal .slides pre, .reveal .slides pre code { white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal; }
.reveal .slides pre { overflow-x: auto; max-width: 100%; box-sizing: border-box; }
.reveal .slides .jp-InputArea-editor { overflow-x: auto; }
"""

#: Freeze every widget view once the widget renderer has drawn it (and again whenever it redraws).
FROZEN_JS = """
(function () {
  var NOTE = %(note)s;
  var FOCUSABLE = "input, button, select, textarea, a[href], [tabindex], [contenteditable]";
  function freeze() {
    document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').forEach(function (view) {
      var area = view.parentElement;
      if (!area) return;
      area.classList.add("tvlib-frozen");
      // Chrome lets Tab reach a scrolling box: the view's output area is one when the widget is wider than it.
      if (area.getAttribute("tabindex") !== "-1") area.setAttribute("tabindex", "-1");
      if (!area.querySelector(":scope > .tvlib-frozen-note")) {
        var note = document.createElement("div");
        note.className = "tvlib-frozen-note";
        note.setAttribute("role", "note");
        note.textContent = NOTE;
        area.insertBefore(note, area.firstChild);
      }
      area.querySelectorAll(FOCUSABLE).forEach(function (control) {
        if (control.getAttribute("aria-disabled") !== "true") control.setAttribute("aria-disabled", "true");
        if ("disabled" in control) {  // a form control: disabled, so it takes no focus at all
          if (!control.disabled) control.disabled = true;  // (only changes: each change wakes the observer)
          if (control.getAttribute("tabindex") !== "-1") control.setAttribute("tabindex", "-1");
        } else if (control.matches("a[href]")) {
          if (control.getAttribute("tabindex") !== "-1") control.setAttribute("tabindex", "-1");
        } else {  // a slider handle (a div with a tabindex): without it, not even a script can focus it
          if (control.hasAttribute("tabindex")) control.removeAttribute("tabindex");
          if (control.isContentEditable) control.contentEditable = "false";
        }
        if (document.activeElement === control) control.blur();
      });
    });
  }
  var pending = false;
  function later() {
    if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; freeze(); }); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    freeze();
    new MutationObserver(later).observe(document.body, {childList: true, subtree: true, attributes: true,
                                                        attributeFilter: ["tabindex", "disabled"]});
  });
}());
"""

#: Slides only: reveal options nbconvert's template does not pass (the margin), and ``window.Reveal`` for
#: the console and the browser tests (reveal.js is loaded as a require.js module, so it is not global).
SLIDES_JS = """
require([%(reveal)s], function (Reveal) {
  window.Reveal = Reveal;
  function configure() { Reveal.configure({margin: %(margin)s}); }
  if (Reveal.isReady()) configure(); else Reveal.on("ready", configure);
});
"""


def page_template(kind: str, reveal_url_prefix: str = "") -> str:
    """nbconvert's lab or reveal template, extended with tvlib's CSS (in the head) and JavaScript (at the end)."""
    css, js = FROZEN_CSS, FROZEN_JS % {"note": json.dumps(FROZEN_NOTE)}
    if kind == "slides":
        css += SLIDES_CSS
        js += SLIDES_JS % {"reveal": json.dumps(f"{reveal_url_prefix}/dist/reveal.js"), "margin": REVEAL["margin"]}
    return (
        "{%- extends 'index.html.j2' -%}\n"
        "{%- block html_head_css -%}{{ super() }}\n"
        f'<style type="text/css">{{% raw %}}{css}{{% endraw %}}</style>\n'
        "{%- endblock html_head_css -%}\n"
        "{% block footer_js %}{{ super() }}\n"
        f"<script>{{% raw %}}{js}{{% endraw %}}</script>\n"
        "{% endblock footer_js %}\n"
    )


def vendor(out: Path) -> Path:
    """Install the front-end libraries into ``out/vendor`` (once) and return its ``node_modules``."""
    modules = out / "vendor" / "node_modules"
    if not all((modules / name.rsplit("@", 1)[0]).is_dir() for name in NPM_PACKAGES):
        (out / "vendor").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--prefix", str(out / "vendor"), "--no-audit", "--no-fund", "--silent", *NPM_PACKAGES],
            check=True,
        )
    stub = out / "vendor" / "no-mermaid.mjs"
    stub.write_text(
        "// These notebooks contain no mermaid diagrams; this stub keeps the pages offline.\n"
        "export default { initialize() {}, run() {}, registerLayoutLoaders() {} };\n"
    )
    return modules


def exporter(kind: str, prefix: str) -> HTMLExporter:
    """An HTML or slides exporter whose scripts and styles all point below ``prefix`` (a relative path)."""
    modules = f"{prefix}/node_modules"
    urls = dict(
        require_js_url=f"{modules}/requirejs/require.js",
        jquery_url=f"{modules}/jquery/dist/jquery.min.js",
        mathjax_url=f"{modules}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        widget_renderer_url=f"{modules}/@jupyter-widgets/html-manager/dist/embed-amd.js",
        mermaid_js_url=f"{prefix}/no-mermaid.mjs",
        mermaid_layout_elk_js_url="",
    )
    if kind == "slides":
        reveal = f"{modules}/reveal.js"
        return SlidesExporter(
            reveal_url_prefix=reveal,
            reveal_theme="white",
            reveal_scroll=True,
            reveal_width=str(REVEAL["width"]),
            reveal_height=str(REVEAL["height"]),
            font_awesome_url="",
            raw_template=page_template(kind, reveal),
            **urls,
        )
    return HTMLExporter(raw_template=page_template(kind), **urls)


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


class Executor(ExecutePreprocessor):
    """Runs a notebook keeping its widgets' state, and remembers the widgets closed while it ran."""

    def reset_execution_trackers(self) -> None:
        super().reset_execution_trackers()
        self.closed_widgets: set[str] = set()

    def handle_comm_msg(self, outs: list, msg: dict, cell_index: int) -> None:
        if msg["msg_type"] == "comm_close":
            self.closed_widgets.add(msg["content"]["comm_id"])
        super().handle_comm_msg(outs, msg, cell_index)


def drop_closed_widgets(notebook: nbformat.NotebookNode, closed: set[str]) -> None:
    """Remove the outputs (and stored state) of widgets closed while the notebook ran.

    JupyterLab shows nothing for a closed widget, a finished progress bar of ``tqdm(leave=False)`` say; the
    stored state would bring it back on the static pages, a full bar per model.
    """
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = [
                out for out in cell.outputs if out.get("data", {}).get(WIDGET_VIEW, {}).get("model_id") not in closed
            ]
    state = notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id in closed & set(state):
        del state[model_id]


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    executor = Executor(timeout=3600, kernel_name="python3", store_widget_state=True)
    executor.preprocess(notebook, {"metadata": {"path": str(path.parent)}})
    drop_closed_widgets(notebook, executor.closed_widgets)
    return notebook


def summary(notebook: nbformat.NotebookNode) -> tuple[str, str, list[str]]:
    """Title and time estimate from the first cell; learning objectives from the cell that lists them."""
    text = notebook.cells[0].source
    title = re.search(r"^#\s+(.+)$", text, re.M).group(1)
    time = re.search(r"\*\*Time:\*\*\s*([^·]+)", text)
    listed = next((cell.source for cell in notebook.cells[:4] if "Learning objectives" in cell.source), "")
    objectives = re.findall(r"^\d+\.\s+(.+)$", listed.split("Learning objectives", 1)[-1], re.M)
    return title, " ".join(time.group(1).split()) if time else "", objectives


def inline_markdown(text: str) -> str:
    """Escape ``text`` for HTML, keeping **bold** and *emphasis*; $math$ is left for MathJax."""
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)\*(?!\w)", r"<i>\1</i>", text)


def index_page(entries: list[tuple[str, str, str, list[str]]], kind: str, mathjax: str) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(link)}">{html.escape(title)}</a> <span class="time">{html.escape(time)}</span>'
        f"<ul>{''.join(f'<li>{inline_markdown(o)}</li>' for o in objectives)}</ul></li>"
        for link, title, time, objectives in entries
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Shift Happens: {kind}</title>
<style>body {{ font-family: sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.45; }}
.time {{ color: #666; font-size: 0.9em; }} li {{ margin: 0.4em 0; }}</style>
<script type="text/x-mathjax-config">MathJax.Hub.Config({{tex2jax: {{inlineMath: [["$", "$"]]}}}});</script>
<script src="{html.escape(mathjax)}"></script></head>
<body><h1>Shift Happens: translation equivariance and invariance in CNNs</h1>
<p>The executed notebooks ({kind}). Everything on these pages loads from local files.</p>
<ol>{items}</ol></body></html>
"""


def remote_references(page: str) -> list[str]:
    """Script or style references to another host in an HTML page (what would break offline)."""
    return [page[max(0, m.start() - 40) : m.end() + 60] for m in REMOTE.finditer(page)]


def build(kind: str, out: Path, notebooks: list[Path], edition: str = "student") -> Path:
    vendor(out)
    target = out / (kind if edition == "student" else f"{kind}-instructor")
    if edition == "instructor":  # the key, written from notebooks/ and solutions/ next to the pages
        notebooks = editions.build("instructor", out / "instructor", notebooks)
    target.mkdir(parents=True, exist_ok=True)
    export = exporter(kind, "../vendor")
    entries = []
    for path in notebooks:
        print(f"executing {path.name} ...", flush=True)
        notebook = execute(path)
        body, _ = export.from_notebook_node(notebook)
        name = path.stem + (".slides.html" if kind == "slides" else ".html")
        (target / name).write_text(body, encoding="utf-8")
        entries.append((name, *summary(notebook)))
        problems = remote_references(body)
        if problems:
            raise SystemExit(f"{name} references remote scripts or styles: {problems[:3]}")
    (target / "index.html").write_text(index_page(entries, kind, export.mathjax_url), encoding="utf-8")
    print(f"wrote {len(entries)} pages and an index to {target}/index.html")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["html", "slides"])
    parser.add_argument("--edition", choices=["student", "instructor"], default="student")
    parser.add_argument("--out", type=Path, default=ROOT / "build")
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    notebooks = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    build(args.kind, args.out.resolve(), notebooks, args.edition)


if __name__ == "__main__":
    sys.exit(main())
