import itertools

import numpy as np
import pytest

from mlp_lib import MLP, activations, losses

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

OUTPUT_FOR_LOSS = {
    "sse": "sigmoid",
    "half_sse": "tanh",
    "mse": "linear",
    "binary_cross_entropy": "sigmoid",
    "softmax_cross_entropy": "linear",
}


def _data(loss, m=5, n=3, q=2, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    if loss == "softmax_cross_entropy":
        y = rng.integers(0, q, m)
    elif loss == "binary_cross_entropy":
        y = rng.integers(0, 2, (m, q)).astype(float)
    else:
        y = rng.normal(size=(m, q))
    return X, y


@pytest.mark.parametrize(
    "activation, loss, depth",
    list(itertools.product(activations.NAMES, losses.NAMES, (1, 2, 3))),
)
def test_backprop_matches_finite_differences(activation, loss, depth):
    X, y = _data(loss)
    net = MLP((3,) + (4,) * depth + (2,), activation, OUTPUT_FOR_LOSS[loss], loss, seed=1)
    assert net.gradient_check(X, y) < 1e-6


@pytest.mark.parametrize("output", activations.NAMES)
def test_every_output_activation_with_squared_error(output):
    X, y = _data("half_sse")
    net = MLP((3, 4, 2), "tanh", output, "half_sse", seed=2)
    assert net.gradient_check(X, y) < 1e-6


def test_gradient_check_without_bias_and_float32_forward():
    X, y = _data("half_sse")
    net = MLP((3, 4, 2), "sigmoid", "linear", "half_sse", bias=False, seed=3)
    assert net.gradient_check(X, y) < 1e-6
    net32 = MLP((3, 4, 2), seed=3, dtype=np.float32)
    assert net32(X).dtype == np.float32


def test_gradient_check_detects_a_wrong_backward():
    X, y = _data("half_sse")
    net = MLP((3, 4, 2), "sigmoid", "sigmoid", "half_sse", seed=4)
    good = net.gradient_check(X, y)

    class Broken(MLP):
        def backward(self, cache, T):
            dW, db = super().backward(cache, T)
            dW[0] = dW[0] * 1.01  # a 1% error in the first layer
            return dW, db

    broken = Broken((3, 4, 2), "sigmoid", "sigmoid", "half_sse", seed=4)
    assert good < 1e-8 < 1e-4 < broken.gradient_check(X, y)


def test_batch_gradient_is_the_mean_of_the_per_example_gradients():
    # IPN deck: in batch mode the update is the average of the per-pattern updates
    X, y = _data("half_sse", m=6)
    net = MLP((3, 4, 2), seed=5)
    dW, db = net.gradients(X, y)
    per_example = [net.gradients(X[i:i + 1], y[i:i + 1]) for i in range(6)]
    for layer in range(2):
        np.testing.assert_allclose(dW[layer], np.mean([g[0][layer] for g in per_example], 0))
        np.testing.assert_allclose(db[layer], np.mean([g[1][layer] for g in per_example], 0))


@pytest.mark.parametrize("batch_size, updates", [(1, 100), (None, 1), (20, 5), (30, 4)])
def test_number_of_updates_per_epoch(batch_size, updates):
    # IPN deck: 100 patterns -> SGD 100 updates, batch 1, mini-batch of 20 -> 5
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(100, 2)), rng.integers(0, 2, 100)
    net = MLP((2, 3, 1), seed=0)
    history = net.fit(X, y, lr=0.1, epochs=3, batch_size=batch_size)
    assert history.n_updates == 3 * updates
    assert len(history.update_loss) == 3 * updates
    assert len(history.loss) == len(history.accuracy) == 3


def test_training_is_deterministic_given_a_seed():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(50, 2)), rng.integers(0, 2, 50)
    runs = [MLP((2, 5, 1), seed=7).fit(X, y, lr=0.5, epochs=5, batch_size=8).loss
            for _ in range(2)]
    assert runs[0] == runs[1]


def test_xor_is_learned():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    y = np.array([0, 1, 1, 0])
    net = MLP((2, 4, 1), "sigmoid", "sigmoid", "binary_cross_entropy", init="uniform", seed=0)
    history = net.fit(X, y, lr=1.0, epochs=2000)
    assert history.loss[-1] < history.loss[0]
    np.testing.assert_array_equal(net.predict(X), y)


