"""Plotting, table and widget helpers: they draw what they claim, deterministically."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.animation import FuncAnimation

from mlp_lib import MLP, plotting
from mlp_lib.book import animation_html, markdown_table, widgets

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
Y = np.array([0, 1, 1, 0])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_plot_points_one_collection_per_class():
    ax = plotting.plot_points(X, Y)
    assert len(ax.collections) == 2
    assert [t.get_text() for t in ax.legend().get_texts()] == ["clase 0", "clase 1"]


def test_decision_regions_colours_by_the_predicted_class():
    ax = plotting.decision_regions(lambda P: (P[:, 0] > 0.5).astype(int), X, Y, resolution=50)
    assert ax.get_xlim() == (-0.5, 1.5)
    assert len(ax.collections) >= 3  # filled contours + the two classes


def test_perceptron_line_passes_through_the_boundary():
    ax = plt.subplots()[1]
    ax.set_xlim(-1, 2)
    plotting.perceptron_line([1.0, 1.0], -0.5, ax)
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(np.asarray(x) + np.asarray(y), 0.5)


def test_plot_activation_draws_function_and_derivative():
    ax = plotting.plot_activation("relu")
    assert len(ax.lines) == 4  # f, f', and the two axes lines
    np.testing.assert_array_equal(ax.lines[1].get_ydata()[-1], 1.0)


def test_loss_curves_with_validation():
    net = MLP((2, 3, 1), seed=0)
    history = net.fit(X, Y, lr=0.5, epochs=5, validation_data=(X, Y))
    ax = plotting.loss_curves(history)
    assert len(ax.lines) == 2 and len(ax.lines[0].get_xdata()) == 5


def test_draw_network_writes_every_weight():
    W1, W2 = np.arange(6.0).reshape(2, 3), np.ones((3, 1))
    ax = plotting.draw_network([W1, W2], [np.zeros(3), np.zeros(1)], layer_gap=2.0)
    texts = [t.get_text() for t in ax.texts]
    assert all(f"{v:.2f}" in texts for v in W1.ravel())
    assert sum(t.startswith("b=") for t in texts) == 4
    assert ax.get_xlim()[1] == pytest.approx(4.4)


def _animation():
    fig, ax = plt.subplots(figsize=(2, 2))
    line, = ax.plot([], [])
    return FuncAnimation(fig, lambda i: line.set_data([0, i], [0, i]), frames=3)


def test_animation_html_is_deterministic_and_has_alt_text():
    first = animation_html(_animation(), alt='una "recta" que gira').data
    second = animation_html(_animation(), alt='una "recta" que gira').data
    assert first == second
    assert 'alt="una &quot;recta&quot; que gira"' in first
    assert first.count("data:image/png;base64") == 3 + 1  # the frames, and the first again


def test_animation_shows_its_first_frame_without_javascript():
    """Before a run (an untrusted notebook) or out of view, the image is already there."""
    import re

    html = animation_html(_animation(), alt="x").data
    tag = re.search(r"<img [^>]*>", html).group(0)
    frame0 = re.search(r'frames\[0\] = "([^"]*)"', html).group(1).replace("\\\n", "")
    assert f'src="{frame0}"' in tag
    assert 'width="200" height="200"' in tag  # 2 x 2 inches at matplotlib's 100 dpi


def test_animation_controls_need_no_cdn_and_speak_spanish():
    html = animation_html(_animation(), alt="x").data
    assert "http" not in html.split("data:image")[0], "the player loads nothing remote"
    assert 'class="fa' not in html and "font-awesome" not in html
    assert html.count('<span aria-hidden="true">') == 9  # one glyph per button
    for label in ("Reproducir", "Pausa", "Más lento", "Una vez", "En bucle"):
        assert label in html
    assert "Play" not in html and "Once" not in html


def test_markdown_table_formats_cells():
    md = markdown_table(["a", "b"], [(1, 0.5), ("x", np.array([1.0, 2.0]))],
                               floatfmt="{:.1f}").data
    assert md.splitlines() == ["| a | b |", "|---|---|", "| 1 | 0.5 |", "| x | (1.0, 2.0) |"]
    with pytest.raises(ValueError, match=r"rows\[0\] has 1 cells, expected 2"):
        markdown_table(["a", "b"], [(1,)])


def test_widget_panel_calls_draw_with_the_control_values():
    calls = []
    box = widgets.panel(lambda lr, gate: calls.append((lr, gate)),
                        lr=widgets.log_slider("lr", 0.1, -2, 0),
                        gate=widgets.dropdown("gate", ["and", "or"]))
    assert calls[-1] == (pytest.approx(0.1), "and")
    box.children[0].children[1].value = "or"
    assert calls[-1] == (pytest.approx(0.1), "or")
    slider = widgets.int_slider("n", 3, 1, 5)
    assert (slider.value, slider.max) == (3, 5)
    assert widgets.float_slider("w", 0.2, -1, 1).value == pytest.approx(0.2)


def test_panel_figures_skip_the_tight_bounding_box_only_while_drawing(monkeypatch):
    """Inside a panel the inline backend saves figures uncropped (one draw, not two)."""
    import functools
    import types

    from IPython.core.formatters import PNGFormatter
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    png = PNGFormatter()
    tight = functools.partial(print_figure, fmt="png", base64=True, bbox_inches="tight")
    png.for_type(Figure, tight)
    shell = types.SimpleNamespace(display_formatter=types.SimpleNamespace(
        formatters={"image/png": png}))
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)

    seen = []
    box = widgets.panel(lambda n: seen.append(png.lookup_by_type(Figure).keywords),
                        n=widgets.int_slider("n", 1, 0, 2))
    box.controls["n"].value = 2
    assert [kw["bbox_inches"] for kw in seen] == [None, None]
    assert png.lookup_by_type(Figure) is tight  # restored after each redraw
    fig = Figure(figsize=(2, 1))
    fig.add_subplot().plot([0, 1])
    assert png(fig)  # and the registered printer still renders


def test_plot_grid_maps_every_line_and_point_through_the_transform():
    R = np.array([[0.0, 1.0], [-1.0, 0.0]])  # rows: images of e1 and e2 (90 degrees)
    pts = np.array([[0.5, 0.0], [0.0, -0.5], [0.2, 0.2]])
    ax = plotting.plot_grid(lambda P: P @ R, lim=(-1, 1), n_lines=3, resolution=5,
                            points=pts, labels=[0, 1, 1], basis=True)
    assert len(ax.lines) == 6 and len(ax.lines[0].get_xdata()) == 5
    # the first line is x1 = -1; rotated, it becomes the horizontal line x2' = -1
    np.testing.assert_allclose(ax.lines[0].get_ydata(), -1.0)
    np.testing.assert_allclose(ax.lines[0].get_xdata(), -np.linspace(-1, 1, 5))
    assert [c.get_label() for c in ax.collections] == ["clase 0", "clase 1"]
    np.testing.assert_allclose(ax.collections[1].get_offsets(), pts[1:] @ R)
    arrows = [t.xy for t in ax.texts]
    np.testing.assert_allclose(arrows, R)  # the arrows end at the rows of W
    assert ax.get_aspect() == 1.0


def test_plot_grid_identity_and_lift_to_3d():
    ax = plotting.plot_grid(n_lines=2, resolution=2, lim=(0, 1))
    np.testing.assert_allclose(ax.lines[0].get_xdata(), [0, 0])  # x1 = 0, vertical
    W = np.array([[1.0, 0.0, 1.0], [0.0, 1.0, 1.0]])
    ax3 = plotting.plot_grid(lambda P: np.tanh(P @ W), points=X, labels=Y)
    assert ax3.name == "3d" and len(ax3.lines) == 22
    x, y, z = ax3.lines[0].get_data_3d()
    np.testing.assert_allclose(z, np.tanh(np.arctanh(x) + np.arctanh(y)))


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"transform": "rotate"}, TypeError, "transform must be callable"),
    ({"transform": lambda P: P[:, :1]}, ValueError, r"or \(\d+, 3\), got"),
    ({"transform": lambda P: np.full_like(P, np.nan)}, ValueError, "finite"),
    ({"lim": (1, -1)}, ValueError, "low < high"),
    ({"n_lines": 1}, ValueError, "n_lines must be at least 2"),
    ({"resolution": 2.5}, TypeError, "resolution must be a positive integer"),
    ({"points": X, "labels": [0, 1]}, ValueError, "one entry per point"),
    ({"labels": [0, 1]}, ValueError, "labels given without points"),
    ({"points": X, "labels": [0, 1, 1, -1]}, ValueError, "non-negative integers"),
])
def test_plot_grid_rejects_bad_inputs(kwargs, error, match):
    with pytest.raises(error, match=match):
        plotting.plot_grid(**kwargs)


def test_plot_grid_needs_matching_axes():
    ax2 = plt.subplots()[1]
    with pytest.raises(ValueError, match="must be a 3-D axes"):
        plotting.plot_grid(lambda P: np.column_stack([P, P[:, 0]]), ax2)
    ax3 = plt.figure().add_subplot(projection="3d")
    with pytest.raises(ValueError, match="must be a 2-D axes"):
        plotting.plot_grid(None, ax3)


# --- bad input: labels that would be truncated, probabilities taken for labels, shapes ---


def test_decision_regions_refuses_probabilities_for_labels():
    net = MLP((2, 3, 1), seed=0)
    with pytest.raises(ValueError, match=r"the output of predict must be class labels "
                                         r"\(non-negative integers\), got values such as "
                                         r"0\.\d+ \(pass the class labels, model\.predict, "
                                         r"not probabilities"):
        plotting.decision_regions(net.predict_proba, X, Y, resolution=10)
    with pytest.raises(ValueError, match="one class label per point, got an array of shape"):
        plotting.decision_regions(lambda P: np.zeros((len(P), 2)), X, Y, resolution=10)
    with pytest.raises(ValueError, match=r"must have one entry per point \(100\), got 3"):
        plotting.decision_regions(lambda P: np.zeros(3, int), X, Y, resolution=10)
    with pytest.raises(TypeError, match="predict must be callable"):
        plotting.decision_regions(net.predict(X), X, Y)


def test_decision_regions_accepts_booleans_and_whole_floats():
    for predict in (lambda P: P[:, 0] > 0.5, lambda P: (P[:, :1] > 0.5) * 1.0):
        ax = plotting.decision_regions(predict, X, Y, resolution=10)
        assert len(ax.collections) >= 3


def test_plot_points_refuses_labels_it_would_truncate():
    with pytest.raises(ValueError, match=r"y must be class labels \(non-negative integers\), "
                                         r"got values such as 0\.5"):
        plotting.plot_points(X, [0, 0.5, 1, 1.5])
    with pytest.raises(ValueError, match=r"y must have one entry per point \(4\), got 3"):
        plotting.plot_points(X, [0, 1, 1])
    with pytest.raises(ValueError, match=r"labels must name every class 0\.\.1, got 1"):
        plotting.plot_points(X, Y, labels=["solo"])
    ax = plotting.plot_points(X, Y.astype(float))  # whole numbers in a float array are fine
    assert len(ax.collections) == 2


def test_draw_network_refuses_weights_that_do_not_chain():
    with pytest.raises(ValueError, match=r"weights\[1\] must have 3 rows \(the outputs of "
                                         r"weights\[0\]\), got shape \(2, 1\)"):
        plotting.draw_network([np.ones((2, 3)), np.ones((2, 1))])
    with pytest.raises(ValueError, match="at least one matrix"):
        plotting.draw_network([])
    with pytest.raises(ValueError, match=r"biases must hold 2 vector\(s\)"):
        plotting.draw_network([np.ones((2, 3)), np.ones((3, 1))], [np.zeros(3)])
    with pytest.raises(ValueError, match=r"biases\[1\] must have shape \(1,\)"):
        plotting.draw_network([np.ones((2, 3)), np.ones((3, 1))], [np.zeros(3), np.zeros(2)])
