r"""Computational graphs and reverse-mode differentiation on scalars.

A :class:`Value` is a node of a directed acyclic graph (DAG): a number that
remembers the operation (``op``) and the inputs (``parents``) that produced
it. :meth:`Value.backward` applies the chain rule from the output back to the
inputs, :math:`\partial f/\partial x = \partial f/\partial q \cdot
\partial q/\partial x`, adding up the contributions of every path, and leaves
:math:`\partial f/\partial v` in ``v.grad`` for every node ``v``.

>>> x, y, z = Value(-2.0, "x"), Value(5.0, "y"), Value(-4.0, "z")
>>> q = x + y; q.label = "q"
>>> f = q * z; f.label = "f"
>>> f.backward()
>>> f, q, x.grad, z.grad
(Value(label='f', data=-12.0, grad=1.0), Value(label='q', data=3.0, grad=-4.0), -4.0, 3.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from numbers import Real

import numpy as np

from .activations import sigmoid as _sigmoid
from .gradcheck import central_difference

Number = int | float
#: Local backward rule of a node: upstream gradient -> one contribution per parent.
_Backward = Callable[[float], tuple[float, ...]]


def _check_number(value, name: str) -> float:
    """Return ``value`` as a float after checking that it is a finite real number."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be an int or float, got {type(value).__name__}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


