"""Fixtures shared by the tests of the built book (browser and links).

The book is built once per run. When the run includes tests that need it, the build
starts in the background as soon as the tests are collected, and those tests run
last: the build (one core) overlaps the unit tests and nbval (whose kernel keeps the
other core busy) instead of adding to the run's time. The build runs at a lower
priority (``nice``), so that the widget updates timed in nbval's kernels (see
``widget_drive.py``) do not wait for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_BUILD: dict = {}


def _jupyter_book() -> str:
    exe = Path(sys.executable).with_name("jupyter-book")
    return str(exe) if exe.exists() else "jupyter-book"


def _start_build() -> None:
    """Start ``jupyter-book build . -W -n --keep-going`` (the README's command)."""
    if "process" not in _BUILD:
        log = tempfile.TemporaryFile(mode="w+")
        _BUILD.update(log=log, process=subprocess.Popen(
            [_jupyter_book(), "build", ".", "-W", "-n", "--keep-going"],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True,
            preexec_fn=_lower_priority if os.name == "posix" else None))


def _lower_priority() -> None:
    os.nice(10)


def pytest_collection_modifyitems(session, config, items):
    needs_book = [item for item in items if "book" in getattr(item, "fixturenames", ())]
    if needs_book and not config.option.collectonly:
        items[:] = [item for item in items if item not in needs_book] + needs_book
        _start_build()


@pytest.fixture(scope="session")
def jupyter_book() -> str:
    """The ``jupyter-book`` command of the environment running the tests."""
    return _jupyter_book()


@pytest.fixture(scope="session")
def book() -> Path:
    """The built book (incremental build, warnings as errors); returns the HTML folder."""
    _start_build()
    returncode = _BUILD["process"].wait()
    log = _BUILD["log"]
    log.seek(0)
    assert returncode == 0, f"book build failed:\n{log.read()[-6000:]}"
    return ROOT / "_build" / "html"
