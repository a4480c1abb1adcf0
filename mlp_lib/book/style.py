"""The matplotlib style of the book's figures."""

from __future__ import annotations

import matplotlib as mpl


def book_style() -> None:
    """Set the matplotlib style used by every figure of the book.

    Modest resolution and sizes keep the pages light; call it once at the top
    of a chapter.
    """
    mpl.rcParams.update({
        "figure.dpi": 90,
        "savefig.dpi": 90,
        "figure.figsize": (5.5, 3.8),
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "legend.frameon": False,
        "animation.embed_limit": 8.0,  # MB of frames per animation
    })
