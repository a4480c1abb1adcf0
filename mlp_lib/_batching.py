"""Splitting a training set into the batches of one epoch."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


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
