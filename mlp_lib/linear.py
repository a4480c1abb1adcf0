r"""Linear and logistic regression trained by gradient descent.

The formulas of the UTEC deck (seed 000). For linear regression
:math:`f(\mathbf{x}) = w_0 + \mathbf{w}\cdot\mathbf{x}` with the loss
:math:`\frac{1}{2n}\sum_i (y_i - f(\mathbf{x}_i))^2`, whose gradient is

.. math:: \frac{\partial\,loss}{\partial w_0} = \frac1n\sum_i (y_i - f(\mathbf{x}_i))(-1),\qquad
          \frac{\partial\,loss}{\partial w_j} = \frac1n\sum_i (y_i - f(\mathbf{x}_i))(-x_{ij}).

Logistic regression puts a sigmoid on top and uses the binary cross-entropy;
its gradient has exactly the same form with :math:`f = \sigma(w_0 + \mathbf{w}\cdot\mathbf{x})`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ._batching import iter_batches
from ._validation import (
    as_generator,
    check_array,
    check_not_diverged,
    check_positive,
    check_positive_int,
    check_same_rows,
    check_X,
)
from .activations import get as get_activation
from .losses import get as get_loss


@dataclass
class RegressionHistory:
    """``path``: parameters ``(w0, w1, ...)`` after each update (row 0: the start);
    ``loss``: loss on the whole training set after each epoch."""

    path: list[np.ndarray] = field(default_factory=list)
    loss: list[float] = field(default_factory=list)


class _GDModel:
    r"""Shared parts: parameters ``w0`` and ``w``, the loss and its gradient, the training loop.

    The model is one neuron: net input :math:`z = w_0 + \mathbf{w}\cdot\mathbf{x}`,
    output :math:`f = \phi(z)`; its loss and :math:`\partial loss/\partial z` come
    from the loss object (:meth:`mlp_lib.losses.Loss.output_delta`), as in the network.
    """

    _loss_name = "half_sse"
    _activation_name = "linear"

    def __init__(self, w0: float = 0.0, w=None, *, loss: str | None = None, seed=None) -> None:
        self.w0 = float(check_array(w0, "w0", ndim=0))
        self.w = None if w is None else check_array(w, "w", ndim=1).copy()
        self.loss = get_loss(loss or self._loss_name)
        self.activation = get_activation(self._activation_name)
        self.rng = as_generator(seed)

    def _net_input(self, X: np.ndarray) -> np.ndarray:
        return self.w0 + X @ self.w

    def _output(self, X: np.ndarray) -> np.ndarray:
        return self.activation.fn(self._net_input(X))

    def _check_X(self, X) -> np.ndarray:
        if self.w is None:
            raise ValueError(f"this {type(self).__name__} has no weights yet: call fit(X, y) "
                             "first, or give the initial weights w=... to the constructor")
        return check_X(X, "X", n_features=self.w.size)

    def _check_data(self, X, y) -> tuple[np.ndarray, np.ndarray]:
        Xc = self._check_X(X)
        yc = check_array(y, "y", ndim=1)
        check_same_rows(Xc, yc, "X", "y")
        return Xc, yc

    def loss_value(self, X, y) -> float:
        r"""Loss of the current parameters on ``(X, y)`` (for the binary cross-entropy,
        computed from :math:`z`: exact even where :math:`\sigma(z)` rounds to 0 or 1)."""
        return self._loss(*self._check_data(X, y))

    def gradient(self, X, y) -> tuple[float, np.ndarray]:
        """Gradient ``(dloss/dw0, dloss/dw)`` on the batch ``(X, y)``."""
        return self._gradient(*self._check_data(X, y))

    def _loss(self, X: np.ndarray, y: np.ndarray) -> float:
        """:meth:`loss_value` on checked data: inf or NaN, not an error, if training diverged."""
        z = self._net_input(X)[:, None]
        return float(np.mean(self.loss.per_example_at(y[:, None], z, self.activation.fn(z))))

    def _gradient(self, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        z = self._net_input(X)[:, None]
        g = self.loss.output_delta(y[:, None], z, self.activation.fn(z), self.activation)[:, 0]
        return float(g.sum()), X.T @ g  # dloss/dz times dz/dw0 = 1 and dz/dw = x

    def fit(self, X, y, *, lr: float = 0.1, epochs: int = 100,
            batch_size: int | None = None, shuffle: bool = True) -> RegressionHistory:
        """Gradient descent: batch (``batch_size=None``), SGD (1) or mini-batch (k).

        Returns the :class:`RegressionHistory` with the path of the parameters.

        Raises
        ------
        FloatingPointError
            When training diverges: a parameter or the loss overflows to inf or NaN
            (a learning rate far too large), as in :meth:`mlp_lib.mlp.MLP.fit`.
        """
        lr = check_positive(lr, "lr")
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size", allow_none=True)
        Xc = check_X(X, "X")
        yc = check_array(y, "y", ndim=1)
        check_same_rows(Xc, yc, "X", "y")
        self._check_targets(yc)
        if self.w is None:
            self.w = np.zeros(Xc.shape[1])
        Xc = self._check_X(Xc)
        history = RegressionHistory(path=[self.params])
        for epoch in range(epochs):
            for X_batch, y_batch in iter_batches(Xc, yc, batch_size, self.rng if shuffle else None):
                g0, g = self._gradient(X_batch, y_batch)
                self.w0 -= lr * g0
                self.w = self.w - lr * g
                history.path.append(self.params)
                check_not_diverged([history.path[-1]], epoch, lr)
            history.loss.append(self._loss(Xc, yc))
            check_not_diverged([history.loss[-1]], epoch, lr, what="the loss")
        return history

    def _check_targets(self, y: np.ndarray) -> None:
        """Hook for models with restricted targets."""

    @property
    def params(self) -> np.ndarray:
        """Parameters as one vector ``(w0, w1, ..., wn)``."""
        return np.concatenate([[self.w0], self.w if self.w is not None else []])


class LinearRegressionGD(_GDModel):
    """Linear regression :math:`f(\\mathbf{x}) = w_0 + \\mathbf{w}\\cdot\\mathbf{x}`.

    Parameters
    ----------
    w0, w : float and array_like, optional
        Initial intercept and weights (zeros by default).
    loss : {"half_sse", "mse", "sse"}, default "half_sse"
        ``half_sse`` is the :math:`\\frac{1}{2n}\\sum` loss of the UTEC deck;
        ``mse`` the mean squared error of the TensorFlow example.
    seed : None, int or numpy.random.Generator
        For the shuffling of SGD and mini-batch.
    """

    def __init__(self, w0: float = 0.0, w=None, *, loss: str = "half_sse", seed=None) -> None:
        super().__init__(w0, w, loss=loss, seed=seed)
        if self.loss.name not in ("half_sse", "mse", "sse"):
            raise ValueError(f"loss must be 'half_sse', 'mse' or 'sse', got {self.loss.name!r}")

    def predict(self, X) -> np.ndarray:
        """Predicted values :math:`f(\\mathbf{x})`."""
        return self._output(self._check_X(X))


class LogisticRegressionGD(_GDModel):
    """Logistic regression :math:`f(\\mathbf{x}) = \\sigma(w_0 + \\mathbf{w}\\cdot\\mathbf{x})`
    trained on the binary cross-entropy."""

    _loss_name = "binary_cross_entropy"
    _activation_name = "sigmoid"

    def __init__(self, w0: float = 0.0, w=None, *, seed=None) -> None:
        super().__init__(w0, w, seed=seed)

    def _check_targets(self, y: np.ndarray) -> None:
        if np.any((y != 0) & (y != 1)):
            raise ValueError(f"y must hold only 0 and 1, got values {np.unique(y)[:10].tolist()}")

    def predict_proba(self, X) -> np.ndarray:
        """Probability of class 1."""
        return self._output(self._check_X(X))

    def predict(self, X) -> np.ndarray:
        """Class 1 where the probability exceeds 0.5."""
        return (self.predict_proba(X) > 0.5).astype(int)


def least_squares(X, y) -> tuple[float, np.ndarray]:
    """Closed-form least-squares fit; returns ``(w0, w)``.

    Solves :math:`\\min \\lVert y - w_0 - X\\mathbf{w}\\rVert^2` with
    ``numpy.linalg.lstsq`` (the normal equations, computed stably).
    """
    Xc = check_X(X, "X")
    yc = check_array(y, "y", ndim=1)
    check_same_rows(Xc, yc, "X", "y")
    A = np.column_stack([np.ones(len(Xc)), Xc])
    coef = np.linalg.lstsq(A, yc, rcond=None)[0]
    return float(coef[0]), coef[1:]
