"""Fixtures for the slow tests: the built book (browser, links) and Binder's environment.

Both are made once per run, in the background. When the run includes tests that need
them, the book build and the ``pip install -r requirements.txt`` of a fresh Binder-like
environment start as soon as the tests are collected, and those tests run last: the
two jobs use the core that nbval's kernel leaves free instead of adding to the run's
time. They run at a lower priority (``nice``), so that the widget updates timed in
nbval's kernels (see ``widget_drive.py``) do not wait for them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINKCHECK_REPORT = ROOT / "_build" / "linkcheck" / "output.json"
_BUILD: dict = {}
_BINDER: dict = {}


def _jupyter_book() -> str:
    exe = Path(sys.executable).with_name("jupyter-book")
    return str(exe) if exe.exists() else "jupyter-book"


def _start_build(linkcheck: bool = False) -> None:
    """Build the book (the README's ``jupyter-book build . -W -n --keep-going``) in a
    background thread; then, if asked, run Sphinx's linkcheck builder on it."""
    if "thread" in _BUILD:
        return
    _BUILD.update(log=tempfile.TemporaryFile(mode="w+"), html=threading.Event(),
                  done=threading.Event())
    _BUILD["thread"] = threading.Thread(target=_builds, args=(linkcheck,), daemon=True)
    _BUILD["thread"].start()


def _builds(linkcheck: bool) -> None:
    try:
        html = subprocess.run([_jupyter_book(), "build", ".", "-W", "-n", "--keep-going"],
                              cwd=ROOT, stdout=_BUILD["log"], stderr=subprocess.STDOUT,
                              text=True, **_NICE)
        _BUILD["returncode"] = html.returncode
        _BUILD["html"].set()
        if linkcheck and html.returncode == 0:
            _BUILD["linkcheck"] = _linkcheck(**_NICE)
    finally:
        _BUILD.setdefault("returncode", -1)
        _BUILD["html"].set()
        _BUILD["done"].set()


def _linkcheck(**popen_args) -> subprocess.CompletedProcess:
    """Run Sphinx's linkcheck builder on the book; it writes ``LINKCHECK_REPORT``."""
    LINKCHECK_REPORT.unlink(missing_ok=True)
    return subprocess.run([_jupyter_book(), "build", ".", "--builder", "custom",
                           "--custom-builder", "linkcheck"],
                          cwd=ROOT, capture_output=True, text=True, **popen_args)


# How much lower: BOOK_BACKGROUND_NICE, default 10. .ci/run sets 0, because there the
# heavier checks beside the test command run niced already, and a niced book build would
# wait behind them while the browser tests wait for it.
_BACKGROUND_NICE = int(os.environ.get("BOOK_BACKGROUND_NICE", "10"))


def _lower_priority() -> None:
    os.nice(_BACKGROUND_NICE)


# subprocess arguments for the background jobs: a lower priority, where there is `nice`
_NICE = {"preexec_fn": _lower_priority} if os.name == "posix" and _BACKGROUND_NICE else {}


def _start_binder_env() -> None:
    """Create a new venv and ``pip install -r requirements.txt`` in it, as repo2docker."""
    if "process" in _BINDER:
        return
    home = Path(tempfile.mkdtemp(prefix="binder-"))
    venv = home / "venv"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(
        VIRTUAL_ENV=str(venv),
        PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
        # no kernel or setting from the user's own Jupyter folders
        JUPYTER_DATA_DIR=str(home / "jupyter-data"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    script = (f'"{sys.executable}" -m venv "{venv}" && "{venv / "bin" / "python"}" -m pip '
              f'install --quiet --no-compile -r requirements.txt')
    log = tempfile.TemporaryFile(mode="w+")
    _BINDER.update(home=home, venv=venv, env=env, log=log, process=subprocess.Popen(
        script, shell=True, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        text=True, **_NICE))


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what will not run
def pytest_collection_modifyitems(session, config, items):
    if config.option.collectonly:
        return
    late = []
    for fixture in ("binder_env", "book", "linkcheck_run"):
        late += [item for item in items
                 if fixture in getattr(item, "fixturenames", ()) and item not in late]
    if any("binder_env" in item.fixturenames for item in late):
        _start_binder_env()
    if any("book" in item.fixturenames for item in late):
        _start_build(linkcheck=any("linkcheck_run" in item.fixturenames for item in late))
    items[:] = [item for item in items if item not in late] + late


def pytest_sessionfinish(session, exitstatus):
    if "home" in _BINDER:
        _BINDER["process"].wait()
        shutil.rmtree(_BINDER["home"], ignore_errors=True)


@pytest.fixture(scope="session")
def book() -> Path:
    """The built book (incremental build, warnings as errors); returns the HTML folder."""
    _start_build()
    _BUILD["html"].wait()
    log = _BUILD["log"]
    log.seek(0)
    assert _BUILD["returncode"] == 0, f"book build failed:\n{log.read()[-6000:]}"
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def linkcheck_run(book) -> subprocess.CompletedProcess:
    """Sphinx's linkcheck builder, run on the book right after the build; its report is
    ``LINKCHECK_REPORT``."""
    _BUILD["done"].wait()
    if "linkcheck" not in _BUILD:  # the build started without it (a narrower selection)
        _BUILD["linkcheck"] = _linkcheck()
    return _BUILD["linkcheck"]


@pytest.fixture(scope="session")
def binder_env() -> tuple[Path, dict]:
    """A fresh venv with ``requirements.txt`` installed: ``(venv folder, its environment)``."""
    _start_binder_env()
    returncode = _BINDER["process"].wait()
    log = _BINDER["log"]
    log.seek(0)
    assert returncode == 0, f"pip install -r requirements.txt failed:\n{log.read()[-6000:]}"
    return _BINDER["venv"], dict(_BINDER["env"])


def pytest_terminal_summary(terminalreporter):
    """List the trained-weight hashes of tests/test_rounding_env.py, if it ran."""
    module = sys.modules.get("test_rounding_env") or sys.modules.get("tests.test_rounding_env")
    if module is None or not module.RESULTS:
        return
    terminalreporter.section("rounding: one network trained under two BLAS kernels")
    for r in module.RESULTS:
        terminalreporter.line(f"{r['env']:<30} kernel {r['kernel']:<12} "
                              f"weights sha256 {r['sha256'][:16]}  accuracy {r['accuracy']}")
