"""Time per epoch of mlp_lib's MLP against scikit-learn and PyTorch (CPU), side by side.

Usage::

    python benchmarks/run_benchmarks.py             # full table (about 2 minutes)
    python benchmarks/run_benchmarks.py --quick     # fewer cases and repeats
    python benchmarks/run_benchmarks.py --no-torch  # without PyTorch, even if installed

Every library trains the same architecture (one hidden layer, softmax cross-entropy),
from the same initial weights (scikit-learn's Glorot-uniform draw, made once per case),
with plain SGD (no momentum, no weight decay), the same learning rate, batch size and
data, for the same number of epochs. The table reports the median time per epoch, the
ratios mlp_lib / scikit-learn and mlp_lib / PyTorch, the test accuracy after as many
epochs without shuffling (see :func:`bench`), and the achieved GFLOP/s of mlp_lib against
the GFLOP/s of numpy's own matrix product on this machine: on large square matrices (the
roofline) and on the same products as the network's (what numpy reaches at its shapes).
PyTorch is optional: install it yourself to include it (it is not a dependency).
"""

from __future__ import annotations

import argparse
import importlib.util
import multiprocessing
import os
import statistics
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from mlp_lib import MLP

torch = None  # optional: imported by run_torch(), in a process of its own


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


def initial_weights(case: Case, n: int, q: int = 10, seed: int = 0):
    """Weights and biases drawn as scikit-learn draws them, for every library.

    Glorot uniform on ``[-b, b]`` with ``b = sqrt(f / (fan_in + fan_out))``, ``f = 2`` for
    the logistic and 6 otherwise; biases from the same interval.
    """
    rng = np.random.default_rng(seed)
    factor = 2.0 if case.activation == "sigmoid" else 6.0
    weights, biases = [], []
    for fan_in, fan_out in ((n, hidden_size(case.data)), (hidden_size(case.data), q)):
        bound = np.sqrt(factor / (fan_in + fan_out))
        weights.append(rng.uniform(-bound, bound, (fan_in, fan_out)).astype(case.dtype))
        biases.append(rng.uniform(-bound, bound, fan_out).astype(case.dtype))
    return weights, biases


def time_epochs(epochs: list, repeats: int) -> list[tuple[float, float]]:
    """Median and best wall time per epoch of each ``run_epoch`` in ``epochs``, in turns.

    One warm-up epoch each, then ``repeats`` rounds in which every library runs one epoch:
    a slow spell of a shared machine then slows all of them alike, and their ratios hold.
    """
    for run_epoch in epochs:
        run_epoch()
    times: list[list[float]] = [[] for _ in epochs]
    for _ in range(repeats):
        for run_epoch, record in zip(epochs, times, strict=True):
            record.append(_timed(run_epoch))
    return [(statistics.median(record), min(record)) for record in times]


def mlp_lib_trainer(case: Case, X, y, lr: float, shuffle: bool):
    """``(run_epoch, score)`` of an mlp_lib network starting from the shared weights."""
    net = MLP.from_weights(*initial_weights(case, X.shape[1]), activation=case.activation,
                           output_activation="linear", loss="softmax_cross_entropy", seed=0,
                           dtype=case.dtype)

    def epoch():
        net.fit(X, y, lr=lr, epochs=1, batch_size=case.batch_size, shuffle=shuffle,
                track_loss=False)

    return epoch, net.score


def sklearn_trainer(case: Case, X, y, lr: float, shuffle: bool):
    """``(run_epoch, score)`` of scikit-learn's MLPClassifier from the shared weights."""
    clf = MLPClassifier(hidden_layer_sizes=(hidden_size(case.data),),
                        activation="logistic" if case.activation == "sigmoid" else "relu",
                        solver="sgd", learning_rate_init=lr, batch_size=case.batch_size,
                        momentum=0.0, nesterovs_momentum=False, alpha=0.0, max_iter=1,
                        shuffle=shuffle, random_state=0, warm_start=True)
    with warnings.catch_warnings():  # one update sets scikit-learn's fitted state up ...
        warnings.simplefilter("ignore")  # (a batch larger than these 10 examples: clipped)
        first = [np.flatnonzero(y == c)[0] for c in np.unique(y)]  # one example per class
        clf.partial_fit(X[first], y[first], classes=np.unique(y))
    clf.coefs_, clf.intercepts_ = initial_weights(case, X.shape[1])  # ... then reset

    def epoch():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf.fit(X, y)

    return epoch, clf.score


