"""Bad input gets a clear ValueError/TypeError naming the argument, never a silent NaN."""

import numpy as np
import pytest

from mlp_lib import (
    MLP,
    LinearRegressionGD,
    LogisticRegressionGD,
    Perceptron,
    activations,
    boundary_line,
    least_squares,
    losses,
)

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

X = np.zeros((4, 2))
Y = np.array([0, 1, 1, 0])


def net(**kw):
    return MLP((2, 3, 1), **kw)


CASES = {
    # names
    "unknown activation": (lambda: activations.get("sigmoide"), ValueError,
                           r"unknown activation 'sigmoide'; valid values are: 'step'.*'relu'"),
    "unknown loss": (lambda: losses.get("l2"), ValueError, r"unknown loss 'l2'.*'half_sse'"),
    "activation not a string": (lambda: activations.get(3), TypeError, "activation must be"),
    "unknown hidden activation in MLP": (lambda: net(activation="rel"), ValueError,
                                         "unknown activation 'rel'"),
    "unknown init": (lambda: net(init="zeros"), ValueError, "unknown init 'zeros'"),
    "unknown reduction": (lambda: losses.get("mse")([1.0], [1.0], reduction="avg"),
                          ValueError, "unknown reduction"),
    # architecture
    "one layer size": (lambda: MLP((2,)), ValueError, "at least an input and an output"),
    "zero neurons": (lambda: MLP((2, 0, 1)), ValueError, r"layer_sizes\[1\] must be a positive"),
    "float neurons": (lambda: MLP((2, 2.5, 1)), TypeError, r"layer_sizes\[1\] must be a positive"),
    "layer sizes as string": (lambda: MLP("2,3,1"), TypeError, "layer_sizes must be a sequence"),
    "wrong number of activations": (lambda: MLP((2, 3, 3, 1), activation=["relu"]), ValueError,
                                    "list of 2 names"),
    "bce without sigmoid": (lambda: net(output_activation="linear", loss="bce"), ValueError,
                            "needs output_activation='sigmoid'"),
    "softmax ce with sigmoid": (lambda: MLP((2, 3, 2), loss="softmax_cross_entropy"), ValueError,
                                "needs output_activation='linear'"),
    "softmax ce with one output": (
        lambda: MLP((2, 3, 1), output_activation="linear", loss="softmax_cross_entropy"),
        ValueError, r"needs at least 2 outputs \(one per class\), got layer_sizes\[-1\] = 1"),
    "softmax ce with one output, from weights": (
        lambda: MLP.from_weights([np.ones((2, 1))], output_activation="linear",
                                 loss="softmax_cross_entropy"), ValueError, "at least 2 outputs"),
    "bad dtype": (lambda: net(dtype=np.int64), TypeError, "dtype must be float32 or float64"),
    "bad seed": (lambda: net(seed="abc"), TypeError, "seed must be"),
    "negative seed": (lambda: net(seed=-1), ValueError, "seed must be an int >= 0, got -1"),
    "weights do not chain": (lambda: MLP.from_weights([np.ones((2, 3)), np.ones((2, 1))]),
                             ValueError, r"weights\[1\] must have 3 rows"),
    "set_parameters wrong shape": (lambda: net().set_parameters([np.ones((3, 2)), np.ones((3, 1))]),
                                   ValueError, r"weights\[0\] must have shape \(2, 3\)"),
    "set_parameters too few weights": (
        lambda: net().set_parameters([np.ones((2, 3))]), ValueError,
        r"weights must hold 2 matrices \(one per layer\), got 1"),
    "set_parameters too many biases": (
        lambda: net().set_parameters([np.ones((2, 3)), np.ones((3, 1))], [[0, 0, 0], [0], [0]]),
        ValueError, r"biases must hold 2 vectors \(one per layer\), got 3"),
    # data
    "X wrong width": (lambda: net()(np.zeros((4, 3))), ValueError, r"X must have 2 column\(s\)"),
    "one example as a 1-D array": (lambda: net().predict([0.5, 0.3]), ValueError,
                                   r"got an array of shape \(2,\) \(a 1-D array is read as one "
                                   r"column; write one example as a row of shape \(1, 2\)"),
    "X 3-D": (lambda: net()(np.zeros((4, 2, 1))), ValueError, "X must be 1-D or 2-D"),
    "X with NaN": (lambda: net()(np.array([[0.0, np.nan]])), ValueError,
                   "X must contain only finite"),
    "X with inf": (lambda: net().fit(np.array([[np.inf, 0.0]]), [1]), ValueError, "finite"),
    "X of strings": (lambda: net()("abc"), TypeError, "X must be an array of numbers"),
    "empty X": (lambda: net().fit(np.zeros((0, 2)), np.zeros(0)), ValueError, "at least 1 row"),
    "rows differ": (lambda: net().fit(X, Y[:3]), ValueError, "same number of rows, got 4 and 3"),
    "y too many columns": (lambda: net().fit(X, np.zeros((4, 2))), ValueError,
                           r"y must have 1 column\(s\)"),
    "y with NaN": (lambda: net().fit(X, [0, 1, np.nan, 0]), ValueError, "y must contain"),
    "bce labels outside [0, 1]": (lambda: net(loss="bce").fit(X, [0, 1, 2, 0]), ValueError,
                                  r"y must lie in \[0, 1\]"),
    "softmax labels out of range": (
        lambda: MLP((2, 3, 3), output_activation="linear", loss="softmax_cross_entropy")
        .fit(X, [0, 1, 3, 0]), ValueError, r"integers in \[0, 2\]"),
    "softmax labels not integers": (
        lambda: MLP((2, 3, 3), output_activation="linear", loss="softmax_cross_entropy")
        .fit(X, [0, 1, 1.5, 0]), ValueError, "must be integers"),
    "bce predictions outside [0, 1]": (lambda: losses.get("bce")([1.0], [1.5]), ValueError,
                                       "y_pred must be probabilities"),
    "loss shapes differ": (lambda: losses.get("mse")(np.zeros((3, 2)), np.zeros((3, 1))),
                           ValueError, "same examples and outputs"),
    # hyper-parameters
    "zero learning rate": (lambda: net().fit(X, Y, lr=0), ValueError, "lr must be a positive"),
    "negative learning rate": (lambda: net().train_step(X, Y, lr=-0.1), ValueError, "lr must"),
    "learning rate as string": (lambda: net().fit(X, Y, lr="0.1"), TypeError, "lr must be"),
    "nan learning rate": (lambda: net().fit(X, Y, lr=float("nan")), ValueError, "lr must"),
    "zero epochs": (lambda: net().fit(X, Y, epochs=0), ValueError, "epochs must be a positive"),
    "float epochs": (lambda: net().fit(X, Y, epochs=2.5), TypeError, "epochs must be"),
    "zero batch size": (lambda: net().fit(X, Y, batch_size=0), ValueError, "batch_size must"),
    "validation_data not a pair": (lambda: net().fit(X, Y, validation_data=(X,)), TypeError,
                                   r"validation_data must be a pair \(X_val, y_val\), got a "
                                   r"tuple of 1 item"),
    "validation_data an array": (lambda: net().fit(X, Y, validation_data=X), TypeError,
                                 r"must be a pair \(X_val, y_val\), got ndarray"),
    "callback not callable": (lambda: net().fit(X, Y, callback=5), TypeError,
                              r"callback must be callable, as callback\(epoch, net, history\), "
                              "got int"),
    "tanh output trained on 0/1": (lambda: MLP((2, 3, 1), "tanh", "tanh").fit(X, Y), ValueError,
                                   r"y holds the classes 0 and 1, but a tanh output codes them "
                                   r"as -1 and \+1.*2 \* y - 1"),
    "non-positive eps": (lambda: net().gradient_check(X, Y, eps=0), ValueError, "eps must"),
    # other models
    "perceptron labels": (lambda: Perceptron().fit(X, [0, 1, 2, 0]), ValueError,
                          "y must hold only 0 and 1"),
    "perceptron weights shape": (lambda: Perceptron(weights=[1, 2, 3]), ValueError,
                                 r"weights must have shape \(2,\)"),
    "perceptron lr": (lambda: Perceptron(lr=0), ValueError, "lr must be a positive"),
    "vertical boundary": (lambda: boundary_line([1.0, 0.0], 0.5, [0, 1]), ValueError,
                          "vertical line"),
    "linear regression loss": (lambda: LinearRegressionGD(loss="bce"), ValueError,
                               "loss must be 'half_sse'"),
    "logistic labels": (lambda: LogisticRegressionGD().fit(X, [0, 1, 2, 0]), ValueError,
                        "y must hold only 0 and 1"),
    "linear predict before fit": (lambda: LinearRegressionGD().predict(X), ValueError,
                                  r"this LinearRegressionGD has no weights yet: call fit\(X, y\)"),
    "logistic predict before fit": (lambda: LogisticRegressionGD().predict(X), ValueError,
                                    "this LogisticRegressionGD has no weights yet"),
    "linear wrong width after fit": (
        lambda: LinearRegressionGD(w=[1.0, 2.0]).predict([1.0, 2.0]), ValueError,
        r"X must have 2 column\(s\).*shape \(2,\)"),
    # activations (the public f(z) and f'(z); the training loop calls the unchecked fn)
    "activation of None": (lambda: activations.get("step")(None), TypeError,
                           "z must be real numbers, got NoneType"),
    "activation of complex": (lambda: activations.get("relu")(1 + 2j), TypeError,
                              "z must be real numbers, got complex numbers"),
    "activation of text": (lambda: activations.get("sigmoid")("abc"), TypeError,
                           "z must be real numbers, got text"),
    "activation of a list with None": (lambda: activations.get("tanh")([1.0, None]), TypeError,
                                       "got NoneType"),
    "step of NaN": (lambda: activations.get("step")(np.nan), ValueError,
                    r"z must not contain NaN, found 1 NaN value\(s\)"),
    "derivative of NaN": (lambda: activations.get("relu").derivative([0.0, np.nan]), ValueError,
                          "z must not contain NaN"),
    "sigmoid of complex": (lambda: activations.sigmoid(np.array([1j])), TypeError,
                           "complex numbers"),
    "softmax of None": (lambda: activations.softmax(None), TypeError, "z must be real numbers"),
    "softmax jacobian of NaN": (lambda: activations.softmax_jacobian([0.0, np.nan]), ValueError,
                                "must not contain NaN"),
    # binary cross-entropy from logits
    "bce from logits, targets outside [0, 1]": (
        lambda: losses.get("bce").from_logits([2.0], [0.3]), ValueError,
        r"y_true must lie in \[0, 1\]"),
    "bce from logits, shapes differ": (
        lambda: losses.get("bce").from_logits(np.zeros((3, 2)), np.zeros((3, 1))), ValueError,
        "y_true and z must describe the same examples"),
    "least squares rows": (lambda: least_squares(X, [1, 2]), ValueError, "same number of rows"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_raises_a_clear_error(case):
    fn, error, message = CASES[case]
    with pytest.raises(error, match=message):
        fn()


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25
