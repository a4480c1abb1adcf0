import numpy as np
import pytest

from mlp_lib import activations

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

Z = np.array([-3.0, -0.5, -0.2, 0.0, 0.2, 0.5, 3.0])


@pytest.mark.parametrize("name", activations.NAMES)
def test_derivative_matches_finite_differences(name):
    f = activations.get(name)
    z = np.linspace(-4, 4, 81) + 0.0123  # avoid the kinks at 0 and ±1/2
    eps = 1e-6
    numeric = (f(z + eps) - f(z - eps)) / (2 * eps)
    np.testing.assert_allclose(f.derivative(z), numeric, atol=1e-7)


def test_values_of_the_slide_table():
    # the step follows the perceptron's convention, step(0) = 0 (the table writes 0.5)
    get = activations.get
    np.testing.assert_array_equal(get("step")(Z), [0, 0, 0, 0, 1, 1, 1])
    np.testing.assert_array_equal(get("sign")(Z), [-1, -1, -1, 0, 1, 1, 1])
    np.testing.assert_array_equal(get("linear")(Z), Z)
    np.testing.assert_allclose(get("piecewise_linear")(Z), [0, 0, 0.3, 0.5, 0.7, 1, 1])
    np.testing.assert_allclose(get("sigmoid")(Z), 1 / (1 + np.exp(-Z)))
    np.testing.assert_allclose(get("tanh")(Z), np.tanh(Z))
    np.testing.assert_array_equal(get("relu")(Z), np.maximum(Z, 0))
    np.testing.assert_allclose(get("softplus")(Z), np.log1p(np.exp(Z)))


def test_step_is_zero_at_zero_and_keeps_the_dtype():
    step = activations.get("step")
    assert step(0.0) == 0.0 and step(-0.0) == 0.0 and step(1e-300) == 1.0
    assert step(np.float32([0, 2])).dtype == np.float32
    np.testing.assert_array_equal(step.derivative(Z), np.zeros_like(Z))


def test_relu_derivative_is_zero_at_zero_as_in_the_slides():
    assert activations.get("relu").derivative(0.0) == 0.0


def test_aliases_and_instances():
    assert activations.get("identity") is activations.get("linear")
    f = activations.get("tanh")
    assert activations.get(f) is f
    assert len(activations.NAMES) == 8


def test_softmax_rows_sum_to_one_and_jacobian():
    z = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, -1000.0]])
    p = activations.softmax(z)
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    np.testing.assert_allclose(p[1], [0.5, 0.5, 0.0], atol=1e-300)
    np.testing.assert_allclose(np.exp(activations.log_softmax(z[0])), p[0])
    J = activations.softmax_jacobian(z[0])
    eps = 1e-6
    numeric = np.column_stack([
        (activations.softmax(z[0] + eps * e) - activations.softmax(z[0] - eps * e)) / (2 * eps)
        for e in np.eye(3)
    ])
    np.testing.assert_allclose(J, numeric, atol=1e-9)


@pytest.mark.parametrize("name", activations.NAMES)
def test_derivative_from_the_output_is_the_same_number(name):
    # backpropagation uses f'(z) written with a = f(z) where possible: it must be identical
    f = activations.get(name)
    z = np.linspace(-6, 6, 97)
    np.testing.assert_array_equal(f.derivative_at(z, f.fn(z)), f.derivative(z))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_sigmoid_is_the_two_sided_formula_without_overflow(dtype):
    z = np.concatenate([np.linspace(-800, 800, 4001), [0.0, -0.0, 1e-300, -1e-300]]).astype(dtype)
    e = np.exp(-np.abs(z))
    expected = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    got = activations.sigmoid(z)
    assert got.dtype == dtype and np.array_equal(got, expected)
    assert np.ndim(activations.sigmoid(0.0)) == 0 and float(activations.sigmoid(0.0)) == 0.5
