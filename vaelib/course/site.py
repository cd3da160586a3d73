"""Build an offline static course site from the executed notebooks (``vaelib site``).

The site is one folder (``build/site/`` by default) that opens from disk or any static server
without a network connection:

- ``index.html``: the table of contents (İçindekiler) in notebook order, with each notebook's
  slide deck and the glossary;
- ``<name>.html``: one page per executed numbered notebook, exported by nbconvert's HTMLExporter
  with the ``lab`` template; cells tagged ``solution`` are shown (the teacher's version);
- ``sozluk.html``: the glossary ``notebooks/sozluk.md``, exported as a notebook of one Markdown cell
  (the index too), so that every page has the same look, navigation and MathJax;
- ``_static/mathjax/``: MathJax 2.7 from the ``jupyter-server-mathjax`` package;
- ``slaytlar/``: copies of the decks that ``vaelib slides`` wrote to ``slides/``, with their
  ``_static/`` assets. Decks are copied rather than linked at ``../../slides/`` so that the site
  stays whole when moved or served on its own; a notebook without a deck gets no slide link.

The lab template loads require.js, mermaid and the widget renderer from CDNs; here require.js
and mermaid are dropped (no output needs them) and widget views are replaced by their static
pictures (StaticWidgetPictures), so no page requests anything from another host.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from vaelib.course.notebooks import StaticWidgetPictures
from vaelib.course.project import BUILD_DIR, NOTEBOOKS_DIR
from vaelib.course.slides import (  # the slides' discovery, titles, asset copying and URL check, shared
    DECK_SUFFIX,
    MATHJAX_CONFIG,
    SLIDES_DIR,
    STATIC_DIR_NAME,
    Asset,
    _is_executed,
    _package_dir,
    _sync_tree,
    _title,
    copy_assets,
    find_remote_resources,
)
from vaelib.errors import VaelibError
from vaelib.fileio import write_text

if TYPE_CHECKING:
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

SITE_DIR = BUILD_DIR / "site"
NUMBERED_NOTEBOOKS = "[0-9][0-9]*_*.ipynb"
"""The notebooks the site shows: the numbered lessons, in name order."""
INDEX_NAME = "index"
INDEX_TITLE = "vae-fashion: İçindekiler"
GLOSSARY_NAME = "sozluk"
"""Stem of the glossary, ``notebooks/sozluk.md``; its page is ``sozluk.html``."""
DECKS_DIR_NAME = "slaytlar"
MATHJAX = Asset("mathjax", "jupyter_server_mathjax", "static")
MATHJAX_URL = f"{STATIC_DIR_NAME}/{MATHJAX.name}/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
"""MathJax.js relative to a page of the site (every page is at the site's top level), with the combined
configuration that Jupyter Server uses: the package ships the jax and extensions only inside that file."""
NATIVE_MML_WEB_FONTS = 6
"""The combined configuration's NativeMML output declares six ``@font-face`` rules for TeX web fonts
(``fonts/HTML-CSS/TeX/otf``) that the package does not ship; Chromium asks for them (a 404 each) when the
hidden assistive MathML holds a script or double-struck letter."""
SITE_MATHJAX_CONFIG = {
    **{key: value for key, value in MATHJAX_CONFIG.items() if key not in ("jax", "extensions")},
    "NativeMML": {
        "styles": {
            f"@font-face /*{number}*/": {"src": "local('MathJax_Blank')"}
            for number in range(1, NATIVE_MML_WEB_FONTS + 1)
        }
    },
}
"""The slides' MathJax settings (delimiters, STIX-Web fonts, no image fonts) without the jax and extensions
that the combined configuration of MATHJAX_URL already brings, and with the missing TeX web fonts of
NativeMML replaced by the empty local font (as slides.MATHJAX_CONFIG does for MathJax_Blank)."""
MATHJAX_SETTINGS = f"<script>window.MathJax = {json.dumps(SITE_MATHJAX_CONFIG)};</script>"
"""Set before MathJax.js: a local MathJax starts at once, so nbconvert's config block after it would come
too late (see slides.MATHJAX_CONFIG)."""

NAV_HEAD = """\
<link rel="icon" href="data:,">
<style>
.site-nav { font: 14px/1.6 sans-serif; display: flex; flex-wrap: wrap; gap: 0.4em 1.5em;
            padding: 0.5em 0; margin: 0 0 1em; border-bottom: 1px solid #ccc; }
.site-nav.bottom { margin: 2em 0 0; border-bottom: none; border-top: 1px solid #ccc; }
.site-nav .off { color: #999; }
</style>"""
"""Head of every page: an empty favicon (no request for /favicon.ico) and the navigation bar's style."""

# The lab template without its CDN loads (no require.js, no mermaid, no widget renderer), MathJax
# configured before nbconvert loads it from mathjax_url, and the navigation bar at the top and the bottom.
OFFLINE_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
{% raw %}MATHJAX_SETTINGS{% endraw %}{{ super() }}
{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}{% raw %}NAV_HEAD{% endraw %}{%- endblock html_head_css -%}
{%- block body_header -%}{{ super() }}{{ resources.site_nav }}{%- endblock body_header -%}
{%- block body_footer -%}{{ resources.site_nav_bottom }}{{ super() }}{%- endblock body_footer -%}
""".replace("MATHJAX_SETTINGS", MATHJAX_SETTINGS).replace("NAV_HEAD", NAV_HEAD)


NO_DECKS_NOTE = "<p><small>Slaytlar henüz yok: önce <code>make slides</code>, sonra <code>make site</code>.</small></p>"


class SiteError(VaelibError):
    """The site could not be built (a missing asset, or a page that would load a remote URL)."""


@dataclass(frozen=True)
class Page:
    """One page of the site, in reading order: file stem and title."""

    name: str
    title: str

    @property
    def href(self) -> str:
        """The page's URL relative to any page of the site."""
        return f"{self.name}.html"


def build_site(out_dir: Path = SITE_DIR, notebooks_dir: Path = NOTEBOOKS_DIR, slides_dir: Path = SLIDES_DIR) -> Path:
    """Write the offline course site into ``out_dir``; return the path of its ``index.html``.

    Pages: the index, one per executed numbered notebook (name order, as ``vaelib slides``), the
    glossary ``notebooks_dir/sozluk.md``. Existing decks ``slides_dir/<name>.slides.html`` are copied
    to ``out_dir/slaytlar/`` and linked from the index. Raises SiteError if a page would load a
    remote URL.
    """
    import nbformat

    notebooks = site_notebooks(notebooks_dir)
    glossary = (notebooks_dir / f"{GLOSSARY_NAME}.md").read_text(encoding="utf-8")
    pages = [
        Page(INDEX_NAME, INDEX_TITLE),
        *(Page(nb.stem, _title(nb)) for nb in notebooks),
        Page(GLOSSARY_NAME, _markdown_title(glossary, GLOSSARY_NAME)),
    ]
    _copy_mathjax(out_dir / STATIC_DIR_NAME)
    decks = copy_decks([nb.stem for nb in notebooks], slides_dir, out_dir / DECKS_DIR_NAME, pages)
    sources = chain(
        [_markdown_notebook(_contents(pages, decks))],
        (nbformat.read(path, as_version=4) for path in notebooks),  # one at a time
        [_markdown_notebook(glossary)],
    )
    exporter = _make_exporter()
    for position, nb in enumerate(sources):
        _write_page(out_dir, pages[position], _page_html(exporter, nb, pages, position, notebooks_dir))
    return out_dir / pages[0].href


def site_notebooks(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """Return the executed numbered notebooks in name order; print a note for each one skipped."""
    from vaelib.course.notebooks import notebook_paths

    numbered = [path for path in notebook_paths(None, notebooks_dir) if fnmatch(path.name, NUMBERED_NOTEBOOKS)]
    for path in numbered:
        if not _is_executed(path):
            print(f"[site] skipping {path.name}: not executed", flush=True)
    return [path for path in numbered if _is_executed(path)]


def copy_decks(names: Sequence[str], slides_dir: Path, decks_dir: Path, pages: Sequence[Page]) -> dict[str, str]:
    """Copy the existing decks of the named notebooks into ``decks_dir`` with their assets.

    Links in a deck to the glossary or another notebook are pointed at the site's pages. Returns
    {notebook name: deck URL relative to the site}; prints a note for each notebook without a deck.
    """
    found = {name: slides_dir / f"{name}{DECK_SUFFIX}" for name in names}
    missing = [name for name, deck in found.items() if not deck.is_file()]
    if missing:
        print(f"[site] no slides for {', '.join(missing)}: run `make slides` first to link them", flush=True)
    decks = {name: deck for name, deck in found.items() if name not in missing}
    if decks:
        copy_assets(decks_dir / STATIC_DIR_NAME)
    for deck in decks.values():
        page = _local_links(deck.read_text(encoding="utf-8"), pages, prefix="../")
        write_text(decks_dir / deck.name, page)
    return {name: f"{decks_dir.name}/{deck.name}" for name, deck in decks.items()}


def _copy_mathjax(static_dir: Path) -> None:
    """Copy MathJax from its package into ``static_dir/mathjax`` (unchanged files are kept)."""
    source = _package_dir(MATHJAX.package) / MATHJAX.folder
    if not (source / "MathJax.js").is_file():
        raise SiteError(f"{source}/MathJax.js is missing: reinstall {MATHJAX.package} (`make venv`)")
    _sync_tree(source, static_dir / MATHJAX.name, shutil.ignore_patterns(*MATHJAX.ignore))


def _make_exporter() -> HTMLExporter:
    from nbconvert import HTMLExporter  # imported here: nbconvert takes a second to import

    return HTMLExporter(
        template_name="lab",
        raw_template=OFFLINE_TEMPLATE,
        mathjax_url=MATHJAX_URL,
        embed_images=True,  # Markdown images become data: URLs, like the outputs' figures
        language_code="tr",
        preprocessors=[StaticWidgetPictures],
    )


def _page_html(
    exporter: HTMLExporter, nb: NotebookNode, pages: Sequence[Page], position: int, notebooks_dir: Path
) -> str:
    """Export a notebook to the page ``pages[position]``: its title, navigation bars and site links."""
    nb.metadata["title"] = pages[position].title
    resources = {
        "metadata": {"name": pages[position].name, "path": str(notebooks_dir)},  # path: Markdown images
        "site_nav": _nav(pages, position),
        "site_nav_bottom": _nav(pages, position, bottom=True),
    }
    body, _ = exporter.from_notebook_node(nb, resources)
    return _local_links(body, pages)


def _markdown_notebook(text: str) -> NotebookNode:
    """A notebook of one Markdown cell, so that the index and the glossary look like the lessons."""
    import nbformat

    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])


def _write_page(out_dir: Path, page: Page, text: str) -> None:
    """Write a page, or raise SiteError if it would load anything from another host."""
    remote = find_remote_resources(text)
    if remote:
        raise SiteError(f"{page.href}: the page would load {', '.join(sorted(set(remote)))}")
    write_text(out_dir / page.href, text)


def _nav(pages: Sequence[Page], position: int, bottom: bool = False) -> str:
    """Return the navigation bar of ``pages[position]``: İçindekiler, önceki, sonraki."""

    def link(offset: int, label: str, rel: str) -> str:
        at = position + offset
        if not 0 <= at < len(pages):
            return f'<span class="off">{label}</span>'
        target = pages[at]
        return f'<a href="{target.href}" rel="{rel}" title="{html.escape(target.title)}">{label}</a>'

    items = [f'<a href="{pages[0].href}">İçindekiler</a>', link(-1, "← önceki", "prev"), link(1, "sonraki →", "next")]
    css_class = "site-nav bottom" if bottom else "site-nav"
    return f'<nav class="{css_class}" aria-label="Sayfalar">{" ".join(items)}</nav>'


def _contents(pages: Sequence[Page], decks: dict[str, str]) -> str:
    """Return the body of the index: the notebooks in order with their slides, then the glossary."""
    items = []
    for page in pages[1:-1]:
        deck = decks.get(page.name)
        slides_link = f' · <a href="{html.escape(deck)}">Slaytlar</a>' if deck else ""
        items.append(
            f'<li><a href="{page.href}">{html.escape(page.title)}</a> '
            f"<small>({html.escape(page.name)})</small>{slides_link}</li>"
        )
    glossary = pages[-1]
    note = "" if decks else NO_DECKS_NOTE
    return (
        f"<h1>{html.escape(pages[0].title)}</h1>\n<ol>\n{chr(10).join(items)}\n</ol>\n{note}\n"
        f'<h2>Sözlük</h2>\n<p><a href="{glossary.href}">{html.escape(glossary.title)}</a></p>\n'
        "<p><small>Bu site çevrimdışı çalışır: hiçbir sayfa başka bir sunucudan dosya istemez."
        "</small></p>"
    )


def _markdown_title(markdown: str, default: str) -> str:
    """Return the text of the first ``# `` heading of a Markdown text, or ``default``."""
    match = re.search(r"^#\s+(.+?)\s*$", markdown, flags=re.MULTILINE)
    return match.group(1) if match else default


_LOCAL_LINK = re.compile(r'href="([^"#/:?]+)\.(?:ipynb|md)(#[^"]*)?"')


def _local_links(text: str, pages: Sequence[Page], prefix: str = "") -> str:
    """Point links to ``<name>.ipynb`` or ``<name>.md`` at ``<prefix><name>.html`` when the site has that page."""
    names = {page.name for page in pages}

    def replace(match: re.Match[str]) -> str:
        if match[1] not in names:
            return match[0]
        return f'href="{prefix}{match[1]}.html{match[2] or ""}"'

    return _LOCAL_LINK.sub(replace, text)
