"""The worked example of the Sobrino deck (DESIGN section 5), through the public API."""

import numpy as np
import pytest

from mlp_lib import MLP

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

X, Y = np.array([[2.0, 3.0]]), np.array([1.0])
W1 = [[0.11, 0.12], [0.21, 0.08]]
W2 = [[0.14], [0.15]]


def _net(activation="linear"):
    return MLP.from_weights([W1, W2], activation=activation, output_activation=activation,
                            loss="half_sse")


def _check(net, w2, w1, pred):
    np.testing.assert_allclose(net.weights[1].ravel(), w2, atol=5e-5)
    np.testing.assert_allclose(net.weights[0], w1, atol=5e-5)
    assert net(X)[0, 0] == pytest.approx(pred, abs=5e-5)


def test_forward():
    net = _net()
    out, cache = net.forward(X)
    np.testing.assert_allclose(cache.A[1], [[0.85, 0.48]])
    assert out[0, 0] == pytest.approx(0.191)
    assert net.loss_value(X, Y) == pytest.approx(0.3272, abs=5e-5)


def test_two_steps_with_learning_rate_0_05():
    net = _net()
    net.train_step(X, Y, lr=0.05)
    _check(net, [0.1744, 0.1694], [[0.1213, 0.1321], [0.2270, 0.0982]], 0.2557)
    assert net.loss_value(X, Y) == pytest.approx(0.2770, abs=5e-5)
    net.train_step(X, Y, lr=0.05)
    _check(net, [0.2088, 0.1902], [[0.1343, 0.1447], [0.2465, 0.1171]], 0.3323)


def test_one_step_with_learning_rate_0_25():
    net = _net()
    net.train_step(X, Y, lr=0.25)
    _check(net, [0.3119, 0.2471], [[0.1666, 0.1807], [0.2949, 0.1710]], 0.5960)


def test_sigmoid_variant():
    net = _net("sigmoid")
    out, cache = net.forward(X)
    np.testing.assert_allclose(cache.A[1], [[0.7006, 0.6177]], atol=5e-5)
    assert out[0, 0] == pytest.approx(0.5475, abs=5e-5)
    assert net.loss_value(X, Y) == pytest.approx(0.1024, abs=5e-5)


def test_gradients_are_the_slide_formulas():
    # dC/dw5 = (pred - real) h1, dC/dw11 = (pred - real) w5 x1
    net = _net()
    dW, _ = net.gradients(X, Y)
    delta = 0.191 - 1
    np.testing.assert_allclose(dW[1].ravel(), delta * np.array([0.85, 0.48]))
    np.testing.assert_allclose(dW[0], delta * np.outer([2, 3], [0.14, 0.15]))
