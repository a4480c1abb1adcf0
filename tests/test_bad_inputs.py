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
    "bad dtype": (lambda: net(dtype=np.int64), TypeError, "dtype must be float32 or float64"),
    "bad seed": (lambda: net(seed="abc"), TypeError, "seed must be"),
    "weights do not chain": (lambda: MLP.from_weights([np.ones((2, 3)), np.ones((2, 1))]),
                             ValueError, r"weights\[1\] must have 3 rows"),
    "set_parameters wrong shape": (lambda: net().set_parameters([np.ones((3, 2)), np.ones((3, 1))]),
                                   ValueError, r"weights\[0\] must have shape \(2, 3\)"),
    # data
    "X wrong width": (lambda: net()(np.zeros((4, 3))), ValueError, r"X must have 2 column\(s\)"),
    "X 3-D": (lambda: net()(np.zeros((4, 2, 1))), ValueError, "X must be 1-D or 2-D"),
    "X with NaN": (lambda: net()(np.array([[0.0, np.nan]])), ValueError,
                   "X must contain only finite"),
    "X with inf": (lambda: net().fit(np.array([[np.inf, 0.0]]), [1]), ValueError, "finite"),
    "X of strings": (lambda: net()("abc"), TypeError, "X must be an array of numbers"),
    "empty X": (lambda: net().fit(np.zeros((0, 2)), np.zeros(0)), ValueError, "at least 1 row"),
    "rows differ": (lambda: net().fit(X, Y[:3]), ValueError, "same number of rows, got 4 and 3"),
    "y too many columns": (lambda: net().fit(X, np.zeros((4, 2))), ValueError,
                           r"y must have 1 column\(s\)"),
    "y with NaN": (lambda: net().fit(X, [0, 1, np.nan, 0]), ValueError, "y_true must contain"),
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
    "least squares rows": (lambda: least_squares(X, [1, 2]), ValueError, "same number of rows"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_raises_a_clear_error(case):
    fn, error, message = CASES[case]
    with pytest.raises(error, match=message):
        fn()


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25
