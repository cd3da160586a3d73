"""The offline course site (`python -m vaelib site`): widget outputs become their static pictures, every
executed numbered notebook gets a page in order, and in headless Chromium no page requests another host
and no link inside the site is broken."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import nbformat
import pytest
from test_slides import _serve  # the slide test's local server for a folder

from vaelib.course import commands, notebooks, site, slides
from vaelib.course.project import NOTEBOOKS_DIR

from browser import network_events, start_chromium, wait_for

DECK_NOTEBOOK = "01_veri"
"""The one notebook whose deck the test site gets (exporting every deck would take a minute)."""
MATH_PAGE = "04_gurultu_giderme.html"
"""A page with display math."""
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
WINDOW = (1280, 800)
"""Page size in CSS pixels."""
LOCAL_SCHEMES = {"data", "blob", "about", "chrome"}
"""Not network requests (chrome: is Chromium's own start page)."""
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
"""A 1×1 PNG, base64 as notebooks store it."""
WIDGET_VIEW_DATA = {"version_major": 2, "version_minor": 0, "model_id": "abc123"}


def _widget_notebook() -> nbformat.NotebookNode:
    """A notebook with an explorer-like output (widget view + PNG + text), a bare widget and a print."""
    explorer = nbformat.v4.new_output(
        "display_data",
        data={notebooks.WIDGET_VIEW: WIDGET_VIEW_DATA, "image/png": PNG, "text/plain": "Gizil düzlem (etkileşimli)"},
    )
    bare = nbformat.v4.new_output("execute_result", data={notebooks.WIDGET_VIEW: WIDGET_VIEW_DATA}, execution_count=2)
    printed = nbformat.v4.new_output("stream", name="stdout", text="merhaba\n")
    cells = [
        nbformat.v4.new_code_cell("explorer", outputs=[explorer, printed], execution_count=1),
        nbformat.v4.new_code_cell("slider", outputs=[bare], execution_count=2),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    return notebook


def test_static_widget_pictures_keeps_the_png() -> None:
    notebook, _ = notebooks.StaticWidgetPictures().preprocess(_widget_notebook(), {})
    assert "widgets" not in notebook.metadata
    explorer, printed = notebook.cells[0].outputs
    assert set(explorer.data) == {"image/png", "text/plain"}
    assert printed.text == "merhaba\n"
    assert notebook.cells[1].outputs == [], "a widget with nothing static to show leaves no output"


@pytest.mark.parametrize("make_exporter", [site._make_exporter, slides._make_exporter], ids=["site", "slides"])
def test_exporters_show_the_picture_not_the_widget(make_exporter) -> None:
    body, _ = make_exporter().from_notebook_node(_widget_notebook())
    assert "data:image/png;base64," in body
    assert notebooks.WIDGET_VIEW not in body and "@jupyter-widgets" not in body
    assert slides.find_remote_resources(body) == []


def test_a_page_that_loads_a_cdn_is_refused(tmp_path: Path) -> None:
    with pytest.raises(site.SiteError, match="x.html: the page would load https://cdn.example/r.js"):
        site._write_page(tmp_path, site.Page("x", "x"), '<script src="https://cdn.example/r.js"></script>')
    assert not (tmp_path / "x.html").exists()


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of every executed notebook, with the deck of DECK_NOTEBOOK (timed, printed with -s)."""
    decks = tmp_path_factory.mktemp("slides")
    slides.export_slides([DECK_NOTEBOOK], decks)
    folder = tmp_path_factory.mktemp("site")
    start = time.perf_counter()
    index = site.build_site(folder, slides_dir=decks)
    print(f"\nsite built in {time.perf_counter() - start:.1f} s")
    assert index == folder / "index.html"
    return folder


def _html_pages(folder: Path) -> list[Path]:
    """The site's pages and its decks (not the HTML files among the decks' assets)."""
    return sorted([*folder.glob("*.html"), *(folder / site.DECKS_DIR_NAME).glob(f"*{slides.DECK_SUFFIX}")])


@pytest.mark.slow
def test_one_page_per_notebook_and_index_in_order(site_dir: Path) -> None:
    notebooks = sorted(NOTEBOOKS_DIR.glob(site.NUMBERED_NOTEBOOKS))
    assert notebooks == site.site_notebooks(), "every numbered notebook is executed"
    top = sorted(path.name for path in site_dir.glob("*.html"))
    assert top == sorted([*(f"{path.stem}.html" for path in notebooks), "index.html", "sozluk.html"])
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="tr">' in index and "İçindekiler" in index and "Sözlük" in index
    listed = re.findall(r'<li><a href="([^"]+)\.html">', index)
    assert listed == [path.stem for path in notebooks]
    assert f'<a href="{site.DECKS_DIR_NAME}/{DECK_NOTEBOOK}{slides.DECK_SUFFIX}">Slaytlar</a>' in index
    assert index.count(">Slaytlar</a>") == 1, "only the notebook with a deck links one"
    first = (site_dir / f"{DECK_NOTEBOOK}.html").read_text(encoding="utf-8")
    assert "<title>Veri Seti: Fashion-MNIST</title>" in first and '<html lang="tr">' in first
    assert 'href="sozluk.html"' in first and 'href="sozluk.md"' not in first
    for notebook in notebooks:  # worked solutions are shown: the site is the teacher's version
        if any("solution" in cell.metadata.get("tags", []) for cell in nbformat.read(notebook, as_version=4).cells):
            assert "celltag_solution" in (site_dir / f"{notebook.stem}.html").read_text(encoding="utf-8")
    for page in ("index.html", "sozluk.html", f"{DECK_NOTEBOOK}.html"):
        nav = re.search(r"<nav [^>]*>(.*?)</nav>", (site_dir / page).read_text(encoding="utf-8"))
        assert nav and all(word in nav[1] for word in ("İçindekiler", "önceki", "sonraki")), page


@pytest.mark.slow
def test_pages_load_only_local_files(site_dir: Path) -> None:
    pages = _html_pages(site_dir)
    assert len(pages) == len(site.site_notebooks()) + 3  # index, glossary, the deck
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert slides.find_remote_resources(text) == [], page.name
        assert not re.search(r"<(script|link|img|iframe|source)\b[^>]*\b(src|href)=[\"']?(https?:)?//", text, re.I)
        assert not re.search(r"@import\s+(url\()?[\"']?(https?:)?//|url\(\s*[\"']?(https?:)?//", text, re.I)
        for url in re.findall(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"([^\"]+)\"", text):
            if not url.startswith("data:"):
                assert (page.parent / url.split("?")[0]).is_file(), f"{page.name}: {url}"
    assert (site_dir / site.MATHJAX_URL.split("?")[0]).is_file()


def test_cli_prints_where_the_site_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    built = []
    monkeypatch.setattr(site, "build_site", lambda out_dir: built.append(out_dir) or out_dir / "index.html")
    assert commands.main(["site", "--out-dir", str(tmp_path)]) == 0
    assert commands.main(["site"]) == 0
    assert built == [tmp_path, site.SITE_DIR]
    assert capsys.readouterr().out.splitlines() == [
        f"site written to {tmp_path / 'index.html'}",
        f"site written to {site.SITE_DIR / 'index.html'}",
    ]


def _status(url: str) -> int:
    """The HTTP status of a HEAD request (no body, so the server never writes into a closed socket)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _visit(driver, url: str) -> tuple[list[str], list[str], list[str]]:
    """Open a page, let its scripts and MathJax finish; return (links on it, URLs it requested, URLs
    answered with an HTTP error)."""
    network_events(driver)  # drop what the previous page logged
    driver.get(url)
    wait_for(driver, "document.readyState === 'complete'", f"{url} to load")
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "if (window.MathJax && MathJax.Hub) MathJax.Hub.Queue(() => done()); else done();"
    )
    links = driver.execute_script("return Array.from(document.querySelectorAll('a[href]'), a => a.href);")
    events = network_events(driver)
    requested = [
        event["params"]["request"]["url"] for event in events if event["method"] == "Network.requestWillBeSent"
    ]
    failed = [
        event["params"]["response"]["url"]
        for event in events
        if event["method"] == "Network.responseReceived" and event["params"]["response"]["status"] >= 400
    ]
    return links, requested, failed


