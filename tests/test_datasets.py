"""Tests of mlp_lib.datasets. Offline: the banknote download is simulated."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import numpy as np
import pooch
import pytest

from mlp_lib import datasets
from mlp_lib.datasets import (
    BANKNOTE_FEATURES,
    BANKNOTE_URL,
    load_banknote,
    logic_gate,
    make_toy,
    regression_data,
)

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

SHARED = Path(os.environ.get("MLP_LIB_DATA") or "/work/shared/data")  # offline copy
CSV = SHARED / "banknote_authentication.csv"
needs_csv = pytest.mark.skipif(not CSV.is_file(), reason="shared banknote copy not available")


# --- logic gates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [("or", [0, 1, 1, 1]), ("and", [0, 0, 0, 1]), ("nand", [1, 1, 1, 0]),
     ("nor", [1, 0, 0, 0]), ("xor", [0, 1, 1, 0]), ("XNOR", [1, 0, 0, 1])],
)
def test_logic_gate_truth_tables(name, expected):
    X, y = logic_gate(name)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert X.dtype == np.float64 and y.shape == (4,)
    assert np.issubdtype(y.dtype, np.integer)
    np.testing.assert_array_equal(y, expected)


def test_logic_gate_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="'or', 'and', 'nand', 'nor', 'xor', 'xnor'"):
        logic_gate("implies")
    with pytest.raises(TypeError, match="gate must be a string"):
        logic_gate(1)


# --- toy sets -------------------------------------------------------------------------


@pytest.mark.parametrize("name", datasets.TOYS)
def test_toy_shapes_labels_determinism(name):
    X, y = make_toy(name, n_samples=101, seed=7)
    assert X.shape == (101, 2) and X.dtype == np.float64 and y.shape == (101,)
    assert np.issubdtype(y.dtype, np.integer)
    n_classes = 3 if name == "spiral" else 2
    assert set(np.unique(y)) == set(range(n_classes))
    X2, y2 = make_toy(name.upper(), n_samples=101, seed=7)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    X3, _ = make_toy(name, n_samples=101, seed=8)
    assert not np.array_equal(X, X3)


@pytest.mark.parametrize("name", ["circle", "gaussians", "spiral", "moons"])
def test_toy_classes_are_balanced(name):
    _, y = make_toy(name, n_samples=90, seed=0)
    counts = np.bincount(y)
    assert counts.max() - counts.min() == 0


def test_toy_noise_free_geometry():
    X, y = make_toy("circle", n_samples=300, noise=0.0, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all(r[y == 1] <= 0.5) and np.all((r[y == 0] >= 0.7) & (r[y == 0] <= 1.0))
    X, y = make_toy("xor", n_samples=300, noise=0.0, seed=0)
    np.testing.assert_array_equal(y, X[:, 0] * X[:, 1] < 0)
    assert np.all(np.abs(X) <= 1)


def test_toy_noise_moves_the_points():
    clean, _ = make_toy("moons", n_samples=50, noise=0.0, seed=1)
    noisy, _ = make_toy("moons", n_samples=50, noise=0.3, seed=1)
    assert 0.1 < np.std(noisy - clean) < 0.5


@pytest.mark.parametrize("noise, error", [(-0.1, ValueError), (np.inf, ValueError),
                                          ("0.1", TypeError), (None, TypeError)])
def test_toy_bad_noise(noise, error):
    with pytest.raises(error, match="noise must be"):
        make_toy("circle", noise=noise)


def test_toy_bad_name_and_size():
    with pytest.raises(ValueError, match="'circle', 'xor', 'gaussians', 'spiral', 'moons'"):
        make_toy("swiss_roll")
    with pytest.raises(ValueError, match="n_samples must be a positive integer"):
        make_toy("xor", n_samples=0)
    with pytest.raises(ValueError, match="n_samples must be at least 3 for 'spiral'"):
        make_toy("spiral", n_samples=2)


# --- the slide's regression data ------------------------------------------------------


def test_regression_data_is_the_slide_recipe():
    # The slide's own code, on numpy's global legacy generator (restored afterwards).
    legacy_state = np.random.get_state()  # noqa: NPY002
    try:
        np.random.seed(0)  # noqa: NPY002
        x_vals = np.random.normal(1, 0.1, 100).astype(np.float32)  # noqa: NPY002
        y_vals = (x_vals * (np.random.normal(1, 0.05, 100) - 0.5)).astype(np.float32)  # noqa: NPY002
    finally:
        np.random.set_state(legacy_state)  # noqa: NPY002
    x, y = regression_data()
    assert x.dtype == np.float32 and y.dtype == np.float32 and x.shape == (100,)
    np.testing.assert_array_equal(x, x_vals)
    np.testing.assert_array_equal(y, y_vals)


def test_regression_data_leaves_global_state_alone():
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    regression_data(50, seed=3)
    np.testing.assert_array_equal(np.random.get_state()[1], before)  # noqa: NPY002


def test_regression_data_bad_seed():
    with pytest.raises(TypeError, match="seed must be None or an int"):
        regression_data(seed=1.5)
    with pytest.raises(ValueError, match="seed must be between 0"):
        regression_data(seed=-1)


# --- banknotes ------------------------------------------------------------------------


@pytest.fixture
def no_env_no_cache(monkeypatch, tmp_path):
    """No MLP_LIB_DATA and an empty download cache in tmp_path/cache."""
    monkeypatch.delenv(datasets.DATA_ENV, raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setattr(pooch, "os_cache", lambda project: cache)
    return cache


def _check_banknote(X, y, k=4):
    assert X.shape == (1372, k) and X.dtype == np.float64
    assert y.shape == (1372,) and np.issubdtype(y.dtype, np.integer)
    np.testing.assert_array_equal(np.bincount(y), [762, 610])


def _write_txt(folder: Path, rows: slice = slice(None)) -> Path:
    """Write the original headerless UCI format, built from the shared csv."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = CSV.read_text().splitlines()[1:]
    path = folder / "data_banknote_authentication.txt"
    path.write_text("\n".join(lines[rows]) + "\n")
    return path


