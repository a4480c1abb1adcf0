"""mlp_lib: the numpy library of the book *Redes neuronales desde cero*.

One idea per module:

- :mod:`~mlp_lib.activations` — the activation functions and their derivatives;
- :mod:`~mlp_lib.losses` — cost functions and their gradients;
- :mod:`~mlp_lib.perceptron` — the perceptron and its learning rule;
- :mod:`~mlp_lib.linear` — linear and logistic regression by gradient descent;
- :mod:`~mlp_lib.graph` — a scalar computational graph with reverse-mode autodiff;
- :mod:`~mlp_lib.mlp` — the multilayer perceptron and backpropagation;
- :mod:`~mlp_lib.rbf` — radial basis function networks;
- :mod:`~mlp_lib.datasets` — logic gates, 2-D toy sets, the slides' data, banknotes;
- :mod:`~mlp_lib.plotting`, :mod:`~mlp_lib.widgets`, :mod:`~mlp_lib.tables` — figures,
  interactive panels and tables for the chapters;
- :mod:`~mlp_lib.exercises` — coding exercises that check themselves (imported on use:
  ``from mlp_lib import exercises``).
"""

from . import activations, datasets, graph, linear, losses, mlp, perceptron, plotting, rbf, tables
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
    "graph",
    "least_squares",
    "linear",
    "losses",
    "mlp",
    "perceptron",
    "plotting",
    "rbf",
    "tables",
]
