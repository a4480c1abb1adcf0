"""The built book as its readers meet it: every page in headless Chromium, offline.

The book is built (``jupyter-book build . -W -n --keep-going``, incremental) and
served from ``127.0.0.1``; every other address is blocked, so a page that still
needed a CDN would show it here. Each page must load with no console error, no
failed request, every formula typeset by MathJax, every image loaded and
described (alt text), no traceback in a notebook output, every exercise
solution hidden until its button is clicked, every animation playing and every
widget rendered from its embedded state, each widget panel marked inactive with a
caption that says where to run it live. «Live Code» (thebe, which needs a CDN and
Binder) must fail at once with a message instead of hanging. One screenshot per
page and a report of page weights go to ``ci-artifacts/`` (ignored by git).

Needs Debian's ``chromium`` (``apt-get install chromium``; ``$CHROMIUM`` may name
another binary); without it the tests are skipped, unless ``BOOK_REQUIRE_BROWSER``
is set (CI sets it), when they fail.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import queue
import re
import shutil
import threading
from concurrent.futures import Future
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest

from scripts.project import toc_files

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "ci-artifacts"
MAX_PAGE_BYTES = 3_000_000  # a page's own files: HTML, figures, animations


def _pages() -> list[str]:
    return ["index.html", *(f"{f}.html" for f in toc_files()), "genindex.html",
            "search.html"]


PAGES = _pages()


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


@functools.cache
def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


@pytest.fixture(scope="session")
def server(book):
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=book))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # belt and braces: no name resolves but the local server's
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def _missing(message: str):
    """Skip the browser test, or fail it when CI requires it (BOOK_REQUIRE_BROWSER)."""
    if os.environ.get("BOOK_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = _chromium()
    if path is None:
        _missing("Chromium is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("Playwright is not installed (pip install -e '.[dev]')")
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    """One Chromium for the tests that drive a single page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def inspections(request, chromium, book, server):
    """Inspect every selected page, a few at a time, each worker with its own browser.

    Returns a ``Future`` per page; a test waits for its own page only. Playwright's
    synchronous API belongs to the thread that started it, hence one browser per thread.
    """
    from playwright.sync_api import sync_playwright

    pages = [item.callspec.params["page"] for item in request.session.items
             if getattr(item, "originalname", "") == "test_page_reads_well_offline"]
    futures = {page: Future() for page in pages}
    shutil.rmtree(ARTIFACTS / "screenshots", ignore_errors=True)  # none left from a past run
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for page in pages:
        todo.put(page)

    def work():
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                try:
                    while True:
                        try:
                            page = todo.get_nowait()
                        except queue.Empty:
                            return
                        try:
                            futures[page].set_result(_inspect(browser, server, book, page))
                        except Exception as exc:  # reported by the page's own test
                            futures[page].set_exception(exc)
                finally:
                    browser.close()
        except Exception as exc:  # the browser did not start: fail the pages left
            while True:
                try:
                    futures[todo.get_nowait()].set_exception(exc)
                except queue.Empty:
                    return

    n = int(os.environ.get("BOOK_BROWSER_WORKERS", min(3, os.cpu_count() or 1)))
    threads = [threading.Thread(target=work, daemon=True) for _ in range(max(1, n))]
    for t in threads:
        t.start()
    yield futures
    for t in threads:
        t.join(timeout=60)


@pytest.fixture(scope="session")
def weights():
    """Collects each page's weight; writes the report when the session ends."""
    table: dict[str, dict] = {}
    yield table
    if table:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "page-weights.json").write_text(json.dumps(table, indent=1))
        lines = ["| page | own files (bytes) | with shared assets | gzip, with shared |",
                 "|---|---:|---:|---:|"]
        for page, w in sorted(table.items()):
            lines.append(f"| {page} | {w['own']:,} | {w['total']:,} | {w['gzip']:,} |")
        (ARTIFACTS / "page-weights.md").write_text("\n".join(lines) + "\n")


