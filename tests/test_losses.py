import numpy as np
import pytest

from mlp_lib import losses
from mlp_lib.activations import softmax

RNG = np.random.default_rng(0)
Y_PRED = RNG.uniform(0.05, 0.95, (6, 3))
Y_BIN = RNG.integers(0, 2, (6, 3)).astype(float)
LABELS = np.array([0, 2, 1, 1, 0, 2])


def _targets(name):
    return LABELS if name == "softmax_cross_entropy" else Y_BIN


@pytest.mark.parametrize("name", losses.NAMES)
def test_gradient_matches_finite_differences(name):
    loss = losses.get(name)
    t, y, eps = _targets(name), Y_PRED.copy(), 1e-6
    numeric = np.zeros_like(y)
    for i in np.ndindex(y.shape):
        up, down = y.copy(), y.copy()
        up[i] += eps
        down[i] -= eps
        numeric[i] = (loss(t, up) - loss(t, down)) / (2 * eps)
    np.testing.assert_allclose(loss.gradient(t, y), numeric, rtol=1e-6, atol=1e-10)


def test_values_follow_the_formulas():
    t, y = np.array([[1.0, 0.0]]), np.array([[0.5, 0.25]])
    assert losses.get("sse")(t, y) == pytest.approx(0.25 + 0.0625)
    assert losses.get("half_sse")(t, y) == pytest.approx(0.5 * 0.3125)
    assert losses.get("mse")(t, y) == pytest.approx(0.3125 / 2)
    assert losses.get("binary_cross_entropy")(t, y) == pytest.approx(-np.log(0.5) - np.log(0.75))
    z = np.array([[2.0, 1.0, 0.1]])
    assert losses.get("softmax_cross_entropy")([0], z) == pytest.approx(-np.log(softmax(z)[0, 0]))


def test_worked_example_cost():
    # C = 1/2 (0.191 - 1)^2 of the Sobrino deck
    assert losses.get("half_sse")([1.0], [0.191]) == pytest.approx(0.3272405)


def test_reductions():
    loss = losses.get("half_sse")
    t, y = np.zeros((4, 1)), np.arange(4.0)[:, None]
    per = loss(t, y, reduction="none")
    np.testing.assert_allclose(per, [0, 0.5, 2, 4.5])
    assert loss(t, y, reduction="sum") == pytest.approx(7.0)
    assert loss(t, y) == pytest.approx(7.0 / 4)


def test_softmax_gradient_is_p_minus_one_over_m_for_the_correct_class():
    # UNCUYO deck: dL/dY = (P_i - 1)/m for the correct class, P_i/m otherwise
    z = RNG.normal(size=(4, 3))
    labels = np.array([0, 1, 2, 1])
    P = softmax(z)
    expected = P.copy()
    expected[np.arange(4), labels] -= 1
    np.testing.assert_allclose(losses.get("softmax_cross_entropy").gradient(labels, z),
                               expected / 4)


def test_one_hot_and_labels_agree():
    loss = losses.get("softmax_cross_entropy")
    z = RNG.normal(size=(6, 3))
    assert loss(LABELS, z) == pytest.approx(loss(np.eye(3)[LABELS], z))


def test_bce_is_finite_at_saturated_outputs():
    loss = losses.get("binary_cross_entropy")
    value = loss([1.0, 0.0], [0.0, 1.0])
    assert value == pytest.approx(-np.log(losses.EPS))
    assert np.all(np.isfinite(loss.gradient([1.0, 0.0], [0.0, 1.0])))
