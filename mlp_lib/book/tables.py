"""Tables of numbers as Markdown, so they render as tables in the book."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence], *,
                   floatfmt: str = "{:.4f}"):
    """Return an ``IPython.display.Markdown`` table.

    Floats are written with ``floatfmt``; arrays as ``(a, b, ...)``; anything
    else with ``str``.
    """
    from IPython.display import Markdown

    def cell(v) -> str:
        if isinstance(v, (float, np.floating)):
            return floatfmt.format(v)
        if isinstance(v, np.ndarray):
            return "(" + ", ".join(cell(x) for x in v.ravel().tolist()) + ")"
        return str(v)

    for i, row in enumerate(rows):
        if len(row) != len(headers):
            raise ValueError(f"rows[{i}] has {len(row)} cells, expected {len(headers)}")
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return Markdown("\n".join(lines))
