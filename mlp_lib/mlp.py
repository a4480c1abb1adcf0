r"""The multilayer perceptron: forward pass, backpropagation and training.

Layout follows the UNCUYO deck (seed 003): one example per row, weights with
one row per input, so a layer computes

.. math:: Z^{(l)} = A^{(l-1)} W^{(l)} + \mathbf{b}^{(l)}, \qquad A^{(l)} = f_l(Z^{(l)}),

with :math:`A^{(0)} = X` and :math:`\hat Y = A^{(L)}`. Backpropagation is the
generalised delta rule of the IPN deck (seed 002) in matrix form:

.. math:: \delta^{(L)} = \frac{\partial \mathcal{L}}{\partial \hat Y} \odot f_L'(Z^{(L)}),\qquad
          \delta^{(l-1)} = \delta^{(l)} W^{(l)\top} \odot f_{l-1}'(Z^{(l-1)}),

.. math:: \frac{\partial \mathcal{L}}{\partial W^{(l)}} = A^{(l-1)\top}\delta^{(l)},\qquad
          \frac{\partial \mathcal{L}}{\partial \mathbf{b}^{(l)}} = \textstyle\sum_i \delta^{(l)}_i .

The class reads in the order of the chapters: the forward pass, the backward pass,
the update step, then training (:meth:`MLP.fit`); construction, prediction and the
checks of the arguments come after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import activations as _act
from . import losses as _losses
from ._batching import iter_batches
from ._validation import (
    as_generator,
    check_array,
    check_callable,
    check_choice,
    check_layer_weights,
    check_not_diverged,
    check_positive,
    check_positive_int,
    check_same_rows,
    check_X,
)
from .gradcheck import central_difference, relative_error

INITS = ("normal", "uniform", "xavier", "he")

# Outputs in [-1, 1] code two classes as -1 and +1, so one output is split at 0 (not 0.5).
_BIPOLAR_OUTPUTS = ("tanh", "sign")


@dataclass
class Cache:
    """What the forward pass keeps for the backward pass."""

    A: list[np.ndarray]  # A[0] = X, A[l] = f_l(Z[l])
    Z: list[np.ndarray | None]  # Z[0] is None (the input has no net input)


@dataclass
class History:
    """Training record, one entry per epoch (``update_loss``: one per update).

    ``accuracy`` and ``val_accuracy`` are computed as :meth:`MLP.score`.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    update_loss: list[float] = field(default_factory=list)

    @property
    def n_updates(self) -> int:
        """Number of weight updates made (one loss recorded per update)."""
        return len(self.update_loss)


