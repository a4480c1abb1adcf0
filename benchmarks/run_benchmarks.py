"""Time per epoch of mlp_lib's MLP against scikit-learn and PyTorch (CPU), side by side.

Usage::

    python benchmarks/run_benchmarks.py            # full table (a few minutes)
    python benchmarks/run_benchmarks.py --quick    # fewer cases and repeats

Every library trains the same architecture (one hidden layer, softmax cross-entropy),
with plain SGD (no momentum, no weight decay), the same learning rate, batch size and
data. The table reports the median time per epoch, the ratios mlp_lib / scikit-learn and
mlp_lib / PyTorch, the test accuracy after the timed epochs, and the achieved GFLOP/s of
mlp_lib against the GFLOP/s of numpy's own matrix product on this machine (the roofline).
PyTorch is optional: install it yourself to include it (it is not a dependency).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import warnings
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from mlp_lib import MLP

try:  # optional
    import torch
except ImportError:  # pragma: no cover - depends on the machine
    torch = None


@dataclass
class Case:
    data: str
    activation: str
    batch_size: int
    dtype: type


def load(data: str, dtype) -> tuple[np.ndarray, ...]:
    """Training and test sets: the bundled digits, or synthetic data of MNIST's shape."""
    if data == "digits":
        X, y = load_digits(return_X_y=True)
        X = X / 16.0
    else:  # 784 inputs, 10 classes given by a random linear teacher
        rng = np.random.default_rng(0)
        X = rng.standard_normal((12_000, 784))
        y = np.argmax(X @ rng.standard_normal((784, 10)), axis=1)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.2, random_state=0, stratify=y)
    return X_tr.astype(dtype), X_te.astype(dtype), y_tr, y_te


def hidden_size(data: str) -> int:
    return 128 if data == "digits" else 256


def time_epochs(run_epoch, repeats: int) -> float:
    """Median wall time of ``repeats`` calls of ``run_epoch`` after one warm-up call."""
    run_epoch()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run_epoch()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_mlp_lib(case: Case, X, y, X_te, y_te, lr: float, repeats: int):
    n, h, q = X.shape[1], hidden_size(case.data), 10
    net = MLP((n, h, q), case.activation, "linear", "softmax_cross_entropy",
              init="he" if case.activation == "relu" else "xavier", seed=0, dtype=case.dtype)
    t = time_epochs(lambda: net.fit(X, y, lr=lr, epochs=1, batch_size=case.batch_size,
                                    track_loss=False), repeats)
    return t, net.score(X_te, y_te)


def bench_sklearn(case: Case, X, y, X_te, y_te, lr: float, repeats: int):
    clf = MLPClassifier(hidden_layer_sizes=(hidden_size(case.data),),
                        activation="logistic" if case.activation == "sigmoid" else "relu",
                        solver="sgd", learning_rate_init=lr, batch_size=case.batch_size,
                        momentum=0.0, nesterovs_momentum=False, alpha=0.0, max_iter=1,
                        shuffle=True, random_state=0, warm_start=True)

    def epoch():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)

    t = time_epochs(epoch, repeats)
    return t, clf.score(X_te, y_te)


def bench_torch(case: Case, X, y, X_te, y_te, lr: float, repeats: int):
    torch.manual_seed(0)
    tdtype = torch.float32 if case.dtype == np.float32 else torch.float64
    act = torch.nn.Sigmoid() if case.activation == "sigmoid" else torch.nn.ReLU()
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], hidden_size(case.data)), act,
                                torch.nn.Linear(hidden_size(case.data), 10)).to(tdtype)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(np.asarray(y, dtype=np.int64))

    def epoch():
        order = torch.randperm(len(Xt))
        for start in range(0, len(Xt), case.batch_size):
            idx = order[start:start + case.batch_size]
            opt.zero_grad()
            loss_fn(model(Xt[idx]), yt[idx]).backward()
            opt.step()

    t = time_epochs(epoch, repeats)
    with torch.no_grad():
        acc = (model(torch.from_numpy(X_te)).argmax(1).numpy() == y_te).mean()
    return t, float(acc)


def matmul_gflops(dtype, size: int = 2048, repeats: int = 7) -> float:
    """Best GFLOP/s of numpy's matrix product on square matrices (the machine's roofline)."""
    a = np.random.default_rng(0).standard_normal((size, size)).astype(dtype)
    a @ a
    best = min(_timed(lambda: a @ a) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def epoch_flops(m: int, n: int, h: int, q: int) -> float:
    """Floating-point operations of the matrix products of one epoch.

    Forward ``XW1`` and ``HW2``; backward ``dW2``, ``dH`` and ``dW1`` (the input layer
    needs no ``dX``): ``2m(2nh + 3hq)``.
    """
    return 2 * m * (2 * n * h + 3 * h * q)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases and repeats")
    args = parser.parse_args()
    repeats = 3 if args.quick else 5
    batch_sizes = (32, 256) if args.quick else (1, 32, 256)
    cases = [Case(d, a, b, t) for d in ("digits", "mnist-shape") for a in ("sigmoid", "relu")
             for b in batch_sizes for t in (np.float64, np.float32)
             if not (args.quick and (t is np.float64 or a == "sigmoid"))
             and not (b == 1 and d == "mnist-shape")]  # SGD on 9 600 images: minutes per run
    if torch is None:
        print("PyTorch is not installed: its column is skipped (pip install torch to add it).")
    else:
        torch.set_num_threads(os.cpu_count() or 1)
    roof = {t: matmul_gflops(t) for t in (np.float64, np.float32)}
    print(f"numpy matmul roofline: float64 {roof[np.float64]:.1f} GFLOP/s, "
          f"float32 {roof[np.float32]:.1f} GFLOP/s ({os.cpu_count()} cores)\n")
    head = (f"{'data':12} {'act':7} {'batch':>5} {'dtype':7} {'mlp_lib s':>9} {'sklearn s':>9} "
            f"{'torch s':>8} {'vs skl':>6} {'vs torch':>8} {'acc ours':>8} {'acc skl':>7} "
            f"{'acc torch':>9} {'GFLOP/s':>7} {'% roof':>6}")
    print(head)
    print("-" * len(head))
    for case in cases:
        X, X_te, y, y_te = load(case.data, case.dtype)
        lr = 0.1 if case.batch_size > 1 else 0.01
        ours, acc = bench_mlp_lib(case, X, y, X_te, y_te, lr, repeats)
        skl, acc_skl = bench_sklearn(case, X, y, X_te, y_te, lr, repeats)
        tor, acc_t = (bench_torch(case, X, y, X_te, y_te, lr, repeats) if torch is not None
                      else (float("nan"), float("nan")))
        gflops = epoch_flops(len(X), X.shape[1], hidden_size(case.data), 10) / ours / 1e9
        name = "float64" if case.dtype is np.float64 else "float32"
        print(f"{case.data:12} {case.activation:7} {case.batch_size:5d} {name:7} {ours:9.4f} "
              f"{skl:9.4f} {tor:8.4f} {ours / skl:6.2f} {ours / tor:8.2f} {acc:8.3f} "
              f"{acc_skl:7.3f} {acc_t:9.3f} {gflops:7.2f} {100 * gflops / roof[case.dtype]:6.1f}",
              flush=True)

if __name__ == "__main__":
    main()