# Run in the page once it has loaded: what a reader would notice is wrong.
CHECKS_JS = """
async () => {
  const problems = [];
  if (window.MathJax && MathJax.startup) { await MathJax.startup.promise; }
  const mathEls = [...document.querySelectorAll('.math')];
  const raw = mathEls.filter(e => !e.querySelector('mjx-container'));
  if (raw.length) {
    problems.push(`${raw.length} formulas not typeset: ${raw[0].textContent.slice(0, 60)}`);
  }
  const merr = document.querySelectorAll('mjx-merror');
  if (merr.length) {
    problems.push(`${merr.length} MathJax errors: ${merr[0].textContent.slice(0, 60)}`);
  }
  const article = document.querySelector('article') || document.body;
  const rawTeX = () => {
    const clone = article.cloneNode(true);
    const skipped = 'pre, code, script, style, mjx-container, .math';
    clone.querySelectorAll(skipped).forEach(e => e.remove());
    return /\\$\\$|\\$[^$\\s][^$]*?\\$|\\\\(frac|sum|hat|mathbf)\\b/.test(clone.textContent);
  };
  // formulas inside widget outputs are typeset after the widgets render: give them 2 s
  for (let i = 0; i < 20 && rawTeX(); i++) await new Promise(r => setTimeout(r, 100));
  if (rawTeX()) problems.push('raw TeX in the text');
  for (const img of document.querySelectorAll('img')) {
    if (img.closest('[hidden]')) continue;
    if (!img.getAttribute('alt')) problems.push(`image without alt text: ${img.src.slice(0, 80)}`);
    if (!img.complete || img.naturalWidth === 0) {
      problems.push(`image not loaded: ${img.src.slice(0, 80)}`);
    }
  }
  if (document.querySelector('.output.traceback, .output.error, .ansi-red-fg') ||
      /Traceback \\(most recent call last\\)/.test(article.textContent)) {
    problems.push('a notebook output holds a traceback');
  }
  return problems;
}
"""

# Each solution, then each folded code cell of a solution (tag hide-cell) or of a solved
# coding exercise (tag hide-input), and whether its content is visible.
SOLUTIONS_JS = """
() => [...document.querySelectorAll('.solution')].map(sol => {
  const body = [...sol.children].filter(c => !c.classList.contains('admonition-title'));
  const visible = body.some(c => c.offsetParent !== null && c.getBoundingClientRect().height > 0);
  return {id: sol.id, visible};
}).concat([...document.querySelectorAll(
    '.tag_hide-cell > details, .tag_hide-input > details')].map((d, i) => {
  // a closed <details> still lays its content out (content-visibility: hidden)
  return {id: `code cell ${i + 1} of a solution`, visible: d.open};
}))
"""

ANIMATION_JS = """
async () => {
  const results = [];
  for (const img of document.querySelectorAll('img[id^="_anim_img"]')) {
    const id = img.id.replace('_anim_img', '');
    const anim = window['anim' + id];
    if (!anim) { results.push({id, plays: false}); continue; }
    const before = img.src;
    anim.play_animation();
    for (let i = 0; i < 30 && img.src === before; i++) {
      await new Promise(r => setTimeout(r, 100));
    }
    anim.pause_animation();
    results.push({id, plays: img.src !== before});
  }
  return results;
}
"""


# Widget panels of a static page: each with its caption, every control marked inactive
# (the panels render asynchronously, and the captions follow: give them 3 s).
PANELS_JS = """
async () => {
  const check = () => {
    const problems = [];
    document.querySelectorAll('.widget-subarea').forEach((panel, i) => {
      const note = panel.previousElementSibling;
      if (!note || !note.matches('.book-widget-note') ||
          !note.textContent.includes('Controles inactivos')) {
        problems.push(`widget panel ${i + 1} has no caption saying its controls are inactive`);
      }
      const active = panel.querySelectorAll(
        '.widget-slider:not(.book-inactive), .widget-dropdown:not(.book-inactive)');
      if (active.length) {
        problems.push(`widget panel ${i + 1}: ${active.length} controls not marked inactive`);
      }
    });
    return problems;
  };
  for (let i = 0; i < 30 && check().length; i++) await new Promise(r => setTimeout(r, 100));
  return check();
}
"""


