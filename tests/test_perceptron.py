import numpy as np
import pytest

from mlp_lib import Perceptron, activations, boundary_line

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
GATES = {"or": [0, 1, 1, 1], "and": [0, 0, 0, 1], "nand": [1, 1, 1, 0]}


def test_or_example_of_the_slides_with_fixed_bias():
    # Sobrino deck: w1 = w2 = .5, b = -.5, eta = .5; z = 0 gives output 0
    p = Perceptron(weights=[0.5, 0.5], bias=-0.5, lr=0.5, learn_bias=False)
    history = p.fit(X, GATES["or"])
    first = history.steps[:4]
    assert [s.net_input for s in first] == [-0.5, 0.0, 0.0, 1.5]
    assert [s.error for s in first] == [0, 1, 1, 0]
    np.testing.assert_array_equal(history.weights[0], [1.0, 1.0])
    assert history.errors == [2, 0] and history.converged
    np.testing.assert_array_equal(p.predict(X), GATES["or"])


@pytest.mark.parametrize("gate", GATES)
def test_linearly_separable_gates_converge(gate):
    p = Perceptron(lr=0.1, seed=0)
    history = p.fit(X, GATES[gate], epochs=100)
    assert history.converged
    np.testing.assert_array_equal(p.predict(X), GATES[gate])


def test_xor_never_converges():
    history = Perceptron(lr=0.1, seed=0).fit(X, [0, 1, 1, 0], epochs=200)
    assert not history.converged and len(history.errors) == 200 and min(history.errors) >= 1


def test_boundary_line_is_where_the_net_input_is_zero():
    w, b = np.array([0.7, -0.4]), 0.3
    x1 = np.linspace(-2, 2, 5)
    x2 = boundary_line(w, b, x1)
    np.testing.assert_allclose(w[0] * x1 + w[1] * x2 + b, 0, atol=1e-12)


def test_nand_exercise_of_chapter_02():
    X_nand, d_nand = np.array(X), GATES["nand"]
    p = Perceptron(weights=[0.2, -0.1], bias=0.3, lr=0.5)
    history = p.fit(X_nand, d_nand, epochs=1)
    assert [s.net_input for s in history.steps] == pytest.approx([0.3, 0.2, 0.5, 0.4])
    np.testing.assert_allclose(history.weights[0], [-0.3, -0.6])
    assert history.bias[0] == pytest.approx(-0.2)


def test_perceptron_and_step_activation_agree_at_zero():
    # one convention in the book: the output is 1 only where z > 0, and z = 0 gives 0
    p = Perceptron(weights=[0.5, 0.5], bias=-0.5)
    z = p.net_input(X)
    assert 0.0 in z
    np.testing.assert_array_equal(p.predict(X), activations.get("step")(z))
    np.testing.assert_array_equal(p.predict(X), [0, 0, 0, 1])