class Value:
    """A scalar node of a computational graph.

    Parameters
    ----------
    data : int or float
        The value of the node (finite).
    label : str, default ""
        Name shown by ``repr`` and :func:`mlp_lib.plotting.draw_graph`.

    Attributes
    ----------
    data : float
        Forward value.
    grad : float
        :math:`\\partial\\,\\text{root}/\\partial\\,\\text{self}` after the last
        :meth:`backward` call of a graph containing this node (0.0 before).
    op : str
        Operation that produced the node, ``""`` for an input (leaf).
    parents : tuple of Value
        The inputs of that operation.
    """

    __slots__ = ("data", "grad", "label", "op", "parents", "_backward")
    __array_ufunc__ = None  # let ``np.float64(2) * v`` call Value.__rmul__

    def __init__(self, data: Number, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"label must be a str, got {type(label).__name__}")
        self.data = _check_number(data, "data")
        self.grad = 0.0
        self.label = label
        self.op = ""
        self.parents: tuple[Value, ...] = ()
        self._backward: _Backward = lambda g: ()

    def __repr__(self) -> str:
        name = f"label={self.label!r}, " if self.label else ""
        return f"Value({name}data={self.data!r}, grad={self.grad!r})"

    # -- binary operations ---------------------------------------------------
    def __add__(self, other: Value | Number) -> Value:
        other = _wrap(other)
        return _node(self.data + other.data, (self, other), "+", lambda g: (g, g))

    def __sub__(self, other: Value | Number) -> Value:
        other = _wrap(other)
        return _node(self.data - other.data, (self, other), "−", lambda g: (g, -g))

    def __mul__(self, other: Value | Number) -> Value:
        other = _wrap(other)
        a, b = self.data, other.data
        return _node(a * b, (self, other), "×", lambda g: (g * b, g * a))

    def __truediv__(self, other: Value | Number) -> Value:
        other = _wrap(other)
        a, b = self.data, other.data
        if b == 0:
            raise ZeroDivisionError(f"division by zero: the divisor {other!r} is 0")
        return _node(a / b, (self, other), "/", lambda g: (g / b, -g * a / (b * b)))

    def __pow__(self, k: Number) -> Value:
        if isinstance(k, bool) or not isinstance(k, Real):
            raise TypeError(f"exponent must be an int or float, got {type(k).__name__} "
                            "(for a Value exponent k use (k * x.log()).exp())")
        k, x = _check_number(k, "exponent"), self.data
        if x == 0 and k < 0 or x < 0 and not k.is_integer():
            raise ValueError(f"{self!r} cannot be raised to the power {k:g}")
        return _node(x**k, (self,), f"**{k:g}", lambda g: (g * k * x ** (k - 1) if k else 0.0,))

    def __radd__(self, other: Number) -> Value:
        return _wrap(other) + self

    def __rsub__(self, other: Number) -> Value:
        return _wrap(other) - self

    def __rmul__(self, other: Number) -> Value:
        return _wrap(other) * self

    def __rtruediv__(self, other: Number) -> Value:
        return _wrap(other) / self

    # -- unary operations ----------------------------------------------------
    def __neg__(self) -> Value:
        return _node(-self.data, (self,), "neg", lambda g: (-g,))

    def exp(self) -> Value:
        """:math:`e^x`, with derivative :math:`e^x`."""
        try:
            e = math.exp(self.data)
        except OverflowError:
            raise OverflowError(f"exp overflows for {self!r} (data must be < 709.79)") from None
        return _node(e, (self,), "exp", lambda g: (g * e,))

    def log(self) -> Value:
        """Natural logarithm :math:`\\ln x` (needs ``data > 0``), derivative :math:`1/x`."""
        x = self.data
        if x <= 0:
            raise ValueError(f"log needs data > 0, got {self!r}")
        return _node(math.log(x), (self,), "log", lambda g: (g / x,))

    def sigmoid(self) -> Value:
        """Logistic :math:`\\sigma(x)`, derivative :math:`\\sigma(1-\\sigma)`; no overflow."""
        s = float(_sigmoid(self.data))
        return _node(s, (self,), "sigmoid", lambda g: (g * s * (1.0 - s),))

    def relu(self) -> Value:
        """:math:`\\max(0, x)`, derivative 1 if ``x > 0`` else 0."""
        x = self.data
        return _node(max(x, 0.0), (self,), "relu", lambda g: (g if x > 0 else 0.0,))

    def tanh(self) -> Value:
        """:math:`\\tanh x`, derivative :math:`1 - \\tanh^2 x`."""
        t = math.tanh(self.data)
        return _node(t, (self,), "tanh", lambda g: (g * (1.0 - t * t),))

    # -- reverse mode ----------------------------------------------------------
    def backward(self) -> None:
        """Set ``v.grad`` to :math:`\\partial\\,\\text{self}/\\partial v` for every node ``v``.

        The grads of all the nodes reachable from ``self`` are first reset to
        zero, so calling ``backward`` twice gives the same grads (they do not
        accumulate across calls as in PyTorch). Within one call, a node used
        by several operations receives the sum of their contributions.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # every node after all of its consumers
            for parent, contribution in zip(node.parents, node._backward(node.grad), strict=True):
                parent.grad += contribution


def _wrap(x) -> Value:
    """Return ``x`` as a Value: a plain number becomes a new leaf."""
    if isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, Real):
        raise TypeError(f"other operand must be a Value, int or float, got {type(x).__name__}")
    return Value(x)


def _node(data: float, parents: tuple[Value, ...], op: str, backward: _Backward) -> Value:
    """Create the result of operation ``op``, checking that it is finite."""
    if not math.isfinite(data):
        inputs = ", ".join(repr(p) for p in parents)
        raise OverflowError(f"{op!r} gave the non-finite value {data!r} from {inputs}")
    out = Value(data)
    out.op, out.parents, out._backward = op, parents, backward
    return out


def topological_order(root: Value) -> list[Value]:
    """Return the nodes that ``root`` depends on, inputs first and ``root`` last.

    Iterative depth-first search, so deep graphs do not hit the recursion limit.
    """
    if not isinstance(root, Value):
        raise TypeError(f"root must be a Value, got {type(root).__name__}")
    order: list[Value] = []
    seen: set[int] = set()  # ids of the nodes already expanded
    stack: list[tuple[Value, bool]] = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents if id(p) not in seen)
    return order


def numerical_gradient(
    f: Callable[..., Value | Number], values: Mapping[str, Number], eps: float = 1e-6
) -> dict[str, float]:
    """Estimate :math:`\\partial f/\\partial v` for each input by central differences
    (:func:`mlp_lib.gradcheck.central_difference`).

    ``f`` is called as ``f(**inputs)`` with each input a leaf :class:`Value`,
    so the same function that builds the graph for :meth:`Value.backward`
    can be checked; it may return a Value or a plain number.

    Returns
    -------
    dict of str to float
        :math:`(f(v+\\varepsilon) - f(v-\\varepsilon)) / 2\\varepsilon` for each name.
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    if not isinstance(values, Mapping):
        raise TypeError(f"values must be a dict of name -> number, got {type(values).__name__}")
    names = list(values)
    point = np.array([_check_number(values[k], f"values[{k!r}]") for k in names])

    def f_at_point() -> float:  # f of the leaves at the values in `point`
        out = f(**{k: Value(float(v), k) for k, v in zip(names, point, strict=True)})
        return out.data if isinstance(out, Value) else float(out)

    return dict(zip(names, central_difference(f_at_point, point, eps).tolist(), strict=True))
