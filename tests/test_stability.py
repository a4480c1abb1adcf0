"""No overflow warning and no NaN for inputs up to |z| = 1e4 (warnings are errors here)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mlp_lib import MLP, activations, losses

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

BIG = st.floats(min_value=-1e4, max_value=1e4, allow_nan=False)
VECTORS = arrays(np.float64, st.integers(1, 20), elements=BIG)
MATRICES = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(2, 4)), elements=BIG)


@settings(max_examples=60, deadline=None)
@given(VECTORS)
def test_activations_and_derivatives_are_finite(z):
    for name in activations.NAMES:
        f = activations.get(name)
        assert np.all(np.isfinite(f(z)))
        assert np.all(np.isfinite(f.derivative(z)))


@settings(max_examples=60, deadline=None)
@given(MATRICES)
def test_softmax_and_softmax_cross_entropy_are_finite(z):
    p = activations.softmax(z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    labels = np.zeros(len(z), dtype=int)
    loss = losses.get("softmax_cross_entropy")
    assert np.isfinite(loss(labels, z))
    assert np.all(np.isfinite(loss.gradient(labels, z)))


@settings(max_examples=60, deadline=None)
@given(VECTORS)
def test_sigmoid_outputs_give_finite_bce(z):
    y = activations.sigmoid(z)
    t = (z > 0).astype(float)[::-1].copy()
    loss = losses.get("binary_cross_entropy")
    assert np.isfinite(loss(t, y))
    assert np.all(np.isfinite(loss.gradient(t, y)))


@settings(max_examples=30, deadline=None)
@given(arrays(np.float64, (5, 2), elements=BIG), st.sampled_from(activations.NAMES))
def test_network_forward_and_backward_are_finite(X, activation):
    net = MLP((2, 4, 1), activation, "sigmoid", "binary_cross_entropy", seed=0)
    y = np.array([0, 1, 0, 1, 1])
    out = net(X)
    assert np.all(np.isfinite(out))
    dW, db = net.gradients(X, y)
    assert all(np.all(np.isfinite(g)) for g in dW + db)
