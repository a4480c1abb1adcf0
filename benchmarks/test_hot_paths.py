"""Timings of the library's hot paths (pytest-benchmark), without assertions on time.

They run with the rest of the test command so that a slowdown shows up in the table
printed at the end of every CI run; ``benchmarks/run_benchmarks.py`` compares the
library with scikit-learn and PyTorch.
"""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from mlp_lib import MLP, RBFNetwork, activations, graph, losses

X_DIGITS, Y_DIGITS = load_digits(return_X_y=True)
X_DIGITS = X_DIGITS / 16.0


def _net(activation="relu"):
    return MLP((64, 128, 10), activation, "linear", "softmax_cross_entropy", init="he", seed=0)


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_forward_batch_256(benchmark, activation):
    net = _net(activation)
    out = benchmark(net.forward, X_DIGITS[:256])[0]
    assert out.shape == (256, 10)


def test_forward_backward_batch_256(benchmark):
    net = _net()
    X, T = X_DIGITS[:256], net.targets(Y_DIGITS[:256])

    def step():
        return net.backward(net.forward(X)[1], T)

    dW, _ = benchmark(step)
    assert dW[0].shape == (64, 128)


@pytest.mark.parametrize("batch_size", [1, 32, 256])
def test_fit_one_epoch(benchmark, batch_size):
    X, y = X_DIGITS[:512], Y_DIGITS[:512]
    net = _net()
    history = benchmark(net.fit, X, y, lr=0.01, epochs=1, batch_size=batch_size,
                        track_loss=False)
    assert history.n_updates == -(-512 // batch_size)


def test_sigmoid_and_derivative(benchmark):
    z = np.linspace(-20, 20, 100_000)
    f = activations.get("sigmoid")
    out = benchmark(lambda: f.derivative(z) * f(z))
    assert np.all(np.isfinite(out))


def test_softmax_cross_entropy_gradient(benchmark):
    loss = losses.get("softmax_cross_entropy")
    z = np.random.default_rng(0).normal(size=(1024, 10))
    labels = np.arange(1024) % 10
    assert benchmark(loss.gradient, labels, z).shape == (1024, 10)


def test_rbf_hidden_layer(benchmark):
    net = RBFNetwork(centers=X_DIGITS[:50], sigma2=4.0)
    assert benchmark(net.hidden, X_DIGITS).shape == (len(X_DIGITS), 50)


def test_graph_backward_on_a_chain(benchmark):
    def build_and_backward():
        x = graph.Value(0.5, "x")
        y = x
        for _ in range(500):
            y = (y * 0.9 + 0.1).tanh()
        y.backward()
        return x.grad

    assert np.isfinite(benchmark(build_and_backward))
