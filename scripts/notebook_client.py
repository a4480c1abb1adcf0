"""nbclient's ``NotebookClient``, with the kernel's messages awaited in short slices.

``scripts/execute_notebooks.py``, ``tests/test_knobs.py`` and ``tests/test_binder.py`` run
chapters with nbclient.
Under load (``.ci/run`` runs four test sessions side by side) about one chapter in
thirty waited the whole cell timeout, 300 s, and then went on as if nothing had happened:
the kernel was idle and its reply was already in the client's socket. nbclient awaits
each reply with one asyncio poll of pyzmq for the whole timeout; that poll is woken by
an edge-triggered file descriptor, and a missed wake-up is only noticed when the timeout
ends (pyzmq then polls once more, level-triggered, and finds the message).

Here every wait is cut into slices of ``SLICE_S`` seconds, so that a missed wake-up
costs at most one slice. Timeouts keep their meaning: a wait still ends with
``queue.Empty`` when its whole timeout has passed.
"""

from __future__ import annotations

import time
from queue import Empty

import nbclient

SLICE_S = 1.0


def _in_slices(get_msg):
    """``get_msg(timeout)`` of a channel, polling at most ``SLICE_S`` seconds at a time."""

    async def get_msg_in_slices(timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = SLICE_S if deadline is None else deadline - time.monotonic()
            try:
                return await get_msg(timeout=max(0.0, min(SLICE_S, left)))
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    return get_msg_in_slices


class NotebookClient(nbclient.NotebookClient):
    """``nbclient.NotebookClient`` whose shell and IOPub waits are cut into slices."""

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()
        for channel in (kc.shell_channel, kc.iopub_channel):
            channel.get_msg = _in_slices(channel.get_msg)
        return kc
