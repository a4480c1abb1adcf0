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
    m: int, batch_size: int | None, rng: np.random.Generator | None
) -> Iterator[np.ndarray]:
    """Yield the index arrays of the batches of one epoch.

    The order is shuffled with ``rng`` when one is given, otherwise kept.
    """
    order = rng.permutation(m) if rng is not None else np.arange(m)
    size = m if batch_size is None else min(batch_size, m)
    for start in range(0, m, size):
        yield order[start:start + size]
