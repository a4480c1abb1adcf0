"""Splitting a training set into the batches of one epoch."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def n_updates_per_epoch(m: int, batch_size: int | None) -> int:
    """Number of weight updates in one epoch over ``m`` examples.

    ``batch_size=None`` is the batch mode (1 update), ``1`` is SGD (``m``
    updates) and ``k`` is mini-batch (``ceil(m / k)`` updates: 100 examples in
    mini-batches of 20 give 5 updates, as in the IPN deck).
    """
    return 1 if batch_size is None else -(-m // min(batch_size, m))


def iter_batches(
    X: np.ndarray, y: np.ndarray, batch_size: int | None, rng: np.random.Generator | None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield the ``(X_batch, y_batch)`` pairs of one epoch.

    The rows are shuffled with ``rng`` when one is given (one permutation per
    epoch), otherwise kept in order. The data are reordered once per epoch and
    each batch is a slice of the result: with small batches, one gather per
    epoch costs far less than one per batch.
    """
    m = len(X)
    if rng is not None:
        order = rng.permutation(m)
        X, y = X[order], y[order]
    size = m if batch_size is None else min(batch_size, m)
    for start in range(0, m, size):
        yield X[start:start + size], y[start:start + size]
