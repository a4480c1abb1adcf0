"""Data sets of the book: logic gates, 2-D toy sets, the slide's regression data, banknotes.

>>> X, y = logic_gate("xor")
>>> y.tolist()
[0, 1, 1, 0]
"""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Sequence
from numbers import Integral, Real
from pathlib import Path

import numpy as np
import pooch

from ._validation import as_generator, check_choice, check_positive_int

_GATES = {
    "or": (0, 1, 1, 1),
    "and": (0, 0, 0, 1),
    "nand": (1, 1, 1, 0),
    "nor": (1, 0, 0, 0),
    "xor": (0, 1, 1, 0),
    "xnor": (1, 0, 0, 1),
}
#: Names accepted by :func:`logic_gate`.
GATES: tuple[str, ...] = tuple(_GATES)
#: Names accepted by :func:`make_toy`.
TOYS: tuple[str, ...] = ("circle", "xor", "gaussians", "spiral", "moons")

#: Feature columns of the banknote data, in file order (the fifth column is ``class``).
BANKNOTE_FEATURES: tuple[str, ...] = ("variance", "skewness", "curtosis", "entropy")
#: The original UCI file, downloaded on first use.
BANKNOTE_URL = (
    "https://archive.ics.uci.edu/ml/machine-learning-databases/00267/"
    "data_banknote_authentication.txt"
)
#: File names looked for in a data folder (with a header row, and the original without).
BANKNOTE_FILES: tuple[str, ...] = (
    "banknote_authentication.csv", "data_banknote_authentication.txt")
#: SHA-256 of the original UCI file, which pooch checks after the download. The file has
#: 46,400 bytes, no header row and CRLF line ends (none after the last row); it is the shared
#: copy with a header row, once the header is removed and the line ends are CRLF.
BANKNOTE_SHA256 = "d0539aaed2139ba7a587b3e34fb345ce503ff7d5d33dbf9912d8e195ce425cb9"
#: SHA-256 of the values themselves, the (1372, 5) array as little-endian float64 bytes.
#: It is checked for every file read, whatever its header, line ends or byte-order mark.
BANKNOTE_VALUES_SHA256 = "87d26d560b7ebb9c7327612d1f66962b8e7d08e34c2ac91f85d507974cecae26"
#: Environment variable naming a data folder.
DATA_ENV = "MLP_LIB_DATA"
_BANKNOTE_ROWS = 1372
_BANKNOTE_HEADER = (*BANKNOTE_FEATURES, "class")


