"""The student edition (``estudiante/``) is up to date, holds no solution, and nbgrader agrees.

``scripts/student_edition.py`` writes it from the chapters of ``book/`` (the teacher
edition). The exercises' checkers themselves are tested in ``tests/test_exercises.py``;
``tests/test_jupyterlab.py`` runs the student notebooks in JupyterLab.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from scripts import execute_notebooks, student_edition

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted((ROOT / "book").glob("*.ipynb"))




def test_same_files_as_the_book():
    names = sorted(p.name for p in (ROOT / "estudiante").glob("*.ipynb"))
    assert names == [p.name for p in CHAPTERS]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_student_edition_is_up_to_date(path):
    stored = (ROOT / "estudiante" / path.name).read_text(encoding="utf-8")
    assert stored == student_edition.render(path), (
        f"estudiante/{path.name} is stale: run python scripts/student_edition.py")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_solution_left(path):
    nb = json.loads((ROOT / "estudiante" / path.name).read_text(encoding="utf-8"))
    teacher = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
        assert not re.search(r"\{solution", text), text[:200]
        assert student_edition.SOLUTION_CODE_TAG not in cell["metadata"].get("tags", [])
        if student_edition.is_exercise(nbformat.from_dict(cell)):
            assert "# TU CÓDIGO AQUÍ\n" in text and "raise NotImplementedError" in text
            assert cell["outputs"] == [] and cell["execution_count"] is None
            assert "jupyter" not in cell["metadata"]  # not folded: the student writes here
    removed = [c for c in teacher["cells"]
               if student_edition.SOLUTION_CODE_TAG in c["metadata"].get("tags", [])]
    assert len(nb["cells"]) == len(teacher["cells"]) - len(removed)


def test_every_chapter_with_exercises_links_its_student_edition():
    for path in CHAPTERS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        heading = [c for c in cells if c.get("id") == student_edition.HEADING_ID]
        assert len(heading) == 1, path.name
        text = "".join(heading[0]["source"])
        for where in ("mybinder.org", "colab.research.google.com", "github.com"):
            assert where in text and f"estudiante/{path.name}" in text, (path.name, where)
        coding = execute_notebooks.has_coding_exercises(nbformat.read(path, as_version=4))
        assert text == execute_notebooks.student_links_source(path.name, coding), (
            "run python scripts/execute_notebooks.py --pin to refresh the links")


def test_nbgrader_clears_the_same_code():
    """A teacher who grades with nbgrader gets the same skeletons from book/."""
    pytest.importorskip("nbgrader")
    from nbgrader.preprocessors import ClearSolutions

    clear = ClearSolutions(code_stub={"python": "\n".join(student_edition.STUB)})
    n = 0
    for path in CHAPTERS:
        teacher = nbformat.read(path, as_version=4)
        ours = student_edition.student_notebook(teacher)
        theirs, _ = clear.preprocess(nbformat.from_dict(teacher), {})
        ours_code = {c.id: c.source for c in ours.cells if student_edition.is_exercise(c)}
        theirs_code = {c.id: c.source for c in theirs.cells if student_edition.is_exercise(c)}
        assert ours_code == theirs_code, path.name
        n += len(ours_code)
    assert n >= 16


def _names(source: str) -> tuple[set[str], set[str]]:
    """The names a cell binds at the top level and the names it reads (a static guess)."""
    import ast

    bound, read = set(), set()

    def local_names(fn) -> set[str]:
        args = fn.args
        params = args.posonlyargs + args.args + args.kwonlyargs + [args.vararg, args.kwarg]
        names = {a.arg for a in params if a is not None}
        return names | {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)
                        and isinstance(n.ctx, ast.Store)}

    def visit(node, top: bool, local: frozenset = frozenset()) -> None:
        if isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Load) and node.id not in local:
                read.add(node.id)
            elif isinstance(node.ctx, ast.Store) and top:
                bound.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and top:
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            if top and not isinstance(node, ast.Lambda):
                bound.add(node.name)
            top, local = False, local | local_names(node)  # the body's names are local
        elif isinstance(node, (ast.ClassDef, ast.comprehension)):
            if top and isinstance(node, ast.ClassDef):
                bound.add(node.name)
            top = False
        for child in ast.iter_child_nodes(node):
            visit(child, top, local)

    visit(ast.parse(source), True)
    return bound, read


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_later_cells_do_not_need_a_solution(path):
    """What the student edition drops (solution code) or leaves unsolved (an exercise's
    function) is never read by a later cell, so «Run all» on it runs to the end.

    tests/test_knobs.py runs every chapter with its exercises unsolved.
    """
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    kept: set[str] = set()
    only_in_solutions: set[str] = set()
    for cell in cells:
        bound, read = _names(cell.source)
        if student_edition.SOLUTION_CODE_TAG in cell.metadata.get("tags", []):  # dropped
            only_in_solutions |= bound - kept
            continue
        used = (read - bound) & only_in_solutions
        assert not used, f"a cell reads {sorted(used)}, defined only in a solution"
        if student_edition.is_exercise(cell):  # its function exists but does not work yet
            only_in_solutions |= {n for n in bound if n != "exercises"} - kept
        else:
            kept |= bound
            only_in_solutions -= bound
