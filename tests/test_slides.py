"""Offline slides: the deck of notebooks/01_veri loads only local files and works in headless Chromium,
and every slide of every executed notebook fits the reveal.js stage."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib
import inspect
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import jupytext
import nbformat
import pytest

from vaelib.config import Config
from vaelib.course import classroom, commands, slides
from vaelib.course.project import BUILD_DIR, NOTEBOOKS_DIR

from browser import WAIT_S, network_events, start_chromium, wait_for

NOTEBOOK = "01_veri"
SCREENSHOT = BUILD_DIR / "slides-screenshot.png"
REVEAL_MODULE = f"{slides.REVEAL_URL_PREFIX}/dist/reveal.js"
"""The require.js module id under which the deck loads reveal.js (reveal's UMD build sets no global)."""
PRESENT_FIGURE = """document.querySelector(".reveal .slides section.present img[src^='data:image/png']")"""
"""JavaScript: the first matplotlib figure on the present slide."""
EXERCISES_HEADING = "Alıştırmalar"
"""Heading of the last slide of every notebook: exercises to do in the notebook with vaelib."""
NUMBERED_SOURCES = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]*_*.py"))
VAELIB_MODULES = {
    name: f"vaelib.{name}"
    for name in (
        "classes",
        "classifier",
        "config",
        "data",
        "evaluation",
        "generation",
        "latent",
        "metrics",
        "metrics_files",
        "model",
        "plots",
        "runs",
        "training",
    )
} | {name: f"vaelib.course.{name}" for name in ("architecture", "grids", "lesson", "project", "sweep")}
"""vaelib modules that exercise hints may name (as `module.function(...)`), with their import paths."""


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("slides")
    paths = slides.export_slides([NOTEBOOK], folder)
    assert paths == [folder / f"{NOTEBOOK}.slides.html", folder / "index.html"]
    return folder


