"""Binder's path: a fresh environment built from requirements.txt runs a chapter.

repo2docker installs ``requirements.txt`` at the root and starts Jupyter in the
repository; a reader then opens ``book/NN_chapter.ipynb``, whose kernel starts in
``book/``. This test does the same in a new virtual environment that shares nothing
with the one running the tests: ``pip install -r requirements.txt`` (the fixture
``binder_env`` of ``conftest.py``), then the chapter is executed from inside ``book/``
by that environment's own Jupyter kernel. There is no path hack to fall back on:
``mlp_lib`` must come from the editable install, and the chapter's printed numbers
must be the ones stored in the notebook.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "book" / "02_perceptron.ipynb"

# Run by the fresh environment's Python: execute the chapter in a kernel whose
# working directory is book/, then ask that kernel where it and mlp_lib live.
DRIVER = """
import sys
from pathlib import Path

import nbformat

source, target = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, str(source.resolve().parents[1]))  # the repository: its scripts/
from scripts.notebook_client import NotebookClient  # waits in slices, see that module

nb = nbformat.read(source, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import os, sys, mlp_lib\\n"
    "print(sys.prefix)\\nprint(mlp_lib.__file__)\\nprint(os.getcwd())"))
NotebookClient(nb, kernel_name="python3", timeout=300,
               resources={"metadata": {"path": str(source.parent)}}).execute()
nbformat.write(nb, target)
"""


def _streams(cells) -> list[str]:
    return ["".join(out["text"]) for cell in cells if cell["cell_type"] == "code"
            for out in cell.get("outputs", []) if out["output_type"] == "stream"]


def test_a_chapter_runs_in_a_fresh_binder_environment(binder_env, tmp_path):
    venv, env = binder_env  # made by conftest.py, in the background, while nbval runs
    python = venv / "bin" / "python"

    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    executed = tmp_path / "executed.ipynb"
    run = subprocess.run([str(python), str(driver), str(CHAPTER), str(executed)],
                         cwd=ROOT / "book", env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]

    cells = json.loads(executed.read_text(encoding="utf-8"))["cells"]
    prefix, library, cwd = _streams(cells[-1:])[0].split()
    assert Path(prefix) == venv, "the kernel is not the fresh environment's Python"
    assert Path(library) == ROOT / "mlp_lib" / "__init__.py"
    assert Path(cwd) == ROOT / "book"
    stored = json.loads(CHAPTER.read_text(encoding="utf-8"))["cells"]
    assert _streams(cells[:-1]) == _streams(stored), "printed numbers differ from the stored ones"
