"""Tests of mlp_lib.rbf: the XOR table of the IPN deck, fitting, sigma2, kernels, errors."""

from __future__ import annotations

import numpy as np
import pytest

from mlp_lib.datasets import logic_gate, make_toy
from mlp_lib.rbf import (
    KERNELS,
    RBFNetwork,
    estimate_sigma2,
    gaussian,
    squared_distances,
    thin_plate,
)

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

XOR_X, XOR_Y = logic_gate("xor")


@pytest.fixture
def xor_net() -> RBFNetwork:
    """The deck's XOR network: centres on the four points, sigma = 1, weights -1, 1, 1, -1."""
    net = RBFNetwork(centers=XOR_X, sigma2=1.0)
    net.weights_ = np.array([[-1.0], [1.0], [1.0], [-1.0]])
    net.bias_ = np.array([0.0])
    return net


def test_xor_hidden_layer_matches_the_deck(xor_net):
    phi = xor_net.hidden(XOR_X)
    np.testing.assert_allclose(phi[0], [1.0, 0.6065, 0.6065, 0.3679], atol=5e-5)
    np.testing.assert_allclose(phi, phi.T)  # symmetric: distances between the same 4 points
    np.testing.assert_allclose(np.diag(phi), 1.0)
    np.testing.assert_allclose(phi[3], [0.3679, 0.6065, 0.6065, 1.0], atol=5e-5)


def test_xor_output_sums_and_labels(xor_net):
    z = xor_net.predict(XOR_X)
    assert z.shape == (4,)
    np.testing.assert_allclose(np.round(z, 4), [-0.1548, 0.1548, 0.1548, -0.1548])
    np.testing.assert_array_equal(xor_net.predict_labels(XOR_X, threshold=0.0), XOR_Y)


def test_weights_may_be_one_dimensional_and_bias_omitted():
    net = RBFNetwork(centers=XOR_X, sigma2=1.0)
    net.weights_ = np.array([-1.0, 1.0, 1.0, -1.0])
    np.testing.assert_allclose(net.predict(XOR_X), [-0.15482, 0.15482, 0.15482, -0.15482],
                               atol=1e-5)


def test_gaussian_and_thin_plate_functions():
    assert gaussian(0.0) == 1.0
    np.testing.assert_allclose(gaussian(1.0, 1.0), np.exp(-0.5))
    np.testing.assert_allclose(gaussian(2.0, 2.0), np.exp(-1.0))
    np.testing.assert_allclose(thin_plate([np.e, 2.0]), [np.e**2, 4 * np.log(2.0)])


def test_thin_plate_is_zero_at_the_centre_without_warning():
    assert thin_plate(0.0) == 0.0
    net = RBFNetwork(centers=XOR_X, kernel="thin_plate")
    phi = net.hidden(XOR_X)  # pytest runs with -W error: a log(0) warning would fail here
    assert np.all(np.diag(phi) == 0.0)
    assert np.all(np.isfinite(phi))
    np.testing.assert_allclose(phi[0, 3], 2 * np.log(np.sqrt(2)))  # r^2 ln r with r = sqrt 2


def test_squared_distances_shape_and_values():
    C = np.array([[0.0, 0.0], [3.0, 4.0]])
    r2 = squared_distances(np.array([[0.0, 0.0], [3.0, 0.0], [1.0, 1.0]]), C)
    np.testing.assert_allclose(r2, [[0, 25], [9, 16], [2, 13]])


def test_estimate_sigma2_matches_hand_computation():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 10.0], [10.0, 13.0], [10.0, 7.0]])
    C = np.array([[1.0, 0.0], [10.0, 10.0]])
    # centre 0: points at distance 1 and 1 -> (1 + 1) / 2 = 1
    # centre 1: distances 0, 3, 3 -> (0 + 9 + 9) / 3 = 6
    np.testing.assert_allclose(estimate_sigma2(X, C), [1.0, 6.0])


def test_estimate_sigma2_falls_back_for_empty_or_zero_spread_centres():
    X = np.array([[0.0, 0.0], [2.0, 0.0], [5.0, 5.0]])
    C = np.array([[1.0, 0.0], [5.0, 5.0], [100.0, 100.0]])  # 2nd: zero spread, 3rd: empty
    np.testing.assert_allclose(estimate_sigma2(X, C), [1.0, 1.0, 1.0])


