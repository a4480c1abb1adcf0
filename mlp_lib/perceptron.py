r"""Rosenblatt's perceptron with the perceptron learning rule.

The training algorithm is the one of the IPN deck (seed 002): for each
pattern compute the error :math:`e = y - \hat{y}` (target minus output; the
deck writes :math:`d - y`), the update :math:`\Delta w_j = \eta\, e\, x_j`
and apply it; an epoch is one pass over the patterns; stop when an epoch
makes no error or after ``epochs`` epochs.
The output :math:`\hat{y}` is 1 when the net input is strictly positive and 0
otherwise, as in the OR example of the Sobrino deck (seed 004), where
:math:`z = 0` gives 0; ``activations.get("step")`` follows the same convention.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._validation import (
    as_generator,
    check_array,
    check_positive,
    check_positive_int,
    check_same_rows,
    check_X,
)


@dataclass
class Step:
    """One pattern presented during training (one row of the step-by-step table)."""

    epoch: int
    x: np.ndarray
    target: int
    net_input: float
    output: int
    error: int
    weights: np.ndarray  # after the update
    bias: float  # after the update


@dataclass
class PerceptronHistory:
    """Weights, bias and error count at the end of each epoch, and every step."""

    weights: list[np.ndarray] = field(default_factory=list)
    bias: list[float] = field(default_factory=list)
    errors: list[int] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    @property
    def converged(self) -> bool:
        """True when the last epoch classified every pattern correctly."""
        return bool(self.errors) and self.errors[-1] == 0


class Perceptron:
    """A single threshold neuron trained with the perceptron rule.

    Parameters
    ----------
    n_inputs : int, default 2
        Number of inputs.
    lr : float, default 0.5
        Learning rate :math:`\\eta > 0`.
    weights : array_like of shape (n_inputs,), optional
        Initial weights; drawn from U[-0.5, 0.5] with ``seed`` if omitted.
    bias : float, default 0.0
        Initial bias (the threshold with the opposite sign).
    learn_bias : bool, default True
        Update the bias as the weight of a constant input 1. With ``False`` the
        bias stays fixed, as in the OR example of the Sobrino deck.
    seed : None, int or numpy.random.Generator
        For the random initial weights.
    """

    def __init__(
        self,
        n_inputs: int = 2,
        lr: float = 0.5,
        weights=None,
        bias: float = 0.0,
        *,
        learn_bias: bool = True,
        seed=None,
    ) -> None:
        self.n_inputs = check_positive_int(n_inputs, "n_inputs")
        self.lr = check_positive(lr, "lr")
        if weights is None:
            weights = as_generator(seed).uniform(-0.5, 0.5, self.n_inputs)
        w = check_array(weights, "weights", ndim=1)
        if w.shape != (self.n_inputs,):
            raise ValueError(f"weights must have shape ({self.n_inputs},), got {w.shape}")
        self.weights = w.copy()
        self.bias = float(check_array(bias, "bias", ndim=0))
        self.learn_bias = bool(learn_bias)

    def net_input(self, X) -> np.ndarray:
        """Weighted sum :math:`z = X\\mathbf{w} + b` of each pattern."""
        return check_X(X, "X", n_features=self.n_inputs) @ self.weights + self.bias

    def predict(self, X) -> np.ndarray:
        """Output 1 where :math:`z > 0`, else 0 (also at :math:`z = 0`, like ``step``)."""
        return (self.net_input(X) > 0).astype(int)

    def fit(self, X, y, epochs: int = 100, *, stop_when_correct: bool = True) -> PerceptronHistory:
        """Train pattern by pattern, in the given order; return the history.

        Parameters
        ----------
        X : array_like of shape (m, n_inputs)
            Training patterns.
        y : array_like of shape (m,)
            Desired outputs, 0 or 1.
        epochs : int, default 100
            Maximum number of passes over the patterns.
        stop_when_correct : bool, default True
            Stop after the first epoch without errors.
        """
        Xc = check_X(X, "X", n_features=self.n_inputs)
        d = check_array(y, "y", ndim=1)
        check_same_rows(Xc, d, "X", "y")
        if np.any((d != 0) & (d != 1)):
            raise ValueError(f"y must hold only 0 and 1, got values {np.unique(d).tolist()}")
        epochs = check_positive_int(epochs, "epochs")
        history = PerceptronHistory()
        for epoch in range(1, epochs + 1):
            errors = 0
            for x, target in zip(Xc, d.astype(int), strict=True):
                z = float(x @ self.weights + self.bias)
                e = target - int(z > 0)
                self.weights = self.weights + self.lr * e * x
                if self.learn_bias:
                    self.bias += self.lr * e
                errors += e != 0
                history.steps.append(
                    Step(epoch, x.copy(), target, z, int(z > 0), e, self.weights.copy(), self.bias)
                )
            history.weights.append(self.weights.copy())
            history.bias.append(self.bias)
            history.errors.append(int(errors))
            if stop_when_correct and errors == 0:
                break
        return history


def boundary_line(weights, bias: float, x) -> np.ndarray:
    """Points ``x2`` of the decision line :math:`w_1 x_1 + w_2 x_2 + b = 0`.

    This is the line :math:`Ax + By + C = 0` of the IPN deck with
    :math:`A = w_1`, :math:`B = w_2`, :math:`C = b`, solved for
    :math:`x_2 = -(w_1 x_1 + b)/w_2`.

    Raises
    ------
    ValueError
        If :math:`w_2 = 0`: the line is then vertical, :math:`x_1 = -b/w_1`.
    """
    w = check_array(weights, "weights", ndim=1)
    if w.shape != (2,):
        raise ValueError(f"weights must have shape (2,) for a line in the plane, got {w.shape}")
    if w[1] == 0:
        raise ValueError("weights[1] is 0: the boundary is the vertical line x1 = -bias/weights[0]")
    x = check_array(x, "x", ndim=(0, 1), min_rows=0)
    return -(w[0] * x + bias) / w[1]
