"""Accuracy within 1 point of scikit-learn on the banknote data (DESIGN section 7)."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from mlp_lib import MLP, LogisticRegressionGD
from mlp_lib.datasets import load_banknote

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library


@pytest.fixture(scope="module")
def split():
    X, y = load_banknote()
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0,
                                                        stratify=y)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test


def test_logistic_regression_matches_sklearn(split):
    X_train, X_test, y_train, y_test = split
    ours = LogisticRegressionGD()
    ours.fit(X_train, y_train, lr=0.5, epochs=2000)
    theirs = LogisticRegression(C=1e6, max_iter=5000).fit(X_train, y_train)
    acc_ours = np.mean(ours.predict(X_test) == y_test)
    acc_theirs = theirs.score(X_test, y_test)
    assert acc_theirs > 0.97
    assert abs(acc_ours - acc_theirs) <= 0.01


def test_mlp_matches_sklearn(split):
    X_train, X_test, y_train, y_test = split
    ours = MLP((4, 5, 1), "sigmoid", "sigmoid", "binary_cross_entropy", seed=0)
    ours.fit(X_train, y_train, lr=0.5, epochs=300, batch_size=32)
    theirs = MLPClassifier(hidden_layer_sizes=(5,), activation="logistic", solver="sgd",
                           learning_rate_init=0.5, batch_size=32, max_iter=300,
                           momentum=0.0, random_state=0).fit(X_train, y_train)
    acc_ours = ours.score(X_test, y_test)
    acc_theirs = theirs.score(X_test, y_test)
    assert acc_theirs > 0.97
    assert abs(acc_ours - acc_theirs) <= 0.01
