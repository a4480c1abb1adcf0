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
installs ``mlp_lib`` at the commit the chapters were executed with (the last
commit that changed ``mlp_lib/`` or ``pyproject.toml``) and stops with a
Spanish message if that fails; elsewhere it does nothing. It is collapsed in
JupyterLab and Colab and hidden in the book (tag ``remove-cell``).

The heading «Ejercicios» of each chapter gets a cell of its own with the links to the
chapter's student edition (``estudiante/``, see ``scripts/student_edition.py``) on Binder,
Colab and GitHub, also derived from ``repository.url``.

After committing a change to the library, run ``--pin`` to point the setup
cells at the new commit and refresh the links (it does not execute anything)::

    python scripts/execute_notebooks.py --pin
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import yaml

if not __package__:  # run as `python scripts/execute_notebooks.py`: make `scripts` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.notebook_client import NotebookClient  # noqa: E402
from scripts.project import ROOT, reproducible_environment  # noqa: E402

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SETUP_TAG = "colab-setup"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
SETUP_SOURCE = """\
#@title Instalar mlp_lib (solo hace falta en Colab)
# Si falta mlp_lib, la biblioteca del libro, instala la versión con la que se
# ejecutó este capítulo. En tu computadora o en Binder no hace nada.
try:
    import mlp_lib  # noqa: F401
except ImportError:
    import subprocess
    import sys

    VERSION = "{commit}"  # un commit
    FUENTE = ("mlp_lib @ git+{url_head}"
              "{url_tail}@" + VERSION)
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", FUENTE],
        capture_output=True, text=True)
    if pip.returncode != 0:
        print(pip.stderr[-1500:])
        mensaje = (
            "No se pudo instalar mlp_lib, la biblioteca del libro (el error "
            "de pip está arriba). Revisa la conexión a internet y vuelve a "
            "ejecutar esta celda: sin mlp_lib, las demás celdas fallan.")
        raise RuntimeError(mensaje) from None
"""
PIN = re.compile(r'VERSION = "([0-9a-f]{40})"')


def library_commit(root: Path = ROOT) -> str | None:
    """The last commit that changed the library, or None if it has uncommitted changes."""
    paths = ["mlp_lib", "pyproject.toml"]
    dirty = _git(root, "status", "--porcelain", "--", *paths)
    if dirty:
        return None
    return _git(root, "log", "-1", "--format=%H", "--", *paths)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def setup_source(root: Path = ROOT, commit: str | None = None) -> str:
    """The first cell of every chapter, for the repository URL set in ``_config.yml``."""
    head, tail = f"{_repository(root)[0]}.git".rsplit("/", 1)
    commit = commit or library_commit(root)
    if commit is None:
        raise RuntimeError("mlp_lib/ or pyproject.toml has uncommitted changes: commit "
                           "them, then run scripts/execute_notebooks.py --pin")
    return SETUP_SOURCE.format(url_head=f"{head}/", url_tail=tail, commit=commit)


STUDENT_LINKS_ID = "edicion-estudiante"
STUDENT_LINKS = """\
## Ejercicios
{checked}
Para resolverlos sin ver las soluciones, abre la **edición para estudiantes** de este
capítulo: en [Binder]({binder}), en [Colab]({colab}) o [desde GitHub]({github}) para
descargarla (en tu computadora está en `estudiante/{name}`)."""
CHECKED = """
Los ejercicios de programación se comprueban solos: la última línea de su celda compara tu
función con `mlp_lib` y, si algo falla, te dice qué y dónde repasarlo.
"""


