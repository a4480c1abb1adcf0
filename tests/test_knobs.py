"""Every chapter runs to the end with its seeds and settings changed.

The book invites readers to change a seed, a learning rate or a size and run a
chapter again. This test does it for them: in every chapter each literal seed
(``seed=<n>``, ``random_state=<n>``, ``default_rng(<n>)``) gets another value,
the top-level settings listed in ``KNOBS`` get other reasonable values, and the
chapter runs top to bottom in a fresh kernel, with its coding exercises unsolved (the
skeletons of the student edition, ``scripts/student_edition.py``). It must end without an
exception:
the ``assert`` lines left in the chapters state the lesson's claims in a form
that holds for any seed or setting. Outputs are not compared, since they change
as they should; the exact values of the stored run are nbval's job.

It re-executes the whole book (a few minutes), so it runs only when asked::

    python -m pytest --knobs tests/test_knobs.py

(with ``KNOBS_SHARD=1/2`` and ``KNOBS_SHARD=2/2``, every other chapter each)

and ``.ci/run`` asks for it. ``KNOBS_SEED_SHIFT`` (default 1000) sets how much
each seed is shifted, to try more seeds by hand.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

from scripts import student_edition
from scripts.notebook_client import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))
# KNOBS_SHARD="i/n" runs every n-th chapter from the i-th (1-based): .ci/run runs the
# halves "1/2" and "2/2" side by side, as two kernels.
_SHARD = os.environ.get("KNOBS_SHARD", "1/1")
_I, _N = (int(v) for v in _SHARD.split("/"))
NOTEBOOKS = NOTEBOOKS[_I - 1::_N]

pytestmark = pytest.mark.knobs

# A literal seed, in each form the chapters use; group 2 is the number.
SEED = re.compile(r"(\bseed=|\brandom_state=|\bdefault_rng\()(\d+)")
SEED_SHIFT = int(os.environ.get("KNOBS_SEED_SHIFT", "1000"))  # another shift: try other seeds

# Top-level settings a reader is likely to change, per chapter: (old line, new line).
# Each old line must occur in the chapter (the test fails when a chapter drops it).
KNOBS: dict[str, list[tuple[str, str]]] = {
    "03_xor": [("EPOCHS = 300", "EPOCHS = 200")],
    "06_grafo_computacional": [("eta = 0.5", "eta = 0.3")],
    "09_mlp_forward": [("EPOCHS = 1000", "EPOCHS = 600")],
    "12_modos_entrenamiento": [("ETA = 0.1", "ETA = 0.05"), ("EPOCHS = 50", "EPOCHS = 30")],
    "13_softmax": [("eta = 0.1", "eta = 0.05"),
                   ("SPIRAL_FIT = dict(lr=0.3, epochs=200",
                    "SPIRAL_FIT = dict(lr=0.2, epochs=150")],
    "14_billetes": [("EPOCHS = 200", "EPOCHS = 150")],
    "17_laboratorio": [("EPOCHS = 200", "EPOCHS = 150")],
}




def changed_source(source: str, changes: list[tuple[str, str]]) -> str:
    """``source`` with every literal seed shifted and the given lines replaced."""
    source = SEED.sub(lambda m: f"{m[1]}{int(m[2]) + SEED_SHIFT}", source)
    for old, new in changes:
        source = source.replace(old, new)
    return source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_runs_with_other_seeds_and_settings(path):
    nb = nbformat.read(path, as_version=4)
    changes = KNOBS.get(path.stem, [])
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    missing = [old for old, _ in changes if old not in code]
    assert not missing, f"KNOBS names settings the chapter no longer has: {missing}"
    n_seeds = 0
    for cell in nb.cells:
        if cell.cell_type == "code":
            n_seeds += len(SEED.findall(cell.source))
            cell.source = changed_source(cell.source, changes)
            cell.outputs = []
            if student_edition.is_exercise(cell):  # unsolved, as in the student edition
                cell.source = student_edition.clear_solution(cell.source)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, on failure
    assert n_seeds or changes or "seed" not in code, "no seed or setting was changed"