@pytest.fixture(scope="module")
def every_deck_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every executed notebook exported to one folder (the same call as `python -m vaelib slides`)."""
    folder = tmp_path_factory.mktemp("every-deck")
    slides.export_slides(None, folder)
    return folder


@pytest.fixture(scope="module")
def deck_html(out_dir: Path) -> str:
    return (out_dir / f"{NOTEBOOK}.slides.html").read_text(encoding="utf-8")


def test_deck_loads_only_local_files(out_dir: Path, deck_html: str) -> None:
    assert slides.find_remote_resources(deck_html) == []
    # An independent, cruder look at the same thing.
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=[\"']?(https?:)?//", deck_html, re.I)
    assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//", deck_html, re.I)
    assert not re.search(r"\bfrom\s+[\"']https?://", deck_html)
    local = re.findall(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", deck_html)
    assert f"{slides.STATIC_DIR_NAME}/reveal.js/dist/reveal.css" in local
    for url in local:
        if not url.startswith("data:"):
            assert (out_dir / url.split("?")[0]).is_file(), url


def test_theme_css_imports_only_local_fonts(out_dir: Path) -> None:
    theme = out_dir / slides.REVEAL_URL_PREFIX / "dist" / "theme" / f"{slides.REVEAL_THEME}.css"
    imports = re.findall(r"@import\s+url\(([^)]+)\)", theme.read_text(encoding="utf-8"))
    assert imports and all(not re.match(r"[\"']?(https?:)?//", url) for url in imports)
    assert all((theme.parent / url.strip("\"'")).is_file() for url in imports)


def test_index_links_the_deck(out_dir: Path) -> None:
    index = (out_dir / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{NOTEBOOK}.slides.html">Veri Seti: Fashion-MNIST</a>' in index
    assert slides.find_remote_resources(index) == []


def test_find_remote_resources_catches_cdn_loads() -> None:
    page = """<html><head>
    <script src="https://cdn.example/require.js"></script>
    <link rel="stylesheet" href="//cdn.example/reveal.css">
    <style>@import url(https://fonts.example/css?family=Lato);</style>
    <script type="module">import mermaid from 'https://cdn.example/mermaid.mjs';</script>
    <script>
    // a comment naming https://example.org/docs is not a load
    </script>
    </head><body><a href="https://example.org/">a link is not a load</a>
    <img src="data:image/png;base64,AAAA"><script src="_static/local.js"></script></body></html>"""
    assert slides.find_remote_resources(page) == [
        "https://cdn.example/require.js",
        "//cdn.example/reveal.css",
        "https://fonts.example/css?family=Lato",
        "https://cdn.example/mermaid.mjs",
    ]


def test_named_notebook_without_outputs_is_an_error(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nbformat.write(notebook, tmp_path / "99_bos.ipynb")
    with pytest.raises(slides.SlidesError, match="99_bos.ipynb has no outputs"):
        slides.export_slides(["99_bos"], tmp_path / "out", notebooks_dir=tmp_path)


def test_cli_prints_the_written_paths(out_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert commands.main(["slides", NOTEBOOK, "--out-dir", str(out_dir)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        str(out_dir / f"{NOTEBOOK}.slides.html"),
        str(out_dir / "index.html"),
    ]


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1 from a thread; yield the base URL."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server(out_dir: Path) -> Iterator[str]:
    """Serve out_dir on 127.0.0.1 from a thread; yield the base URL."""
    with _serve(out_dir) as base_url:
        yield base_url


@pytest.fixture
def browser(tmp_path: Path):
    """Headless Chromium with exactly the stage's size, logging network events; skips if not installed."""
    driver = start_chromium(tmp_path, slides.STAGE_WIDTH, slides.STAGE_HEIGHT)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.mark.slow
def test_deck_in_headless_chromium(browser, server: str) -> None:
    deck_url = f"{server}{NOTEBOOK}.slides.html"
    network_events(browser)  # drop what Chromium logged before the deck (its start page's requests)
    browser.get(deck_url)

    # reveal.js is initialised and MathJax has typeset every formula.
    module = json.dumps(REVEAL_MODULE)
    reveal = f"require({module})"
    wait_for(browser, f"window.require && require.defined({module}) && {reveal}.isReady()", "Reveal.isReady()")
    assert browser.execute_script(f"return {reveal}.getTotalSlides();") > 3
    math_count = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "MathJax.Hub.Queue(() => done(document.querySelectorAll('.MathJax').length));"
    )
    assert math_count >= 1, "MathJax rendered no formula"
    raw_tex = browser.execute_script(r"""
        const raw = [];
        for (const cell of document.querySelectorAll('.jp-MarkdownOutput')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let node; (node = walker.nextNode());) {
                if (!node.parentElement.closest('script, code, pre') && /\$\$|\$\\[A-Za-z]/.test(node.data)) {
                    raw.push(node.data);
                }
            }
        }
        return raw;""")
    assert raw_tex == [], "TeX left unrendered in Markdown"
    # Headings keep the notebook's letter case (the theme's capitals would turn β into Β, γ into Γ).
    assert (
        browser.execute_script("return getComputedStyle(document.querySelector('.reveal .slides h1')).textTransform;")
        == "none"
    )

    # The first slide with a figure shows it on screen; keep a screenshot of it.
    indices = browser.execute_script(
        "const img = document.querySelector(\".reveal .slides section img[src^='data:image/png']\");"
        "if (!img) return null;"
        f"const R = {reveal};"
        "const i = R.getIndices(img.closest('section'));"
        "R.configure({transition: 'none'}); R.slide(i.h, i.v); while (R.nextFragment()) {}"
        "return i;"
    )
    assert indices is not None, "no slide holds a data: PNG figure"
    image = browser.execute_script(f"return {PRESENT_FIGURE};")
    assert image is not None, f"the figure's slide {indices} is not the present one"
    wait_for(browser, f"(img => img.complete && img.naturalWidth > 0)({PRESENT_FIGURE})", "the figure")
    box = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(), style = getComputedStyle(arguments[0]);"
        "return {w: r.width, h: r.height, top: r.top, left: r.left, vw: innerWidth, vh: innerHeight,"
        " visible: style.visibility, opacity: style.opacity};",
        image,
    )
    assert image.is_displayed() and box["visible"] == "visible" and float(box["opacity"]) > 0
    assert box["w"] > 100 and box["h"] > 50, box
    assert 0 <= box["left"] < box["vw"] and 0 <= box["top"] < box["vh"], f"figure off screen: {box}"
    time.sleep(0.5)  # let reveal.js finish laying out the slide
    SCREENSHOT.parent.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000

    # Every request since the deck was opened went to this server (or was a data: URL); none failed.
    events = network_events(browser)
    # Chromium's own start page (chrome://new-tab-page-third-party) may still be loading: not the deck's.
    requests = {
        e["params"]["requestId"]: e["params"]["request"]["url"]
        for e in events
        if e["method"] == "Network.requestWillBeSent" and not e["params"]["request"]["url"].startswith("chrome://")
    }
    assert deck_url in requests.values()
    for url in requests.values():
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            assert parts.hostname == "127.0.0.1", f"request to another host: {url}"
        else:
            assert parts.scheme in ("data", "blob"), url
    failed = [
        requests[e["params"]["requestId"]]
        for e in events
        if e["method"] == "Network.loadingFailed" and e["params"]["requestId"] in requests
    ]
    failed += [
        e["params"]["response"]["url"]
        for e in events
        if e["method"] == "Network.responseReceived" and e["params"]["response"]["status"] >= 400
    ]
    assert failed == [], "failed requests (network error or HTTP status >= 400)"
    other_origin = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith(location.origin + '/') && !n.startsWith('data:'));"
    )
    assert other_origin == []


