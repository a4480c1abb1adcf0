"""Numbers written by hand in the exercise solutions, recomputed.

Most solutions end in a code cell that prints or asserts their numbers, and nbval
checks those. The numbers below are written in the prose only: each test recomputes
them and checks that the chapter still says exactly that, at the precision written
("0.2231" means the value rounds to 0.2231).
"""

import functools
import json
from pathlib import Path

import numpy as np
import pytest

from mlp_lib import MLP, RBFNetwork, graph, losses
from mlp_lib.activations import sigmoid

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

BOOK = Path(__file__).resolve().parent.parent / "book"


@functools.cache
def prose(chapter: str) -> str:
    """The Markdown cells of ``book/<chapter>.ipynb``, joined."""
    cells = json.loads((BOOK / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def written(chapter: str, text: str, number: str, value: float) -> None:
    """``text`` is in the chapter, shows ``number``, and ``value`` rounds to it."""
    assert text in prose(chapter), f"{chapter}: the text {text!r} is no longer there"
    assert number in text
    decimals = len(number.split(".")[1]) if "." in number else 0
    assert abs(value - float(number)) <= 0.5 * 10.0**-decimals + 1e-12, (
        f"{chapter}: {text!r} says {number}, the computation gives {value!r}")


def test_grafo_logistica():
    p = float(sigmoid(0.8 * 1.5 + 0.4 * -0.5 - 0.2))
    written("06_grafo_computacional", r"$p = \sigma(0.8) \approx 0.6900$", "0.6900", p)
    w1, w2, b = graph.Value(0.8), graph.Value(0.4), graph.Value(-0.2)
    loss = -(1 - (w1 * 1.5 + w2 * -0.5 + b).sigmoid()).log()  # y = 0
    loss.backward()
    written("06_grafo_computacional", r"$\partial\ell/\partial w_1 = p\,x_1 \approx 1.035$",
            "1.035", w1.grad)


def test_grafo_relu():
    a = graph.Value(0.0)
    a.relu().backward()
    written("06_grafo_computacional", "`backward()` da $0$", "0", a.grad)
    numeric = graph.numerical_gradient(lambda a: a.relu(), {"a": 0.0})["a"]
    written("06_grafo_computacional", r"\varepsilon/(2\varepsilon) = 0.5$", "0.5", numeric)


@pytest.mark.parametrize("name, text, numbers", [
    ("sse", r"SSE: $\ell = 0.04$, $\partial\ell/\partial\hat{y} = -0.4$, $\delta = -0.064$",
     ("0.04", "-0.4", "-0.064")),
    ("half_sse", r"SSE: $\ell = 0.02$, $\partial\ell/\partial\hat{y} = -0.2$, $\delta = -0.032$",
     ("0.02", "-0.2", "-0.032")),
])
def test_costos_a_mano_squared_errors(name, text, numbers):
    loss, slope = losses.get(name), 0.8 * (1 - 0.8)  # sigma'(z) = y_hat (1 - y_hat)
    gradient = float(loss.gradient([1.0], [0.8]).ravel()[0])
    for number, value in zip(numbers, (loss([1.0], [0.8]), gradient, gradient * slope),
                             strict=True):
        written("08_costos", text, number, value)


def test_costos_a_mano_cross_entropy():
    bce = losses.get("binary_cross_entropy")
    written("08_costos", r"$\ell = -\ln 0.8 \approx 0.2231$", "0.2231", bce([1.0], [0.8]))
    gradient = float(bce.gradient([1.0], [0.8]).ravel()[0])
    written("08_costos", r"$\partial\ell/\partial\hat{y} = -0.2/0.16 = -1.25$", "-1.25", gradient)
    written("08_costos", r"$\delta = \hat{y} - y = -0.2$", "-0.2", gradient * 0.16)
    total = bce(np.ones(10), np.full(10, 0.8), reduction="sum")
    written("08_costos", "($0.4$, $0.2$ y $2.231$)", "2.231", total)
    written("08_costos", 'reduction="sum")` da\n$2.2314$', "2.2314", total)


def test_backprop_a_mano():
    net = MLP.from_weights([[[0.5]], [[2.0]]], [[0.0], [0.0]], activation="sigmoid",
                           output_activation="linear", loss="half_sse")
    a = float(sigmoid(0.5))
    y_hat = float(net([[1.0]])[0, 0])
    delta = 1 - y_hat
    chapter = "10_backpropagation"
    written(chapter, r"$a = \sigma(0.5) = 0.6225$", "0.6225", a)
    written(chapter, r"$\hat{y} = 2a = 1.2449$", "1.2449", y_hat)
    written(chapter, "$e = 1 - 1.2449 = -0.2449$", "-0.2449", delta)
    written(chapter, r"$e^{(1)} = w^{(2)}\delta = -0.4898$", "-0.4898", 2 * delta)
    written(chapter, r"\sigma'(0.5)\,e^{(1)} = 0.2350", "0.2350", a * (1 - a))
    written(chapter, r"0.2350 \cdot (-0.4898) = -0.1151$", "-0.1151", a * (1 - a) * 2 * delta)
    dW, _ = net.gradients([[1.0]], [1.0])
    written(chapter, r"\partial\ell/\partial w^{(1)} = 0.1151$", "0.1151", dW[0][0, 0])
    written(chapter, r"\partial\ell/\partial w^{(2)} = 0.1525$", "0.1525", dW[1][0, 0])
    net.train_step([[1.0]], [1.0], lr=0.1)
    written(chapter, r"0.1\cdot(-0.2449)\cdot 0.6225 = 1.9848$", "1.9848", net.weights[1][0, 0])
    written(chapter, r"0.1\cdot(-0.1151)\cdot 1 = 0.4885$", "0.4885", net.weights[0][0, 0])


X_EX, Y_EX = np.array([[2.0, 3.0]]), np.array([1.0])


def example_net() -> MLP:
    """The worked example of the Sobrino deck: 2-2-1, linear, no bias."""
    return MLP.from_weights([[[0.11, 0.12], [0.21, 0.08]], [[0.14], [0.15]]],
                            activation="linear", output_activation="linear", loss="half_sse")


def test_ejemplo_w22():
    net = example_net()
    net.train_step(X_EX, Y_EX, lr=0.05)
    y_hat = float(net(X_EX)[0, 0])
    dW, _ = net.gradients(X_EX, Y_EX)
    chapter = "11_ejemplo_resuelto"
    written(chapter, r"Tras el primer paso, $\hat{y} = 0.2557$", "0.2557", y_hat)
    written(chapter, r"$\Delta = 0.2557 - 1 = -0.7443$", "-0.7443", y_hat - 1)
    written(chapter, "$w_6 = 0.1694$", "0.1694", net.weights[1][1, 0])
    written(chapter, "(-0.7443)(0.1694)(3) = -0.3783", "-0.3783", dW[0][1, 1])
    written(chapter, "todos los decimales la derivada es $-0.378266$", "-0.378266",
            dW[0][1, 1])
    written(chapter, "$w_{22} = 0.0982 - 0.05", "0.0982", net.weights[0][1, 1])
    net.train_step(X_EX, Y_EX, lr=0.05)
    written(chapter, r"0.0982 + 0.0189 = 0.1171$", "0.1171", net.weights[0][1, 1])


def test_ejemplo_predice():
    """eta = 0.5: S = |h|^2 + |w_out|^2 |x|^2 is the factor of the first-order step."""
    net, eta_s = example_net(), []
    for _ in range(11):
        h = X_EX @ net.weights[0]
        eta_s.append(0.5 * (np.sum(h**2) + np.sum(net.weights[1] ** 2) * np.sum(X_EX**2)))
        net.train_step(X_EX, Y_EX, lr=0.5)
        if len(eta_s) == 1:
            prediction = float(net(X_EX)[0, 0])
    chapter = "11_ejemplo_resuelto"
    written(chapter, r"$\eta = 0.5$. Al principio $S = 1.50$", "1.50", eta_s[0] / 0.5)
    written(chapter, "tras un paso la predicción es $1.2041$", "1.2041", prediction)
    written(chapter, r"Tras ese paso, $\eta S = 4.35$", "4.35", eta_s[1])
    written(chapter, "(entre $0.60$", "0.60", min(eta_s[1:]))
    written(chapter, "y $6.54$ en los diez primeros)", "6.54", max(eta_s[1:]))


def test_ejemplo_lineal():
    v = example_net().weights[0] @ example_net().weights[1]
    chapter = "11_ejemplo_resuelto"
    written(chapter, "= (0.0334, 0.0414)$", "0.0334", v[0, 0])
    written(chapter, "= (0.0334, 0.0414)$", "0.0414", v[1, 0])
    written(chapter, r"3(0.0414) = 0.191$", "0.191", float((X_EX @ v)[0, 0]))
    one_step = 0.191 + 0.05 * 0.809 * 13  # the rounded numbers of the text
    written(chapter, "0.191 + 0.05(0.809)(13) = 0.71685$", "0.71685", one_step)


def test_rbf_predice():
    total = -1 + 2 * np.exp(-2) - np.exp(-4)
    chapter = "16_rbf"
    written(chapter, r"un vecino da $e^{-2} = 0.1353$", "0.1353", np.exp(-2))
    written(chapter, "la esquina opuesta $e^{-4} = 0.0183$", "0.0183", np.exp(-4))
    written(chapter, r"\approx -1 + 0.2707 - 0.0183 = -0.7476$", "0.2707", 2 * np.exp(-2))
    written(chapter, r"\approx -1 + 0.2707 - 0.0183 = -0.7476$", "-0.7476", total)
    assert -1 + 0.2707 - 0.0183 == pytest.approx(-0.7476)  # the written terms add up
    assert total == pytest.approx(-(1 - np.exp(-2)) ** 2)  # the general formula of the text


def test_rbf_thin_plate():
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    net = RBFNetwork(centers=corners, kernel="thin_plate")
    net.weights_, net.bias_ = np.array([-1.0, 1.0, 1.0, -1.0]), 0.0
    Phi = net.hidden(corners)
    np.testing.assert_allclose(Phi, np.log(2) * np.fliplr(np.eye(4)), atol=1e-12)
    written("16_rbf", r"\ln 2 \approx 0.6931$", "0.6931", Phi[0, 3])
    sums = Phi @ net.weights_
    written("16_rbf", "suma $-\\ln 2 = -0.6931$", "-0.6931", sums[0])
    written("16_rbf", "con peso $+1$: suma $+0.6931$", "0.6931", sums[1])
