"""The package as a student imports it: the lesson alone, the book's support apart."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library


def _modules_after(code: str) -> set[str]:
    """The modules loaded by ``code`` in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys\nprint(*sys.modules)"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_import_mlp_lib_loads_neither_pyplot_nor_ipython():
    loaded = _modules_after("import mlp_lib")
    assert "matplotlib.pyplot" not in loaded and "IPython" not in loaded
    assert "mlp_lib.book" not in loaded and "mlp_lib.plotting" not in loaded


def test_plotting_book_and_exercises_load_on_use():
    loaded = _modules_after("import mlp_lib\nmlp_lib.plotting, mlp_lib.book, mlp_lib.exercises")
    assert {"mlp_lib.plotting", "mlp_lib.book", "mlp_lib.exercises"} <= loaded
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        import mlp_lib

        mlp_lib.nothing  # noqa: B018