def test_estimate_sigma2_without_any_spread_asks_for_sigma2():
    with pytest.raises(ValueError, match="pass sigma2 explicitly"):
        RBFNetwork(centers=XOR_X).fit(XOR_X, XOR_Y)


def test_fit_estimates_sigma2_when_not_given():
    X, y = make_toy("gaussians", n_samples=60, seed=1)
    C = np.array([[-1.0, -1.0], [1.0, 1.0]])
    net = RBFNetwork(centers=C).fit(X, y)
    np.testing.assert_allclose(net.sigma2_, estimate_sigma2(X, C))


def test_least_squares_solves_xor():
    net = RBFNetwork(centers=XOR_X, sigma2=1.0).fit(XOR_X, XOR_Y)
    np.testing.assert_allclose(net.predict(XOR_X), XOR_Y, atol=1e-10)
    np.testing.assert_array_equal(net.predict_labels(XOR_X), XOR_Y)
    assert net.weights_.shape == (4, 1) and net.bias_.shape == (1,)
    assert len(net.history_) == 1 and net.history_[0] < 1e-20


def test_delta_rule_solves_xor_and_records_history():
    net = RBFNetwork(centers=XOR_X, sigma2=1.0)
    net.fit(XOR_X, XOR_Y, method="delta", lr=1.0, epochs=500, seed=0)
    np.testing.assert_array_equal(net.predict_labels(XOR_X), XOR_Y)
    assert len(net.history_) == 500
    assert net.history_[-1] < 1e-4 < net.history_[0]
    assert all(np.isfinite(net.history_))


def test_delta_rule_single_step_is_the_slide_rule():
    # One epoch over one pattern from zero weights: z = 0, w = (alpha/2) d phi, theta = (alpha/2) d
    net = RBFNetwork(centers=XOR_X, sigma2=1.0)
    net.fit(XOR_X[1:2], [1.0], method="delta", lr=0.5, epochs=1)
    phi = net.hidden(XOR_X[1:2])[0]
    np.testing.assert_allclose(net.weights_[:, 0], 0.25 * phi)
    np.testing.assert_allclose(net.bias_, [0.25])


def test_delta_rule_is_deterministic_given_seed():
    X, y = make_toy("circle", n_samples=80, seed=3)
    a = RBFNetwork(n_centers=6, seed=0).fit(X, y, method="delta", lr=0.5, epochs=20, seed=1)
    b = RBFNetwork(n_centers=6, seed=0).fit(X, y, method="delta", lr=0.5, epochs=20, seed=1)
    np.testing.assert_array_equal(a.weights_, b.weights_)
    assert a.history_ == b.history_


def test_delta_rule_divergence_is_reported():
    net = RBFNetwork(centers=XOR_X, sigma2=1.0)
    with pytest.raises(ValueError, match="diverged.*smaller lr"):
        net.fit(XOR_X, XOR_Y, method="delta", lr=50.0, epochs=1000)


def test_kmeans_centres_on_a_toy_set():
    X, y = make_toy("circle", n_samples=200, noise=0.05, seed=0)
    net = RBFNetwork(n_centers=12, seed=0).fit(X, y)
    assert net.centers_.shape == (12, 2)
    assert net.sigma2_.shape == (12,) and np.all(net.sigma2_ > 0)
    assert np.mean(net.predict_labels(X) == y) > 0.95
    again = RBFNetwork(n_centers=12, seed=0).fit(X, y)
    np.testing.assert_array_equal(net.centers_, again.centers_)


def test_multi_output_targets_and_argmax_labels():
    X, y = make_toy("spiral", n_samples=150, noise=0.0, seed=0)
    Y = np.eye(3)[y]
    net = RBFNetwork(n_centers=40, seed=0).fit(X, Y)
    assert net.weights_.shape == (40, 3) and net.predict(X).shape == (150, 3)
    assert np.mean(net.predict_labels(X) == y) > 0.9


@pytest.mark.parametrize("kernel", KERNELS)
def test_both_kernels_fit_xor(kernel):
    net = RBFNetwork(centers=XOR_X, kernel=kernel, sigma2=1.0).fit(XOR_X, XOR_Y)
    np.testing.assert_array_equal(net.predict_labels(XOR_X), XOR_Y)


def test_sigma2_per_centre_array():
    net = RBFNetwork(centers=XOR_X, sigma2=[1.0, 2.0, 1.0, 1.0])
    np.testing.assert_allclose(net.hidden(XOR_X[:1])[0, 1], np.exp(-1 / 4))


