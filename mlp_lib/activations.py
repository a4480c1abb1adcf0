r"""Activation functions and their derivatives.

The eight functions of the activation table of the IPN deck (seed 002) plus
softmax. The step function is 1 only for :math:`z > 0`, so ``step(0) = 0``:
the convention of the perceptron's OR example in the Sobrino deck (seed 004),
shared with :class:`~mlp_lib.perceptron.Perceptron` (the IPN table writes 0.5
at :math:`z = 0`). Each element-wise activation is an :class:`Activation` with a value
``f(z)`` and a derivative ``f'(z)``, both vectorised and numerically stable:
no overflow warning and no NaN for inputs as large as :math:`|z| = 10^4`.

>>> from mlp_lib import activations
>>> sigmoid = activations.get("sigmoid")
>>> float(sigmoid(0.0)), float(sigmoid.derivative(0.0))
(0.5, 0.25)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real

import numpy as np

from ._validation import from_registry

_ArrayFn = Callable[[np.ndarray], np.ndarray]


def _as_float(z) -> np.ndarray:
    """``z`` as a floating array, keeping float32 as float32.

    Raises TypeError for anything that is not real numbers (None, text, complex), so
    that no imaginary part is silently dropped. Free for a float array, the case of
    the training loop: only the dtype is looked at.
    """
    z = np.asarray(z)
    if z.dtype.kind == "f":
        return z
    if z.dtype.kind == "O":  # a list mixing numbers and other objects, or None
        bad = [v for v in z.ravel() if not isinstance(v, Real)]
        if bad:
            raise TypeError(f"z must be real numbers, got {type(bad[0]).__name__}")
    elif z.dtype.kind not in "biu":  # bool, signed and unsigned integers
        what = {"c": "complex numbers", "U": "text", "S": "bytes"}.get(
            z.dtype.kind, f"an array of dtype {z.dtype}")
        raise TypeError(f"z must be real numbers, got {what}")
    return z.astype(np.float64)


def _checked(z) -> np.ndarray:
    """``z`` as a float array after checking that it holds no NaN (see :func:`_as_float`)."""
    z = _as_float(z)
    if np.isnan(z).any():
        raise ValueError(f"z must not contain NaN, found {int(np.isnan(z).sum())} NaN value(s)")
    return z


@dataclass(frozen=True)
class Activation:
    """An element-wise activation function with its derivative.

    Attributes
    ----------
    name : str
        Registry name, e.g. ``"relu"``.
    formula : str
        The function in LaTeX, for titles and tables.
    fn, deriv : callable
        Vectorised ``f(z)`` and ``f'(z)``.
    deriv_from_output : callable or None
        ``f'`` written with the output ``a = f(z)`` (sigmoid: ``a(1 - a)``), which saves
        recomputing ``f`` in backpropagation; None when ``f'`` needs ``z``.
    """

    name: str
    formula: str
    fn: _ArrayFn
    deriv: _ArrayFn
    deriv_from_output: _ArrayFn | None = None

    def __call__(self, z) -> np.ndarray:
        """Evaluate ``f(z)`` element-wise.

        Raises TypeError if ``z`` is not real numbers, ValueError if it holds NaN
        (``step(nan)`` would otherwise be 0). Infinities are allowed: the limits.
        """
        return self.fn(_checked(z))

    def derivative(self, z) -> np.ndarray:
        """Evaluate ``f'(z)`` element-wise (0 where the function is flat or jumps).

        Checks ``z`` as calling the activation does.
        """
        return self.deriv(_checked(z))

    def derivative_at(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """``f'(z)`` given both ``z`` and ``a = f(z)``, using ``a`` when that is cheaper.

        For the backward pass of :class:`~mlp_lib.mlp.MLP`: float arrays it made, not
        checked again (``fn`` is the unchecked ``f`` of the forward pass).
        """
        return self.deriv(z) if self.deriv_from_output is None else self.deriv_from_output(a)

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


def sigmoid(z: np.ndarray) -> np.ndarray:
    r"""Logistic function :math:`\sigma(z) = 1/(1+e^{-z})`, without overflow.

    The ``f`` of the network's forward pass: it checks the type of ``z``, not its
    values (NaN gives NaN); ``get("sigmoid")(z)`` also rejects NaN.
    """
    z = _as_float(z)
    e = np.exp(-np.abs(z))  # e^-|z| is in (0, 1]: it never overflows
    # 1 / (1 + e^-z) for z >= 0, and the same number written e^z / (1 + e^z) for z < 0
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _sigmoid_deriv(z: np.ndarray) -> np.ndarray:
    s = sigmoid(z)
    return s * (1.0 - s)


def _step(z: np.ndarray) -> np.ndarray:
    # 1 only where z > 0: z = 0 gives 0, as in the perceptron (see mlp_lib.perceptron)
    return (z > 0).astype(z.dtype)


def _piecewise(z: np.ndarray) -> np.ndarray:
    return np.clip(z + 0.5, 0.0, 1.0)


def _piecewise_deriv(z: np.ndarray) -> np.ndarray:
    return ((z > -0.5) & (z < 0.5)).astype(z.dtype)


def _tanh_deriv(z: np.ndarray) -> np.ndarray:
    t = np.tanh(z)
    return 1.0 - t * t


def _positive(z: np.ndarray) -> np.ndarray:
    return (z > 0).astype(z.dtype)


def _zeros(z: np.ndarray) -> np.ndarray:
    return np.zeros_like(z)


def _ones(z: np.ndarray) -> np.ndarray:
    return np.ones_like(z)


_REGISTRY: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("step", r"\phi(z)=\begin{cases}0 & z\le 0\\ 1 & z>0\end{cases}",
                   _step, _zeros),
        Activation("sign", r"\phi(z)=\operatorname{sign}(z)", np.sign,
                   _zeros),
        Activation("linear", r"\phi(z)=z", lambda z: z.copy(), _ones, _ones),
        Activation("piecewise_linear", r"\phi(z)=\min(1,\max(0,z+\tfrac12))", _piecewise,
                   _piecewise_deriv),
        Activation("sigmoid", r"\phi(z)=\dfrac{1}{1+e^{-z}}", sigmoid, _sigmoid_deriv,
                   lambda a: a * (1.0 - a)),
        Activation("tanh", r"\phi(z)=\tanh z", np.tanh, _tanh_deriv, lambda a: 1.0 - a * a),
        Activation("relu", r"\phi(z)=\max(0,z)", lambda z: np.maximum(z, 0.0),
                   _positive, _positive),
        Activation("softplus", r"\phi(z)=\ln(1+e^{z})", lambda z: np.logaddexp(0.0, z), sigmoid),
    )
}
_ALIASES = {"identity": "linear", "heaviside": "step", "logistic": "sigmoid"}

#: The names accepted by :func:`get`, in the order of the slide's table.
NAMES: tuple[str, ...] = tuple(_REGISTRY)


def get(name: str | Activation) -> Activation:
    """The activation called ``name`` or an alias of it (a ValueError lists the names)."""
    return from_registry(name, "activation", _REGISTRY, _ALIASES, Activation)


def softmax(z) -> np.ndarray:
    r"""Row-wise softmax :math:`p_i = e^{z_i}/\sum_j e^{z_j}` of a 1-D or 2-D array.

    Stable for any finite input: the row maximum is subtracted first. Like
    :func:`sigmoid`, it runs inside the training loop, so it checks the type of ``z``
    but not its values: a NaN in ``z`` gives NaN.
    """
    z = _as_float(z)
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(z) -> np.ndarray:
    """Row-wise ``log(softmax(z))`` computed with the log-sum-exp trick."""
    z = _as_float(z)
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def softmax_jacobian(z) -> np.ndarray:
    r"""Jacobian :math:`\partial p_i/\partial z_j = p_i(\delta_{ij} - p_j)` of a 1-D input.

    Softmax is not element-wise, so its derivative is a matrix, not a vector.
    """
    z = _checked(z)
    if z.ndim != 1:
        raise ValueError(f"z must be 1-D for softmax_jacobian, got an array of shape {z.shape}")
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)