def torch_trainer(case: Case, X, y, lr: float, shuffle: bool):
    """``(run_epoch, score)`` of the same network in PyTorch, from the shared weights."""
    torch.manual_seed(0)
    tdtype = torch.float32 if case.dtype == np.float32 else torch.float64
    act = torch.nn.Sigmoid() if case.activation == "sigmoid" else torch.nn.ReLU()
    model = torch.nn.Sequential(torch.nn.Linear(X.shape[1], hidden_size(case.data)), act,
                                torch.nn.Linear(hidden_size(case.data), 10)).to(tdtype)
    with torch.no_grad():  # torch keeps (outputs, inputs): the transposes of ours
        for layer, W, b in zip(model[::2], *initial_weights(case, X.shape[1]), strict=True):
            layer.weight.copy_(torch.from_numpy(W.T.copy()))
            layer.bias.copy_(torch.from_numpy(b))
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(np.asarray(y, dtype=np.int64))

    def epoch():
        order = torch.randperm(len(Xt)) if shuffle else torch.arange(len(Xt))
        for start in range(0, len(Xt), case.batch_size):
            idx = order[start:start + case.batch_size]
            opt.zero_grad()
            loss_fn(model(Xt[idx]), yt[idx]).backward()
            opt.step()

    def score(X_te, y_te):
        with torch.no_grad():
            return float((model(torch.from_numpy(X_te)).argmax(1).numpy() == y_te).mean())

    return epoch, score


def bench(trainers: list, case: Case, X, y, X_te, y_te, repeats: int,
          references: tuple = ()) -> tuple[list[tuple[float, float, float]], list[float]]:
    """For each trainer: the median and the best time per epoch (shuffled, as one trains),
    and the test accuracy of a second run without shuffling, after as many epochs
    (1 + ``repeats``). The ``references`` (numpy's products alone) are timed in the same
    rounds; their best times come second.

    Without shuffling, the three libraries make the same updates in the same order from
    the same weights, so their accuracies differ only by rounding: the check that they
    train the same network. (With shuffling, a few epochs of SGD land on accuracies
    several points apart for any library, from the order of the examples alone.)
    """
    lr = learning_rate(case)
    epochs = [trainer(case, X, y, lr, shuffle=True)[0] for trainer in trainers]
    seconds = time_epochs(epochs + list(references), repeats)
    accuracies = []
    for trainer in trainers:
        epoch, score = trainer(case, X, y, lr, shuffle=False)
        for _ in range(1 + repeats):
            epoch()
        accuracies.append(score(X_te, y_te))
    n = len(trainers)
    return ([(median, best, acc) for (median, best), acc in zip(seconds[:n], accuracies,
                                                                 strict=True)],
            [best for _, best in seconds[n:]])


ROOF_SIZE = 2048


def square_product(dtype):
    """numpy's product of two square matrices: the roofline of this machine."""
    a = np.random.default_rng(0).standard_normal((ROOF_SIZE, ROOF_SIZE)).astype(dtype)
    return lambda: a @ a


def matmul_gflops(dtype, repeats: int = 7) -> float:
    """Best GFLOP/s of numpy's matrix product on square matrices (the machine's roofline)."""
    product = square_product(dtype)
    product()
    return 2 * ROOF_SIZE**3 / min(_timed(product) for _ in range(repeats)) / 1e9


