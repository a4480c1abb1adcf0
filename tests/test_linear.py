import numpy as np
import pytest

from mlp_lib import LinearRegressionGD, LogisticRegressionGD, least_squares


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