def test_softmax_network_on_three_blobs_with_validation():
    rng = np.random.default_rng(2)
    centres = np.array([[0, 3], [3, 0], [-3, -3]])
    labels = rng.integers(0, 3, 300)
    X = centres[labels] + rng.normal(size=(300, 2))
    net = MLP((2, 8, 3), "relu", "linear", "softmax_cross_entropy", init="he", seed=2)
    history = net.fit(X[:200], labels[:200], lr=0.1, epochs=30, batch_size=20,
                      validation_data=(X[200:], labels[200:]))
    assert len(history.val_loss) == len(history.val_accuracy) == 30
    assert history.val_accuracy[-1] > 0.9
    proba = net.predict_proba(X[:5])
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_from_weights_and_set_parameters_copy_their_input():
    W1 = np.array([[0.11, 0.12], [0.21, 0.08]])
    net = MLP.from_weights([W1, [[0.14], [0.15]]], activation="linear",
                           output_activation="linear")
    net.train_step([[2, 3]], [1], lr=0.05)
    assert W1[0, 0] == 0.11
    assert not net.bias and net.n_parameters == 6
    assert repr(net) == ("MLP(layer_sizes=(2, 2, 1), activations=[linear, linear], "
                         "loss='half_sse')")


@pytest.mark.parametrize("init", ["normal", "uniform", "xavier", "he"])
def test_initialisations(init):
    net = MLP((50, 40, 1), init=init, seed=0)
    W = net.weights[0]
    if init == "uniform":
        assert W.min() >= -1 and W.max() <= 1 and W.std() > 0.5
    elif init == "normal":
        assert abs(W.std() - 1) < 0.05
    elif init == "xavier":
        assert np.abs(W).max() <= np.sqrt(6 / 90) and not net.biases[0].any()
    else:
        assert abs(W.std() - np.sqrt(2 / 50)) < 0.02


def test_divergence_stops_with_a_clear_error_not_a_silent_nan():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    y = X @ np.array([[3.0], [-2.0]])
    net = MLP([2, 8, 1], activation="tanh", output_activation="linear", seed=0)
    with np.errstate(over="ignore", invalid="ignore"), \
            pytest.raises(FloatingPointError, match=r"diverged in epoch \d+.*lr=5"):
        net.fit(X, y, lr=5.0, epochs=500)
    # a sane learning rate trains the same network without complaint
    history = MLP([2, 8, 1], activation="tanh", output_activation="linear", seed=0).fit(
        X, y, lr=0.01, epochs=50)
    assert np.isfinite(history.loss).all() and history.loss[-1] < history.loss[0]


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("m", [1, 7, 64])
def test_forward_and_backward_are_the_formulas_of_the_chapters(dtype, m):
    """The network's numbers are exactly those of the formulas of chapters 9 and 10,
    written out here layer by layer."""
    rng = np.random.default_rng(m)
    net = MLP([5, 9, 4, 3], activation=["tanh", "sigmoid"], output_activation="sigmoid",
              loss="binary_cross_entropy", seed=1, dtype=dtype)
    X = rng.normal(size=(m, 5)).astype(dtype)
    T = rng.integers(0, 2, (m, 3)).astype(dtype)
    A, As = X, [X]
    for W, b, f in zip(net.weights, net.biases, net.activations, strict=True):
        A = f.fn(A @ W + b)
        As.append(A)
    Y, cache = net.forward(X)
    assert all(np.array_equal(a, c) for a, c in zip(As, cache.A, strict=True))
    delta = (Y - T) / m
    dW, db = net.backward(cache, T)
    for l in (2, 1, 0):  # noqa: E741
        assert np.array_equal(dW[l], As[l].T @ delta) and np.array_equal(db[l], delta.sum(0))
        if l:
            delta = (delta @ net.weights[l].T) * net.activations[l - 1].derivative_at(
                cache.Z[l], As[l])
    # binary cross-entropy from the logits Z: t ln(1 + e^-z) + (1 - t) ln(1 + e^z)
    Z = cache.Z[-1]
    per_example = (T * np.logaddexp(0, -Z) + (1 - T) * np.logaddexp(0, Z)).sum(axis=1)
    assert net.loss_value(X, T) == float(per_example.mean())
    assert net.loss.from_logits(T, Z) == pytest.approx(float(per_example.mean()), rel=1e-6)
    # the same number as the textbook formula on the probabilities, to rounding
    clipped = np.clip(Y, losses.EPS, 1 - losses.EPS)
    np.testing.assert_allclose(
        per_example, -(T * np.log(clipped) + (1 - T) * np.log1p(-clipped)).sum(axis=1),
        rtol=1e-5 if dtype == np.float32 else 1e-13)


# --- edges: accuracy of a tanh output, saturated sigmoid + BCE, checks before training ---