class MLP:
    """A fully connected feed-forward network trained by backpropagation.

    Parameters
    ----------
    layer_sizes : sequence of int
        Neurons per layer, input first: ``(n, p, q)`` is one hidden layer.
    activation : str or sequence of str, default "sigmoid"
        Hidden-layer activation, one name for all hidden layers or one per layer
        (names of :mod:`mlp_lib.activations`).
    output_activation : str, default "sigmoid"
        Activation of the output layer.
    loss : str, default "half_sse"
        Cost (names of :mod:`mlp_lib.losses`). ``"binary_cross_entropy"`` needs a
        sigmoid output; ``"softmax_cross_entropy"`` a linear one (logits).
    bias : bool, default True
        Whether layers have a bias vector. Use ``False`` with a column of ones
        in ``X`` to treat the bias as one more input, as the MATLAB program does:
        the biases are then zeros that training never changes.
    init : {"normal", "uniform", "xavier", "he"}, default "xavier"
        Weight initialisation: N(0, 1) as R's ``rnorm``; U[-1, 1] as MATLAB's
        ``2*rand - 1``; Glorot uniform; He normal. Biases follow the weights for
        "normal" and "uniform" and start at zero otherwise.
    seed : None, int or numpy.random.Generator
        Source of randomness for the initial weights and the shuffling.
    dtype : numpy dtype, default float64
        Floating type of weights and computations.
    """

    def __init__(
        self,
        layer_sizes: Sequence[int],
        activation: str | Sequence[str] = "sigmoid",
        output_activation: str = "sigmoid",
        loss: str = "half_sse",
        *,
        bias: bool = True,
        init: str = "xavier",
        seed=None,
        dtype=np.float64,
    ) -> None:
        self.layer_sizes = _check_layer_sizes(layer_sizes)
        self.activations = _layer_activations(activation, output_activation,
                                              len(self.layer_sizes) - 2)
        self.loss = _losses.get(loss)
        _check_loss_fits(self.loss, self.activations[-1], self.layer_sizes[-1])
        self.bias = bool(bias)
        self.init = check_choice(init, "init", INITS)
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, got {self.dtype}")
        self.rng = as_generator(seed)
        self.weights, self.biases = _initial_parameters(
            self.layer_sizes, self.init, self.bias, self.rng, self.dtype)

    # ---------------------------------------------------------------- forward
    def forward(self, X) -> tuple[np.ndarray, Cache]:
        """Forward pass of a batch ``X`` of shape ``(m, n)``.

        Returns
        -------
        output : ndarray of shape (m, q)
            :math:`\\hat Y = A^{(L)}`.
        cache : Cache
            The ``Z`` and ``A`` of every layer, for :meth:`backward`.
        """
        return self._forward(self._check_input(X))

    def _forward(self, A: np.ndarray) -> tuple[np.ndarray, Cache]:
        """Forward pass of an already validated batch ``A`` = :math:`A^{(0)} = X`."""
        cache = Cache(A=[A], Z=[None])
        for W, b, f in zip(self.weights, self.biases, self.activations, strict=True):
            Z = A @ W + b  # Z^(l) = A^(l-1) W^(l) + b^(l)
            A = f.fn(Z)  # A^(l) = f_l(Z^(l))
            cache.Z.append(Z)
            cache.A.append(A)
        return A, cache

    def __call__(self, X) -> np.ndarray:
        """Network output :math:`\\hat Y` for ``X``."""
        return self.forward(X)[0]

    # --------------------------------------------------------------- backward
    def output_delta(self, cache: Cache, T: np.ndarray) -> np.ndarray:
        """:math:`\\delta^{(L)} = \\partial\\mathcal{L}/\\partial Z^{(L)}` for targets ``T``.

        The loss computes it (:meth:`mlp_lib.losses.Loss.output_delta`): the product
        :math:`\\partial\\mathcal{L}/\\partial\\hat Y \\odot f_L'(Z^{(L)})`, which for a
        sigmoid output with binary cross-entropy (and a linear output with softmax
        cross-entropy) simplifies to :math:`(\\hat Y - T)/m`.
        """
        return self.loss.output_delta(T, cache.Z[-1], cache.A[-1], self.activations[-1])

    def backward(self, cache: Cache, T: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of the mean loss with respect to every weight and bias.

        ``T`` are the targets already in 2-D form (see :meth:`targets`). Returns
        ``(dW, db)``, lists aligned with ``weights`` and ``biases``: ``dW[l - 1]``
        is :math:`\\partial\\mathcal{L}/\\partial W^{(l)}`.
        """
        L = len(self.weights)
        dW: list[np.ndarray] = [np.empty(0)] * L
        db: list[np.ndarray] = [np.empty(0)] * L
        delta = self.output_delta(cache, T)  # delta^(L)
        for l in range(L, 0, -1):  # noqa: E741  (l = L, ..., 1: the layer, as in the book)
            dW[l - 1] = cache.A[l - 1].T @ delta  # A^(l-1)^T delta^(l)
            db[l - 1] = delta.sum(axis=0)  # sum over the examples of delta^(l)
            if l > 1:  # delta^(l-1) = delta^(l) W^(l)^T * f'_(l-1)(Z^(l-1))
                f = self.activations[l - 2]
                delta = (delta @ self.weights[l - 1].T) * f.derivative_at(cache.Z[l - 1],
                                                                          cache.A[l - 1])
        return dW, db

    def gradients(self, X, y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Forward and backward pass on ``(X, y)``; returns ``(dW, db)``."""
        Xc, T = self._check_data(X, y)
        _, cache = self.forward(Xc)
        return self.backward(cache, T)

    # ------------------------------------------------------------ update step
    def step(self, dW: Sequence[np.ndarray], db: Sequence[np.ndarray], lr: float) -> None:
        """Gradient-descent update ``W ← W − lr·dW`` and ``b ← b − lr·db``.

        With ``bias=False`` the biases stay zero: only the weights are updated.
        """
        for W, b, gW, gb in zip(self.weights, self.biases, dW, db, strict=True):
            W -= lr * gW
            if self.bias:
                b -= lr * gb

    def train_step(self, X, y, lr: float) -> float:
        """One update on the batch ``(X, y)``; returns the loss *before* the update."""
        lr = check_positive(lr, "lr")
        Xc, T = self._check_data(X, y)
        return self._train_batch(Xc, T, lr)

    def _train_batch(self, X: np.ndarray, T: np.ndarray, lr: float) -> float:
        _, cache = self._forward(X)
        loss = self._mean_loss(T, cache)
        self.step(*self.backward(cache, T), lr)
        return loss

    def _mean_loss(self, T: np.ndarray, cache: Cache) -> float:
        """Mean cost of a forward pass (from the logits for binary cross-entropy:
        :meth:`mlp_lib.losses.Loss.per_example_at`)."""
        return float(np.mean(self.loss.per_example_at(T, cache.Z[-1], cache.A[-1])))

    # -------------------------------------------------------------- training
    def fit(
        self,
        X,
        y,
        *,
        lr: float = 0.1,
        epochs: int = 100,
        batch_size: int | None = None,
        shuffle: bool = True,
        validation_data: tuple | None = None,
        callback: Callable[[int, MLP, History], None] | None = None,
        track_loss: bool = True,
    ) -> History:
        """Train by gradient descent and return the :class:`History`.

        Parameters
        ----------
        X, y : array_like
            Training examples ``(m, n)`` and targets.
        lr : float
            Learning rate :math:`\\eta > 0`.
        epochs : int
            Passes over the training set.
        batch_size : int or None
            ``None``: batch mode (one update per epoch); ``1``: stochastic
            gradient descent (``m`` updates); ``k``: mini-batches of ``k``.
        shuffle : bool
            Visit the examples in a new random order each epoch.
        validation_data : (X_val, y_val), optional
            Evaluated after each epoch into ``val_loss`` / ``val_accuracy``.
        callback : callable, optional
            Called as ``callback(epoch, self, history)`` after each epoch.
        track_loss : bool, default True
            Evaluate ``loss`` and ``accuracy`` on the whole training set after each
            epoch (one extra forward pass). ``update_loss`` is always recorded.

        Raises
        ------
        FloatingPointError
            When training diverges: after an epoch, a weight or bias is inf or NaN
            (a learning rate far too large). No NaN is passed on silently.
        ValueError
            For bad data or hyper-parameters, and for targets 0 and 1 with a tanh or
            sign output, which codes the two classes as -1 and +1 (see :meth:`predict`).
        """
        lr = check_positive(lr, "lr")
        epochs = check_positive_int(epochs, "epochs")
        batch_size = check_positive_int(batch_size, "batch_size", allow_none=True)
        if callback is not None:
            check_callable(callback, "callback", "callback(epoch, net, history)")
        Xc, T = self._check_data(X, y)
        self._check_class_coding(T)
        val = None if validation_data is None else self._check_validation_data(validation_data)
        history = History()
        rng = self.rng if shuffle else None
        for epoch in range(epochs):
            for X_batch, T_batch in iter_batches(Xc, T, batch_size, rng):
                history.update_loss.append(self._train_batch(X_batch, T_batch, lr))
            check_not_diverged((*self.weights, *self.biases), epoch, lr)
            self._record(history, (Xc, T) if track_loss else None, val)
            if callback is not None:
                callback(epoch, self, history)
        return history

    def _record(self, history: History, train, val) -> None:
        sets = [] if train is None else [(train, history.loss, history.accuracy)]
        if val is not None:
            sets.append((val, history.val_loss, history.val_accuracy))
        for (Xs, Ts), loss_list, acc_list in sets:
            Y, cache = self._forward(Xs)
            loss_list.append(self._mean_loss(Ts, cache))
            if self.is_classifier:
                acc_list.append(_accuracy(self._labels(Y), self._labels(Ts)))

    # ------------------------------------------------------------ prediction
    @property
    def is_classifier(self) -> bool:
        """True when outputs are read as classes (sigmoid/softmax/step/sign output)."""
        return self.loss.required_output is not None or self.activations[-1].name in (
            "sigmoid", "step", "sign", "tanh")

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: softmax of the logits, or the sigmoid outputs."""
        return self.loss.probabilities(self(X))

    def predict(self, X) -> np.ndarray:
        """Class labels 0, 1, ...: argmax over outputs, or a threshold for a single output.

        A single output is class 1 when it is above the middle of its range: above 0
        for a tanh or sign output (range [-1, 1], classes coded -1 and +1: train it on
        ``2 * y - 1``), above 0.5 for any other (sigmoid, step: classes coded 0 and 1).
        """
        return self._labels(self(X))

    def score(self, X, y) -> float:
        """Accuracy: fraction of examples whose predicted label is the class of ``y``.

        The targets are read as the outputs are in :meth:`predict` (argmax, or the same
        threshold), so ``y`` may be the labels 0/1 or the training targets (-1/+1 for a
        tanh output). ``History.accuracy`` is computed the same way.
        """
        Xc, T = self._check_data(X, y)
        return _accuracy(self._labels(self.forward(Xc)[0]), self._labels(T))

    def loss_value(self, X, y) -> float:
        """Mean loss of the network on ``(X, y)``."""
        Xc, T = self._check_data(X, y)
        return self._mean_loss(T, self.forward(Xc)[1])

    def _threshold(self) -> float:
        """Where a single output (or target) is split into the classes 0 and 1."""
        return 0.0 if self.activations[-1].name in _BIPOLAR_OUTPUTS else 0.5

    def _labels(self, Y: np.ndarray) -> np.ndarray:
        """Class of each row of outputs or targets (one rule for both)."""
        if Y.shape[1] > 1:
            return np.argmax(Y, axis=1)
        return (Y[:, 0] > self._threshold()).astype(int)

    def _check_class_coding(self, T: np.ndarray) -> None:
        """Refuse training targets 0 and 1 for an output whose classes are -1 and +1."""
        if T.shape[1] != 1 or self._threshold() != 0.0:
            return
        if np.array_equal(np.unique(T), [0.0, 1.0]):
            name = self.activations[-1].name
            raise ValueError(
                f"y holds the classes 0 and 1, but a {name} output codes them as -1 and +1 "
                "(it is split at 0, where the targets 0 would sit): train on 2 * y - 1, or "
                "use output_activation='sigmoid'"
            )

    # ------------------------------------------------- parameters, gradient check
    @classmethod
    def from_weights(
        cls,
        weights: Sequence,
        biases: Sequence | None = None,
        **kwargs,
    ) -> MLP:
        """Build a network with given weights (rows = inputs) and optional biases.

        ``biases=None`` builds a network without bias, as in the worked example
        of the Sobrino deck. Other keyword arguments go to :class:`MLP`.
        """
        Ws = check_layer_weights(weights)
        sizes = [Ws[0].shape[0]] + [W.shape[1] for W in Ws]
        net = cls(sizes, bias=biases is not None, **kwargs)
        net.set_parameters(Ws, biases)
        return net

    def set_parameters(self, weights: Sequence, biases: Sequence | None = None) -> None:
        """Replace weights (and biases) by copies of the given arrays, checking shapes."""
        self.weights = _copies_like(weights, self.weights, "weights", "matrices", self.dtype)
        if biases is None:
            return
        if not self.bias:
            raise ValueError("biases given for a network built with bias=False")
        self.biases = _copies_like(biases, self.biases, "biases", "vectors", self.dtype)

    @property
    def parameters(self) -> list[np.ndarray]:
        """The trained arrays, in the order ``W1, b1, W2, b2, ...`` (no biases with
        ``bias=False``)."""
        return self._in_order(self.weights, self.biases)

    def _in_order(self, Ws: Sequence[np.ndarray], bs: Sequence[np.ndarray]) -> list[np.ndarray]:
        """Weights and biases (or their gradients) as one list: ``W1, b1, W2, b2, ...``."""
        pairs = zip(Ws, bs, strict=True)
        return [p for W, b in pairs for p in ((W, b) if self.bias else (W,))]

    @property
    def n_parameters(self) -> int:
        """Number of trainable numbers (weights plus biases)."""
        return int(sum(p.size for p in self.parameters))

    def gradient_check(self, X, y, eps: float = 1e-6) -> float:
        """Relative error between backprop and central finite differences.

        Returns :math:`\\lVert g_{bp} - g_{fd}\\rVert / (\\lVert g_{bp}\\rVert +
        \\lVert g_{fd}\\rVert)` over all parameters (0 when both are zero). Below
        about 1e-7 in float64 the backward pass is right.
        """
        eps = check_positive(eps, "eps")
        analytic = self._in_order(*self.gradients(X, y))
        return relative_error(analytic, self.numerical_gradients(X, y, eps))

    def numerical_gradients(self, X, y, eps: float = 1e-6) -> list[np.ndarray]:
        """Central-difference gradients (:mod:`mlp_lib.gradcheck`), in the order of
        :attr:`parameters`."""
        return [central_difference(lambda: self.loss_value(X, y), p, eps)
                for p in self.parameters]

    # ------------------------------------------------------------ validation
    def targets(self, y) -> np.ndarray:
        """Targets as the 2-D array the loss compares with the output."""
        T = self.loss.prepare_targets(y, self.layer_sizes[-1], name="y")
        if T.shape[1] != self.layer_sizes[-1]:
            raise ValueError(
                f"y must have {self.layer_sizes[-1]} column(s) (one per output), "
                f"got shape {np.shape(y)}"
            )
        return T.astype(self.dtype, copy=False)

    def _check_input(self, X, name: str = "X") -> np.ndarray:
        return check_X(X, name, n_features=self.layer_sizes[0], dtype=self.dtype)

    def _check_data(self, X, y, names=("X", "y")) -> tuple[np.ndarray, np.ndarray]:
        Xc = self._check_input(X, names[0])
        T = self.targets(y)
        check_same_rows(Xc, T, *names)
        return Xc, T

    def _check_validation_data(self, validation_data) -> tuple[np.ndarray, np.ndarray]:
        if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
            got = (f"a {type(validation_data).__name__} of {len(validation_data)} item(s)"
                   if isinstance(validation_data, (tuple, list))
                   else type(validation_data).__name__)
            raise TypeError(f"validation_data must be a pair (X_val, y_val), got {got}")
        return self._check_data(*validation_data, names=("X_val", "y_val"))

    def __repr__(self) -> str:
        acts = ", ".join(a.name for a in self.activations)
        return f"MLP(layer_sizes={self.layer_sizes}, activations=[{acts}], loss={self.loss.name!r})"


def _initial_parameters(layer_sizes, init: str, bias: bool, rng: np.random.Generator,
                        dtype) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Initial weights and biases of every layer (zero biases with ``bias=False``)."""
    Ws, bs = [], []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:], strict=True):
        shape = (n_in, n_out)
        if init == "normal":
            W, b = rng.standard_normal(shape), rng.standard_normal(n_out)
        elif init == "uniform":
            W, b = rng.uniform(-1, 1, shape), rng.uniform(-1, 1, n_out)
        elif init == "xavier":
            limit = np.sqrt(6.0 / (n_in + n_out))
            W, b = rng.uniform(-limit, limit, shape), np.zeros(n_out)
        else:  # he
            W, b = rng.standard_normal(shape) * np.sqrt(2.0 / n_in), np.zeros(n_out)
        Ws.append(W.astype(dtype))
        bs.append((b if bias else np.zeros(n_out)).astype(dtype))
    return Ws, bs