def _repository(root: Path = ROOT) -> tuple[str, str]:
    """The repository URL (without ``.git``) and branch of ``_config.yml``."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"].rstrip("/").removesuffix(".git")
    return url, config["repository"].get("branch", "main")


def student_links_source(name: str, coding: bool, root: Path = ROOT) -> str:
    """The heading of the exercises with the links to the chapter's student edition.

    ``coding`` says whether the chapter has coding exercises (cells with nbgrader's
    ``solution`` metadata), which check themselves.
    """
    url, branch = _repository(root)
    slug = url.removeprefix("https://github.com/")
    path = f"estudiante/{name}"
    return STUDENT_LINKS.format(
        checked=CHECKED if coding else "",
        binder=f"https://mybinder.org/v2/gh/{slug}/{branch}?labpath={path}",
        colab=f"https://colab.research.google.com/github/{slug}/blob/{branch}/{path}",
        github=f"{url}/blob/{branch}/{path}", name=name)


def has_coding_exercises(nb: nbformat.NotebookNode) -> bool:
    return any(c.metadata.get("nbgrader", {}).get("solution", False) for c in nb.cells)


def ensure_student_links(nb: nbformat.NotebookNode, name: str) -> None:
    """Give the «Ejercicios» heading its own cell, with the links to the student edition."""
    source = student_links_source(name, has_coding_exercises(nb))
    for cell in nb.cells:
        if cell.get("id") == STUDENT_LINKS_ID:
            cell.source = source
            return
    for i, cell in enumerate(nb.cells):
        parts = re.split(r"(?:^|\n)## Ejercicios\n", cell.source, maxsplit=1)
        if cell.cell_type == "markdown" and len(parts) == 2:
            before, after = parts[0].rstrip("\n"), parts[1].lstrip("\n")
            links = nbformat.v4.new_markdown_cell(source)
            links.id = STUDENT_LINKS_ID
            new = [links]
            if after:
                rest = nbformat.v4.new_markdown_cell(after)
                rest.id = f"{STUDENT_LINKS_ID}-1"
                new.append(rest)
            nb.cells[i:i + 1] = ([cell] if before else []) + new
            cell.source = before
            return
    raise ValueError(f"{name} has no «## Ejercicios» section")


def pinned_commit(nb: nbformat.NotebookNode) -> str | None:
    """The commit the setup cell of ``nb`` installs, if it has one."""
    if nb.cells and nb.cells[0].get("id") == SETUP_TAG:
        match = PIN.search(nb.cells[0].source)
        return match.group(1) if match else None
    return None


def ensure_setup_cell(nb: nbformat.NotebookNode) -> None:
    """Put (or refresh) the install-if-missing cell at the top of ``nb``.

    With uncommitted library changes the cell keeps its current commit (a
    warning says to run ``--pin`` after committing).
    """
    commit = library_commit()
    if commit is None:
        commit = pinned_commit(nb) or _git(ROOT, "log", "-1", "--format=%H", "--",
                                           "mlp_lib", "pyproject.toml")
        print("warning: mlp_lib has uncommitted changes; commit them, then run "
              "scripts/execute_notebooks.py --pin", file=sys.stderr)
    cell = nbformat.v4.new_code_cell(setup_source(commit=commit))
    cell.metadata["tags"] = ["remove-cell", SETUP_TAG]
    cell.metadata["cellView"] = "form"  # Colab: show the title, fold the code
    cell.metadata["jupyter"] = {"source_hidden": True}  # JupyterLab: fold the code
    cell.id = SETUP_TAG
    if nb.cells and nb.cells[0].get("id") == SETUP_TAG:
        old = nb.cells[0]
        cell.outputs, cell.execution_count = old.get("outputs", []), old.get("execution_count")
        nb.cells[0] = cell
    else:
        nb.cells.insert(0, cell)


def write(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write ``nb`` as JupyterLab saves it, so that opening it changes nothing.

    JupyterLab sets the kernelspec of the running kernel (its display name is
    "Python 3 (ipykernel)") and ends the file with a newline.
    """
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    text = _stable_widget_ids(nbformat.writes(nb), path.stem)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def execute(path: Path, timeout: int = 300) -> float:
    """Execute one notebook in place; return the wall time in seconds."""
    nb = nbformat.read(path, as_version=4)
    ensure_setup_cell(nb)
    ensure_student_links(nb, path.name)
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
    # The setup cell is the reader's, not part of the chapter: no [1] on it, and the
    # chapter's own cells are numbered from 1.
    nb.cells[0].execution_count = None
    for cell in nb.cells[1:]:
        if cell.cell_type == "code" and cell.execution_count is not None:
            cell.execution_count -= 1
    write(nb, path)
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


def pin(path: Path) -> None:
    """Refresh the setup cell of ``path`` without executing anything."""
    nb = nbformat.read(path, as_version=4)
    ensure_setup_cell(nb)
    ensure_student_links(nb, path.name)
    write(nb, path)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--pin"]:
        for path in [Path(p) for p in argv[1:]] or sorted((ROOT / "book").glob("*.ipynb")):
            pin(path.resolve())
        return 0
    reproducible_environment()  # as in the tests: the same digits on any machine
    paths = [Path(p) for p in argv] or sorted((ROOT / "book").glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {execute(path.resolve()):.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