def test_tanh_output_reads_outputs_and_targets_with_one_threshold():
    # a single tanh neuron: outputs tanh(x), split at 0 (classes coded -1 and +1)
    net = MLP.from_weights([[[1.0]]], [[0.0]], output_activation="tanh")
    X1 = np.array([[-2.0], [-0.1], [0.1], [2.0]])
    np.testing.assert_array_equal(net.predict(X1), [0, 0, 1, 1])
    # the class of a target is read as that of an output: labels 0/1, codes -1/+1 and
    # regression-like targets of the same signs all give the same (perfect) accuracy
    for y in ([0, 0, 1, 1], [-1, -1, 1, 1], [-0.5, -0.2, 0.2, 0.5]):
        assert net.score(X1, y) == 1.0
    # a sigmoid output keeps the threshold 0.5 for both
    sig = MLP.from_weights([[[1.0]]], [[0.0]], output_activation="sigmoid")
    assert sig.score(X1, [0.2, 0.4, 0.6, 0.8]) == 1.0


def test_tanh_network_accuracy_matches_predict_on_every_coding():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    net = MLP((2, 8, 1), "tanh", "tanh", "half_sse", seed=0)
    history = net.fit(X, 2 * y - 1, lr=0.1, epochs=200, validation_data=(X, y))
    accuracy = np.mean(net.predict(X) == y)
    assert accuracy > 0.9
    assert history.accuracy[-1] == history.val_accuracy[-1] == accuracy
    assert net.score(X, y) == net.score(X, 2 * y - 1) == accuracy


def test_tanh_output_refuses_training_targets_on_its_threshold():
    X, y = np.zeros((4, 2)), np.array([0, 1, 1, 0])
    for output in ("tanh", "sign"):
        with pytest.raises(ValueError, match=f"a {output} output codes them as -1 and"):
            MLP((2, 3, 1), "tanh", output).fit(X, y)
    MLP((2, 3, 1), "tanh", "tanh").fit(X, 2 * y - 1, epochs=1)  # the right coding
    MLP((2, 3, 1), "tanh", "tanh").fit(X, [0.0, 0.5, -0.5, 1.0], epochs=1)  # regression


@pytest.mark.parametrize("z_out", [40.0, -40.0])
def test_gradient_check_of_a_saturated_sigmoid_bce_network_is_tiny(z_out):
    """|z| around 40: sigma(z) rounds to 0 or 1; a loss clipped at 1e-12 was flat there
    while the gradient (sigma(z) - t)/m was not, so gradient_check reported ~1."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 2))
    y = np.array([0, 1, 0, 1, 1, 0])
    net = MLP((2, 3, 1), "tanh", "sigmoid", "binary_cross_entropy", seed=0)
    net.biases[-1][:] = z_out
    _, cache = net.forward(X)
    assert np.all(np.abs(cache.Z[-1] - z_out) < 3)  # every logit near +-40
    assert net.gradient_check(X, y) < 1e-7
    # the cost of a wrong, saturated output is about |z| (not -ln 1e-12 = 27.6)
    wrong = y != (z_out > 0)
    per_example = net.loss.from_logits(y, cache.Z[-1], reduction="none")
    np.testing.assert_allclose(per_example[wrong], np.abs(cache.Z[-1][wrong, 0]), rtol=1e-12)
    assert net.loss_value(X, y) == pytest.approx(per_example.mean(), rel=1e-15)


def test_bce_loss_is_computed_from_the_logits_in_history_and_loss_value():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(20, 2)), rng.integers(0, 2, 20)
    net = MLP((2, 4, 1), "relu", "sigmoid", "binary_cross_entropy", seed=1)
    history = net.fit(X, y, lr=0.5, epochs=3, batch_size=None, shuffle=False)
    _, cache = net.forward(X)
    assert history.loss[-1] == net.loss_value(X, y) == net.loss.from_logits(y, cache.Z[-1])
    Y = cache.A[-1]  # and the textbook formula on probabilities, to rounding
    assert history.loss[-1] == pytest.approx(net.loss(y, Y), rel=1e-13)


def test_a_bad_callback_is_refused_before_any_training():
    X, y = np.zeros((4, 2)), np.array([0, 1, 1, 0])
    net = MLP((2, 3, 1), seed=0)
    before = [W.copy() for W in net.weights]
    with pytest.raises(TypeError, match="callback must be callable"):
        net.fit(X, y, epochs=5, callback=5)
    assert all(np.array_equal(a, b) for a, b in zip(before, net.weights, strict=True))