def _lower_choice(name, what: str, choices: tuple[str, ...]) -> str:
    return check_choice(name.lower() if isinstance(name, str) else name, what, choices)


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Truth table of a two-input logic gate.

    ``name`` is one of :data:`GATES` (or, and, nand, nor, xor, xnor), case-insensitive.
    Returns ``X``, the float inputs ``[[0, 0], [0, 1], [1, 0], [1, 1]]`` in that order,
    and ``y``, the int outputs (4,).
    """
    key = _lower_choice(name, "gate", GATES)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return X, np.array(_GATES[key], dtype=int)


def _class_sizes(n: int, n_classes: int) -> np.ndarray:
    return n // n_classes + (np.arange(n_classes) < n % n_classes)


def _circle(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n_in, n_out = _class_sizes(n, 2)
    r = np.concatenate([rng.uniform(0.0, 0.5, n_in), rng.uniform(0.7, 1.0, n_out)])
    t = rng.uniform(0.0, 2 * np.pi, n)
    return r[:, None] * np.column_stack([np.cos(t), np.sin(t)]), np.repeat([1, 0], [n_in, n_out])


def _xor(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    X = rng.uniform(-1.0, 1.0, (n, 2))
    return X, (X[:, 0] * X[:, 1] < 0).astype(int)


def _gaussians(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    sizes = _class_sizes(n, 2)
    centres = np.repeat([[-1.0, -1.0], [1.0, 1.0]], sizes, axis=0)
    return centres + 0.5 * rng.standard_normal((n, 2)), np.repeat([0, 1], sizes)


def _spiral(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    sizes = _class_sizes(n, 3)
    r = np.concatenate([np.linspace(0.05, 1.0, s) for s in sizes])
    y = np.repeat([0, 1, 2], sizes)
    t = 2 * np.pi * y / 3 + 4.0 * r  # each arm turns 4 rad, the arms 120 degrees apart
    return r[:, None] * np.column_stack([np.sin(t), np.cos(t)]), y


def _moons(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import make_moons  # imported here: scikit-learn is slow to load

    return make_moons(n, shuffle=False, noise=None)


_TOY_MAKERS = {"circle": _circle, "xor": _xor, "gaussians": _gaussians, "spiral": _spiral,
               "moons": _moons}


def make_toy(name: str, n_samples: int = 200, noise: float = 0.1,
             seed=None) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D classification toy set for the playground.

    ``"circle"``: label 1 = inner disc (radius < 0.5), 0 = ring (0.7 to 1).
    ``"xor"``: uniform in [-1, 1]², label 1 where the signs of x1 and x2 differ
    (``x1 * x2 < 0``), the XOR of the bits ``x1 > 0`` and ``x2 > 0``.
    ``"gaussians"``: blobs of standard deviation 0.5 around (-1, -1) (label 0) and (1, 1) (label 1).
    ``"spiral"``: three interleaved arms, labels 0, 1, 2.
    ``"moons"``: scikit-learn's two half moons.

    Labels are computed on the clean points; then Gaussian jitter of standard
    deviation ``noise`` is added to both coordinates and the rows are shuffled.
    Classes are as balanced as ``n_samples`` allows (except ``"xor"``, uniform).
    Returns ``X`` float64 ``(n_samples, 2)`` and ``y`` int ``(n_samples,)``.
    """
    key = _lower_choice(name, "toy data set", TOYS)
    n = check_positive_int(n_samples, "n_samples")
    if isinstance(noise, bool) or not isinstance(noise, Real):
        raise TypeError(f"noise must be a number >= 0, got {type(noise).__name__}")
    if not np.isfinite(noise) or noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    n_classes = 3 if key == "spiral" else 2
    if n < n_classes:
        raise ValueError(f"n_samples must be at least {n_classes} for {key!r}, got {n}")
    rng = as_generator(seed)
    X, y = _TOY_MAKERS[key](n, rng)
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(n)
    return X[order].astype(np.float64), y[order].astype(int)


def regression_data(n_samples: int = 100, seed: int | None = 0) -> tuple[np.ndarray, np.ndarray]:
    """The TensorFlow regression data of the IPN deck, number for number.

    The slide runs ``np.random.seed(0)``,
    ``x = np.random.normal(1, 0.1, 100).astype(np.float32)`` and
    ``y = (x * (np.random.normal(1, 0.05, 100) - 0.5)).astype(np.float32)``.
    The same legacy generator is used here, through its own ``RandomState``
    (no global state), so the two float32 arrays ``x, y`` are identical.
    """
    n = check_positive_int(n_samples, "n_samples")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
        raise TypeError(f"seed must be None or an int, got {type(seed).__name__}")
    if seed is not None and not 0 <= seed < 2**32:
        raise ValueError(f"seed must be between 0 and 2**32 - 1, got {seed}")
    rs = np.random.RandomState(seed)
    x = rs.normal(1, 0.1, n).astype(np.float32)
    y = (x * (rs.normal(1, 0.05, n) - 0.5)).astype(np.float32)
    return x, y


def _feature_columns(features) -> list[int]:
    if features is None:
        return list(range(len(BANKNOTE_FEATURES)))
    if isinstance(features, str):
        features = [features]
    if not isinstance(features, Sequence) or len(features) == 0:
        valid = ", ".join(BANKNOTE_FEATURES)
        raise ValueError(f"features must be a non-empty list of names among {valid}; "
                         f"got {features!r}")
    return [BANKNOTE_FEATURES.index(check_choice(f, "feature", BANKNOTE_FEATURES))
            for f in features]


def _find_banknote(data_home, download: bool) -> Path:
    folders = [] if data_home is None else [Path(data_home)]
    env = os.environ.get(DATA_ENV)
    if env:
        folders.append(Path(env))
    cache = Path(pooch.os_cache("mlp_lib"))
    folders.append(cache)
    for folder in folders:
        for name in BANKNOTE_FILES:
            if (folder / name).is_file():
                return folder / name
    if not download:
        raise FileNotFoundError(
            f"banknote data not found: looked for {' or '.join(BANKNOTE_FILES)} in "
            f"{', '.join(map(str, folders))} (data_home, the {DATA_ENV} environment variable "
            f"{'= ' + env if env else '(not set)'}, the download cache); set {DATA_ENV} to a "
            "folder holding one of them or call load_banknote(download=True)"
        )
    path = pooch.retrieve(url=BANKNOTE_URL, known_hash=f"sha256:{BANKNOTE_SHA256}",
                          fname=BANKNOTE_FILES[1], path=cache, progressbar=False)
    return Path(path)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _is_header(line: str) -> bool:
    """True for a row of names (most fields are not numbers), False for a row of data."""
    fields = line.split(",")
    return sum(not _is_number(field) for field in fields) > len(fields) / 2


