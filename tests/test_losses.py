import numpy as np
import pytest

from mlp_lib import losses
from mlp_lib.activations import sigmoid, softmax

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

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


def test_bce_from_logits_is_the_bce_of_the_sigmoid():
    loss = losses.get("binary_cross_entropy")
    z = RNG.normal(scale=3, size=(6, 3))
    np.testing.assert_allclose(loss.from_logits(Y_BIN, z, reduction="none"),
                               loss(Y_BIN, sigmoid(z), reduction="none"), rtol=1e-12)
    assert loss.from_logits(Y_BIN, z) == pytest.approx(loss(Y_BIN, sigmoid(z)), rel=1e-13)
    assert loss.from_logits(Y_BIN, z, reduction="sum") == pytest.approx(
        loss(Y_BIN, sigmoid(z), reduction="sum"), rel=1e-13)
    assert loss.from_logits([1.0, 0.0], [0.0, 0.0]) == pytest.approx(np.log(2))


def test_bce_from_logits_is_exact_and_agrees_with_its_gradient_for_any_logit():
    """Probabilities clipped at 1e-12 cap the cost at 27.6 and make it flat beyond
    |z| = 27.6, where the gradient sigma(z) - t is not; from the logits it is neither."""
    loss = losses.get("binary_cross_entropy")
    z = np.array([-1000.0, -40.0, -30.0, 30.0, 40.0, 1000.0])
    wrong = loss.from_logits(np.ones(6) * (z < 0), z, reduction="none")  # t on the other side
    np.testing.assert_allclose(wrong, np.abs(z), rtol=1e-12)
    right = loss.from_logits(1.0 * (z > 0), z, reduction="none")
    np.testing.assert_allclose(right, np.exp(-np.abs(z)), rtol=1e-12)  # tiny, not 0
    t, eps = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0]), 1e-6
    for i in range(6):
        up, down = z.copy(), z.copy()
        up[i] += eps
        down[i] -= eps
        numeric = (loss.from_logits(t, up) - loss.from_logits(t, down)) / (2 * eps)
        assert numeric == pytest.approx((sigmoid(z[i]) - t[i]) / 6, rel=1e-6, abs=1e-12)
