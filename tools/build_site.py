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
        return SlidesExporter(
            reveal_url_prefix=f"{modules}/reveal.js",
            reveal_theme="white",
            reveal_scroll=True,
            font_awesome_url="",
            **urls,
        )
    return HTMLExporter(**urls)


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    ExecutePreprocessor(timeout=3600, kernel_name="python3", store_widget_state=True).preprocess(
        notebook, {"metadata": {"path": str(path.parent)}}
    )
    return notebook


def summary(notebook: nbformat.NotebookNode) -> tuple[str, str, list[str]]:
    """Title, time estimate and learning objectives, read from the first markdown cell."""
    text = notebook.cells[0].source
    title = re.search(r"^#\s+(.+)$", text, re.M).group(1)
    time = re.search(r"\*\*Time:\*\*\s*([^·]+)", text)
    objectives = re.findall(r"^\d+\.\s+(.+)$", text.split("Learning objectives", 1)[-1], re.M)
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
