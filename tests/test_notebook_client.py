"""The nbclient wrapper of scripts/notebook_client.py: waits cut into slices."""

from __future__ import annotations

import asyncio
import time
from queue import Empty

import pytest

from scripts import notebook_client
from scripts.notebook_client import _in_slices


class MissedWakeUp:
    """A channel whose message is there from the start, but whose waits only notice it
    once they have polled ``misses`` times (as pyzmq notices a missed wake-up only when
    its poll times out)."""

    def __init__(self, misses: int):
        self.misses, self.calls = misses, []

    async def get_msg(self, timeout=None):
        self.calls.append(timeout)
        if len(self.calls) > self.misses:
            return {"msg": "reply"}
        await asyncio.sleep(timeout)
        raise Empty


@pytest.fixture
def short_slices(monkeypatch):
    monkeypatch.setattr(notebook_client, "SLICE_S", 0.05)


def test_a_missed_wake_up_costs_one_slice_not_the_timeout(short_slices):
    channel = MissedWakeUp(misses=1)
    start = time.monotonic()
    msg = asyncio.run(_in_slices(channel.get_msg)(timeout=300))
    assert msg == {"msg": "reply"}
    assert time.monotonic() - start < 5
    assert channel.calls == [0.05, 0.05]


def test_the_timeout_still_ends_the_wait(short_slices):
    channel = MissedWakeUp(misses=10**6)
    start = time.monotonic()
    with pytest.raises(Empty):
        asyncio.run(_in_slices(channel.get_msg)(timeout=0.2))
    assert 0.2 <= time.monotonic() - start < 5  # a hang guard, not a timing
    assert len(channel.calls) >= 2 and max(channel.calls) <= 0.05  # cut into slices


def test_no_timeout_waits_in_slices_until_the_message(short_slices):
    channel = MissedWakeUp(misses=3)
    assert asyncio.run(_in_slices(channel.get_msg)(timeout=None)) == {"msg": "reply"}
    assert channel.calls == [0.05] * 4
