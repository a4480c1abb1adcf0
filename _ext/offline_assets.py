"""Serve MathJax and the Jupyter widget manager from the book itself.

By default a Jupyter Book page loads MathJax and the widget manager from public
CDNs, so on a classroom network without internet the formulas stay as raw TeX
and the widgets never appear. This Sphinx extension downloads the two npm
packages from the npm registry at build time (checked against a pinned
SHA-256, cached with pooch, so later builds work offline), unpacks the files
the pages need under ``_static/vendor/`` and points Sphinx and MyST-NB at them.

Nothing here is committed: the packages live in the pooch cache
(``$BOOK_ASSETS_CACHE`` if set, else the user cache folder).
"""

from __future__ import annotations

import os
import shutil
import tarfile
from dataclasses import dataclass
from pathlib import Path

import pooch
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NpmPackage:
    """An npm tarball and the part of it the book serves."""

    name: str
    version: str
    sha256: str
    subdir: str  # folder inside the tarball to serve
    skip: tuple[str, ...] = ()  # file name suffixes not worth shipping

    @property
    def url(self) -> str:
        base = self.name.rsplit("/", 1)[-1]
        return f"https://registry.npmjs.org/{self.name}/-/{base}-{self.version}.tgz"

    @property
    def target(self) -> str:
        return self.name.rsplit("/", 1)[-1]


MATHJAX = NpmPackage(
    "mathjax", "3.2.2",
    "1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09",
    "package/es5/",
)
WIDGETS = NpmPackage(
    "@jupyter-widgets/html-manager", "1.0.6",
    "6c198ceb99ba7e7526990a1de16e8147ad7d3a714e3fb06741183623c04b5f6e",
    "package/dist/",
    # source maps and the AMD builds (we use the self-contained embed.js)
    skip=(".map", "embed-amd.js"),
)
PACKAGES = (MATHJAX, WIDGETS)

#: Paths, relative to ``_static/``, of the scripts the pages load.
MATHJAX_PATH = f"vendor/{MATHJAX.target}/tex-mml-chtml.js"
WIDGETS_PATH = f"vendor/{WIDGETS.target}/embed.js"
SUPPORT_PATH = "widgets-support.js"  # in static/ beside this file; see its header
SUPPORT_CSS = "widgets-support.css"  # tables inside widgets; panels marked inactive
THEBE_JS = "thebe-offline.js"  # «Live Code» fails fast offline; see its header
THEBE_CSS = "thebe-offline.css"
HERE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    """Where the tarballs and their unpacked files are kept between builds."""
    env = os.environ.get("BOOK_ASSETS_CACHE")
    return Path(env) if env else Path(pooch.os_cache("redes-neuronales-desde-cero"))


def _unpack(package: NpmPackage, tarball: Path, dest: Path) -> None:
    """Extract ``package.subdir`` of ``tarball`` into ``dest`` (replacing it)."""
    tmp = dest.with_name(dest.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    with tarfile.open(tarball) as tar:
        members = []
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(package.subdir):
                continue
            if member.name.endswith(package.skip):
                continue
            member.name = member.name[len(package.subdir):]
            members.append(member)
        tar.extractall(tmp, members=members, filter="data")
    shutil.rmtree(dest, ignore_errors=True)
    tmp.rename(dest)


def vendor_static_dir() -> Path:
    """Fetch (once) and unpack the packages; return the folder to add to ``_static``."""
    root = cache_dir()
    static = root / f"static-{'-'.join(p.sha256[:8] for p in PACKAGES)}"
    for package in PACKAGES:
        dest = static / "vendor" / package.target
        if (dest / ".complete").exists():
            continue
        try:
            tarball = pooch.retrieve(package.url, known_hash=f"sha256:{package.sha256}",
                                     path=root / "tarballs", progressbar=False)
        except Exception as exc:  # network or hash failure: say what to do
            raise ExtensionError(
                f"offline_assets: could not fetch {package.url} ({exc}). The book serves "
                "MathJax and the widget manager itself; the first build needs the npm "
                "registry, later builds reuse the cache in "
                f"{root} (set BOOK_ASSETS_CACHE to use another folder).") from exc
        _unpack(package, Path(tarball), dest)
        (dest / ".complete").write_text(package.version, encoding="utf-8")
    return static


def _configure(app: Sphinx) -> None:
    if app.builder.format != "html":  # linkcheck, latex, ... load no scripts
        return
    config = app.config
    static = vendor_static_dir()
    config.html_static_path = [*config.html_static_path, str(static), str(HERE / "static")]
    config.mathjax_path = MATHJAX_PATH
    # The self-contained bundle needs no require.js; our widgets are all core ones.
    config.nb_ipywidgets_js = {SUPPORT_PATH: {}, WIDGETS_PATH: {}}
    app.add_css_file(SUPPORT_CSS)
    if "sphinx_thebe" in app.extensions:  # no-op on a page without a «Live Code» button
        app.add_js_file(THEBE_JS)
        app.add_css_file(THEBE_CSS)
    logger.info("offline_assets: MathJax %s and html-manager %s served from _static/vendor",
                MATHJAX.version, WIDGETS.version)


def _unique_scripts(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree) -> None:
    """Drop repeated inline scripts.

    sphinx-thebe adds its configuration (``const THEBE_JS_URL = ...``) once per
    read phase, and a second copy stops the page with "Identifier has already
    been declared".
    """
    seen, unique = set(), []
    for script in context.get("script_files", []):
        filename = getattr(script, "filename", script) or ""  # None and "" both mean inline
        key = (os.fspath(filename), tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app: Sphinx) -> dict:
    # Before MyST-NB reads its configuration (builder-inited, priority 500); Sphinx
    # reads mathjax_path and html_static_path later, when writing pages.
    app.connect("builder-inited", _configure, priority=100)
    app.connect("html-page-context", _unique_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1.0"}
