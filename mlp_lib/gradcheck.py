r"""Checking a gradient by finite differences: one implementation for the library.

The central difference

.. math:: \frac{\partial f}{\partial x_i} \approx
          \frac{f(x + \varepsilon e_i) - f(x - \varepsilon e_i)}{2\varepsilon}

has an error of the order of :math:`\varepsilon^2`. It needs only evaluations of
:math:`f`, so it checks a gradient computed by backpropagation
(:meth:`mlp_lib.mlp.MLP.gradient_check`) or by a computational graph
(:func:`mlp_lib.graph.numerical_gradient`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ._validation import check_positive


def central_difference(f: Callable[[], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Estimate the gradient of ``f`` with respect to the array ``x``, entry by entry.

    Parameters
    ----------
    f : callable
        Called with no arguments; it reads ``x`` (a network's weights, say) and
        returns a number.
    x : ndarray of float
        Changed in place, one entry at a time, and restored.
    eps : float, default 1e-6
        The step :math:`\\varepsilon`.

    Returns
    -------
    ndarray, same shape and type as ``x``
    """
    eps = check_positive(eps, "eps")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        up = f()
        x[i] = old - eps
        down = f()
        x[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad


def relative_error(analytic: Sequence[np.ndarray], numeric: Sequence[np.ndarray]) -> float:
    r""":math:`\lVert g_a - g_n\rVert / (\lVert g_a\rVert + \lVert g_n\rVert)` over all arrays.

    0 when both gradients are zero. Below about 1e-7 in float64, the analytic
    gradient is right.
    """
    a = np.concatenate([np.ravel(g) for g in analytic])
    n = np.concatenate([np.ravel(g) for g in numeric])
    denom = np.linalg.norm(a) + np.linalg.norm(n)
    return 0.0 if denom == 0 else float(np.linalg.norm(a - n) / denom)