@pytest.fixture
def browser(tmp_path: Path) -> Iterator:
    """Headless Chromium logging network events, a laptop-sized page; skips if not installed."""
    driver = start_chromium(tmp_path, *WINDOW)
    try:
        yield driver
    finally:
        driver.quit()


def _off_machine(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in LOCAL_SCHEMES and parts.hostname not in LOCAL_HOSTS


@pytest.mark.slow
def test_site_in_headless_chromium(browser, site_dir: Path) -> None:
    off_machine: list[str] = []
    failed: list[str] = []
    broken: dict[str, str] = {}
    with _serve(site_dir) as base_url:
        index_links, requested, failed = _visit(browser, f"{base_url}index.html")
        off_machine += [url for url in requested if _off_machine(url)]
        pages = sorted({urldefrag(link).url for link in index_links if link.startswith(base_url)})
        assert f"{base_url}sozluk.html" in pages and f"{base_url}{MATH_PAGE}" in pages
        assert len(pages) == len(site.site_notebooks()) + 3  # the notebooks, the deck, the glossary, itself
        checked: dict[str, int] = {}
        for page in pages:
            links, requested, page_failed = _visit(browser, page)
            assert page in requested, "the network log missed the page itself"
            off_machine += [url for url in requested if _off_machine(url)]
            failed += page_failed
            if page.endswith(MATH_PAGE):
                assert (
                    browser.execute_script("return document.querySelectorAll('.MathJax_Display, .MathJax').length;") > 0
                ), "no math"
            for link in {urldefrag(link).url for link in links if link.startswith(base_url)}:
                if link not in checked:
                    checked[link] = _status(link)
                if checked[link] != 200:
                    broken[link] = f"{checked[link]} (linked from {page})"
    assert off_machine == [], "requests to other hosts"
    assert failed == [], "files a page asked for and did not get (HTTP status >= 400)"
    assert broken == {}, "links inside the site that do not load"
