import numpy as np
import pytest

from mlp_lib import LinearRegressionGD, LogisticRegressionGD, least_squares

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library


def test_gradient_matches_the_slide_formula():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=20), rng.normal(size=20)
    model = LinearRegressionGD(w0=0.3, w=[-0.2])
    g0, g = model.gradient(x, y)
    f = 0.3 - 0.2 * x
    assert g0 == pytest.approx(np.mean((y - f) * -1))
    assert g[0] == pytest.approx(np.mean((y - f) * -x))


def test_gradient_descent_reaches_least_squares():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(100, 2))
    y = 1.5 + X @ [2.0, -1.0] + 0.1 * rng.normal(size=100)
    model = LinearRegressionGD()
    history = model.fit(X, y, lr=0.1, epochs=500)
    w0, w = least_squares(X, y)
    assert model.w0 == pytest.approx(w0, abs=1e-6)
    np.testing.assert_allclose(model.w, w, atol=1e-6)
    assert len(history.path) == 501 and history.loss[-1] < history.loss[0]


def test_sgd_does_one_update_per_example():
    x = np.linspace(0, 1, 10)
    history = LinearRegressionGD(loss="mse", seed=0).fit(x, 2 * x, lr=0.02, epochs=3,
                                                         batch_size=1)
    assert len(history.path) == 31


def test_logistic_regression_gradient_and_separation():
    rng = np.random.default_rng(2)
    X = np.vstack([rng.normal(-2, 1, (50, 2)), rng.normal(2, 1, (50, 2))])
    y = np.repeat([0, 1], 50)
    model = LogisticRegressionGD(w0=0.1, w=[0.2, -0.3])
    g0, g = model.gradient(X, y)
    p = model.predict_proba(X)
    assert g0 == pytest.approx(np.mean(p - y))
    np.testing.assert_allclose(g, X.T @ (p - y) / 100)
    model.fit(X, y, lr=0.5, epochs=200)
    assert np.mean(model.predict(X) == y) > 0.95


@pytest.mark.parametrize("batch_size", [None, 1, 8])
def test_divergence_stops_with_the_same_clear_error_as_mlp(batch_size):
    # lr = 1 on inputs of scale 10: the loss reached 1e64, then a NaN made the loss
    # complain about its y_pred; now training stops at once, as MLP.fit does
    rng = np.random.default_rng(0)
    X = 10 * rng.normal(size=(50, 2))
    y = X @ np.array([3.0, -2.0])
    with np.errstate(over="ignore", invalid="ignore"), \
            pytest.raises(FloatingPointError, match=r"training diverged in epoch \d+: .* "
                                                    r"overflowed to inf/NaN\. Lower the learning "
                                                    r"rate \(lr=1\)"):
        LinearRegressionGD().fit(X, y, lr=1.0, epochs=500, batch_size=batch_size)


def test_logistic_divergence_stops_with_a_clear_error():
    rng = np.random.default_rng(0)
    X = 1e5 * rng.normal(size=(20, 2))
    y = (X[:, 0] > 0).astype(int)
    with np.errstate(over="ignore", invalid="ignore"), \
            pytest.raises(FloatingPointError, match="diverged in epoch 1"):
        LogisticRegressionGD().fit(X, y, lr=1e305, epochs=5)


@pytest.mark.parametrize("model", [LinearRegressionGD(), LogisticRegressionGD()])
def test_predict_before_fit_says_to_fit_first(model):
    with pytest.raises(ValueError, match=r"has no weights yet: call fit\(X, y\) first"):
        model.predict([[1.0, 2.0]])
    with pytest.raises(ValueError, match="has no weights yet"):
        model.loss_value([[1.0, 2.0]], [1])


def test_logistic_loss_from_the_logits_agrees_with_its_gradient_when_saturated():
    # z = w0 + w x = 40 on a class-0 example: sigma(z) rounds to 1, the cost is ~40
    # (the probabilities clipped at 1e-12 gave 27.6, flat, while the gradient is 1)
    x, y = np.array([[0.4]]), np.array([0])
    model = LogisticRegressionGD(w0=0.0, w=[100.0])
    assert model.loss_value(x, y) == pytest.approx(40.0, rel=1e-15)
    h = 1e-6
    up = LogisticRegressionGD(w0=h, w=[100.0]).loss_value(x, y)
    down = LogisticRegressionGD(w0=-h, w=[100.0]).loss_value(x, y)
    g0, _ = model.gradient(x, y)
    assert (up - down) / (2 * h) == pytest.approx(g0, rel=1e-7)
    history = LogisticRegressionGD(w0=0.0, w=[100.0]).fit(x, y, lr=1e-9, epochs=1)
    assert history.loss[0] == pytest.approx(40.0, rel=1e-9)  # fit records the same cost