@needs_csv
def test_banknote_from_data_home(no_env_no_cache):
    X, y = load_banknote(SHARED, download=False)
    _check_banknote(X, y)
    np.testing.assert_allclose(X[0], [3.6216, 8.6661, -2.8073, -0.44699])


@needs_csv
def test_banknote_from_env_variable(no_env_no_cache, monkeypatch):
    monkeypatch.setenv(datasets.DATA_ENV, str(SHARED))
    _check_banknote(*load_banknote(download=False))


@needs_csv
def test_banknote_data_home_comes_before_env(no_env_no_cache, monkeypatch, tmp_path):
    monkeypatch.setenv(datasets.DATA_ENV, str(tmp_path / "nowhere"))
    _check_banknote(*load_banknote(str(SHARED), download=False))


@needs_csv
def test_banknote_feature_selection(no_env_no_cache):
    X_all, _ = load_banknote(SHARED, download=False)
    X, y = load_banknote(SHARED, features=["entropy", "variance"], download=False)
    _check_banknote(X, y, k=2)
    np.testing.assert_array_equal(X, X_all[:, [3, 0]])
    X1, _ = load_banknote(SHARED, features="curtosis", download=False)
    np.testing.assert_array_equal(X1, X_all[:, [2]])
    assert BANKNOTE_FEATURES == ("variance", "skewness", "curtosis", "entropy")


@needs_csv
@pytest.mark.parametrize("features, match", [(["variance", "colour"], "'variance', 'skewness'"),
                                             ([], "non-empty list")])
def test_banknote_bad_features(no_env_no_cache, features, match):
    with pytest.raises(ValueError, match=match):
        load_banknote(SHARED, features=features, download=False)


@needs_csv
def test_banknote_original_headerless_format(no_env_no_cache, tmp_path):
    _write_txt(tmp_path / "uci")
    X, y = load_banknote(tmp_path / "uci", download=False)
    _check_banknote(X, y)
    np.testing.assert_array_equal(X, load_banknote(SHARED, download=False)[0])


@needs_csv
def test_banknote_wrong_row_count(no_env_no_cache, tmp_path):
    path = _write_txt(tmp_path / "short", slice(0, 1000))
    with pytest.raises(ValueError, match=f"{path}.*expected 1372 rows, got 1000"):
        load_banknote(tmp_path / "short", download=False)


@needs_csv
@pytest.mark.parametrize(
    "edit, match",
    [(lambda s: s.replace("3.6216", "abc", 1), "not 5 numeric columns"),
     (lambda s: s.replace(",0\n", ",2\n", 1), r"only 0 and 1, found \[2.0\]"),
     (lambda s: s.replace("3.6216", "nan", 1), "NaN or infinite"),
     (lambda s: s.replace(",0\n", "\n"), "not 5 numeric columns|expected 5 columns")],
)
def test_banknote_corrupt_files(no_env_no_cache, tmp_path, edit, match):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "banknote_authentication.csv").write_text(edit(CSV.read_text()))
    with pytest.raises(ValueError, match=match):
        load_banknote(folder, download=False)


def test_banknote_missing_without_download(no_env_no_cache, tmp_path):
    missing = tmp_path / "missing"
    with pytest.raises(FileNotFoundError, match=f"{missing}.*MLP_LIB_DATA.*not set"):
        load_banknote(missing, download=False)


