"""Export the executed notebooks to reveal.js slide decks that work offline.

nbconvert's SlidesExporter loads reveal.js, require.js, jQuery, MathJax and mermaid
from CDNs by default. Here every script, style sheet and font comes from a local
copy under ``<out_dir>/_static/``, taken from installed PyPI packages:

- reveal.js 5 from ``sphinx-revealjs`` (``sphinx_revealjs/_static/revealjs``),
- require.js, jQuery and MathJax 2 from ``nbclassic`` (``nbclassic/static/components``).

mermaid is not shipped by any of them and no notebook uses it, so its loader is left out.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

from vaelib.course.notebooks import StaticWidgetPictures
from vaelib.course.project import NOTEBOOKS_DIR, PROJECT_ROOT
from vaelib.errors import VaelibError
from vaelib.fileio import atomic_write, write_text

if TYPE_CHECKING:
    from nbconvert import SlidesExporter

SLIDES_DIR = PROJECT_ROOT / "slides"
STATIC_DIR_NAME = "_static"
DECK_SUFFIX = ".slides.html"
INDEX_NAME = "index.html"
REVEAL_THEME = "white"
"""A reveal.js theme whose fonts are local (``simple``, nbconvert's default, imports Google Fonts)."""
STAGE_WIDTH, STAGE_HEIGHT = 1280, 720
"""Size of the reveal.js stage in CSS pixels (a 16:9 projector at 720p); reveal.js scales it to the
window. Every slide's content must fit in it (tests/test_slides.py measures each slide)."""


class SlidesError(VaelibError):
    """Slides could not be built (missing notebook or asset, or a remote URL in the output)."""


@dataclass(frozen=True)
class Asset:
    """A folder copied from an installed package into ``_static/<name>``."""

    name: str
    package: str
    folder: str
    """Path of the folder inside the package."""
    ignore: tuple[str, ...] = ()
    """Glob patterns of files and folders not copied."""


ASSETS = (
    Asset("reveal.js", "sphinx_revealjs", "_static/revealjs", ignore=("*.map", "css", "*.esm.js")),
    Asset("requirejs", "nbclassic", "static/components/requirejs", ignore=("*.json", "*.md")),
    Asset("jquery", "nbclassic", "static/components/jquery/dist"),
    Asset("mathjax", "nbclassic", "static/components/MathJax", ignore=("*.md", "*.json")),
)

# URLs relative to a deck in out_dir.
REVEAL_URL_PREFIX = f"{STATIC_DIR_NAME}/reveal.js"
REQUIRE_JS_URL = f"{STATIC_DIR_NAME}/requirejs/require.js"
JQUERY_URL = f"{STATIC_DIR_NAME}/jquery/jquery.min.js"
MATHJAX_URL = f"{STATIC_DIR_NAME}/mathjax/MathJax.js"

MATHJAX_CONFIG = {
    # Named jax and extensions instead of a combined config file: the combined
    # TeX-AMS-MML_HTMLorMML file also brings the NativeMML styles, whose TeX web
    # fonts are not in the nbclassic wheel (a 404 for each).
    "jax": ["input/TeX", "output/HTML-CSS"],
    "extensions": ["tex2jax.js", "MathMenu.js", "MathZoom.js", "Safe.js"],
    "TeX": {
        "extensions": ["AMSmath.js", "AMSsymbols.js", "noErrors.js", "noUndefined.js"],
        "equationNumbers": {"autoNumber": "AMS", "useLabelIds": True},
    },
    # nbconvert's settings. Its own text/x-mathjax-config block comes after MathJax.js,
    # which MathJax only reads when it starts late (a CDN load); a local load starts
    # at once, so without these $...$ would stay raw text.
    "tex2jax": {
        "inlineMath": [["$", "$"], ["\\(", "\\)"]],
        "displayMath": [["$$", "$$"], ["\\[", "\\]"]],
        "processEscapes": True,
        "processEnvironments": True,
    },
    "displayAlign": "center",
    "messageStyle": "none",
    # nbclassic's setting: the STIX-Web fonts it ships, no image fonts.
    "HTML-CSS": {
        "availableFonts": [],
        "preferredFont": None,
        "webFont": "STIX-Web",
        "imageFont": None,
        "linebreaks": {"automatic": True},
        # MathJax_Blank is a deliberately empty font loaded from about:blank, which
        # Chromium reports as a failed load; local() gives the same empty font quietly.
        "styles": {"@font-face": {"src": "local('MathJax_Blank')"}},
    },
}
"""MathJax 2 configuration, read from ``window.MathJax`` when MathJax.js loads."""

# nbconvert's reveal template with three blocks changed: no mermaid loader (it is
# imported from a CDN unconditionally and no notebook uses it), MathJax configured
# before it loads, and in the head an empty favicon (so that the browser does not ask
# for /favicon.ico) and a style: headings keep the notebook's letter case (the theme's
# capitals turn β into Β and γ into Γ), and a figure gets 4 px above and below instead
# of reveal.js's 20 px, room that a figure slide needs on the 720-pixel stage.
OFFLINE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script>window.MathJax = MATHJAX_CONFIG;</script>
{{ super() }}
{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<link rel="icon" href="data:,">
<style>
.reveal .slides h1, .reveal .slides h2, .reveal .slides h3, .reveal .slides h4 { text-transform: none; }
.reveal .jp-RenderedImage img { margin: 4px 0; }
</style>
{%- endblock html_head_css -%}
""".replace("MATHJAX_CONFIG", json.dumps(MATHJAX_CONFIG))


def export_slides(
    names: Sequence[str] | None = None,
    out_dir: Path = SLIDES_DIR,
    notebooks_dir: Path = NOTEBOOKS_DIR,
) -> list[Path]:
    """Write one offline reveal.js deck per executed notebook and an index; return their paths.

    names: notebooks to export ("01_veri" or "01_veri.ipynb"); None exports every
    executed ``*.ipynb`` in ``notebooks_dir`` and skips, with a printed note, those
    never executed. A named notebook that was never executed raises SlidesError.
    Decks are ``<out_dir>/<name>.slides.html``; the index links every deck in
    ``out_dir`` whose notebook still exists. The returned list ends with the index.
    """
    from vaelib.course.notebooks import notebook_paths

    paths = notebook_paths(names, notebooks_dir)
    executed = [path for path in paths if _is_executed(path)]
    for path in paths:
        if path not in executed:
            if names is not None:
                raise SlidesError(f"{path.name} has no outputs: run `python -m vaelib report {path.stem}` first")
            print(f"[slides] skipping {path.name}: not executed", flush=True)
    copy_assets(out_dir / STATIC_DIR_NAME)
    exporter = _make_exporter()
    decks = [_export_deck(exporter, path, out_dir) for path in executed]
    return [*decks, write_index(out_dir, notebooks_dir)]


def copy_assets(static_dir: Path) -> None:
    """Copy every Asset into ``static_dir``; files already there with the same size and time are kept."""
    for asset in ASSETS:
        source = _package_dir(asset.package) / asset.folder
        if not source.is_dir():
            raise SlidesError(f"{source} is missing: reinstall {asset.package} (`make venv`)")
        _sync_tree(source, static_dir / asset.name, shutil.ignore_patterns(*asset.ignore))


def find_remote_resources(page: str) -> list[str]:
    """Return the http(s) URLs a browser would load for this HTML: script, link, img, iframe,
    source and media sources, CSS ``@import`` / ``url()`` and quoted URLs inside scripts.

    Plain links (``<a href>``) and URLs in JavaScript comments are not loads and are ignored.
    """
    parser = _ResourceParser()
    parser.feed(page)
    parser.close()
    return parser.remote


def write_index(out_dir: Path, notebooks_dir: Path = NOTEBOOKS_DIR) -> Path:
    """Write ``out_dir/index.html`` linking each deck whose notebook exists; return its path."""
    items = []
    for notebook in sorted(notebooks_dir.glob("*.ipynb")):
        deck = out_dir / f"{notebook.stem}{DECK_SUFFIX}"
        if deck.is_file():
            title = html.escape(_title(notebook))
            items.append(
                f'<li><a href="{html.escape(deck.name)}">{title}</a> <small>({html.escape(notebook.stem)})</small></li>'
            )
    page = INDEX_TEMPLATE.format(items="\n".join(items) or "<li>Henüz sunum yok.</li>")
    index = out_dir / INDEX_NAME
    write_text(index, page)
    return index


INDEX_TEMPLATE = """\
<!DOCTYPE html>
<html lang="tr">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>vae-fashion: sunumlar</title>
<style>body {{ font-family: sans-serif; max-width: 40em; margin: 2em auto; line-height: 1.6; }}</style>
</head>
<body>
<h1>vae-fashion: sunumlar</h1>
<ul>
{items}
</ul>
<p><small>Sunumlar çevrimdışı çalışır: dosyayı tarayıcıda açın.
Yön tuşları ile gezinin, Esc ile genel görünüme geçin.</small></p>
</body>
</html>
"""


def _make_exporter() -> SlidesExporter:
    from nbconvert import SlidesExporter  # imported here: nbconvert takes a second to import

    return SlidesExporter(
        preprocessors=[StaticWidgetPictures],  # a widget's static picture, not a broken live widget
        raw_template=OFFLINE_TEMPLATE,
        reveal_url_prefix=REVEAL_URL_PREFIX,
        reveal_theme=REVEAL_THEME,
        reveal_width=str(STAGE_WIDTH),
        reveal_height=str(STAGE_HEIGHT),
        reveal_scroll=True,  # a slide taller than the screen (a big figure) scrolls, not cut off
        require_js_url=REQUIRE_JS_URL,
        jquery_url=JQUERY_URL,
        mathjax_url=MATHJAX_URL,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        language_code="tr",
    )


def _export_deck(exporter: SlidesExporter, notebook: Path, out_dir: Path) -> Path:
    body, _ = exporter.from_filename(str(notebook))
    remote = find_remote_resources(body)
    if remote:
        raise SlidesError(f"{notebook.name}: the deck would load {', '.join(sorted(set(remote)))}")
    deck = out_dir / f"{notebook.stem}{DECK_SUFFIX}"
    write_text(deck, body)
    return deck


def _is_executed(notebook: Path) -> bool:
    """True when some code cell has an execution count (the notebook was run and saved)."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    return any(cell.get("cell_type") == "code" and cell.get("execution_count") for cell in cells)


def _title(notebook: Path) -> str:
    """Return the text of the notebook's first Markdown heading, or its file stem."""
    for cell in json.loads(notebook.read_text(encoding="utf-8")).get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else source
            match = re.search(r"^#+\s+(.+?)\s*$", text, flags=re.MULTILINE)
            if match:
                return match.group(1)
    return notebook.stem


def _package_dir(package: str) -> Path:
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SlidesError(f"package {package} is not installed: run `make venv`")
    return Path(next(iter(spec.submodule_search_locations)))


def _sync_tree(source: Path, target: Path, ignore) -> None:
    names = os.listdir(source)
    skipped = ignore(str(source), names)
    for name in sorted(set(names) - set(skipped)):
        src, dst = source / name, target / name
        if src.is_dir():
            _sync_tree(src, dst, ignore)
        elif not _same_file(src, dst):
            with atomic_write(dst) as tmp:
                shutil.copy2(src, tmp)


def _same_file(src: Path, dst: Path) -> bool:
    if not dst.is_file():
        return False
    a, b = src.stat(), dst.stat()
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


_REMOTE = r"(?:https?:)?//[^\s\"'()<>]+"
_CSS_REMOTE = re.compile(rf"@import\s+(?:url\()?\s*[\"']?({_REMOTE})|url\(\s*[\"']?({_REMOTE})", re.IGNORECASE)
_JS_REMOTE = re.compile(r"[\"'`](https?://[^\"'`\s]+)[\"'`]", re.IGNORECASE)
_SOURCE_ATTRIBUTES = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "audio": "src",
    "video": "src",
    "embed": "src",
    "link": "href",
    "object": "data",
}


class _ResourceParser(HTMLParser):
    """Collect remote URLs that an HTML page loads (see find_remote_resources)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.remote: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = values.get(_SOURCE_ATTRIBUTES.get(tag, ""))
        if url and re.match(_REMOTE, url.strip(), re.IGNORECASE):
            self.remote.append(url.strip())
        if values.get("style"):
            self._scan_css(values["style"])
        self._in = tag if tag in ("script", "style") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self._scan_css(data)
        elif self._in == "script":
            code = re.sub(r"^\s*//.*$", "", data, flags=re.MULTILINE)  # drop whole-line comments
            self.remote.extend(_JS_REMOTE.findall(code))

    def _scan_css(self, css: str) -> None:
        self.remote.extend(a or b for a, b in _CSS_REMOTE.findall(css))
