"""Tests of mlp_lib.graph: scalar computational graphs and reverse-mode gradients."""

from __future__ import annotations

import itertools
import math
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from mlp_lib.graph import Value, numerical_gradient, topological_order  # noqa: E402
from mlp_lib.plotting import draw_graph  # noqa: E402

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def rel_error(a: float, b: float, floor: float = 1e-8) -> float:
    """|a - b| relative to the larger magnitude (exact zeros on both sides give 0)."""
    return abs(a - b) / max(abs(a), abs(b), floor)


def backward_grads(f, values: dict[str, float]) -> dict[str, float]:
    """Build the graph of ``f`` on leaf Values, run backward and read the leaf grads."""
    leaves = {name: Value(v, name) for name, v in values.items()}
    out = f(**leaves)
    out.backward()
    return {name: leaf.grad for name, leaf in leaves.items()}


def slide_graph(x=-2.0, y=5.0, z=-4.0):
    x, y, z = Value(x, "x"), Value(y, "y"), Value(z, "z")
    q = x + y
    q.label = "q"
    f = q * z
    f.label = "f"
    return x, y, z, q, f


def logreg_graph(w=(-3.0, 0.5), x=(2.0, -1.5), b=4.0):
    ws = [Value(wi, f"w{i + 1}") for i, wi in enumerate(w)]
    xs = [Value(xi, f"x{i + 1}") for i, xi in enumerate(x)]
    products = [wi * xi for wi, xi in zip(ws, xs, strict=True)]
    for i, p in enumerate(products):
        p.label = f"w{i + 1}·x{i + 1}"
    s = products[0] + products[1]
    s.label = "s"
    bias = Value(b, "b")
    z = s + bias
    z.label = "z"
    out = z.sigmoid()
    out.label = "σ(z)"
    return ws, xs, bias, out


# -- the slide example -----------------------------------------------------------


def test_slide_example_forward_and_backward():
    x, y, z, q, f = slide_graph()
    assert q.data == 3.0
    assert f.data == -12.0
    assert (q.op, f.op, x.op) == ("+", "×", "")
    assert q.parents == (x, y) and f.parents == (q, z)
    f.backward()
    assert f.grad == 1.0
    assert q.grad == -4.0  # df/dq = z
    assert x.grad == -4.0  # df/dx = df/dq * dq/dx = -4 * 1
    assert y.grad == -4.0
    assert z.grad == 3.0  # df/dz = q
    assert repr(q) == "Value(label='q', data=3.0, grad=-4.0)"
    assert repr(Value(2)) == "Value(data=2.0, grad=0.0)"


# -- every operation against finite differences ----------------------------------

TWO = [(0.7, -1.3), (-2.0, 0.4), (1.5, 2.5), (-0.3, -0.8)]
POSITIVE = [0.3, 1.0, 2.7]
ANY = [-2.5, -0.4, 0.6, 1.9]

CASES = [
    ("add", lambda a, b: a + b, TWO),
    ("sub", lambda a, b: a - b, TWO),
    ("mul", lambda a, b: a * b, TWO),
    ("div", lambda a, b: a / b, TWO),
    ("pow_int", lambda a: a**3, ANY),
    ("pow_negative", lambda a: a**-2, ANY),
    ("pow_fraction", lambda a: a**0.5, POSITIVE),
    ("neg", lambda a: -a, ANY),
    ("exp", lambda a: a.exp(), ANY),
    ("log", lambda a: a.log(), POSITIVE),
    ("sigmoid", lambda a: a.sigmoid(), ANY),
    ("relu", lambda a: a.relu(), ANY),
    ("tanh", lambda a: a.tanh(), ANY),
    ("number_left", lambda a: 2 * a + 1 - (3 - a) + 1 / a - 4 / a, ANY),
    ("number_right", lambda a: a * 2 + a / 4 - a - 1, ANY),
    ("composition", lambda a, b: ((a * b).tanh() + a.exp() / b) ** 2, TWO),
    ("neuron", lambda a, b: (0.5 * a - 1.5 * b + 0.1).sigmoid() * (a - b).relu(), TWO),
    ("reuse_square", lambda a: a * a, ANY),
    ("reuse_double", lambda a: a + a, ANY),
    ("reuse_deep", lambda a, b: (a * b + a).sigmoid() * a - a / b, TWO),
]


