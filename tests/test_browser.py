"""The built book as its readers meet it: every page in headless Chromium, offline.

The book is built (``jupyter-book build . -W -n --keep-going``, incremental) and
served from ``127.0.0.1``; every other address is blocked, so a page that still
needed a CDN would show it here. Each page must load with no console error, no
failed request, every formula typeset by MathJax, every image loaded and
described (alt text), no traceback in a notebook output, every exercise
solution hidden until its button is clicked, every animation playing and every
widget rendered from its embedded state. One screenshot per page and a report
of page weights go to ``ci-artifacts/`` (ignored by git).

Needs Debian's ``chromium`` (``apt-get install chromium``; ``$CHROMIUM`` may name
another binary); without it the tests are skipped, unless ``BOOK_REQUIRE_BROWSER``
is set (CI sets it), when they fail.
"""

from __future__ import annotations

import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
ARTIFACTS = ROOT / "ci-artifacts"
MAX_PAGE_BYTES = 3_000_000  # a page's own files: HTML, figures, animations


def _pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", [])
                             for c in part.get("chapters", [])]
    return ["index.html", *(f"{f}.html" for f in files), "genindex.html", "search.html"]


PAGES = _pages()


def _chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which(
        "chromium-browser")


@functools.lru_cache(maxsize=None)
def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


@pytest.fixture(scope="session")
def book() -> Path:
    """Build the book (incremental) exactly as the README says; return the HTML folder."""
    exe = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(exe) if exe.exists() else "jupyter-book", "build", ".", "-W", "-n",
           "--keep-going"]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, f"book build failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return HTML


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


@pytest.fixture(scope="session")
def browser():
    path = _chromium()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("BOOK_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            # belt and braces: no name resolves but the local server's
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        ])
        yield chromium
        chromium.close()


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
  if (raw.length) problems.push(`${raw.length} formulas not typeset: ${raw[0].textContent.slice(0, 60)}`);
  const merr = document.querySelectorAll('mjx-merror');
  if (merr.length) problems.push(`${merr.length} MathJax errors: ${merr[0].textContent.slice(0, 60)}`);
  const article = document.querySelector('article') || document.body;
  const clone = article.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .math').forEach(e => e.remove());
  const text = clone.textContent;
  if (/\\$\\$|\\\\(frac|sum|hat|mathbf)\\b/.test(text)) problems.push('raw TeX in the text');
  for (const img of document.querySelectorAll('img')) {
    if (img.closest('[hidden]')) continue;
    if (!img.getAttribute('alt')) problems.push(`image without alt text: ${img.src.slice(0, 80)}`);
    if (!img.complete || img.naturalWidth === 0) problems.push(`image not loaded: ${img.src.slice(0, 80)}`);
  }
  if (document.querySelector('.output.traceback, .output.error, .ansi-red-fg') ||
      /Traceback \\(most recent call last\\)/.test(article.textContent)) {
    problems.push('a notebook output holds a traceback');
  }
  return problems;
}
"""

SOLUTIONS_JS = """
() => [...document.querySelectorAll('.solution')].map(sol => {
  const body = [...sol.children].filter(c => !c.classList.contains('admonition-title'));
  const visible = body.some(c => c.offsetParent !== null && c.getBoundingClientRect().height > 0);
  return {id: sol.id, visible};
})
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


def _local_file(book: Path, url: str, base: str) -> Path | None:
    if not url.startswith(base):
        return None
    path = book / unquote(urlparse(url).path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_well_offline(page, book, server, browser, weights):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    external: list[str] = []

    def only_localhost(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_localhost)
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
        tab.goto(server + page, wait_until="load")
        tab.wait_for_load_state("networkidle")
        problems += tab.evaluate(CHECKS_JS)
        problems += [f"request to the internet: {u}" for u in external]

        html = (book / page).read_text(encoding="utf-8")
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
        shot = ARTIFACTS / "screenshots" / (page.replace("/", "__")[:-5] + ".png")
        shot.parent.mkdir(exist_ok=True)
        tab.screenshot(path=shot, full_page=True)
    finally:
        context.close()

    files = {f for u in loaded if (f := _local_file(book, u, server)) and f.is_file()}
    own = {f for f in files if "_static" not in f.parts}
    weights[page] = {
        "own": sum(f.stat().st_size for f in own),
        "total": sum(f.stat().st_size for f in files),
        "gzip": sum(_gzip_size(f) for f in files),
    }
    assert not problems, f"{page}:\n" + "\n".join(problems)
    assert weights[page]["own"] < MAX_PAGE_BYTES, f"{page} weighs {weights[page]['own']:,} bytes"
