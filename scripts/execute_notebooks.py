"""Re-execute the book's notebooks in place, top to bottom, in a fresh kernel each.

Usage::

    python scripts/execute_notebooks.py                 # every notebook in book/
    python scripts/execute_notebooks.py book/02_perceptron.ipynb

Outputs are stored in the notebooks (nbval compares them), so run this after
any change that affects outputs and commit the result. Execution is made
deterministic: fixed hash seed, no timing metadata, widget state stored so
the static HTML can show each widget's initial state.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


def execute(path: Path, timeout: int = 300) -> float:
    """Execute one notebook in place; return the wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:  # keep the stored notebook free of run-specific metadata
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    return elapsed


def main(argv: list[str]) -> int:
    os.environ.setdefault("PYTHONHASHSEED", "0")
    if "MLP_LIB_DATA" not in os.environ and SHARED_DATA.is_dir():
        os.environ["MLP_LIB_DATA"] = str(SHARED_DATA)
    paths = [Path(p) for p in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {execute(path.resolve()):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
