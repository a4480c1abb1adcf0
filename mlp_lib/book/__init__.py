"""What the book's pages need beyond the lesson: its figure style, its tables, its
animations and its interactive panels.

Nothing here is about neural networks, and ``import mlp_lib`` does not load it (nor
matplotlib's pyplot or IPython): a chapter asks for it, as in ::

    from mlp_lib.book import animation_html, book_style, markdown_table
    from mlp_lib.book import widgets as mw

- :mod:`~mlp_lib.book.style`: :func:`~mlp_lib.book.style.book_style`, the matplotlib
  style of every figure;
- :mod:`~mlp_lib.book.tables`: :func:`~mlp_lib.book.tables.markdown_table`, tables of
  numbers as Markdown;
- :mod:`~mlp_lib.book.animation`: :func:`~mlp_lib.book.animation.animation_html`,
  animations that play in the static book and in JupyterLab;
- :mod:`~mlp_lib.book.widgets`: small ipywidgets panels (imported on use).
"""

from .animation import animation_html
from .style import book_style
from .tables import markdown_table

__all__ = ["animation_html", "book_style", "markdown_table"]