def _accuracy(predicted: np.ndarray, true: np.ndarray) -> float:
    """Fraction of equal labels."""
    return float(np.mean(predicted == true))


def _layer_activations(activation, output_activation: str,
                       n_hidden: int) -> list[_act.Activation]:
    """The activation of every layer: the hidden ones, then the output's."""
    names = [activation] * n_hidden if isinstance(activation, str) else list(activation)
    if len(names) != n_hidden:
        raise ValueError(
            f"activation must be one name or a list of {n_hidden} names (one per hidden "
            f"layer), got {len(names)}"
        )
    return [_act.get(a) for a in names] + [_act.get(output_activation)]


def _check_loss_fits(loss: _losses.Loss, output: _act.Activation, n_outputs: int) -> None:
    """Refuse a loss with an output activation or a number of outputs it cannot use."""
    if loss.required_output and output.name != loss.required_output:
        raise ValueError(
            f"loss {loss.name!r} needs output_activation={loss.required_output!r}, "
            f"got {output.name!r}"
        )
    if n_outputs < loss.min_outputs:
        raise ValueError(
            f"loss {loss.name!r} needs at least {loss.min_outputs} outputs (one per class), "
            f"got layer_sizes[-1] = {n_outputs}: with one output the softmax is always 1 "
            "and the loss always 0. For two classes use 2 outputs, or 1 sigmoid output "
            "with loss='binary_cross_entropy'"
        )