@needs_csv
def test_banknote_download_once_then_cached(no_env_no_cache, tmp_path, monkeypatch):
    prepared = _write_txt(tmp_path / "prepared")
    calls = []

    def fake_retrieve(url, known_hash, fname=None, path=None, **kwargs):
        calls.append((url, known_hash, fname))
        Path(path).mkdir(parents=True, exist_ok=True)
        return str(shutil.copy(prepared, Path(path) / fname))

    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    _check_banknote(*load_banknote())
    _check_banknote(*load_banknote())
    _check_banknote(*load_banknote(download=False))
    assert calls == [(BANKNOTE_URL, f"sha256:{datasets.BANKNOTE_SHA256}",
                      "data_banknote_authentication.txt")]
    assert (no_env_no_cache / "data_banknote_authentication.txt").is_file()


def test_banknote_corrupt_download_is_rejected(no_env_no_cache, monkeypatch):
    def fake_retrieve(url, known_hash, fname=None, path=None, **kwargs):
        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / fname).write_text("<html>Service unavailable</html>\n")
        return str(Path(path) / fname)

    monkeypatch.setattr(pooch, "retrieve", fake_retrieve)
    with pytest.raises(ValueError, match="data_banknote_authentication.txt"):
        load_banknote()


# --- banknotes: files that looked like the data but were not, and the content hashes ----


def _lines_of_csv() -> list[str]:
    return CSV.read_text().splitlines()


@needs_csv
def test_banknote_pinned_hashes_are_those_of_the_shared_copy():
    # the UCI original is the shared csv without its header row, with CRLF line ends and no
    # final one (46,400 bytes); pooch checks the download against that hash
    original = "\r\n".join(_lines_of_csv()[1:]).encode()
    assert len(original) == 46_400
    assert hashlib.sha256(original).hexdigest() == datasets.BANKNOTE_SHA256
    values = np.loadtxt(_lines_of_csv()[1:], delimiter=",")
    assert (hashlib.sha256(values.astype("<f8").tobytes()).hexdigest()
            == datasets.BANKNOTE_VALUES_SHA256)


@needs_csv
@pytest.mark.parametrize("name, text", [
    ("original bytes", lambda lines: "\r\n".join(lines[1:])),
    ("byte-order mark", lambda lines: "\ufeff" + "\n".join(lines) + "\n"),
    ("byte-order mark, no header", lambda lines: "\ufeff" + "\n".join(lines[1:]) + "\n"),
])
def test_banknote_other_encodings_of_the_same_values_load(no_env_no_cache, tmp_path, name, text):
    (tmp_path / "banknote_authentication.csv").write_bytes(text(_lines_of_csv()).encode())
    X, y = load_banknote(tmp_path, download=False)
    _check_banknote(X, y)
    np.testing.assert_array_equal(X, load_banknote(SHARED, download=False)[0])


@needs_csv
@pytest.mark.parametrize("edit, match", [
    (lambda ls: [",".join(r.split(",")[:4]) for r in ls],
     r"header row has 4 column\(s\) \(variance, skewness, curtosis, entropy\), expected the 5 "
     r"columns variance, skewness, curtosis, entropy, class"),
    (lambda ls: ["id," + ls[0]] + [f"{i}," + r for i, r in enumerate(ls[1:])],
     r"header row has 6 column\(s\) \(id, variance,"),
    (lambda ls: [",".join(r.split(",")[:4]) for r in ls[1:]],
     r"expected 5 columns \(variance, skewness, curtosis, entropy, class\), got 4"),
    (lambda ls: [r + ",7" for r in ls[1:]], "expected 5 columns .*got 6"),
    (lambda ls: [ls[0], ls[1].replace("3.6216", "3.6217")] + ls[2:],
     r"its values differ from those of the UCI file \(SHA-256 of the values .*\): the file "
     r"was altered"),
    (lambda ls: [ls[0], ls[2], ls[1]] + ls[3:], "its values differ"),  # two rows swapped
    (lambda ls: ls[:1], "it holds no data"),
    (lambda ls: [ls[0], ls[1].replace("3.6216", "abc")] + ls[2:],
     r"not 5 numeric columns: .*'abc'.*\(rows counted from 0 after the header row\)"),
])
def test_banknote_files_that_are_not_the_data_are_named_precisely(no_env_no_cache, tmp_path,
                                                                   edit, match):
    path = tmp_path / "banknote_authentication.csv"
    path.write_text("\n".join(edit(_lines_of_csv())) + "\n")
    with pytest.raises(ValueError, match=f"banknote file {re.escape(str(path))} .*{match}"):
        load_banknote(tmp_path, download=False)


def test_toy_bad_seed():
    with pytest.raises(ValueError, match="seed must be an int >= 0, got -1"):
        make_toy("xor", seed=-1)
