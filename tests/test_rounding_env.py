"""The second rounding environment really rounds differently.

``.ci/run`` runs nbval over every chapter a second time with OpenBLAS forced to
another kernel (``OPENBLAS_CORETYPE=Prescott``, README: "Heavier checks"), which
plays another reader's CPU: every printed number must still match the stored
outputs. That pass proves something only if the other kernel changes the last
bits of the computations. This test shows that it does: the same network,
trained in two child processes, one per kernel, ends with weights whose SHA-256
differ, while what a chapter would print about it (its accuracy) is the same.
The two hashes are listed at the end of the test report.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

OTHER_KERNEL = "Prescott"  # the same value as in .ci/run

TRAIN = """
import hashlib, json
import threadpoolctl
from mlp_lib import MLP, datasets
X, y = datasets.make_toy("spiral", 300, noise=0.1, seed=0)
net = MLP((2, 16, 16, 3), "tanh", "linear", "softmax_cross_entropy", seed=0)
net.fit(X, y, lr=0.1, epochs=50, batch_size=32)
weights = b"".join(p.tobytes() for p in net.weights + net.biases)
print(json.dumps({
    "kernel": threadpoolctl.threadpool_info()[0].get("architecture"),
    "sha256": hashlib.sha256(weights).hexdigest(),
    "accuracy": f"{net.score(X, y):.3f}",
}))
"""

RESULTS: list[dict] = []  # read by tests/conftest.py for the report


def _train(coretype: str | None) -> dict:
    env = dict(os.environ)
    if coretype is not None:
        env["OPENBLAS_CORETYPE"] = coretype
    out = subprocess.run([sys.executable, "-c", TRAIN], env=env, capture_output=True,
                         text=True, check=True, timeout=120)
    return json.loads(out.stdout)


def test_other_kernel_changes_the_last_bits_not_the_printed_result():
    here, other = _train(None), _train(OTHER_KERNEL)
    RESULTS[:] = [dict(here, env="this environment"),
                  dict(other, env=f"OPENBLAS_CORETYPE={OTHER_KERNEL}")]
    assert here["kernel"] != other["kernel"], (
        f"OPENBLAS_CORETYPE={OTHER_KERNEL} picks the kernel this machine already uses "
        f"({here['kernel']}): choose another one in .ci/run and here")
    assert here["sha256"] != other["sha256"], "the two kernels gave the same bits"
    assert here["accuracy"] == other["accuracy"]
