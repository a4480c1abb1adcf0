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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import activations as _act
from . import losses as _losses
from ._batching import iter_batches, n_updates_per_epoch
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

INITS = ("normal", "uniform", "xavier", "he")

# Output activation each loss needs, for the losses that need one.
_REQUIRED_OUTPUT = {"binary_cross_entropy": "sigmoid", "softmax_cross_entropy": "linear"}

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
    n_updates: int = 0


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
        in ``X`` to treat the bias as one more input, as the MATLAB program does.
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
        n_hidden = len(self.layer_sizes) - 2
        names = [activation] * n_hidden if isinstance(activation, str) else list(activation)
        if len(names) != n_hidden:
            raise ValueError(
                f"activation must be one name or a list of {n_hidden} names (one per hidden "
                f"layer), got {len(names)}"
            )
        self.activations = [_act.get(a) for a in names] + [_act.get(output_activation)]
        self.loss = _losses.get(loss)
        required = _REQUIRED_OUTPUT.get(self.loss.name)
        if required and self.activations[-1].name != required:
            raise ValueError(
                f"loss {self.loss.name!r} needs output_activation={required!r}, "
                f"got {self.activations[-1].name!r}"
            )
        if self.loss.name == "softmax_cross_entropy" and self.layer_sizes[-1] < 2:
            raise ValueError(
                "loss 'softmax_cross_entropy' needs at least 2 outputs (one per class), got "
                f"layer_sizes[-1] = {self.layer_sizes[-1]}: with one output the softmax is "
                "always 1 and the loss always 0. For two classes use 2 outputs, or 1 sigmoid "
                "output with loss='binary_cross_entropy'"
            )
        self.bias = bool(bias)
        self.init = check_choice(init, "init", INITS)
        self.dtype = np.dtype(dtype)
        if self.dtype not in (np.float32, np.float64):
            raise TypeError(f"dtype must be float32 or float64, got {self.dtype}")
        self.rng = as_generator(seed)
        self.weights, self.biases = self._initial_parameters()

    # ----------------------------------------------------------- construction
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
        _check_one_per_layer(weights, "weights", "matrices", len(self.weights))
        new_W = []
        for i, (W, old) in enumerate(zip(weights, self.weights, strict=True)):
            W = check_array(W, f"weights[{i}]", ndim=2)
            if W.shape != old.shape:
                raise ValueError(f"weights[{i}] must have shape {old.shape}, got {W.shape}")
            new_W.append(W.astype(self.dtype, copy=True))
        self.weights = new_W
        if biases is None:
            return
        if not self.bias:
            raise ValueError("biases given for a network built with bias=False")
        _check_one_per_layer(biases, "biases", "vectors", len(self.biases))
        new_b = []
        for i, (b, old) in enumerate(zip(biases, self.biases, strict=True)):
            b = check_array(b, f"biases[{i}]", ndim=1)
            if b.shape != old.shape:
                raise ValueError(f"biases[{i}] must have shape {old.shape}, got {b.shape}")
            new_b.append(b.astype(self.dtype, copy=True))
        self.biases = new_b

    def _initial_parameters(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        Ws, bs = [], []
        for n_in, n_out in zip(self.layer_sizes[:-1], self.layer_sizes[1:], strict=True):
            shape = (n_in, n_out)
            if self.init == "normal":
                W, b = self.rng.standard_normal(shape), self.rng.standard_normal(n_out)
            elif self.init == "uniform":
                W, b = self.rng.uniform(-1, 1, shape), self.rng.uniform(-1, 1, n_out)
            elif self.init == "xavier":
                limit = np.sqrt(6.0 / (n_in + n_out))
                W, b = self.rng.uniform(-limit, limit, shape), np.zeros(n_out)
            else:  # he
                W, b = self.rng.standard_normal(shape) * np.sqrt(2.0 / n_in), np.zeros(n_out)
            Ws.append(W.astype(self.dtype))
            bs.append((b if self.bias else np.zeros(n_out)).astype(self.dtype))
        return Ws, bs

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
        """Forward pass of an already validated batch."""
        cache = Cache(A=[A], Z=[None])
        for W, b, f in zip(self.weights, self.biases, self.activations, strict=True):
            Z = A.dot(W)  # = A @ W, bit for bit; ndarray.dot costs less per call
            if self.bias:
                Z += b
            A = f.fn(Z)
            cache.Z.append(Z)
            cache.A.append(A)
        return A, cache

    def __call__(self, X) -> np.ndarray:
        """Network output :math:`\\hat Y` for ``X``."""
        return self.forward(X)[0]

    # --------------------------------------------------------------- backward
    def output_delta(self, cache: Cache, T: np.ndarray) -> np.ndarray:
        """:math:`\\delta^{(L)} = \\partial\\mathcal{L}/\\partial Z^{(L)}` for targets ``T``.

        For a sigmoid output with binary cross-entropy (and a linear output with
        softmax cross-entropy) the product simplifies to :math:`(\\hat Y - T)/m`,
        which is used directly because it stays exact when the sigmoid saturates.
        """
        Y, Z = cache.A[-1], cache.Z[-1]
        if self.loss.name in _REQUIRED_OUTPUT:
            P = _act.softmax(Y) if self.loss.name == "softmax_cross_entropy" else Y
            return (P - T) / Y.shape[0]
        return self.loss._gradient(T, Y) * self.activations[-1].derivative_at(Z, Y)

    def backward(self, cache: Cache, T: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Gradients of the mean loss with respect to every weight and bias.

        ``T`` are the targets already in 2-D form (see :meth:`targets`).
        Returns ``(dW, db)``, lists aligned with ``weights`` and ``biases``.
        """
        delta = self.output_delta(cache, T)
        n_layers = len(self.weights)
        dW: list[np.ndarray] = [np.empty(0)] * n_layers
        db: list[np.ndarray] = [np.empty(0)] * n_layers
        for l in range(n_layers - 1, -1, -1):  # noqa: E741  (l is the layer index)
            dW[l] = cache.A[l].T.dot(delta)  # A^T delta, written .dot as in _forward
            db[l] = delta.sum(axis=0) if self.bias else np.zeros_like(self.biases[l])
            if l > 0:  # e^(k) = W^T delta, then delta^(k) = f'(v^(k)) e^(k)
                f = self.activations[l - 1]
                delta = delta.dot(self.weights[l].T) * f.derivative_at(cache.Z[l], cache.A[l])
        return dW, db

    def gradients(self, X, y) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Forward and backward pass on ``(X, y)``; returns ``(dW, db)``."""
        Xc, T = self._check_data(X, y)
        _, cache = self.forward(Xc)
        return self.backward(cache, T)

    def step(self, dW: Sequence[np.ndarray], db: Sequence[np.ndarray], lr: float) -> None:
        """Gradient-descent update ``W ← W − lr·dW`` (and the same for biases)."""
        for l in range(len(self.weights)):  # noqa: E741
            self.weights[l] -= lr * dW[l]
            if self.bias:
                self.biases[l] -= lr * db[l]

    def train_step(self, X, y, lr: float) -> float:
        """One update on the batch ``(X, y)``; returns the loss *before* the update."""
        lr = check_positive(lr, "lr")
        Xc, T = self._check_data(X, y)
        return self._train_batch(Xc, T, lr)

    def _train_batch(self, X: np.ndarray, T: np.ndarray, lr: float) -> float:
        _, cache = self._forward(X)
        loss = _mean(self._per_example_loss(T, cache))
        self.step(*self.backward(cache, T), lr)
        return loss

    def _per_example_loss(self, T: np.ndarray, cache: Cache) -> np.ndarray:
        """Cost of each example of a forward pass.

        Binary cross-entropy is computed from the logits :math:`Z^{(L)}` instead of
        :math:`\\hat Y = \\sigma(Z^{(L)})`: the same formula, but exact when the sigmoid
        saturates, so that the value agrees with the gradient :math:`(\\hat Y - T)/m`
        of :meth:`output_delta` for any :math:`Z` (as PyTorch's ``BCEWithLogitsLoss``).
        """
        if self.loss.name == "binary_cross_entropy":
            return self.loss._per_example_from_logits(T, cache.Z[-1])
        return self.loss._per_example(T, cache.A[-1])

    # ------------------------------------------------------------------- fit
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
            history.n_updates += n_updates_per_epoch(len(Xc), batch_size)
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
            loss_list.append(_mean(self._per_example_loss(Ts, cache)))
            if self.is_classifier:
                acc_list.append(_accuracy(self._labels(Y), self._labels(Ts)))

    # ------------------------------------------------------------ prediction
    @property
    def is_classifier(self) -> bool:
        """True when outputs are read as classes (sigmoid/softmax/step/sign output)."""
        return self.loss.name in _REQUIRED_OUTPUT or self.activations[-1].name in (
            "sigmoid", "step", "sign", "tanh")

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities: softmax of the logits, or the sigmoid outputs."""
        Y = self(X)
        return _act.softmax(Y) if self.loss.name == "softmax_cross_entropy" else Y

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
        return _mean(self._per_example_loss(T, self.forward(Xc)[1]))

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

    # ------------------------------------------------------- gradient check
    def gradient_check(self, X, y, eps: float = 1e-6) -> float:
        """Relative error between backprop and central finite differences.

        Returns :math:`\\lVert g_{bp} - g_{fd}\\rVert / (\\lVert g_{bp}\\rVert +
        \\lVert g_{fd}\\rVert)` over all parameters (0 when both are zero). Below
        about 1e-7 in float64 the backward pass is right.
        """
        eps = check_positive(eps, "eps")
        dW, db = self.gradients(X, y)
        analytic = np.concatenate([g.ravel() for g in self._grad_list(dW, db)])
        numeric = np.concatenate([g.ravel() for g in self.numerical_gradients(X, y, eps)])
        denom = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        return 0.0 if denom == 0 else float(np.linalg.norm(analytic - numeric) / denom)

    def numerical_gradients(self, X, y, eps: float = 1e-6) -> list[np.ndarray]:
        """Central-difference gradients, in the order ``W1, b1, W2, b2, ...``."""
        grads = []
        for p in self._param_list():
            g = np.zeros_like(p)
            for i in np.ndindex(p.shape):
                old = p[i]
                p[i] = old + eps
                up = self.loss_value(X, y)
                p[i] = old - eps
                down = self.loss_value(X, y)
                p[i] = old
                g[i] = (up - down) / (2 * eps)
            grads.append(g)
        return grads

    def _param_list(self) -> list[np.ndarray]:
        pairs = zip(self.weights, self.biases, strict=True)
        return [p for W, b in pairs for p in ((W, b) if self.bias else (W,))]

    def _grad_list(self, dW, db) -> list[np.ndarray]:
        pairs = zip(dW, db, strict=True)
        return [g for gW, gb in pairs for g in ((gW, gb) if self.bias else (gW,))]

    # ------------------------------------------------------------ validation
    def targets(self, y) -> np.ndarray:
        """Targets as the 2-D array the loss compares with the output."""
        T = self.loss.prepare_targets(y, self.layer_sizes[-1])
        if T.shape[1] != self.layer_sizes[-1]:
            raise ValueError(
                f"y must have {self.layer_sizes[-1]} column(s) (one per output), "
                f"got shape {np.shape(y)}"
            )
        if self.loss.name == "binary_cross_entropy" and np.any((T < 0) | (T > 1)):
            raise ValueError(
                f"y must lie in [0, 1] for binary_cross_entropy, got values in "
                f"[{T.min():g}, {T.max():g}]"
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

    @property
    def n_parameters(self) -> int:
        """Number of trainable numbers (weights plus biases)."""
        return int(sum(p.size for p in self._param_list()))

    def __repr__(self) -> str:
        acts = ", ".join(a.name for a in self.activations)
        return f"MLP(layer_sizes={self.layer_sizes}, activations=[{acts}], loss={self.loss.name!r})"


def _mean(per_example: np.ndarray) -> float:
    """``float(per_example.mean())``, bit for bit, without ``mean``'s Python wrapper."""
    return float(per_example.sum() / per_example.shape[0])


def _accuracy(predicted: np.ndarray, true: np.ndarray) -> float:
    """Fraction of equal labels."""
    return float(np.mean(predicted == true))


def _check_one_per_layer(values, name: str, what: str, n_layers: int) -> None:
    """Check that ``values`` is a list with one entry per layer."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list of {n_layers} {what} (one per layer), "
                        f"got {type(values).__name__}")
    if len(values) != n_layers:
        raise ValueError(f"{name} must hold {n_layers} {what} (one per layer), "
                         f"got {len(values)}")


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