@pytest.mark.parametrize(("name", "f", "points"), CASES, ids=[c[0] for c in CASES])
def test_gradient_matches_finite_differences(name, f, points):
    for point in points:
        point = point if isinstance(point, tuple) else (point,)
        values = dict(zip("ab"[:len(point)], point, strict=True))
        analytic = backward_grads(f, values)
        numeric = numerical_gradient(f, values)
        for key in values:
            assert rel_error(analytic[key], numeric[key]) < 1e-6, (name, point, key)


def test_reused_node_accumulates_gradients():
    a = Value(3.0, "a")
    (a * a).backward()
    assert a.grad == 6.0
    (a + a).backward()
    assert a.grad == 2.0
    (a * a + a).backward()  # two paths: 2a + 1
    assert a.grad == 7.0


@settings(max_examples=50, deadline=None, database=None)
@given(st.floats(-3, 3), st.floats(0.2, 3))
def test_composite_gradient_property(a, b):
    def f(a, b):
        return (a * b).tanh() * a.sigmoid() + (a / b) ** 2 - b.log() * a

    analytic = backward_grads(f, {"a": a, "b": b})
    numeric = numerical_gradient(f, {"a": a, "b": b})
    for key in "ab":
        assert rel_error(analytic[key], numeric[key], floor=1.0) < 1e-6


def test_numerical_gradient_accepts_plain_number_results():
    grads = numerical_gradient(lambda x: 3.0, {"x": 1.0})
    assert grads == {"x": 0.0}


# -- logistic regression as a graph ----------------------------------------------


@pytest.mark.parametrize("target", [0.0, 1.0])
def test_logistic_regression_gradient_is_closed_form(target):
    rng = np.random.default_rng(0)
    for _ in range(5):
        w_np, x_np, b_np = rng.normal(size=3), rng.normal(size=3), float(rng.normal())
        w = [Value(v, f"w{i}") for i, v in enumerate(w_np)]
        x = [Value(v, f"x{i}") for i, v in enumerate(x_np)]
        b = Value(b_np, "b")
        z = w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + b
        s = z.sigmoid()
        loss = -(target * s.log() + (1 - target) * (1 - s).log())
        loss.backward()

        sigma = 1.0 / (1.0 + math.exp(-(w_np @ x_np + b_np)))
        expected_loss = -(target * math.log(sigma) + (1 - target) * math.log(1 - sigma))
        assert loss.data == pytest.approx(expected_loss, rel=1e-12)
        np.testing.assert_allclose([wi.grad for wi in w], (sigma - target) * x_np, rtol=1e-9)
        assert b.grad == pytest.approx(sigma - target, rel=1e-9)
        assert z.grad == pytest.approx(sigma - target, rel=1e-9)


def test_sigmoid_is_stable_for_large_inputs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for x in (1e4, -1e4):
            v = Value(x)
            s = v.sigmoid()
            s.backward()
            assert math.isfinite(s.data) and math.isfinite(v.grad)
            assert s.data == (1.0 if x > 0 else 0.0)
            assert v.grad == 0.0


def test_relu_derivative_is_zero_at_and_below_zero():
    for x, expected in [(-1.0, 0.0), (0.0, 0.0), (2.0, 1.0)]:
        v = Value(x)
        v.relu().backward()
        assert v.grad == expected


# -- backward and topological order ----------------------------------------------


def test_backward_twice_gives_the_same_grads():
    x, y, z, q, f = slide_graph()
    f.backward()
    first = [n.grad for n in (x, y, z, q, f)]
    f.backward()
    assert [n.grad for n in (x, y, z, q, f)] == first


def test_topological_order_puts_parents_first():
    x, y, z, q, f = slide_graph()
    order = topological_order(f)
    assert len(order) == 5 and len(set(map(id, order))) == 5
    assert order[-1] is f
    position = {id(n): i for i, n in enumerate(order)}
    for node in order:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)]
    assert all(position[id(leaf)] < position[id(f)] for leaf in (x, y, z))


