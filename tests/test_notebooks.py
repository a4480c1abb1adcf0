"""Every chapter is listed in _toc.yml and stored executed, top to bottom, without errors.

nbval (run by the same pytest command over book/) re-executes each notebook and
compares its outputs; it would pass vacuously on cells that were never run, which
is what this module rules out.
"""

import json
import re
import subprocess
from pathlib import Path

import pytest

from scripts import execute_notebooks
from scripts.project import toc_files

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def _code_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert NOTEBOOKS, "book/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_listed_in_toc(path):
    assert path.relative_to(ROOT).with_suffix("").as_posix() in set(toc_files())


def test_every_toc_entry_exists():
    for entry in set(toc_files()):
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".ipynb", ".md")), entry


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_once_top_to_bottom(path):
    """The chapter's cells are numbered 1, 2, ...; the reader's setup cell has no number."""
    setup, *cells = _code_cells(path)
    assert setup["execution_count"] is None, "run scripts/execute_notebooks.py"
    counts = [c["execution_count"] for c in cells]
    assert None not in counts, (
        "some code cells were never executed: run scripts/execute_notebooks.py")
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_error_or_warning_in_outputs(path):
    for i, cell in enumerate(_code_cells(path)):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i}: {out.get('ename')}"
            if out.get("name") == "stderr":
                text = "".join(out.get("text", ""))
                assert not re.search(r"Warning|Error", text), f"cell {i}: {text[:200]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_volatile_text_in_outputs(path):
    """Outputs must not hold memory addresses or absolute paths of this machine."""
    for i, cell in enumerate(_code_cells(path)):
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
            assert not re.search(r" at 0x[0-9a-f]+", text), f"cell {i}: memory address"
            assert str(ROOT) not in text, f"cell {i}: absolute path"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_lines_fit_the_page(path):
    """Code wider than 80 characters is cut off in the rendered book.

    The Colab install cell is hidden in the book and holds the repository URL.
    """
    for i, cell in enumerate(_code_cells(path)):
        if "remove-cell" in cell.get("metadata", {}).get("tags", []):
            continue
        for line in "".join(cell["source"]).splitlines():
            assert len(line) <= 80, f"cell {i}: {len(line)} characters: {line}"


def _library_commit(script):
    """The commit the setup cells must install, or None where git cannot tell."""
    try:
        if script._git(ROOT, "rev-parse", "--is-shallow-repository") == "true":
            return None  # a shallow clone does not know which commit last changed mlp_lib
        return script.library_commit(ROOT)  # None with uncommitted library changes
    except (OSError, subprocess.CalledProcessError):
        return None  # not a git checkout (e.g. an unpacked archive)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_starts_with_the_colab_install_cell(path):
    """The first cell installs mlp_lib, at the commit the chapter was executed with.

    Its source is the script's template for the repository of _config.yml and for the
    last commit that changed mlp_lib/ or pyproject.toml; it is folded in JupyterLab
    and Colab and removed from the book.
    """
    script = execute_notebooks
    first = _code_cells(path)[0]
    source = "".join(first["source"])
    match = script.PIN.search(source)
    assert match, "run scripts/execute_notebooks.py to refresh the install cell"
    assert source == script.setup_source(ROOT, commit=match.group(1)), (
        "run scripts/execute_notebooks.py to refresh the install cell")
    expected = _library_commit(script)
    if expected is not None:
        assert match.group(1) == expected, (
            "the install cell pins another commit than the last one that changed "
            "mlp_lib/ or pyproject.toml: run scripts/execute_notebooks.py --pin")
    assert "remove-cell" in first["metadata"]["tags"]
    assert first["metadata"]["cellView"] == "form"
    assert first["metadata"]["jupyter"] == {"source_hidden": True}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_as_jupyterlab_saves_it(path):
    """Opening a chapter in JupyterLab must not mark it modified.

    JupyterLab writes the running kernel's spec (display name "Python 3 (ipykernel)")
    into the metadata and ends the file with a newline.
    """
    text = path.read_text(encoding="utf-8")
    assert text.endswith("}\n"), "run scripts/execute_notebooks.py --pin"
    assert json.loads(text)["metadata"]["kernelspec"] == execute_notebooks.KERNELSPEC


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_markdown_cell_says_run_all(path):
    """Before a run, panels are text and animations still: the first line says why."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = next(c for c in cells if c["cell_type"] == "markdown")
    text = "".join(first["source"])
    assert text.startswith("**Para usar este cuaderno:** ejecuta todas sus celdas"), text[:80]
    assert "remove-cell" in first["metadata"]["tags"]  # the static book needs no run


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_drawing_code_is_folded_in_the_book_and_in_jupyterlab(path):
    """A cell that only draws has its code folded in both places a student reads it:
    the ``hide-input`` tag folds it in the book, ``source_hidden`` in JupyterLab (one
    click opens it in either); its figure or panel stays in view."""
    for cell in _code_cells(path):
        if "hide-input" in cell["metadata"].get("tags", []):
            jupyter = cell["metadata"].get("jupyter", {})
            assert jupyter.get("source_hidden") and not jupyter.get("outputs_hidden"), (
                f"cell {cell.get('id')}: tagged hide-input, so its code must be folded "
                "in JupyterLab too (metadata jupyter.source_hidden = true)")
