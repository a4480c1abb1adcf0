"""mlp_lib: the numpy library of the book *Redes neuronales desde cero*.

One idea per module:

- :mod:`~mlp_lib.activations` — the activation functions and their derivatives;
- :mod:`~mlp_lib.losses` — cost functions and their gradients;
- :mod:`~mlp_lib.perceptron` — the perceptron and its learning rule;
- :mod:`~mlp_lib.linear` — linear and logistic regression by gradient descent;
- :mod:`~mlp_lib.graph` — a scalar computational graph with reverse-mode autodiff;
- :mod:`~mlp_lib.gradcheck` — gradients by finite differences, to check the others;
- :mod:`~mlp_lib.mlp` — the multilayer perceptron and backpropagation;
- :mod:`~mlp_lib.rbf` — radial basis function networks;
- :mod:`~mlp_lib.datasets` — logic gates, 2-D toy sets, the slides' data, banknotes;
- :mod:`~mlp_lib.plotting` — figures of data, decision regions, networks and graphs;
- :mod:`~mlp_lib.exercises` — coding exercises that check themselves;
- :mod:`~mlp_lib.book` — what the book's pages need: style, tables, animations, widgets.

The last three are imported on use (``from mlp_lib import plotting``), so that
``import mlp_lib`` loads neither matplotlib's pyplot nor IPython.
"""

import importlib

from . import activations, datasets, gradcheck, graph, linear, losses, mlp, perceptron, rbf
from .linear import LinearRegressionGD, LogisticRegressionGD, least_squares
from .mlp import MLP, History
from .perceptron import Perceptron, boundary_line
from .rbf import RBFNetwork

__version__ = "0.1.0"

__all__ = [
    "MLP",
    "History",
    "LinearRegressionGD",
    "LogisticRegressionGD",
    "Perceptron",
    "RBFNetwork",
    "activations",
    "boundary_line",
    "datasets",
    "gradcheck",
    "graph",
    "least_squares",
    "linear",
    "losses",
    "mlp",
    "perceptron",
    "rbf",
]

_ON_USE = ("book", "exercises", "plotting")


def __getattr__(name: str):
    """``mlp_lib.plotting`` (and ``book``, ``exercises``) imported the first time it is used."""
    if name in _ON_USE:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
