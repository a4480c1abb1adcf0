"""Matplotlib helpers shared by the chapters.

Every function draws on an ``ax`` it is given (or a new one) and returns it,
so chapters can compose figures with ``plt.subplots``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

from ._validation import (
    check_array,
    check_at_least_two,
    check_callable,
    check_labels,
    check_layer_weights,
    check_X,
)
from .activations import get as get_activation
from .graph import Value, topological_order

#: Colours of classes 0, 1, 2, ... (colour-blind friendly).
CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd")
_MARKERS = ("o", "s", "^", "D", "v")


def _axes(ax: Axes | None, figsize=(5, 4)) -> Axes:
    return plt.subplots(figsize=figsize)[1] if ax is None else ax


def plot_points(X, y, ax: Axes | None = None, *, labels: Sequence[str] | None = None,
                size: float = 30) -> Axes:
    """Scatter 2-D points coloured and shaped by class.

    ``y`` holds one class label (an integer >= 0) per row of ``X``; ``labels[k]``
    names class ``k`` in the legend.
    """
    X = check_X(X, "X", n_features=2)
    y = check_labels(y, "y", n=X.shape[0])
    if labels is not None and len(labels) <= y.max():
        raise ValueError(f"labels must name every class 0..{y.max()}, got {len(labels)} name(s)")
    ax = _axes(ax)
    for k in np.unique(y):
        mask = y == k
        name = labels[k] if labels is not None else f"clase {k}"
        ax.scatter(X[mask, 0], X[mask, 1], s=size, c=CLASS_COLORS[k % len(CLASS_COLORS)],
                   marker=_MARKERS[k % len(_MARKERS)], edgecolors="k", linewidths=0.5,
                   label=name, zorder=3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def decision_regions(predict: Callable[[np.ndarray], np.ndarray], X, y=None,
                     ax: Axes | None = None, *, resolution: int = 200, padding: float = 0.5,
                     xlim: tuple[float, float] | None = None,
                     ylim: tuple[float, float] | None = None) -> Axes:
    """Colour the plane by the class ``predict`` assigns, and draw the points.

    Parameters
    ----------
    predict : callable
        Maps an ``(k, 2)`` array of points to ``k`` class labels (integers >= 0, or
        booleans), e.g. ``model.predict``; not probabilities (``predict_proba``).
    X, y : array_like
        The data, drawn on top (``y=None`` draws no points but sets the limits).
    resolution : int
        Grid points per axis.
    padding : float
        Margin around the data when ``xlim``/``ylim`` are not given.

    Raises
    ------
    ValueError
        If ``predict`` returns something other than one class label per point.
    """
    check_callable(predict, "predict", "predict(points) -> labels")
    X = check_X(X, "X", n_features=2)
    y = None if y is None else check_labels(y, "y", n=X.shape[0])
    resolution = check_at_least_two(resolution, "resolution")
    ax = _axes(ax)
    xlim = xlim or (X[:, 0].min() - padding, X[:, 0].max() + padding)
    ylim = ylim or (X[:, 1].min() - padding, X[:, 1].max() + padding)
    xx, yy = np.meshgrid(np.linspace(*xlim, resolution), np.linspace(*ylim, resolution))
    labels = check_labels(predict(np.column_stack([xx.ravel(), yy.ravel()])),
                          "the output of predict", n=xx.size,
                          hint=" (pass the class labels, model.predict, not probabilities "
                               "such as model.predict_proba)")
    n_classes = int(max(labels.max(), 0 if y is None else y.max())) + 1
    cmap = plt.matplotlib.colors.ListedColormap(CLASS_COLORS[:n_classes])
    ax.contourf(xx, yy, labels.reshape(xx.shape), levels=np.arange(n_classes + 1) - 0.5,
                cmap=cmap, alpha=0.25)
    if y is not None:
        plot_points(X, y, ax)
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    return ax


def perceptron_line(weights, bias: float, ax: Axes, *, label: str | None = None,
                    **style) -> Axes:
    """Draw the line :math:`w_1x_1 + w_2x_2 + b = 0` across the current x-limits."""
    w = check_array(weights, "weights", ndim=1)
    x1 = np.array(ax.get_xlim())
    if w[1] != 0:
        ax.plot(x1, -(w[0] * x1 + bias) / w[1], label=label, **style)
    elif w[0] != 0:
        ax.axvline(-bias / w[0], label=label, **style)
    return ax


def plot_activation(name: str, ax: Axes | None = None, *, z=None) -> Axes:
    """Plot an activation and its derivative on ``z`` (default [-5, 5])."""
    ax = _axes(ax, figsize=(4, 3))
    f = get_activation(name)
    z = np.linspace(-5, 5, 1001) if z is None else check_array(z, "z", ndim=1)
    ax.plot(z, f(z), lw=2, label="$f(z)$")
    ax.plot(z, f.derivative(z), lw=1.5, ls="--", label="$f'(z)$")
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    ax.set_title(name)
    ax.set_xlabel("$z$")
    ax.legend(frameon=False)
    return ax


def loss_curves(history, ax: Axes | None = None, *, metric: str = "loss",
                label: str | None = None, logy: bool = False) -> Axes:
    """Plot ``history.<metric>`` per epoch and its validation twin if recorded."""
    ax = _axes(ax, figsize=(5, 3))
    train = getattr(history, metric)
    epochs = np.arange(1, len(train) + 1)
    ax.plot(epochs, train, label=label or "entrenamiento")
    val = getattr(history, f"val_{metric}", None)
    if val:
        ax.plot(epochs, val, label="validación")
    ax.set_xlabel("época")
    ax.set_ylabel({"loss": "costo", "accuracy": "exactitud"}.get(metric, metric))
    if logy:
        ax.set_yscale("log")
    ax.legend(frameon=False)
    return ax


def draw_network(weights: Sequence, biases: Sequence | None = None, ax: Axes | None = None, *,
                 node_labels: Sequence[Sequence[str]] | None = None,
                 weight_labels: Sequence[Sequence[Sequence[str]]] | None = None,
                 fmt: str = "{:.2f}", show_weights: bool = True,
                 layer_gap: float = 1.0) -> Axes:
    """Draw a fully connected network with the value of every weight.

    Parameters
    ----------
    weights : sequence of arrays
        ``weights[l]`` has shape ``(n_l, n_{l+1})`` (rows = inputs).
    biases : sequence of arrays, optional
        Shown under each neuron as ``b=...``.
    node_labels : sequence of sequences of str, optional
        Text inside each neuron, layer by layer (LaTeX allowed).
    weight_labels : optional
        ``weight_labels[l][i][j]`` replaces the number on the edge i→j.
    layer_gap : float, default 1.0
        Horizontal distance between layers (in units of the vertical distance between
        neurons); widen it when dense layers crowd the weight labels.
    """
    Ws = check_layer_weights(weights)
    sizes = [Ws[0].shape[0]] + [W.shape[1] for W in Ws]
    if biases is not None:
        biases = _check_biases(biases, sizes[1:])
    ax = _axes(ax, figsize=(6, 4))
    top = max(sizes)
    pos = [[(layer * layer_gap, (n - 1) / 2 - i) for i in range(n)]
           for layer, n in enumerate(sizes)]
    for layer, W in enumerate(Ws):
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                (x0, y0), (x1, y1) = pos[layer][i], pos[layer + 1][j]
                ax.plot([x0, x1], [y0, y1], color="0.55", lw=1, zorder=1)
                if show_weights:
                    text = (weight_labels[layer][i][j] if weight_labels is not None
                            else fmt.format(W[i, j]))
                    t = 0.3 if (i + j) % 2 == 0 else 0.62  # stagger labels to avoid overlaps
                    ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), text, fontsize=9,
                            ha="center", va="center", zorder=4,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
    for layer, column in enumerate(pos):
        for i, (x, y) in enumerate(column):
            color = "#cfe2f3" if layer == 0 else ("#fce5cd" if layer == len(sizes) - 1
                                                  else "#d9ead3")
            ax.add_patch(plt.Circle((x, y), 0.17, fc=color, ec="k", zorder=3))
            if node_labels is not None:
                ax.text(x, y, node_labels[layer][i], ha="center", va="center", fontsize=11,
                        zorder=5)
            if biases is not None and layer > 0:
                ax.text(x, y - 0.28, "b=" + fmt.format(biases[layer - 1][i]),
                        ha="center", va="top", fontsize=8, zorder=5)
    ax.set_xlim(-0.4, (len(sizes) - 1) * layer_gap + 0.4)
    ax.set_ylim(-0.7 - (top - 1) / 2, (top - 1) / 2 + 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _check_biases(biases, sizes: list[int]) -> list[np.ndarray]:
    """One bias vector per layer of weights, as long as the layer."""
    if isinstance(biases, (str, bytes)) or not hasattr(biases, "__len__"):
        raise TypeError(f"biases must be a list of vectors, got {type(biases).__name__}")
    if len(biases) != len(sizes):
        raise ValueError(f"biases must hold {len(sizes)} vector(s) (one per matrix of "
                         f"weights), got {len(biases)}")
    bs = [check_array(b, f"biases[{i}]", ndim=(0, 1)).reshape(-1) for i, b in enumerate(biases)]
    for i, (b, n) in enumerate(zip(bs, sizes, strict=True)):
        if b.shape != (n,):
            raise ValueError(f"biases[{i}] must have shape ({n},) (the outputs of "
                             f"weights[{i}]), got {b.shape}")
    return bs


def plot_grid(transform: Callable[[np.ndarray], np.ndarray] | None = None,
              ax: Axes | None = None, *, lim: tuple[float, float] = (-1.0, 1.0),
              n_lines: int = 11, resolution: int = 100, points=None, labels=None,
              basis: bool = False, colors: tuple[str, str] = ("#8c6bb1", "#41ab5d"),
              size: float = 20, lw: float = 0.8) -> Axes:
    r"""Draw a square grid of the plane, and optionally points, mapped through ``transform``.

    Shows what a layer does to the plane: a matrix rotates, scales and shears the
    grid, a matrix with three columns lifts it into space, and an activation bends it.

    Parameters
    ----------
    transform : callable, optional
        Maps an ``(k, 2)`` array of points (one per row) to an ``(k, 2)`` or ``(k, 3)``
        array, e.g. ``lambda P: np.tanh(P @ W + b)``. ``None`` is the identity.
    ax : matplotlib Axes, optional
        Where to draw. With a 3-column ``transform`` it must be a 3-D axes
        (``projection="3d"``); if omitted, a 2-D or 3-D axes is created as needed.
    lim : (float, float), default (-1, 1)
        The grid covers the square ``lim × lim`` of the input plane.
    n_lines : int, default 11
        Lines per direction (at least 2), equally spaced in ``lim``.
    resolution : int, default 100
        Points per line (at least 2); curved images need enough of them.
    points : array_like of shape (m, 2), optional
        Data points of the input plane, drawn at their images.
    labels : array_like of shape (m,), optional
        Non-negative integer class of each point (colours and markers as
        :func:`plot_points`); without it the points are black.
    basis : bool, default False
        Draw arrows from the image of :math:`(0, 0)` to the images of
        :math:`\mathbf{e}_1 = (1, 0)` and :math:`\mathbf{e}_2 = (0, 1)`. For a
        matrix :math:`W` (rows = inputs) they are the rows of :math:`W`.
    colors : (str, str)
        Colour of the lines of constant :math:`x_1` (vertical before the map) and of
        constant :math:`x_2` (horizontal); the arrow of :math:`\mathbf{e}_1` takes the
        second and that of :math:`\mathbf{e}_2` the first, the colour of the lines it
        runs along.
    size, lw : float
        Marker size of the points and line width of the grid.

    Returns
    -------
    matplotlib Axes
        The axes drawn on, without background grid (it would be confused with the
        drawn one); a 2-D axes gets an equal aspect ratio, so angles are true.

    Raises
    ------
    TypeError
        If ``transform`` is not callable or an argument has the wrong type.
    ValueError
        If a shape or value is invalid, or if ``transform`` returns an array of the
        wrong shape or with NaN/inf.

    Examples
    --------
    >>> R = np.array([[0.0, 1.0], [-1.0, 0.0]])  # a rotation by 90 degrees
    >>> ax = plot_grid(lambda P: P @ R, basis=True)
    """
    if transform is None:
        transform = np.asarray
    else:
        check_callable(transform, "transform", "transform(points) -> points")
    lo, hi = _check_lim(lim)
    n_lines = check_at_least_two(n_lines, "n_lines")
    resolution = check_at_least_two(resolution, "resolution")
    if labels is not None and points is None:
        raise ValueError("labels given without points")
    P = None if points is None else check_X(points, "points", n_features=2)
    if labels is not None:
        labels = check_labels(labels, "labels", n=P.shape[0])

    c = np.linspace(lo, hi, n_lines)
    t = np.linspace(lo, hi, resolution)
    const_x1 = np.stack([np.column_stack([np.full_like(t, ci), t]) for ci in c])
    const_x2 = np.stack([np.column_stack([t, np.full_like(t, ci)]) for ci in c])
    inputs = [np.concatenate([const_x1, const_x2]).reshape(-1, 2)]
    if basis:
        inputs.append(np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]]))
    if P is not None:
        inputs.append(P)
    sizes = [len(a) for a in inputs]
    out = _apply_transform(transform, np.concatenate(inputs))
    dim = out.shape[1]
    grid, *rest = np.split(out, np.cumsum(sizes)[:-1])
    grid = grid.reshape(2, n_lines, resolution, dim)

    ax = _grid_axes(ax, dim)
    for family, color in zip(grid, colors, strict=True):
        for line in family:
            ax.plot(*line.T, color=color, lw=lw, zorder=1)
    if basis:
        origin, *tips = rest.pop(0)
        for tip, color in zip(tips, colors[::-1], strict=True):
            if dim == 2:
                ax.annotate("", xy=tip, xytext=origin, zorder=4,
                            arrowprops=dict(arrowstyle="-|>", color=color, lw=2))
            else:
                ax.quiver(*origin, *(tip - origin), color=color, lw=2,
                          arrow_length_ratio=0.15)
    if P is not None:
        images = rest.pop(0)
        if labels is None:
            ax.scatter(*images.T, s=size, c="k", zorder=3)
            labels = np.zeros(0, dtype=int)
        for k in np.unique(labels):
            mask = labels == k
            ax.scatter(*images[mask].T, s=size, c=CLASS_COLORS[k % len(CLASS_COLORS)],
                       marker=_MARKERS[k % len(_MARKERS)], edgecolors="k",
                       linewidths=0.5, label=f"clase {k}", zorder=3)
    ax.grid(False)
    if dim == 2:
        ax.set_aspect("equal")
    return ax


def _check_lim(lim) -> tuple[float, float]:
    arr = check_array(lim, "lim", ndim=1)
    if arr.shape != (2,) or not arr[0] < arr[1]:
        raise ValueError(f"lim must be two numbers (low, high) with low < high, got {lim!r}")
    return float(arr[0]), float(arr[1])


def _apply_transform(transform, P: np.ndarray) -> np.ndarray:
    out = check_array(transform(P), "the output of transform", ndim=2)
    if out.shape[0] != P.shape[0] or out.shape[1] not in (2, 3):
        raise ValueError(
            f"transform must map an array of shape ({P.shape[0]}, 2) to one of shape "
            f"({P.shape[0]}, 2) or ({P.shape[0]}, 3), got {out.shape}"
        )
    return out


def _grid_axes(ax: Axes | None, dim: int) -> Axes:
    is_3d = ax is not None and getattr(ax, "name", "") == "3d"
    if ax is None:
        fig = plt.figure(figsize=(5, 4))
        return fig.add_subplot(projection="3d" if dim == 3 else None)
    if dim == 3 and not is_3d:
        raise ValueError("transform returns 3 columns: ax must be a 3-D axes "
                         "(plt.subplot(projection='3d'))")
    if dim == 2 and is_3d:
        raise ValueError("transform returns 2 columns: ax must be a 2-D axes, got a 3-D one")
    return ax


# --- computational graphs (mlp_lib.graph) ----------------------------------------------
_GRAPH_SYMBOLS = {"neg": "−", "sigmoid": "σ", "log": "ln"}


def _graph_layout(order: list[Value]) -> tuple[dict[Value, int], dict[Value, float]]:
    """Column and row of every node of ``order`` (inputs first) for :func:`draw_graph`."""
    depth: dict[Value, int] = {}
    for node in order:  # length of the longest path from an input
        depth[node] = 1 + max((depth[p] for p in node.parents), default=-1)
    col = {order[-1]: depth[order[-1]]}
    for node in reversed(order):  # every other node goes just left of its first use
        for p in node.parents:
            col[p] = min(col.get(p, col[node] - 1), col[node] - 1)
    row: dict[Value, float] = {}
    seen, stack = set(), [order[-1]]
    while stack:  # inputs get one row each, in the order they are read in the formula
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            if not node.parents:
                row[node] = len(row)
            stack.extend(reversed(node.parents))
    columns: dict[int, list[Value]] = {}
    for node in order:
        columns.setdefault(col[node], []).append(node)
    for c in sorted(columns):  # an operation is centred on its inputs
        nodes = columns[c]
        for n in nodes:
            if n.parents:
                unique = dict.fromkeys(n.parents)
                row[n] = sum(row[p] for p in unique) / len(unique)
        nodes.sort(key=row.get)
        for above, below in zip(nodes[:-1], nodes[1:], strict=True):  # keep one row between nodes
            row[below] = max(row[below], row[above] + 1)
    return col, row


def draw_graph(root: Value, ax: Axes | None = None, show_grad: bool = True) -> Axes:
    """Draw the computational graph of ``root`` (:mod:`mlp_lib.graph`) from left
    (inputs) to right (``root``).

    Each value is a rounded box with its label, ``data`` and (if ``show_grad``)
    ``grad``; each operation is a circle with its symbol, between its inputs
    and its result. Inputs are blue, the output is yellow. Every node sits
    just left of its first use; matplotlib only (no graphviz).

    Parameters
    ----------
    root : mlp_lib.graph.Value
        The output node; all the nodes it depends on are drawn.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure sized to the graph.
    show_grad : bool, default True
        Whether to print ``grad`` (call ``root.backward()`` first).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, with the axis lines hidden.
    """
    order = topological_order(root)
    col, row = _graph_layout(order)
    width, height = 2 * max(col.values()), max(row.values())
    if ax is None:
        fig, ax = plt.subplots(figsize=(0.95 * (width + 2), 0.95 * (height + 1.2)))
        fig.subplots_adjust(0, 0, 1, 1)
    style = dict(ha="center", va="center", family="monospace", zorder=3)
    patches = {}

    def arrow(a: tuple[float, float], b, patch_a, patch_b, rad: float = 0.0) -> None:
        # Arrows are clipped to the boxes they join; drawn after them (zorder 4 > 3),
        # they see the box outlines of the current draw.
        ax.add_patch(FancyArrowPatch(a, b, patchA=patch_a, patchB=patch_b, shrinkA=1,
                                     shrinkB=1, arrowstyle="-|>", mutation_scale=10, lw=1,
                                     color="#6b7280", connectionstyle=f"arc3,rad={rad}",
                                     zorder=4))

    for node in order:
        x, y = 2 * col[node], -row[node]
        lines = [node.label] if node.label else []
        lines.append(f"data {node.data + 0.0:.4g}")  # + 0.0 turns -0.0 into 0.0
        lines += [f"grad {node.grad + 0.0:.4g}"] if show_grad else []
        fc = "#dbeafe" if not node.parents else "#fef3c7" if node is root else "white"
        box = ax.text(x, y, "\n".join(lines), fontsize=9, gid="value", **style,
                      bbox=dict(boxstyle="round,pad=0.4", fc=fc, ec="#374151"))
        patches[node] = box.get_bbox_patch()
        if not node.parents:
            continue
        symbol = _GRAPH_SYMBOLS.get(node.op, node.op)
        circle = ax.text(x - 1, y, symbol, fontsize=11 if len(symbol) < 3 else 8, gid="op",
                         bbox=dict(boxstyle="circle,pad=0.2", fc="#e5e7eb", ec="#374151"),
                         **style).get_bbox_patch()
        arrow((x - 1, y), (x, y), circle, patches[node])
        for i, p in enumerate(node.parents):  # bend x * x and edges that skip columns
            start = (2 * col[p], -row[p])
            if node.parents.count(p) > 1:
                rad = -0.3 if node.parents.index(p) == i else 0.3
            elif col[node] - col[p] > 1:  # bulge about one row out, away from the middle
                outward = -1 if row[p] + row[node] < height else 1
                rad = outward * min(0.3, 1.0 / math.dist(start, (x - 1, y)))
            else:
                rad = 0.0
            arrow(start, (x - 1, y), patches[p], circle, rad)
    ax.set_xlim(-1.0, width + 1.0)
    ax.set_ylim(-height - 0.6, 0.6)
    ax.axis("off")
    return ax
