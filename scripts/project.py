"""What the scripts, the tests and ``conftest.py`` share: the project's folders, the
environment that makes the chapters' numbers reproducible, and the table of contents."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# The banknote data, beside the project: the tests and the notebooks run offline.
SHARED_DATA = ROOT.parent / "shared" / "data"
# The book's target for one widget update (tests/widget_drive.py measures it, never
# judges it: only a hang guard fails).
WIDGET_TARGET_S = 0.3


def reproducible_environment() -> None:
    """Set, unless already set, what the chapters' kernels inherit.

    One BLAS thread (the book's matrices are small: it is faster, and it gives the
    same last digits on any number of cores), a fixed hash seed, and ``MLP_LIB_DATA``
    pointing at the shared data folder when there is one.
    """
    os.environ.setdefault("PYTHONHASHSEED", "0")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if "MLP_LIB_DATA" not in os.environ and SHARED_DATA.is_dir():
        os.environ["MLP_LIB_DATA"] = str(SHARED_DATA)


def toc_files() -> list[str]:
    """The pages of ``_toc.yml`` in order, without suffix (``book/intro``, ...)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", [])
                             for c in part.get("chapters", [])]
    return [Path(f).with_suffix("").as_posix() for f in files]
