"""The output comparison of the JupyterLab pass (tests/test_jupyterlab.py) can fail.

The JupyterLab pass compares every output after Run All with the stored one, as nbval
does; in ``.ci/run`` that is the check of another CPU's rounding. Here it is fed the
stored outputs themselves, then the same outputs with one printed digit changed.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import nbformat
import pytest
from test_jupyterlab import _changed_outputs

ROOT = Path(__file__).resolve().parents[1]
CHAPTER = ROOT / "book" / "03_xor.ipynb"


def _live(path: Path) -> list:
    """The outputs as JupyterLab's model gives them: plain JSON, one entry per cell."""
    nb = nbformat.read(path, as_version=4)
    return [json.loads(json.dumps(c.outputs)) if c.cell_type == "code" else None
            for c in nb.cells]


def _printed_digit(live: list) -> tuple[int, int]:
    """(cell, output) of the first stream output with a digit, in a compared cell."""
    nb = nbformat.read(CHAPTER, as_version=4)
    for i, outputs in enumerate(live):
        if outputs is None or "nbval-ignore-output" in nb.cells[i].metadata.get("tags", []):
            continue
        for k, out in enumerate(outputs):
            if out["output_type"] == "stream" and re.search(r"\d", "".join(out["text"])):
                return i, k
    pytest.fail("the chapter prints no digit")


def test_the_stored_outputs_match_themselves():
    assert _changed_outputs(CHAPTER, _live(CHAPTER)) == []


def test_one_changed_digit_is_found():
    live = _live(CHAPTER)
    i, k = _printed_digit(live)
    changed = copy.deepcopy(live)
    text = "".join(changed[i][k]["text"])
    digit = re.search(r"\d", text)
    new = str((int(digit[0]) + 1) % 10)
    changed[i][k]["text"] = text[:digit.start()] + new + text[digit.end():]
    problems = _changed_outputs(CHAPTER, changed)
    assert len(problems) == 1 and problems[0].startswith(f"cell {i}: the output differs")


def test_animation_frames_and_images_are_not_compared():
    live = _live(CHAPTER)
    for outputs in live:
        for out in outputs or []:
            data = out.get("data", {})
            if "image/png" in data:
                data["image/png"] = "iVBORw0KGgo="
            if "text/html" in data:
                html = "".join(data["text/html"])
                data["text/html"] = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+",
                                           "data:image/png;base64,AAAA", html)
    assert _changed_outputs(CHAPTER, live) == []
