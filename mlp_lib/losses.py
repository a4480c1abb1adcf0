r"""Cost functions and their gradients.

Every loss is the **mean over the examples** of a per-example cost, as in the
batch rule of the IPN deck (seed 002), where the update of a batch is the
average of the updates of its examples. For ``m`` examples with targets
:math:`t` and network outputs :math:`y` (``q`` outputs each):

===========================  ===================================================
name                         per-example cost
===========================  ===================================================
``"sse"``                    :math:`\sum_k (t_k - y_k)^2`
``"half_sse"``               :math:`\tfrac12 \sum_k (t_k - y_k)^2`
``"mse"``                    :math:`\tfrac1q \sum_k (t_k - y_k)^2`
``"binary_cross_entropy"``   :math:`-\sum_k [t_k \ln y_k + (1-t_k)\ln(1-y_k)]`
``"softmax_cross_entropy"``  :math:`-\ln p_c`, :math:`p = \operatorname{softmax}(y)`
===========================  ===================================================

``softmax_cross_entropy`` takes the raw scores (logits) of a network whose
output layer is linear, as in the UNCUYO deck (seed 003); its gradient is
:math:`(P - T)/m`. ``binary_cross_entropy`` takes probabilities; a network with a
sigmoid output computes it from its logits :math:`z` instead
(``get("binary_cross_entropy").from_logits(t, z)``), exact for any :math:`z`.

A network (:class:`mlp_lib.mlp.MLP`) uses only the public interface of
:class:`Loss`: :meth:`Loss.per_example_at`, :meth:`Loss.output_delta`,
:meth:`Loss.probabilities`, :attr:`Loss.required_output` and :attr:`Loss.min_outputs`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ._validation import check_array, check_choice, from_registry
from .activations import Activation, log_softmax, softmax

#: Probabilities are clipped to ``[EPS, 1 - EPS]`` before taking logarithms.
EPS = 1e-12

_REDUCTIONS = ("mean", "sum", "none")


@dataclass(frozen=True)
class Loss:
    r"""A cost function: value and gradient with respect to the network output.

    Called as ``loss(y_true, y_pred)`` (and ``loss.gradient``) it checks its
    arguments. A network calls, on arrays it made (2-D, float, same shape, not
    checked again):

    - :meth:`per_example_at` for the cost of each example of its output layer;
    - :meth:`output_delta` for :math:`\delta^{(L)}`, the start of backpropagation;
    - :meth:`probabilities` to read its outputs as class probabilities;

    and reads :attr:`required_output` (the output activation the loss needs, if
    any) and :attr:`min_outputs`.

    Attributes
    ----------
    name : str
        Registry name.
    formula : str
        Per-example cost in LaTeX.
    required_output : str or None
        Output activation a network trained on this loss must have (None: any).
    min_outputs : int
        Fewest outputs the loss makes sense for.
    """

    name: str
    formula: str

    required_output: ClassVar[str | None] = None  # any output activation
    min_outputs: ClassVar[int] = 1

    # ------------------------------------------------------- checked arguments
    def __call__(self, y_true, y_pred, reduction: str = "mean"):
        """Value of the cost.

        Parameters
        ----------
        y_true : array_like
            Targets: shape ``(m, q)`` or ``(m,)``; class indices ``(m,)`` or
            one-hot ``(m, q)`` for ``softmax_cross_entropy``.
        y_pred : array_like
            Network outputs, shape ``(m, q)`` or ``(m,)``.
        reduction : {"mean", "sum", "none"}
            Mean or sum over examples, or the per-example costs.
        """
        check_choice(reduction, "reduction", _REDUCTIONS)
        t, y = self.prepare(y_true, y_pred)
        return _reduce(self.per_example(t, y), reduction)

    def gradient(self, y_true, y_pred) -> np.ndarray:
        """Gradient of the mean cost with respect to ``y_pred`` (same shape as ``y_pred``)."""
        t, y = self.prepare(y_true, y_pred)
        return self.output_gradient(t, y).reshape(np.shape(y_pred))

    def prepare(self, y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
        """Validate and return ``(targets, outputs)`` as 2-D float arrays of equal shape."""
        t, y = self._as_pair(y_true, y_pred, "y_pred")
        self._check_outputs(y)
        return t, y

    def prepare_targets(self, y_true, n_outputs: int, name: str = "y_true") -> np.ndarray:
        """Return the targets as a 2-D float array with ``n_outputs`` columns.

        ``name`` is the argument named in error messages.
        """
        t = check_array(y_true, name, ndim=(1, 2))
        return t[:, None] if t.ndim == 1 else t

    def _as_pair(self, y_true, y, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Targets and ``y`` (outputs or logits) as 2-D float arrays of equal shape."""
        y2 = check_array(y, name, ndim=(1, 2))
        y2 = y2[:, None] if y2.ndim == 1 else y2
        t = self.prepare_targets(y_true, y2.shape[1])
        if t.shape != y2.shape:
            raise ValueError(
                f"y_true and {name} must describe the same examples and outputs, got shapes "
                f"{np.shape(y_true)} and {np.shape(y)}"
            )
        return t, y2

    def _check_outputs(self, y: np.ndarray) -> None:
        """Hook for losses with restricted outputs."""

    # ----------------------------------------- on a network's own arrays (no checks)
    def per_example(self, t: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Cost of each example (row) of the outputs ``y`` for the targets ``t``."""
        raise NotImplementedError

    def output_gradient(self, t: np.ndarray, y: np.ndarray) -> np.ndarray:
        r""":math:`\partial\mathcal{L}/\partial \hat Y` of the mean cost, at the outputs ``y``."""
        raise NotImplementedError

    def per_example_at(self, t: np.ndarray, z: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Cost of each example of an output layer with net input ``z`` and output ``y``."""
        return self.per_example(t, y)

    def output_delta(self, t: np.ndarray, z: np.ndarray, y: np.ndarray,
                     f: Activation) -> np.ndarray:
        r""":math:`\delta^{(L)} = \partial\mathcal{L}/\partial Z^{(L)}
        = \partial\mathcal{L}/\partial \hat Y \odot f'(Z^{(L)})` for an output
        layer with activation ``f``, net input ``z`` and output ``y = f(z)``."""
        return self.output_gradient(t, y) * f.derivative_at(z, y)

    def probabilities(self, y: np.ndarray) -> np.ndarray:
        """The outputs ``y`` read as probabilities (the outputs themselves, by default)."""
        return y

    def __repr__(self) -> str:
        return f"Loss({self.name!r})"


@dataclass(frozen=True, repr=False)
class SquaredError(Loss):
    """Sum of squared errors per example, times ``scale`` (1, 1/2 or 1/q)."""

    scale: str = "1"  # "1", "1/2" or "1/q"

    def _factor(self, q: int) -> float:
        return {"1": 1.0, "1/2": 0.5, "1/q": 1.0 / q}[self.scale]

    def per_example(self, t, y):
        return self._factor(y.shape[1]) * ((y - t) ** 2).sum(axis=1)

    def output_gradient(self, t, y):
        m, q = y.shape
        return (2.0 * self._factor(q) / m) * (y - t)


@dataclass(frozen=True, repr=False)
class BinaryCrossEntropy(Loss):
    r"""Binary cross-entropy of probabilities (outputs of a sigmoid).

    Called as ``loss(y_true, y_pred)`` it takes the probabilities and clips them to
    ``[EPS, 1 - EPS]`` before the logarithms, so a saturated output costs at most
    :math:`-\ln(10^{-12}) \approx 27.6`. :meth:`from_logits` computes the same cost
    from the logits, with no clipping; so does a network (:meth:`per_example_at`).
    """

    required_output: ClassVar[str | None] = "sigmoid"

    def from_logits(self, y_true, z, reduction: str = "mean"):
        r"""Value of the cost of the outputs :math:`\hat y = \sigma(z)`, from the logits ``z``.

        Since :math:`-\ln \sigma(z) = \ln(1 + e^{-z})` and
        :math:`-\ln(1 - \sigma(z)) = \ln(1 + e^{z})`, the per-example cost
        :math:`-\sum_k [t_k \ln \hat y_k + (1-t_k)\ln(1-\hat y_k)]` is

        .. math:: \sum_k \left[t_k \ln(1 + e^{-z_k}) + (1 - t_k) \ln(1 + e^{z_k})\right],

        computed with ``np.logaddexp(0, ·)``: exact for any :math:`z`, with no overflow
        and no clipping. Its gradient with respect to :math:`z` is
        :math:`(\sigma(z) - t)/m`, the :math:`\delta` of a sigmoid output
        (:meth:`output_delta`), so value and gradient always agree (PyTorch's
        ``BCEWithLogitsLoss`` works the same way).
        """
        check_choice(reduction, "reduction", _REDUCTIONS)
        t, z = self._as_pair(y_true, z, "z")
        return _reduce(self.per_example_at(t, z, None), reduction)

    def prepare_targets(self, y_true, n_outputs: int, name: str = "y_true") -> np.ndarray:
        t = super().prepare_targets(y_true, n_outputs, name)
        if np.any((t < 0) | (t > 1)):
            raise ValueError(
                f"{name} must lie in [0, 1] for {self.name}, got values in "
                f"[{t.min():g}, {t.max():g}]"
            )
        return t

    def _check_outputs(self, y):
        if np.any((y < 0) | (y > 1)):
            raise ValueError(
                f"y_pred must be probabilities in [0, 1] for {self.name} (use a sigmoid output), "
                f"got values in [{y.min():g}, {y.max():g}]"
            )

    def per_example(self, t, y):
        y = np.clip(y, EPS, 1.0 - EPS)
        return -(t * np.log(y) + (1.0 - t) * np.log1p(-y)).sum(axis=1)

    def output_gradient(self, t, y):
        y = np.clip(y, EPS, 1.0 - EPS)
        return (y - t) / (y * (1.0 - y)) / y.shape[0]

    def per_example_at(self, t, z, y):
        """The cost from the logits ``z`` (see :meth:`from_logits`): exact for any ``z``."""
        # -ln(sigma(z)) = ln(1 + e^-z) and -ln(1 - sigma(z)) = ln(1 + e^z)
        return (t * np.logaddexp(0.0, -z) + (1.0 - t) * np.logaddexp(0.0, z)).sum(axis=1)

    def output_delta(self, t, z, y, f):
        r""":math:`(\hat Y - T)/m`: the product of the general rule, simplified (the
        sigmoid's :math:`\hat y(1 - \hat y)` cancels), exact when the sigmoid saturates."""
        return (y - t) / y.shape[0]


@dataclass(frozen=True, repr=False)
class SoftmaxCrossEntropy(Loss):
    """Softmax followed by categorical cross-entropy, on logits (a linear output)."""

    required_output: ClassVar[str | None] = "linear"
    min_outputs: ClassVar[int] = 2  # with one output the softmax is always 1

    def prepare_targets(self, y_true, n_outputs: int, name: str = "y_true") -> np.ndarray:
        t = check_array(y_true, name, ndim=(1, 2))
        if t.ndim == 2:  # one-hot or probability rows
            if t.shape[1] != n_outputs:
                raise ValueError(
                    f"one-hot {name} must have {n_outputs} columns (one per class), "
                    f"got shape {t.shape}"
                )
            if np.any(t < 0) or not np.allclose(t.sum(axis=1), 1.0):
                raise ValueError(f"one-hot {name} rows must be non-negative and sum to 1")
            return t
        labels = t.astype(int)
        if np.any(labels != t) or np.any((labels < 0) | (labels >= n_outputs)):
            raise ValueError(
                f"class labels in {name} must be integers in [0, {n_outputs - 1}] "
                f"for {n_outputs} outputs, got values in [{t.min():g}, {t.max():g}]"
            )
        return np.eye(n_outputs)[labels]

    def per_example(self, t, y):
        return -(t * log_softmax(y)).sum(axis=1)

    def output_gradient(self, t, y):
        return (softmax(y) - t) / y.shape[0]

    def output_delta(self, t, z, y, f):
        r""":math:`(P - T)/m` with :math:`P = \operatorname{softmax}(\hat Y)`: the
        output is linear, so :math:`\delta^{(L)}` is the gradient itself."""
        return self.output_gradient(t, y)

    def probabilities(self, y):
        return softmax(y)


def _reduce(per_example: np.ndarray, reduction: str):
    """The per-example costs, or their mean or sum as a float.r"""
    if reduction == "none":
        return per_example
    return float(per_example.sum() if reduction == "sum" else per_example.mean())


_REGISTRY: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        SquaredError("sse", r"\sum_k (t_k-y_k)^2", scale="1"),
        SquaredError("half_sse", r"\tfrac12\sum_k (t_k-y_k)^2", scale="1/2"),
        SquaredError("mse", r"\tfrac1q\sum_k (t_k-y_k)^2", scale="1/q"),
        BinaryCrossEntropy("binary_cross_entropy",
                           r"-\sum_k [t_k\ln y_k+(1-t_k)\ln(1-y_k)]"),
        SoftmaxCrossEntropy("softmax_cross_entropy", r"-\ln \operatorname{softmax}(y)_c"),
    )
}
_ALIASES = {"bce": "binary_cross_entropy", "cross_entropy": "softmax_cross_entropy"}

#: The names accepted by :func:`get`.
NAMES: tuple[str, ...] = tuple(_REGISTRY)


def get(name: str | Loss) -> Loss:
    """The loss called ``name`` or an alias of it (a ValueError lists the names)."""
    return from_registry(name, "loss", _REGISTRY, _ALIASES, Loss)