def test_deep_graph_needs_no_recursion():
    x = Value(0.5, "x")
    v = x
    for _ in range(5000):
        v = v * 1.0001 + 0.0
    v.backward()
    assert x.grad == pytest.approx(1.0001**5000, rel=1e-9)
    assert len(topological_order(v)) == 1 + 4 * 5000


def test_numpy_scalars_combine_with_values():
    v = Value(2.0)
    for out in (np.float64(3.0) * v, v * np.float64(3.0), np.int64(3) * v):
        assert isinstance(out, Value) and out.data == 6.0


# -- bad inputs --------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["a", None, [1.0], True])
def test_value_rejects_non_numbers(bad):
    with pytest.raises(TypeError, match="data"):
        Value(bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_value_rejects_non_finite_numbers(bad):
    with pytest.raises(ValueError, match="data"):
        Value(bad)


def test_value_rejects_bad_label():
    with pytest.raises(TypeError, match="label"):
        Value(1.0, label=3)


@pytest.mark.parametrize("x", [0.0, -2.0])
def test_log_of_non_positive_value(x):
    with pytest.raises(ValueError, match=r"log.*'w'"):
        Value(x, "w").log()


def test_power_needs_a_number_exponent():
    v = Value(2.0, "v")
    with pytest.raises(TypeError, match="exponent"):
        v**v
    with pytest.raises(TypeError, match="exponent"):
        v ** "2"
    with pytest.raises(TypeError):
        2**v
    with pytest.raises(ValueError, match="power"):
        Value(-2.0) ** 0.5


def test_other_bad_operations():
    with pytest.raises(TypeError, match="operand"):
        Value(1.0) + "a"
    with pytest.raises(ZeroDivisionError, match="divisor"):
        Value(1.0) / Value(0.0, "d")
    with pytest.raises(OverflowError, match="exp"):
        Value(1000.0).exp()
    with pytest.raises(OverflowError, match="×"):
        Value(1e200) * 1e200
    with pytest.raises(TypeError, match="root"):
        topological_order(3.0)


def test_numerical_gradient_checks_its_arguments():
    with pytest.raises(TypeError, match="f"):
        numerical_gradient(3.0, {"a": 1.0})
    with pytest.raises(TypeError, match="values"):
        numerical_gradient(lambda a: a, [1.0])
    with pytest.raises(TypeError, match=r"values\['a'\]"):
        numerical_gradient(lambda a: a, {"a": "x"})
    with pytest.raises(ValueError, match="eps"):
        numerical_gradient(lambda a: a, {"a": 1.0}, eps=0.0)


# -- drawing ---------------------------------------------------------------------


def _texts(ax, gid):
    return [t for t in ax.texts if t.get_gid() == gid]


@pytest.mark.parametrize("example", ["slide", "logreg"])
def test_draw_one_box_per_value_and_one_circle_per_operation(example):
    root = slide_graph()[-1] if example == "slide" else logreg_graph()[-1]
    root.backward()
    nodes = topological_order(root)
    ax = draw_graph(root)
    assert isinstance(ax, matplotlib.axes.Axes)
    boxes, circles = _texts(ax, "value"), _texts(ax, "op")
    assert len(boxes) == len(nodes)
    assert len(circles) == sum(1 for n in nodes if n.parents)
    shown = "\n".join(t.get_text() for t in boxes)
    for node in nodes:
        assert f"data {node.data:.4g}" in shown and f"grad {node.grad:.4g}" in shown
    assert not ax.axison

    ax.figure.canvas.draw()  # no warnings, and no two boxes or circles overlap
    renderer = ax.figure.canvas.get_renderer()
    extents = [t.get_bbox_patch().get_window_extent(renderer) for t in boxes + circles]
    for a, b in itertools.combinations(extents, 2):
        assert not a.overlaps(b)


def test_draw_on_given_axes_without_grads():
    fig, ax = plt.subplots()
    root = slide_graph()[-1]
    assert draw_graph(root, ax=ax, show_grad=False) is ax
    assert all("grad" not in t.get_text() for t in ax.texts)
    fig.canvas.draw()


def test_draw_reused_node_and_single_leaf():
    a = Value(3.0, "a")
    ax = draw_graph(a * a + a)
    assert len(_texts(ax, "value")) == 3
    ax.figure.canvas.draw()
    assert len(_texts(draw_graph(a), "value")) == 1