MEASURE_SLIDES = r"""
const done = arguments[arguments.length - 1];
const R = require(arguments[0]);
R.configure({transition: 'none', backgroundTransition: 'none'});
const slides = R.getSlides();
const sizes = [];
const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
const typeset = () => new Promise(resolve => MathJax.Hub.Queue(resolve));
(async () => {
    for (let i = 0; i < slides.length; i++) {
        const at = R.getIndices(slides[i]);
        R.slide(at.h, at.v);
        while (R.nextFragment()) {}
        await typeset();  // the deck re-renders the slide's formulas on every slide change
        await frame();
        const slide = R.getCurrentSlide();
        const heading = slide.querySelector('h1, h2, h3, h4');
        const text = (heading ? heading.textContent : slide.innerText)  // innerText: no <style> text
            .replace(/\u00b6/g, ' ').replace(/\s+/g, ' ').trim();
        sizes.push({index: i, h: at.h, v: at.v, height: slide.scrollHeight, heading: text.slice(0, 60)});
    }
    return sizes;
})().then(done, error => done({error: String(error)}));
"""
"""JavaScript (async, argument: reveal's module id): visit every slide, vertical ones included, with all
fragments shown and formulas typeset; return each slide's 0-based index in Reveal.getSlides(), its (h, v)
indices, content height (scrollHeight, in stage pixels before reveal's scaling) and heading."""


def measure_deck(driver, deck_url: str) -> tuple[int, list[dict]]:
    """Open a deck and return (the stage height, the measured size of each slide; see MEASURE_SLIDES)."""
    driver.get(deck_url)
    module = json.dumps(REVEAL_MODULE)
    wait_for(
        driver,
        f"window.require && require.defined({module}) && require({module}).isReady()",
        f"Reveal.isReady() in {deck_url}",
    )
    wait_for(driver, "Array.from(document.images).every(img => img.complete)", "the figures")
    sizes = driver.execute_async_script(MEASURE_SLIDES, REVEAL_MODULE)
    assert isinstance(sizes, list), f"measuring {deck_url} failed: {sizes}"
    return driver.execute_script(f"return require({module}).getConfig().height;"), sizes


def overflowing_slides(stage: int, sizes: list[dict], deck: str) -> list[str]:
    """Return one line for each measured slide of a deck whose content is taller than the stage."""
    return [
        f"{deck} slide {s['index']} (h={s['h']}, v={s['v']}) {s['heading']!r}: {s['height']} px > {stage} px"
        for s in sizes
        if s["height"] > stage
    ]


