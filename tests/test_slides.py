"""Offline slides: the deck of notebooks/01_veri loads only local files and works in headless Chromium."""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

from vaelib import cli, slides
from vaelib.config import PROJECT_ROOT

NOTEBOOK = "01_veri"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOT = PROJECT_ROOT / "build" / "slides-screenshot.png"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,800",
]
REVEAL_MODULE = f"{slides.REVEAL_URL_PREFIX}/dist/reveal.js"
"""The require.js module id under which the deck loads reveal.js (reveal's UMD build sets no global)."""
PRESENT_FIGURE = """document.querySelector(".reveal .slides section.present img[src^='data:image/png']")"""
"""JavaScript: the first matplotlib figure on the present slide."""
WAIT_S = 20


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("slides")
    paths = slides.export_slides([NOTEBOOK], folder)
    assert paths == [folder / f"{NOTEBOOK}.slides.html", folder / "index.html"]
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
    assert cli.main(["slides", NOTEBOOK, "--out-dir", str(out_dir)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        str(out_dir / f"{NOTEBOOK}.slides.html"), str(out_dir / "index.html")
    ]


@pytest.fixture
def server(out_dir: Path) -> Iterator[str]:
    """Serve out_dir on 127.0.0.1 from a thread; yield the base URL."""

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def browser(tmp_path: Path):
    """Headless Chromium through chromedriver, logging network events; skips if not installed."""
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        pytest.skip(f"{CHROMIUM} or {CHROMEDRIVER} missing: run .ci/install-chromium as root")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.set_script_timeout(WAIT_S)
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for(driver, script: str, what: str):
    """Poll a JavaScript expression until it is truthy; return its value."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return {script};")
        if value:
            return value
        time.sleep(0.2)
    pytest.fail(f"timed out after {WAIT_S} s waiting for {what}")


def _network_events(driver) -> list[dict]:
    return [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]


def test_deck_in_headless_chromium(browser, server: str) -> None:
    deck_url = f"{server}{NOTEBOOK}.slides.html"
    _network_events(browser)  # drop what Chromium logged before the deck (its start page's requests)
    browser.get(deck_url)

    # reveal.js is initialised and MathJax has typeset every formula.
    module = json.dumps(REVEAL_MODULE)
    reveal = f"require({module})"
    _wait_for(browser, f"window.require && require.defined({module}) && {reveal}.isReady()",
              "Reveal.isReady()")
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
    _wait_for(browser, f"(img => img.complete && img.naturalWidth > 0)({PRESENT_FIGURE})", "the figure")
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
    events = _network_events(browser)
    # Chromium's own start page (chrome://new-tab-page-third-party) may still be loading: not the deck's.
    requests = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in events
                if e["method"] == "Network.requestWillBeSent"
                and not e["params"]["request"]["url"].startswith("chrome://")}
    assert deck_url in requests.values()
    for url in requests.values():
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss"):
            assert parts.hostname == "127.0.0.1", f"request to another host: {url}"
        else:
            assert parts.scheme in ("data", "blob"), url
    failed = [requests[e["params"]["requestId"]] for e in events
              if e["method"] == "Network.loadingFailed" and e["params"]["requestId"] in requests]
    failed += [e["params"]["response"]["url"] for e in events
               if e["method"] == "Network.responseReceived" and e["params"]["response"]["status"] >= 400]
    assert failed == [], "failed requests (network error or HTTP status >= 400)"
    other_origin = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => !n.startsWith(location.origin + '/') && !n.startsWith('data:'));"
    )
    assert other_origin == []