def _copies_like(values, current: list[np.ndarray], name: str, what: str,
                 dtype) -> list[np.ndarray]:
    """Copies of ``values`` (one array per layer), each of the shape of ``current``."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list of {len(current)} {what} (one per layer), "
                        f"got {type(values).__name__}")
    if len(values) != len(current):
        raise ValueError(f"{name} must hold {len(current)} {what} (one per layer), "
                         f"got {len(values)}")
    copies = []
    for i, (new, old) in enumerate(zip(values, current, strict=True)):
        new = check_array(new, f"{name}[{i}]", ndim=old.ndim)
        if new.shape != old.shape:
            raise ValueError(f"{name}[{i}] must have shape {old.shape}, got {new.shape}")
        copies.append(new.astype(dtype, copy=True))
    return copies


def _check_layer_sizes(layer_sizes) -> tuple[int, ...]:
    if isinstance(layer_sizes, (str, bytes)) or not isinstance(layer_sizes, Sequence):
        raise TypeError(
            f"layer_sizes must be a sequence of positive integers, got {type(layer_sizes).__name__}"
        )
    if len(layer_sizes) < 2:
        raise ValueError(
            f"layer_sizes needs at least an input and an output size, got {list(layer_sizes)}"
        )
    return tuple(check_positive_int(s, f"layer_sizes[{i}]") for i, s in enumerate(layer_sizes))
