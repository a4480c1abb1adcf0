"""Input checks shared by every module.

Each function raises a ``TypeError`` or ``ValueError`` whose message names the
argument, what was expected and what was received, so that a student who
passes a wrong shape learns what to fix instead of meeting a silent NaN.
"""

from __future__ import annotations

from collections.abc import Mapping
from numbers import Integral, Real
from typing import TypeVar

import numpy as np

T = TypeVar("T")


def check_array(
    value,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    min_rows: int = 1,
    allow_nonfinite: bool = False,
    dtype: type = np.float64,
) -> np.ndarray:
    """Return ``value`` as a float array after checking type, shape and values.

    Parameters
    ----------
    value : array_like
        The input to check.
    name : str
        Argument name used in the error messages.
    ndim : int or tuple of int, optional
        Accepted numbers of dimensions.
    min_rows : int, default 1
        Minimum length of the first axis (0 allows empty arrays).
    allow_nonfinite : bool, default False
        Whether NaN and infinity are accepted.
    dtype : numpy float type, default float64
        Type of the result (``float32`` for a network that computes in float32).

    Returns
    -------
    numpy.ndarray
        An array of type ``dtype`` (``value`` itself when it already is one).
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of numbers, got {type(value).__name__}") from exc
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            want = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(f"{name} must be {want}, got an array of shape {arr.shape}")
    if arr.ndim > 0 and arr.shape[0] < min_rows:
        raise ValueError(
            f"{name} must have at least {min_rows} row(s), got an array of shape {arr.shape}"
        )
    if not allow_nonfinite and not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(f"{name} must contain only finite numbers, found {bad} NaN/inf value(s)")
    return arr


def check_X(X, name: str = "X", n_features: int | None = None,
            dtype: type = np.float64) -> np.ndarray:
    """Check a design matrix of shape ``(m, n)``; a 1-D array is one feature."""
    arr = check_array(X, name, ndim=(1, 2), dtype=dtype)
    received = arr.shape  # reported as given, before a 1-D array becomes a column
    if arr.ndim == 1:
        arr = arr[:, None]
    if n_features is not None and arr.shape[1] != n_features:
        hint = ""
        if len(received) == 1 and n_features > 1:
            hint = (f" (a 1-D array is read as one column; write one example as a row of "
                    f"shape (1, {n_features}), e.g. [[...]] or x.reshape(1, -1))")
        raise ValueError(
            f"{name} must have {n_features} column(s) (one per input), "
            f"got an array of shape {received}{hint}"
        )
    return arr


def check_same_rows(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Check that two arrays describe the same number of examples."""
    if a.shape[0] != b.shape[0]:
        raise ValueError(
            f"{name_a} and {name_b} must have the same number of rows, "
            f"got {a.shape[0]} and {b.shape[0]}"
        )


def check_positive(value, name: str) -> float:
    """Return ``value`` as a float after checking that it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    return float(value)


def check_positive_int(value, name: str, *, allow_none: bool = False) -> int | None:
    """Return ``value`` after checking that it is an integer >= 1 (or None if allowed)."""
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a positive integer, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_at_least_two(value, name: str) -> int:
    """Return ``value`` after checking that it is an integer >= 2."""
    value = check_positive_int(value, name)
    if value < 2:
        raise ValueError(f"{name} must be at least 2, got {value}")
    return value


def check_choice(value, name: str, choices) -> str:
    """Check that ``value`` is one of the strings in ``choices``."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")
    if value not in choices:
        valid = ", ".join(repr(c) for c in choices)
        raise ValueError(f"unknown {name} {value!r}; valid values are: {valid}")
    return value


def from_registry(name, kind: str, registry: Mapping[str, T], aliases: Mapping[str, str],
                  cls: type[T]) -> T:
    """The entry of ``registry`` called ``name`` or one of its ``aliases``; ``name`` itself
    if it is already a ``cls``. ``kind`` ("activation", "loss") names it in errors."""
    if isinstance(name, cls):
        return name
    key = aliases.get(name, name) if isinstance(name, str) else name
    return registry[check_choice(key, kind, (*registry, *aliases))]


def as_generator(seed) -> np.random.Generator:
    """Turn ``seed`` (None, int >= 0 or Generator) into a ``numpy.random.Generator``."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None:
        return np.random.default_rng()
    if isinstance(seed, bool) or not isinstance(seed, Integral):
        raise TypeError("seed must be None, an int >= 0 or a numpy.random.Generator, "
                        f"got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be an int >= 0, got {seed}")
    return np.random.default_rng(int(seed))


def check_callable(value, name: str, call: str) -> None:
    """Check that ``value`` can be called; ``call`` shows how, e.g. ``"f(x)"``."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, as {call}, got {type(value).__name__}")


def check_labels(y, name: str, n: int | None = None, hint: str = "") -> np.ndarray:
    """Return class labels (integers >= 0, shape ``(n,)`` or ``(n, 1)``) as a 1-D int array.

    A float array is accepted when its values are whole numbers (``1.0``); any other
    value raises, instead of being truncated to an int. ``hint`` ends the message.
    """
    arr = check_array(y, name, ndim=(1, 2))
    if arr.ndim == 2 and arr.shape[1] != 1:
        raise ValueError(f"{name} must be one class label per point, got an array of shape "
                         f"{arr.shape}{hint}")
    arr = arr.ravel()
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name} must have one entry per point ({n}), got {arr.shape[0]}")
    bad = (arr < 0) | (arr != np.round(arr))
    if np.any(bad):
        raise ValueError(f"{name} must be class labels (non-negative integers), "
                         f"got values such as {arr[bad][0]:g}{hint}")
    return arr.astype(int)


def check_layer_weights(weights) -> list[np.ndarray]:
    """Check a list of weight matrices (rows = inputs) whose shapes chain layer to layer."""
    if isinstance(weights, np.ndarray) and weights.ndim == 2:
        raise TypeError("weights must be a list of matrices (one per layer), got one matrix: "
                        "write [W]")
    Ws = [check_array(W, f"weights[{i}]", ndim=2) for i, W in enumerate(weights)]
    if not Ws:
        raise ValueError("weights must hold at least one matrix, got none")
    for i in range(1, len(Ws)):
        if Ws[i].shape[0] != Ws[i - 1].shape[1]:
            raise ValueError(
                f"weights[{i}] must have {Ws[i - 1].shape[1]} rows (the outputs of "
                f"weights[{i - 1}]), got shape {Ws[i].shape}"
            )
    return Ws


def check_not_diverged(values, epoch: int, lr: float, what: str = "the weights") -> None:
    """Stop training with a clear error once one of ``values`` is no longer finite."""
    if all(np.isfinite(v).all() for v in values):
        return
    raise FloatingPointError(
        f"training diverged in epoch {epoch + 1}: {what} overflowed to inf/NaN. "
        f"Lower the learning rate (lr={lr:g}) or scale the inputs.")
