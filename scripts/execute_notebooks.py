"""Re-execute the book's notebooks in place, top to bottom, in a fresh kernel each.

Usage::

    python scripts/execute_notebooks.py                 # every notebook in book/
    python scripts/execute_notebooks.py book/02_perceptron.ipynb

Outputs are stored in the notebooks (nbval compares them), so run this after
any change that affects outputs and commit the result. Execution is made
deterministic: fixed hash seed, no timing metadata, widget state stored so
the static HTML can show each widget's initial state.

Each notebook starts with a setup cell, written here from ``repository.url``
in ``_config.yml``: on Colab (or any Python without the book's library) it
installs ``mlp_lib`` from the repository; elsewhere it does nothing. The book
hides it (tag ``remove-cell``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SETUP_TAG = "colab-setup"
SETUP_SOURCE = """\
# En Colab (o donde falte mlp_lib): instala la biblioteca del libro.
try:
    import mlp_lib  # noqa: F401
except ImportError:
    %pip install --quiet "mlp_lib @ git+{url}"
"""


def setup_source(root: Path = ROOT) -> str:
    """The first cell of every chapter, for the repository URL set in ``_config.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"].rstrip("/")
    return SETUP_SOURCE.format(url=url if url.endswith(".git") else f"{url}.git")


def ensure_setup_cell(nb: nbformat.NotebookNode) -> None:
    """Put (or refresh) the install-if-missing cell at the top of ``nb``."""
    cell = nbformat.v4.new_code_cell(setup_source())
    cell.metadata["tags"] = ["remove-cell", SETUP_TAG]
    cell.id = SETUP_TAG
    if nb.cells and nb.cells[0].get("id") == SETUP_TAG:
        nb.cells[0] = cell
    else:
        nb.cells.insert(0, cell)


def execute(path: Path, timeout: int = 300) -> float:
    """Execute one notebook in place; return the wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    ensure_setup_cell(nb)
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
    text = _stable_widget_ids(nbformat.writes(nb), path.stem)
    path.write_text(text, encoding="utf-8")
    return elapsed


def _stable_widget_ids(text: str, name: str) -> str:
    """Replace the random widget model ids by ids derived from the notebook and their order.

    ipywidgets names each model with a random UUID; renaming them (in the order reached
    from the widgets shown in the cells) keeps re-executions byte-identical, so a diff shows
    only real changes.
    """
    nb = json.loads(text)
    state = nb.get("metadata", {}).get("widgets", {})
    models = state.get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    queue = [
        out["data"][WIDGET_VIEW]["model_id"]
        for cell in nb["cells"]
        for out in cell.get("outputs", [])
        if WIDGET_VIEW in out.get("data", {})
    ]
    order: list[str] = []
    while queue:
        model_id = queue.pop(0)
        if model_id in models and model_id not in order:
            order.append(model_id)
            queue += re.findall(r"IPY_MODEL_([0-9a-f]{32})", json.dumps(models[model_id]))
    unreached = sorted(set(models) - set(order),
                       key=lambda m: re.sub(r"[0-9a-f]{32}", "", json.dumps(models[m])))
    for i, old in enumerate(order + unreached):
        text = text.replace(old, hashlib.sha1(f"{name}-{i}".encode()).hexdigest()[:32])
    return nbformat.writes(nbformat.reads(text, as_version=4))


def main(argv: list[str]) -> int:
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # as in the tests: same digits on any machine
    if "MLP_LIB_DATA" not in os.environ and SHARED_DATA.is_dir():
        os.environ["MLP_LIB_DATA"] = str(SHARED_DATA)
    paths = [Path(p) for p in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {execute(path.resolve()):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