def _read_banknote(path: Path) -> np.ndarray:
    """Parse and check a banknote file (with or without the header row)."""
    try:  # "utf-8-sig" drops the byte-order mark that some editors (Excel) write
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"banknote file {path} is not a text file: {exc}") from exc
    header = bool(lines) and _is_header(lines[0])
    if header:
        names = tuple(name.strip().lower() for name in lines[0].split(","))
        if names != _BANKNOTE_HEADER:
            raise ValueError(
                f"banknote file {path} is invalid: its header row has {len(names)} column(s) "
                f"({', '.join(names)}), expected the 5 columns {', '.join(_BANKNOTE_HEADER)}")
        lines = lines[1:]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an empty file is reported below, not as a warning
            data = np.loadtxt(lines, delimiter=",", ndmin=2)
    except ValueError as exc:
        after = " (rows counted from 0 after the header row)" if header else ""
        raise ValueError(f"banknote file {path} is not 5 numeric columns: {exc}{after}") from exc
    problem = _banknote_problem(data)
    if problem:
        raise ValueError(f"banknote file {path} is invalid: {problem}")
    return data


def _banknote_problem(data: np.ndarray) -> str | None:
    """What makes ``data`` differ from the UCI banknote values, or None."""
    if data.size == 0:
        return "it holds no data"
    if data.shape[1] != 5:
        return (f"expected 5 columns ({', '.join(_BANKNOTE_HEADER)}), "
                f"got {data.shape[1]}")
    if data.shape[0] != _BANKNOTE_ROWS:
        return f"expected {_BANKNOTE_ROWS} rows, got {data.shape[0]}"
    if not np.all(np.isfinite(data)):
        return "found NaN or infinite values"
    if not np.all(np.isin(data[:, 4], (0, 1))):
        bad = np.unique(data[:, 4][~np.isin(data[:, 4], (0, 1))])
        return f"the class column must hold only 0 and 1, found {bad.tolist()}"
    digest = hashlib.sha256(np.ascontiguousarray(data, dtype="<f8").tobytes()).hexdigest()
    if digest != BANKNOTE_VALUES_SHA256:
        return ("its values differ from those of the UCI file (SHA-256 of the values "
                f"{digest[:12]}..., expected {BANKNOTE_VALUES_SHA256[:12]}...): the file was "
                "altered. Replace it with the original (or delete it to download that again)")
    return None


def load_banknote(data_home=None, *, features=None,
                  download: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The UCI banknote authentication data (Lohweg, 2012; CC BY 4.0).

    1,372 banknotes, four wavelet features and the label: 762 of class 0 and 610
    of class 1. UCI does not document which code is which; the book follows the
    convention 0 = genuine, 1 = forged (see its banknote chapter). Looked for,
    in this order, in ``data_home``, in the folder named by the environment
    variable ``MLP_LIB_DATA`` and in the download cache
    (``pooch.os_cache("mlp_lib")``), as ``banknote_authentication.csv`` (header
    row) or the original ``data_banknote_authentication.txt`` (no header);
    otherwise downloaded from UCI into the cache once (if ``download``).

    ``features`` picks columns by name, in the order given (default all of
    :data:`BANKNOTE_FEATURES`). Returns ``X`` float64 ``(1372, k)`` and ``y`` int
    ``(1372,)``. Raises FileNotFoundError if there is no local copy and
    ``download=False``, ValueError for an unknown feature or a file that is not
    the banknote data (wrong header or size, non-numeric, labels other than 0/1, or
    any value changed: the SHA-256 of the values, :data:`BANKNOTE_VALUES_SHA256`,
    must match). The download itself is checked against :data:`BANKNOTE_SHA256`.
    """
    columns = _feature_columns(features)
    data = _read_banknote(_find_banknote(data_home, download))
    return data[:, columns], data[:, 4].astype(int)
