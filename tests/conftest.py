"""Fixtures shared by the tests of the built book (browser and links)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def jupyter_book() -> str:
    """The ``jupyter-book`` command of the environment running the tests."""
    exe = Path(sys.executable).with_name("jupyter-book")
    return str(exe) if exe.exists() else "jupyter-book"


@pytest.fixture(scope="session")
def book(jupyter_book) -> Path:
    """Build the book (incremental) exactly as the README says; return the HTML folder."""
    cmd = [jupyter_book, "build", ".", "-W", "-n", "--keep-going"]
    run = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, f"book build failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    return ROOT / "_build" / "html"

