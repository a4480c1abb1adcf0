"""Small ipywidgets panels for the chapters.

A chapter writes a function ``draw(**knobs)`` that trains and plots, and
hands it to :func:`panel` with the controls. Widgets only live with a running
kernel (Binder, Colab, local Jupyter); every chapter shows a static figure
next to each panel for the HTML book.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator, Sequence

import ipywidgets as widgets

_STYLE = {"description_width": "initial"}


def log_slider(description: str, value: float, min_exp: float = -3.0,
               max_exp: float = 0.0) -> widgets.FloatLogSlider:
    """Slider on a log scale from ``10**min_exp`` to ``10**max_exp`` (learning rates)."""
    return widgets.FloatLogSlider(value=value, base=10, min=min_exp, max=max_exp, step=0.1,
                                  description=description, continuous_update=False,
                                  readout_format=".3g", style=_STYLE)


def float_slider(description: str, value: float, min: float, max: float,
                 step: float = 0.05) -> widgets.FloatSlider:
    """Slider for a real number (initial weights, noise, ...)."""
    return widgets.FloatSlider(value=value, min=min, max=max, step=step,
                               description=description, continuous_update=False, style=_STYLE)


def int_slider(description: str, value: int, min: int, max: int,
               step: int = 1) -> widgets.IntSlider:
    """Slider for an integer (epochs, neurons, ...)."""
    return widgets.IntSlider(value=value, min=min, max=max, step=step,
                             description=description, continuous_update=False, style=_STYLE)


def dropdown(description: str, options: Sequence, value=None) -> widgets.Dropdown:
    """Choice among ``options`` (gate, activation, data set, ...)."""
    return widgets.Dropdown(options=list(options), value=value if value is not None
                            else list(options)[0], description=description, style=_STYLE)


@contextlib.contextmanager
def _figures_at_their_own_size() -> Iterator[None]:
    """Show inline figures uncropped while the block runs.

    Jupyter's inline backend saves each figure with ``bbox_inches="tight"``, which
    draws the figure twice: once to find the ink's bounding box, once to save it.
    A panel redraws on every change of a control, so its figures are saved at the
    size they were made instead (the chapters lay them out with ``subplots_adjust``
    or matplotlib's default margins). Outside IPython, or with another backend,
    nothing changes.
    """
    try:
        from IPython import get_ipython
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - ipywidgets brings IPython
        yield
        return
    shell = get_ipython()
    png = shell.display_formatter.formatters.get("image/png") if shell else None
    printer = png.lookup_by_type(Figure) if png is not None and Figure in png else None
    if not isinstance(printer, functools.partial) or "bbox_inches" not in printer.keywords:
        yield
        return
    png.for_type(Figure, functools.partial(printer.func, *printer.args,
                                           **{**printer.keywords, "bbox_inches": None}))
    try:
        yield
    finally:
        png.for_type(Figure, printer)


@contextlib.contextmanager
def _no_garbage_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the block runs.

    After a chapter has run, the kernel holds millions of objects, and a full
    collection scans them all (about 0.1 s here). One happens every few
    redraws, because a figure's many objects survive the young generations while
    it is drawn. Paused during the redraw, the collector runs right after it,
    when it finds the figure already gone and has little to do. The previous
    state (enabled or not) is restored.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Panel(widgets.VBox):
    """The controls of a chapter and the output they drive (see :func:`panel`).

    Attributes
    ----------
    draw : callable
        The chapter's function, called with one keyword argument per control.
    controls : dict
        The knobs, by the name of the argument of ``draw`` they set.
    """

    def __init__(self, draw: Callable[..., None],
                 controls: dict[str, widgets.ValueWidget]) -> None:
        @functools.wraps(draw)
        def redraw(**values):
            with _no_garbage_collection(), _figures_at_their_own_size():
                draw(**values)

        out = widgets.interactive_output(redraw, controls)
        box = widgets.HBox(list(controls.values()),
                           layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([box, out])
        self.draw = draw
        self.controls = dict(controls)


def panel(draw: Callable[..., None], **controls: widgets.ValueWidget) -> Panel:
    """Controls on top, the output of ``draw(**values)`` below, redrawn on each change.

    Parameters
    ----------
    draw : callable
        Called with one keyword argument per control; it prints and plots.
    **controls : ipywidgets
        The knobs, by the name of the argument of ``draw`` they set.

    Returns
    -------
    Panel
        A ``VBox`` holding a row of controls and the output widget.
    """
    if not controls:
        raise ValueError("panel needs at least one control, got none")
    for name, control in controls.items():
        if not isinstance(control, widgets.ValueWidget):
            raise TypeError(f"control {name!r} must be an ipywidgets value widget, "
                            f"got {type(control).__name__}")
    return Panel(draw, controls)
