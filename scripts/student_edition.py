"""Write the student edition of the book: ``estudiante/``, one notebook per chapter.

Usage::

    python scripts/student_edition.py            # writes estudiante/*.ipynb
    python scripts/student_edition.py --check    # exit 1 if estudiante/ is stale

The chapters in ``book/`` are the teacher edition: executed, with every solution. The
student edition is the same notebook with the solutions taken out:

- in a coding exercise (a code cell with nbgrader's ``solution`` metadata), the code
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` becomes the stub
  ``# TU CÓDIGO AQUÍ`` / ``raise NotImplementedError``, and the cell's output is cleared
  (run, it says «Aún no has escrito…»);
- the prose solutions (the ``{solution}`` blocks of sphinx-exercise) are removed from the
  Markdown cells, and so are the code cells of those solutions (tag ``solution-code``);
- the heading «Ejercicios», which in the book links to the student edition, says how to
  work in it;
- everything else is kept, outputs included, so that the figures are there before a run.

The markers and the cell metadata are nbgrader's, so a teacher who grades with nbgrader can
use the chapters of ``book/`` as its source notebooks; ``tests/test_student_edition.py``
checks that nbgrader's own ``ClearSolutions`` gives the same code as this script.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

if not __package__:  # run as `python scripts/student_edition.py`: make `scripts` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.project import ROOT  # noqa: E402

BOOK, STUDENT = ROOT / "book", ROOT / "estudiante"
STUB = ["# TU CÓDIGO AQUÍ", "raise NotImplementedError"]
SOLUTION_CODE_TAG = "solution-code"
# A {solution} block of sphinx-exercise: its opening fence (three or more backticks or
# colons) up to the same fence alone on a line, and the blank lines after it.
SOLUTION_BLOCK = re.compile(r"^(?P<fence>`{3,}|:{3,})\{solution\}[^\n]*\n.*?^(?P=fence)[ \t]*$\n*",
                            re.S | re.M)
# A Markdown link to a page of the book (bibliografia.md, glosario.md...), not a chapter.
PAGE_LINK = re.compile(r"\]\(([\w-]+\.md(?:#[^)\s]*)?)\)")
REGION = re.compile(r"^(?P<indent>[ \t]*)### BEGIN SOLUTION[ \t]*\n.*?^[ \t]*### END SOLUTION"
                    r"[ \t]*$", re.S | re.M)


HEADING_ID = "edicion-estudiante"  # scripts/execute_notebooks.py writes it in book/
HEADING = """\
## Ejercicios

Esta es la edición para estudiantes: las soluciones no están."""
CODING = """ Los ejercicios de programación
se comprueban solos: escribe tu código donde dice `# TU CÓDIGO AQUÍ` (en lugar de
`raise NotImplementedError`) y ejecuta la celda; su última línea compara tu función con
`mlp_lib` y, si algo falla, te dice qué y dónde repasarlo."""


def is_exercise(cell: nbformat.NotebookNode) -> bool:
    """A coding exercise: nbgrader's metadata of an answer cell."""
    return cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution", False)


def clear_solution(source: str) -> str:
    """The source with each solution region replaced by the stub, at the region's indent."""
    def stub(match: re.Match) -> str:
        return "\n".join(match["indent"] + line for line in STUB)

    cleared, n = REGION.subn(stub, source)
    if n == 0:
        raise ValueError(f"no ### BEGIN SOLUTION / ### END SOLUTION region in:\n{source}")
    return cleared


def student_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student edition of one chapter (a new notebook; ``nb`` is left unchanged)."""
    nb = nbformat.from_dict(nb)
    coding = any(is_exercise(cell) for cell in nb.cells)
    cells = []
    for cell in nb.cells:
        if SOLUTION_CODE_TAG in cell.metadata.get("tags", []):
            continue
        if cell.get("id") == HEADING_ID:
            cell.source = HEADING + (CODING if coding else "")
        elif cell.cell_type == "markdown":
            text = SOLUTION_BLOCK.sub("", cell.source).rstrip("\n")
            text = PAGE_LINK.sub(r"](../book/\1)", text)  # the pages stay in book/
            if not text.strip():
                continue
            cell.source = text
        elif is_exercise(cell):
            cell.source = clear_solution(cell.source)
            cell.outputs, cell.execution_count = [], None
            # unfolded: the book folds the solution, the student sees the skeleton
            cell.metadata.pop("jupyter", None)
            tags = [t for t in cell.metadata.get("tags", []) if t != "hide-input"]
            if tags:
                cell.metadata["tags"] = tags
            else:
                cell.metadata.pop("tags", None)
        cells.append(cell)
    nb.cells = cells
    return nb


def render(path: Path) -> str:
    """The text of the student edition of the chapter at ``path``."""
    text = nbformat.writes(student_notebook(nbformat.read(path, as_version=4)))
    return text + "\n"  # as JupyterLab saves it


def main(argv: list[str]) -> int:
    check = argv[:1] == ["--check"]
    chapters = sorted(BOOK.glob("*.ipynb"))
    expected = {STUDENT / path.name: render(path) for path in chapters}
    stale = sorted(p.name for p, text in expected.items()
                   if not p.exists() or p.read_text(encoding="utf-8") != text)
    extra = sorted(p.name for p in STUDENT.glob("*.ipynb") if p not in expected)
    if check:
        for name in stale + extra:
            print(f"estudiante/{name} is stale: run python scripts/student_edition.py")
        return 1 if stale or extra else 0
    STUDENT.mkdir(exist_ok=True)
    for path, text in expected.items():
        path.write_text(text, encoding="utf-8")
    for name in extra:
        (STUDENT / name).unlink()
    print(f"estudiante/: {len(expected)} notebooks written ({len(stale)} changed, "
          f"{len(extra)} removed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