@pytest.mark.slow
def test_every_slide_fits_the_stage(browser, every_deck_dir: Path) -> None:
    decks = sorted(p.name.removesuffix(slides.DECK_SUFFIX) for p in every_deck_dir.glob(f"*{slides.DECK_SUFFIX}"))
    assert NOTEBOOK in decks
    browser.set_script_timeout(10 * WAIT_S)
    measured = {}
    with _serve(every_deck_dir) as base_url:
        for deck in decks:
            measured[deck] = measure_deck(browser, f"{base_url}{deck}{slides.DECK_SUFFIX}")
    assert {stage for stage, _ in measured.values()} == {slides.STAGE_HEIGHT}
    found = {deck: overflowing_slides(stage, sizes, deck) for deck, (stage, sizes) in measured.items()}
    lines = [line for deck in decks for line in found[deck]]
    counts = ", ".join(f"{deck} {len(found[deck])}" for deck in decks)
    assert lines == [], (
        f"{len(lines)} slides are taller than the stage ({counts}); split them into sub-slides "
        "or make their figures smaller:\n" + "\n".join(lines)
    )
    last = {deck: sizes[-1]["heading"] for deck, (_, sizes) in measured.items()}
    assert last == {deck: EXERCISES_HEADING for deck in decks}, "every deck must end with its exercises"


def _vaelib_calls(text: str) -> list[tuple[str, str, list[str] | None]]:
    """Return (module, attribute, keyword names or None when not called) for each `module.attribute` in text."""
    found = []
    for match in re.finditer(rf"\b({'|'.join(VAELIB_MODULES)})\.([A-Za-z_]\w*)(\()?", text):
        if not match[3]:
            found.append((match[1], match[2], None))
            continue
        depth, end = 1, match.end()
        while end < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        args = text[match.end() : end - 1]
        while (flat := re.sub(r"\([^()]*\)|\[[^\[\]]*\]", "", args)) != args:  # drop nested calls and lists
            args = flat
        found.append((match[1], match[2], re.findall(r"\b(\w+)=(?!=)", args)))
    return found


@pytest.mark.parametrize("source", NUMBERED_SOURCES, ids=[p.stem for p in NUMBERED_SOURCES])
def test_notebook_ends_with_exercises(source: Path) -> None:
    """The last cell before the worked solutions (tests/test_classroom.py) is the exercises slide."""
    cells = [
        cell
        for cell in jupytext.read(source).cells
        if cell.source.strip() and classroom.SOLUTION_TAG not in cell.metadata.get("tags", [])
    ]
    last = cells[-1]
    assert last.cell_type == "markdown" and last.metadata.get("slideshow") == {"slide_type": "slide"}, (
        f"{source.name}: the last cell must be a Markdown cell that starts a slide"
    )
    assert last.source.splitlines()[0] == f"## {EXERCISES_HEADING}"
    items = re.findall(r"^\d+\. ", last.source, flags=re.MULTILINE)
    assert 2 <= len(items) <= 4, f"{source.name}: {len(items)} exercises"
    assert len(re.findall(r"^ +- \*İpucu:\* ", last.source, flags=re.MULTILINE)) == len(items), "one hint each"
    fields = {field.name for field in dataclasses.fields(Config)}
    for module, name, keywords in _vaelib_calls(last.source):
        target = getattr(importlib.import_module(VAELIB_MODULES[module]), name, None)
        assert target is not None, f"{source.name}: the exercises name {module}.{name}, which does not exist"
        if keywords and name in ("get_config", "replace"):
            assert set(keywords) <= fields, f"{source.name}: {module}.{name}({keywords}): not Config fields"
        elif keywords:
            parameters = inspect.signature(target).parameters
            assert set(keywords) <= set(parameters), f"{source.name}: {module}.{name} takes no {keywords}"
    for field in re.findall(r"\breplace\(([^()]*)\)", last.source):  # cfg.replace(field=...)
        assert set(re.findall(r"\b(\w+)=(?!=)", field)) <= fields, f"{source.name}: replace({field})"