def _local_file(book: Path, url: str, base: str) -> Path | None:
    if not url.startswith(base):
        return None
    path = book / unquote(urlparse(url).path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


def _offline_context(browser, server: str):
    """A browser context that reaches the local server only; returns it and the list
    where the blocked addresses are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    external: list[str] = []

    def only_localhost(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_localhost)
    return context, external


def _inspect(browser, server: str, book: Path, page: str) -> tuple[list[str], dict]:
    """Open one page as a reader would; return what is wrong with it and its weight."""
    context, external = _offline_context(browser, server)
    tab = context.new_page()
    problems: list[str] = []
    loaded: list[str] = []
    tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: r.url.startswith(server) and problems.append(
        f"failed request: {r.url}"))
    tab.on("response", lambda r: (loaded.append(r.url), r.status >= 400 and problems.append(
        f"HTTP {r.status}: {r.url}")))
    try:
        html = (book / page).read_text(encoding="utf-8")
        redirect = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html, re.I)
        if redirect:  # the root index only sends the reader to the first page
            tab.goto(server + page, wait_until="commit")
            tab.wait_for_url(urljoin(server + page, redirect[1]), wait_until="load")
        else:
            tab.goto(server + page, wait_until="load")
        if "application/vnd.jupyter.widget-view+json" in html:
            try:
                tab.wait_for_selector(".widget-vbox", timeout=15_000)
            except Exception:
                problems.append("the embedded widgets did not render")
            else:
                n = tab.evaluate("document.querySelectorAll('.widget-slider, "
                                 ".widget-dropdown').length")
                if n == 0:
                    problems.append("the widget panel shows no control")
                problems += tab.evaluate(PANELS_JS)
        problems += tab.evaluate(CHECKS_JS)
        problems += [f"request to the internet: {u}" for u in external]

        solutions = tab.evaluate(SOLUTIONS_JS)
        problems += [f"solution {s['id']} visible before its button is clicked"
                     for s in solutions if s["visible"]]
        if solutions:  # and the button does reveal it
            tab.locator(".solution .toggle-button, .solution button").first.click()
            tab.wait_for_timeout(400)
            if not tab.evaluate(SOLUTIONS_JS)[0]["visible"]:
                problems.append("clicking a solution's button does not show it")

        problems += [f"animation {a['id']} does not play"
                     for a in tab.evaluate(ANIMATION_JS) if not a["plays"]]

        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "screenshots" / (page.replace("/", "__")[:-5] + ".jpg")
        shot.parent.mkdir(exist_ok=True)
        tab.screenshot(path=shot, full_page=True, type="jpeg", quality=60)
    finally:
        context.close()

    files = {f for u in loaded if (f := _local_file(book, u, server)) and f.is_file()}
    own = {f for f in files if "_static" not in f.parts}
    weight = {
        "own": sum(f.stat().st_size for f in own),
        "total": sum(f.stat().st_size for f in files),
        "gzip": sum(_gzip_size(f) for f in files),
    }
    return problems, weight


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_well_offline(page, inspections, weights):
    problems, weight = inspections[page].result(timeout=300)
    weights[page] = weight
    assert not problems, f"{page}:\n" + "\n".join(problems)
    assert weight["own"] < MAX_PAGE_BYTES, f"{page} weighs {weight['own']:,} bytes"


WIDGET_PAGE = "book/02_perceptron.html"

# What a reader can see and do with a panel's controls, and how its figure looks.
PANEL_STATE_JS = """
() => [...document.querySelectorAll('.widget-subarea')].map(panel => {
  const controls = [...panel.querySelectorAll('.widget-slider, .widget-dropdown')];
  const shown = el => {  // opacity and filter of the element and all its ancestors
    let opacity = 1, filtered = false;
    for (; el && el.nodeType === 1; el = el.parentElement) {
      const style = getComputedStyle(el);
      opacity *= parseFloat(style.opacity);
      filtered = filtered || style.filter !== 'none';
    }
    return {opacity, filtered};
  };
  return {
    note: panel.previousElementSibling && panel.previousElementSibling.matches(
      '.book-widget-note') ? panel.previousElementSibling.textContent : '',
    controls: controls.map(c => ({
      name: c.querySelector('.widget-label').textContent,
      inactive: c.classList.contains('book-inactive') &&
        c.getAttribute('aria-disabled') === 'true',
      dimmed: shown(c).opacity < 0.8,
      pointer: [...c.querySelectorAll('select, .noUi-handle, .widget-readout')].some(
        e => getComputedStyle(e).pointerEvents !== 'none'),
      focusable: [...c.querySelectorAll('select, [tabindex], [contenteditable]')].some(
        e => !e.disabled && (e.tabIndex >= 0 || e.isContentEditable)),
    })),
    figures: [...panel.querySelectorAll('.widget-output img')].map(shown),
    readouts: [...panel.querySelectorAll('.widget-readout')].map(r => r.textContent),
  };
})
"""


def test_widget_panels_look_inactive(browser, server):
    """A reader of the static page sees that the panel's controls do nothing here, and
    where to run it live; the panel's figure is shown as it is."""
    context, external = _offline_context(browser, server)
    try:
        tab = context.new_page()
        tab.goto(server + WIDGET_PAGE, wait_until="load")
        tab.wait_for_selector(".widget-subarea .widget-output img", timeout=15_000)
        try:  # the captions follow the panels, which render asynchronously
            tab.wait_for_function("""() => document.querySelectorAll('.book-widget-note')
                .length === document.querySelectorAll('.widget-subarea').length""",
                                  timeout=5_000)
        except Exception:
            pass  # the assertions below say what is missing
        panels = tab.evaluate(PANEL_STATE_JS)
        assert panels, f"{WIDGET_PAGE} shows no widget panel"
        for panel in panels:
            assert "Controles inactivos" in panel["note"], panel["note"]
            assert "Binder, Colab o JupyterLab" in panel["note"], panel["note"]
            assert panel["controls"], "a widget panel without controls"
            for c in panel["controls"]:
                assert c["inactive"] and c["dimmed"], f"control {c['name']} not marked inactive"
                assert not c["pointer"], f"control {c['name']} still takes the mouse"
                assert not c["focusable"], f"control {c['name']} still takes the keyboard"
            assert panel["figures"], "a widget panel without its figure"
            assert all(f["opacity"] == 1 and not f["filtered"] for f in panel["figures"]), (
                "the panel's figure is dimmed")

        # a reader drags a slider: nothing moves
        handle = tab.locator(".widget-subarea .noUi-handle").first
        box = handle.bounding_box()
        tab.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tab.mouse.down()
        tab.mouse.move(box["x"] + 150, box["y"] + box["height"] / 2, steps=5)
        tab.mouse.up()
        tab.keyboard.press("ArrowRight")
        after = tab.evaluate(PANEL_STATE_JS)
        assert [p["readouts"] for p in after] == [p["readouts"] for p in panels]
        assert not external, f"requests to the internet: {external}"
    finally:
        context.close()


def test_live_code_fails_fast_offline(browser, server):
    """«Live Code» loads thebe from a CDN and asks Binder for a kernel: offline it says so
    in Spanish at once instead of "Loading thebe from CDN..." forever."""
    context, external = _offline_context(browser, server)
    try:
        tab = context.new_page()
        errors: list[str] = []
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.goto(server + WIDGET_PAGE, wait_until="load")
        tab.click(".dropdown-launch-buttons .dropdown-toggle")  # the rocket of the header
        tab.click(".dropdown-launch-buttons .btn-launch-thebe")  # «Live Code»
        message = tab.locator(".thebe-launch-button .book-thebe-failure")
        try:
            message.wait_for(timeout=15_000)
        except Exception:
            status = tab.locator(".thebe-launch-button").all_inner_texts()
            pytest.fail(f"after 15 s offline, «Live Code» still says {status}")
        assert "No se pudo conectar con Binder" in message.inner_text()
        assert any("thebe" in url for url in external), "thebe was not requested"
        assert not errors, errors
    finally:
        context.close()
