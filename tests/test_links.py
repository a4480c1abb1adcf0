"""Links of the built book: every internal link lands, external links are listed.

Two checks, because each sees what the other cannot:

* Sphinx's ``linkcheck`` builder (run as ``jupyter-book build . --builder custom
  --custom-builder linkcheck``, into ``_build/linkcheck``) reports every link the
  sources write. Local ones must not be broken; external ones are allowed to fail
  (this machine has no internet) and are listed, with their status, in
  ``ci-artifacts/external-links.md``.
* ``linkcheck`` leaves in-page anchors (``#ej-...``) unchecked, and it never sees the
  links the theme writes. So every relative ``href``/``src`` of every built HTML page
  is resolved here: the file must exist and the anchor must be an ``id`` in it.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "ci-artifacts"
LINKCHECK_REPORT = ROOT / "_build" / "linkcheck" / "output.json"  # as in conftest.py
LINKED = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}


class _Page(HTMLParser):
    """The ids a page defines and the links it makes."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        if tag in LINKED and attrs.get(LINKED[tag]):
            self.links.append(attrs[LINKED[tag]])


def broken_internal_links(html: Path) -> list[str]:
    """Relative links of the HTML pages under ``html`` whose file or anchor is missing."""
    pages: dict[Path, _Page] = {}

    def page(path: Path) -> _Page:
        if path not in pages:
            pages[path] = _Page(path.read_text(encoding="utf-8"))
        return pages[path]

    broken = []
    sources = [p for p in sorted(html.rglob("*.html"))
               if not {"_static", "_sources"} & set(p.relative_to(html).parts)]
    for source in sources:
        for link in page(source).links:
            url = urlsplit(link)
            if url.scheme or link.startswith("//"):
                continue
            target = (source.parent / unquote(url.path)).resolve() if url.path else source
            if target.is_dir():
                target = target / "index.html"
            where = f"{source.relative_to(html)}: {link}"
            if not target.is_file():
                broken.append(f"{where} (no such file)")
            elif url.fragment and target.suffix == ".html" and \
                    unquote(url.fragment) not in page(target).ids:
                broken.append(f"{where} (no such anchor)")
    return broken


def test_the_anchor_check_finds_a_broken_link(tmp_path):
    (tmp_path / "a.html").write_text(
        '<h1 id="top">A</h1><a href="#top">ok</a><a href="b.html#nowhere">anchor</a>'
        '<a href="c.html">file</a><img src="x.png" alt=""><a href="https://example.org">out</a>')
    (tmp_path / "b.html").write_text('<p id="here">B</p>')
    assert broken_internal_links(tmp_path) == [
        "a.html: b.html#nowhere (no such anchor)",
        "a.html: c.html (no such file)",
        "a.html: x.png (no such file)",
    ]


def test_every_internal_link_of_the_built_book_lands(book):
    broken = broken_internal_links(book)
    assert not broken, "\n".join(broken)


@pytest.fixture(scope="module")
def linkcheck(linkcheck_run) -> list[dict]:
    """Sphinx's linkcheck report (conftest.py runs it after the build), one dict per link."""
    # exit code 1 only says that some link is broken: external ones are, offline
    assert LINKCHECK_REPORT.is_file(), (
        f"linkcheck did not run:\n{linkcheck_run.stdout[-3000:]}\n"
        f"{linkcheck_run.stderr[-3000:]}")
    lines = LINKCHECK_REPORT.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _external(row: dict) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*:", row["uri"]) is not None


def test_linkcheck_finds_no_broken_local_link(linkcheck):
    local = [row for row in linkcheck if not _external(row)]
    assert local, "linkcheck reported no local link at all"
    broken = [f"{row['filename']}:{row['lineno']}: {row['uri']} ({row['status']}: {row['info']})"
              for row in local if row["status"] not in ("working", "unchecked")]
    assert not broken, "\n".join(broken)


def test_external_links_are_listed(linkcheck):
    external = sorted({(row["uri"], row["status"], row["filename"])
                       for row in linkcheck if _external(row)})
    assert external, "linkcheck reported no external link at all"
    ARTIFACTS.mkdir(exist_ok=True)
    lines = ["| link | status seen from the test machine | first cited in |", "|---|---|---|"]
    seen = set()
    for uri, status, filename in external:
        if uri not in seen:
            seen.add(uri)
            lines.append(f"| <{uri}> | {status} | {filename} |")
    (ARTIFACTS / "external-links.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