def epoch_products(case: Case, m: int, n: int, q: int = 10):
    """numpy's matrix products of one epoch alone, at this case's shapes (no network).

    The ceiling for a network of this size: with 64 inputs and 10 outputs the products
    are small and numpy itself stays far below the square-matrix roofline.
    """
    rng = np.random.default_rng(0)
    b, h = case.batch_size, hidden_size(case.data)
    X, H, W1, W2, D1, D2 = (rng.standard_normal(shape).astype(case.dtype) for shape in
                            ((b, n), (b, h), (n, h), (h, q), (b, h), (b, q)))

    def products():
        for _ in range(-(-m // b)):  # the batches of one epoch
            X @ W1, H @ W2, H.T @ D2, D2 @ W2.T, X.T @ D1

    return products


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


def learning_rate(case: Case) -> float:
    return 0.1 if case.batch_size > 1 else 0.01


def run_torch(cases: list[Case], repeats: int) -> list[tuple[float, float]]:
    """Time every case with PyTorch; meant to run in a process of its own.

    PyTorch's OpenMP threads and numpy's OpenBLAS threads both spin for a while after
    their work, waiting for more. In one process they take each other's cores and slow
    each other down (twice as slow here), so PyTorch runs in a child process first.
    """
    global torch
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    results = []
    for case in cases:
        X, X_te, y, y_te = load(case.data, case.dtype)
        results += [(median, acc) for median, _, acc in
                    bench([torch_trainer], case, X, y, X_te, y_te, repeats)[0]]
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer cases and repeats")
    parser.add_argument("--no-torch", action="store_true",
                        help="leave PyTorch out even when it is installed")
    args = parser.parse_args()
    repeats = 3 if args.quick else 7
    batch_sizes = (32, 256) if args.quick else (1, 32, 256)
    cases = [Case(d, a, b, t) for d in ("digits", "mnist-shape") for a in ("sigmoid", "relu")
             for b in batch_sizes for t in (np.float64, np.float32)
             if not (args.quick and (t is np.float64 or a == "sigmoid"))
             and not (b == 1 and d == "mnist-shape")]  # SGD on 9 600 images: minutes per run
    nan = (float("nan"), float("nan"))
    if args.no_torch or importlib.util.find_spec("torch") is None:
        print("PyTorch is " + ("left out" if args.no_torch else "not installed")
              + ": its column is skipped (pip install torch to add it).")
        torch_results = [nan] * len(cases)
    else:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            torch_results = pool.submit(run_torch, cases, repeats).result()
    roof = {t: matmul_gflops(t) for t in (np.float64, np.float32)}
    print(f"numpy matmul roofline: float64 {roof[np.float64]:.1f} GFLOP/s, "
          f"float32 {roof[np.float32]:.1f} GFLOP/s ({os.cpu_count()} cores)")
    print("GFLOP/s, % roof, % numpy: mlp_lib's best epoch against numpy's best square product\n"
          "and best run of the epoch's products alone, timed in turns with the epochs of each\n"
          "case (on a shared machine, noise only ever adds time)\n")
    head = (f"{'data':12} {'act':7} {'batch':>5} {'dtype':7} {'mlp_lib s':>9} {'sklearn s':>9} "
            f"{'torch s':>8} {'vs skl':>6} {'vs torch':>8} {'acc ours':>8} {'acc skl':>7} "
            f"{'acc torch':>9} {'GFLOP/s':>7} {'% roof':>6} {'% numpy':>7}")
    print(head)
    print("-" * len(head))
    for case, (tor, acc_t) in zip(cases, torch_results, strict=True):
        X, X_te, y, y_te = load(case.data, case.dtype)
        refs = (square_product(case.dtype), epoch_products(case, len(X), X.shape[1]))
        ((ours, ours_best, acc), (skl, _, acc_skl)), (t_square, t_products) = bench(
            [mlp_lib_trainer, sklearn_trainer], case, X, y, X_te, y_te, repeats, refs)
        flops = epoch_flops(len(X), X.shape[1], hidden_size(case.data), 10)
        gflops, roof_now = flops / ours_best / 1e9, 2 * ROOF_SIZE**3 / t_square / 1e9
        name = "float64" if case.dtype is np.float64 else "float32"
        print(f"{case.data:12} {case.activation:7} {case.batch_size:5d} {name:7} {ours:9.4f} "
              f"{skl:9.4f} {tor:8.4f} {ours / skl:6.2f} {ours / tor:8.2f} {acc:8.3f} "
              f"{acc_skl:7.3f} {acc_t:9.3f} {gflops:7.2f} {100 * gflops / roof_now:6.1f} "
              f"{100 * t_products / ours_best:7.1f}",
              flush=True)


if __name__ == "__main__":
    main()
