"""Test configuration: offline data, one BLAS thread, a non-interactive matplotlib backend.

Kept at the root of the repository so that it applies to every test, including a single
notebook run with ``python -m pytest book/NN_name.ipynb``.
"""

import os
from pathlib import Path

import pytest

from scripts.project import WIDGET_TARGET_S, reproducible_environment

# Offline data, one BLAS thread, a fixed hash seed (scripts/project.py); the notebook
# kernels inherit them.
reproducible_environment()

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from threadpoolctl import threadpool_limits  # noqa: E402

threadpool_limits(1)


# --- Widgets driven in the chapters' live kernels -------------------------------------
# nbval runs each chapter in a kernel, cell by cell. After the last cell of a chapter that
# shows a widget panel, one more test item runs tests/widget_drive.py in that same kernel:
# every control of every panel is set to two values and the outputs must differ. The
# update times are measured and summarised at the end of the run against the book's
# target (WIDGET_TARGET_S); they never fail the run (only a hang guard of 10 s does).

_ROOT = Path(__file__).resolve().parent
_ARTIFACTS = _ROOT / "ci-artifacts"
# one file per BLAS kernel: an nbval pass under another kernel may run beside the test command
_KERNEL = os.environ.get("OPENBLAS_CORETYPE", "").lower()
WIDGET_TIMINGS = _ARTIFACTS / f"widget-timings{'-' + _KERNEL if _KERNEL else ''}.jsonl"
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_DRIVES_WIDGETS = pytest.StashKey[bool]()


def _shows_widgets(nb) -> bool:
    return any(_WIDGET_VIEW in out.get("data", {})
               for cell in nb.cells if cell.cell_type == "code"
               for out in cell.get("outputs", []))


def _drive_item(parent, cell_num: int):
    from collections import defaultdict

    import nbformat
    from nbval.plugin import IPyNbCell

    code = (_ROOT / "tests" / "widget_drive.py").read_text(encoding="utf-8")
    code += f"\ndrive_all({Path(str(parent.fspath)).stem!r}, {str(WIDGET_TIMINGS)!r})\n"
    cell = nbformat.v4.new_code_cell(code)
    # errors fail the item; the printed summary is not compared
    options = defaultdict(bool, check=False)
    return IPyNbCell.from_parent(parent, name="Widgets driven with two values",
                                 cell_num=cell_num, cell=cell, options=options)


def pytest_sessionstart(session):
    # .ci/run runs several sessions side by side: each clears only the report it writes
    # (the widget timings are cleared once the session knows it drives widgets)
    _ARTIFACTS.mkdir(exist_ok=True)
    if session.config.getoption("--jupyterlab"):
        JUPYTERLAB_REPORT.unlink(missing_ok=True)


def pytest_collection_modifyitems(session, config, items):
    for heavier in ("knobs", "jupyterlab"):  # README: "Heavier checks", run on request
        if not config.getoption(heavier):
            skipped = [item for item in items if item.get_closest_marker(heavier)]
            if skipped:
                config.hook.pytest_deselected(items=skipped)
                items[:] = [item for item in items if item not in skipped]
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:
        return
    result = []
    for i, item in enumerate(items):
        result.append(item)
        if not isinstance(item, IPyNbCell):
            continue
        last = i + 1 == len(items) or getattr(items[i + 1], "parent", None) is not item.parent
        if last and _shows_widgets(item.parent.nb):
            result.append(_drive_item(item.parent, item.cell_num + 1))
    if len(result) > len(items):  # this session drives widgets: a fresh report
        config.stash[_DRIVES_WIDGETS] = True
        WIDGET_TIMINGS.unlink(missing_ok=True)
    items[:] = result


def pytest_terminal_summary(terminalreporter):
    if terminalreporter.config.getoption("--jupyterlab"):
        _jupyterlab_summary(terminalreporter)
        return
    if not terminalreporter.config.stash.get(_DRIVES_WIDGETS, False):
        return  # another session's report (e.g. the test command's, beside --knobs)
    if not WIDGET_TIMINGS.exists():
        return
    import json
    import statistics

    target = WIDGET_TARGET_S
    rows: dict[str, list[float]] = {}
    for line in WIDGET_TIMINGS.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        rows.setdefault(record["chapter"], []).append(record["seconds"])
    tr = terminalreporter
    tr.section("widget updates in the live kernel (seconds)")
    tr.line(f"{'chapter':<26}{'updates':>8}{'median':>9}{'max':>8}{f'> {target} s':>9}")
    for chapter, times in sorted(rows.items()):
        slow = sum(t > target for t in times)
        tr.line(f"{chapter:<26}{len(times):>8}{statistics.median(times):>9.3f}"
                f"{max(times):>8.3f}{slow:>9}")


_EDITION = os.environ.get("BOOK_LAB_EDITION", "book")  # tests/test_jupyterlab.py
JUPYTERLAB_REPORT = _ARTIFACTS / ("jupyterlab" if _EDITION == "book"
                                  else f"jupyterlab-{_EDITION}") / "report.jsonl"


def _jupyterlab_summary(tr) -> None:
    """What tests/test_jupyterlab.py checked in each chapter."""
    if not JUPYTERLAB_REPORT.exists():
        return
    import json

    tr.section("chapters run in JupyterLab (tests/test_jupyterlab.py)")
    tr.line(f"{'chapter':<26}{'cells':>6}{'solutions':>10}{'folded code':>12}"
            f"{'exercises':>10}{'animations':>11}{'panels':>7}{'controls moved':>15}"
            f"{'problems':>9}   seconds: open read run animations panels")
    for line in JUPYTERLAB_REPORT.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        tr.line(f"{r['chapter']:<26}{r['cells']:>6}{r['solutions']:>10}{r['folded']:>12}"
                f"{r['exercises']:>10}{r['animations']:>11}{r['panels']:>7}"
                f"{r['controls']:>15}{len(r['problems']):>9}   "
                + " ".join(f"{v:.0f}" for v in r.get("seconds", {}).values()))


# --- Heavier checks, run on request (README: "Heavier checks") ------------------------
def pytest_addoption(parser):
    parser.addoption("--knobs", action="store_true",
                     help="also re-execute every chapter with its seeds and settings "
                          "changed (tests/test_knobs.py)")
    parser.addoption("--jupyterlab", action="store_true",
                     help="also run every chapter in a real JupyterLab in headless "
                          "Chromium (tests/test_jupyterlab.py)")


def pytest_configure(config):
    config.addinivalue_line("markers", "library: a test of mlp_lib alone, fast (the "
                                       "contributor's loop: python -m pytest -m library)")
    config.addinivalue_line("markers", "knobs: re-executes chapters with changed seeds; "
                                       "runs only with --knobs")
    config.addinivalue_line("markers", "jupyterlab: runs the chapters in JupyterLab; "
                                       "runs only with --jupyterlab")