# --- bad inputs -----------------------------------------------------------------------


def test_unknown_kernel_lists_valid_names():
    with pytest.raises(ValueError, match="kernel.*'gaussian', 'thin_plate'"):
        RBFNetwork(centers=XOR_X, kernel="multiquadric")


def test_neither_centers_nor_n_centers():
    with pytest.raises(ValueError, match="centers .*or n_centers"):
        RBFNetwork()


def test_n_centers_disagrees_with_centers():
    with pytest.raises(ValueError, match="n_centers=3 does not match the 4"):
        RBFNetwork(centers=XOR_X, n_centers=3)


def test_centers_columns_must_match_X():
    net = RBFNetwork(centers=np.zeros((2, 3)), sigma2=1.0)
    with pytest.raises(ValueError, match="centers have 3 column.*X has 2"):
        net.fit(XOR_X, XOR_Y)
    with pytest.raises(ValueError, match=r"X must have 3 column.*\(4, 2\)"):
        net.hidden(XOR_X)


def test_centers_must_be_2d():
    with pytest.raises(ValueError, match="centers must be 2-D"):
        RBFNetwork(centers=[0.0, 1.0])


@pytest.mark.parametrize("bad", [0.0, -1.0, [1.0, 0.0, 1.0, 1.0]])
def test_non_positive_sigma2(bad):
    with pytest.raises(ValueError, match="sigma2 must .*positive"):
        RBFNetwork(centers=XOR_X, sigma2=bad)


def test_sigma2_wrong_length():
    with pytest.raises(ValueError, match=r"one value per centre \(4\)"):
        RBFNetwork(centers=XOR_X, sigma2=[1.0, 1.0])


def test_sigma2_wrong_type():
    with pytest.raises(TypeError, match="sigma2 must be a positive number"):
        RBFNetwork(centers=XOR_X, sigma2="1")


def test_n_centers_larger_than_examples():
    with pytest.raises(ValueError, match=r"n_centers must be at most .*\(4\), got 5"):
        RBFNetwork(n_centers=5).fit(XOR_X, XOR_Y)


@pytest.mark.parametrize("bad", [0, -2])
def test_n_centers_not_positive(bad):
    with pytest.raises(ValueError, match="n_centers must be a positive integer"):
        RBFNetwork(n_centers=bad)


def test_predict_before_fit():
    with pytest.raises(ValueError, match="no centres yet: call fit"):
        RBFNetwork(n_centers=2).predict(XOR_X)
    with pytest.raises(ValueError, match="no output weights yet: call fit"):
        RBFNetwork(centers=XOR_X, sigma2=1.0).predict(XOR_X)


def test_hidden_without_sigma2():
    with pytest.raises(ValueError, match="sigma2 is unknown"):
        RBFNetwork(centers=XOR_X).hidden(XOR_X)


def test_y_rows_mismatch():
    net = RBFNetwork(centers=XOR_X, sigma2=1.0)
    with pytest.raises(ValueError, match="X and y must have the same number of rows, got 4 and 3"):
        net.fit(XOR_X, XOR_Y[:3])


def test_nan_in_X():
    X = XOR_X.copy()
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="X must contain only finite numbers"):
        RBFNetwork(centers=XOR_X, sigma2=1.0).fit(X, XOR_Y)


def test_unknown_method_and_bad_lr():
    net = RBFNetwork(centers=XOR_X, sigma2=1.0)
    with pytest.raises(ValueError, match="method.*'least_squares', 'delta'"):
        net.fit(XOR_X, XOR_Y, method="sgd")
    with pytest.raises(ValueError, match="lr must be a positive number"):
        net.fit(XOR_X, XOR_Y, method="delta", lr=0.0)
    with pytest.raises(ValueError, match="epochs must be a positive integer"):
        net.fit(XOR_X, XOR_Y, method="delta", epochs=0)


def test_assigned_weights_with_wrong_shape():
    net = RBFNetwork(centers=XOR_X, sigma2=1.0)
    net.weights_ = np.ones((3, 1))
    with pytest.raises(ValueError, match=r"weights_ must have one row per centre \(4\)"):
        net.predict(XOR_X)


def test_bad_seed_type():
    with pytest.raises(TypeError, match="seed must be None, an int"):
        RBFNetwork(n_centers=2, seed="zero")
