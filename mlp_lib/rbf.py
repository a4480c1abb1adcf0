r"""Radial basis function (RBF) networks.

The RBF network of the IPN deck (seed 002): one hidden layer of radial units
and a linear output layer,

.. math:: r_j = \lVert x - c_j \rVert, \qquad z_i = \sum_j w_{ij}\,\phi(r_j) + \theta_i .

The centres :math:`c_j` are given or found by k-means, each Gaussian unit has
its own scale :math:`\sigma_j^2 = \frac{1}{N_j}\sum_{x \in j}\lVert x - c_j\rVert^2`
and the output layer is fitted by least squares or by the slide's rule
:math:`w_{ij} \leftarrow w_{ij} + \frac{\alpha}{2}(d_i - z_i)\,\phi(r_j)`.

>>> import numpy as np
>>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
>>> net = RBFNetwork(centers=X, sigma2=1.0)
>>> net.weights_, net.bias_ = np.array([-1.0, 1.0, 1.0, -1.0]), 0.0
>>> print(np.round(net.predict(X), 4))
[-0.1548  0.1548  0.1548 -0.1548]
"""

from __future__ import annotations

import numpy as np

from ._validation import (
    as_generator,
    check_array,
    check_choice,
    check_positive,
    check_positive_int,
    check_same_rows,
    check_X,
)

#: Radial functions accepted by :class:`RBFNetwork`.
KERNELS: tuple[str, ...] = ("gaussian", "thin_plate")
#: Ways of fitting the output layer.
METHODS: tuple[str, ...] = ("least_squares", "delta")


def gaussian(r, sigma2=1.0) -> np.ndarray:
    r"""Gaussian radial function :math:`\phi(r) = e^{-r^2 / (2\sigma^2)}`."""
    r = np.asarray(r, dtype=float)
    return np.exp(-(r * r) / (2.0 * _check_sigma2(sigma2)))


def thin_plate(r) -> np.ndarray:
    r"""Thin-plate spline :math:`\phi(r) = r^2 \ln r`, with :math:`\phi(0) = 0` (its limit)."""
    r = np.asarray(r, dtype=float)
    return _thin_plate_r2(r * r)


def _thin_plate_r2(r2: np.ndarray) -> np.ndarray:
    # r^2 ln r = r^2 ln(r^2) / 2; where r = 0 we take log(1) = 0, so no warning and no NaN.
    return 0.5 * r2 * np.log(np.where(r2 > 0, r2, 1.0))


def squared_distances(X, centers) -> np.ndarray:
    r"""Squared distances :math:`\lVert x_p - c_j \rVert^2`, shape ``(m, k)``; 0 on a centre."""
    X = check_X(X)
    centers = check_X(centers, "centers", n_features=X.shape[1])
    diff = X[:, None, :] - centers[None, :, :]
    return np.einsum("mkn,mkn->mk", diff, diff)


def estimate_sigma2(X, centers) -> np.ndarray:
    r"""The slide's scale :math:`\sigma_j^2 = \frac{1}{N_j}\sum_{x\in j}\lVert x-c_j\rVert^2`.

    Each example belongs to its nearest centre. A centre with no example or zero
    spread gets the mean :math:`\sigma^2` of the others instead (a ValueError if
    no centre has a positive spread, e.g. one centre on each training point).
    """
    r2 = squared_distances(X, centers)  # (m, k), validates both arrays
    m, k = r2.shape
    nearest = np.argmin(r2, axis=1)
    counts = np.bincount(nearest, minlength=k)
    sums = np.bincount(nearest, weights=r2[np.arange(m), nearest], minlength=k)
    sigma2 = np.divide(sums, counts, out=np.zeros(k), where=counts > 0)
    ok = sigma2 > 0
    if not ok.any():
        raise ValueError("cannot estimate sigma2: no centre has a positive spread (each centre "
                         "sits on its training points); pass sigma2 explicitly, e.g. sigma2=1.0")
    sigma2[~ok] = sigma2[ok].mean()
    return sigma2


def _check_sigma2(sigma2, k: int | None = None) -> np.ndarray:
    """Return ``sigma2`` (a number or one value per centre) as a positive float array."""
    if np.ndim(sigma2) == 0 and not isinstance(sigma2, np.ndarray):
        s = np.asarray(check_positive(sigma2, "sigma2"))
    else:
        s = check_array(sigma2, "sigma2", ndim=(0, 1))
        if np.any(s <= 0):
            raise ValueError(f"sigma2 must be positive numbers, got minimum {float(s.min())}")
        if k is not None and s.ndim == 1 and len(s) != k:
            raise ValueError(f"sigma2 must have one value per centre ({k}), got shape {s.shape}")
    return s if k is None else np.broadcast_to(s, (k,)).astype(float)


class RBFNetwork:
    r"""RBF network: radial hidden units and a linear output layer.

    Parameters
    ----------
    centers : array_like of shape (k, n), optional
        Fixed centres. If omitted, ``n_centers`` centres are found by k-means in :meth:`fit`.
    n_centers : int, optional
        Number of k-means centres (``KMeans(n_init=10)``, seeded by ``seed``).
    kernel : {"gaussian", "thin_plate"}, default "gaussian"
        Radial function :math:`e^{-r^2/(2\sigma^2)}` or :math:`r^2 \ln r`.
    sigma2 : float or array_like of shape (k,), optional
        :math:`\sigma^2` of the Gaussian units; if omitted, :func:`estimate_sigma2` in :meth:`fit`.
        Not used by the thin-plate kernel.
    seed : None, int or numpy.random.Generator
        Seed of k-means.

    Attributes
    ----------
    centers_ : ndarray of shape (k, n)
        The centres :math:`c_j`.
    sigma2_ : ndarray of shape (k,) or None
        The widths :math:`\sigma_j^2` (None for the thin-plate kernel).
    weights_ : ndarray of shape (k, q)
        :math:`w_{ij}` (row = hidden unit). May be assigned directly; a 1-D array means
        one output.
    bias_ : ndarray of shape (q,)
        :math:`\theta_i`. May be assigned directly; None counts as 0.
    history_ : list of float
        MSE after each epoch of the delta rule (one value for least squares).
    """

    def __init__(self, centers=None, n_centers=None, kernel="gaussian", sigma2=None, seed=None):
        self.kernel = check_choice(kernel, "kernel", KERNELS)
        self.n_centers = check_positive_int(n_centers, "n_centers", allow_none=True)
        self.centers_ = None if centers is None else check_array(centers, "centers", ndim=2).copy()
        if self.centers_ is None and self.n_centers is None:
            raise ValueError("give centers (an array of shape (k, n)) or n_centers (for k-means)")
        if self.centers_ is not None and self.n_centers not in (None, len(self.centers_)):
            raise ValueError(f"n_centers={self.n_centers} does not match the "
                             f"{len(self.centers_)} given centers")
        k = self.n_centers if self.centers_ is None else len(self.centers_)
        self._fixed_centers = self.centers_ is not None
        self.sigma2 = None if sigma2 is None else _check_sigma2(sigma2, k)
        self.sigma2_ = self.sigma2
        as_generator(seed)  # fail early on a bad seed type
        self.seed = seed
        self.weights_: np.ndarray | None = None
        self.bias_: np.ndarray | None = None
        self.history_: list[float] = []

    def hidden(self, X) -> np.ndarray:
        r"""Outputs :math:`\phi(r_j)` of the hidden layer, an array ``Phi`` of shape ``(m, k)``."""
        if self.centers_ is None:
            raise ValueError("this RBFNetwork has no centres yet: call fit(X, y) first")
        if self.kernel == "gaussian" and self.sigma2_ is None:
            raise ValueError("sigma2 is unknown: pass sigma2=... or call fit(X, y) to estimate it")
        X = check_X(X, n_features=self.centers_.shape[1])
        r2 = squared_distances(X, self.centers_)
        if self.kernel == "thin_plate":
            return _thin_plate_r2(r2)
        return np.exp(-r2 / (2.0 * self.sigma2_))

    def fit(self, X, y, method="least_squares", lr=0.1, epochs=100, seed=None) -> RBFNetwork:
        """Place the centres, set :math:`\\sigma^2` and fit the output layer.

        ``y`` is ``(m,)`` or ``(m, q)``. ``method="least_squares"`` solves ``[Phi, 1]``
        with ``np.linalg.lstsq``; ``"delta"`` applies the slide's rule pattern by pattern
        from zero weights (the layer is linear: no symmetry to break) with rate ``lr``
        for ``epochs`` epochs, shuffling the patterns each epoch if ``seed`` is given.
        """
        X = check_X(X)
        Y = check_array(y, "y", ndim=(1, 2))
        check_same_rows(X, Y, "X", "y")
        check_choice(method, "method", METHODS)
        lr = check_positive(lr, "lr")
        epochs = check_positive_int(epochs, "epochs")
        self._place_centers(X)
        Phi = self.hidden(X)
        Y = Y.reshape(len(Y), -1)
        if method == "least_squares":
            A = np.hstack([Phi, np.ones((len(Phi), 1))])
            sol = np.linalg.lstsq(A, Y, rcond=None)[0]
            self.weights_, self.bias_ = sol[:-1], sol[-1]
            self.history_ = [float(np.mean((Y - A @ sol) ** 2))]
        else:
            self._delta_rule(Phi, Y, lr, epochs, None if seed is None else as_generator(seed))
        return self

    def _place_centers(self, X: np.ndarray) -> None:
        if self._fixed_centers:
            if self.centers_.shape[1] != X.shape[1]:
                raise ValueError(f"centers have {self.centers_.shape[1]} column(s) but X has "
                                 f"{X.shape[1]}: each centre must be a point of the input space")
        else:
            if self.n_centers > len(X):
                raise ValueError(f"n_centers must be at most the number of examples ({len(X)}), "
                                 f"got {self.n_centers}")
            from sklearn.cluster import KMeans  # imported here: scikit-learn is slow to load
            from threadpoolctl import threadpool_limits

            state = int(as_generator(self.seed).integers(2**31 - 1))
            # one thread: faster on the small data of the book, and the same result on any
            # number of cores
            with threadpool_limits(1):
                km = KMeans(n_clusters=self.n_centers, n_init=10, random_state=state).fit(X)
            self.centers_ = km.cluster_centers_
        if self.kernel == "gaussian" and self.sigma2 is None:
            self.sigma2_ = estimate_sigma2(X, self.centers_)

    def _delta_rule(self, Phi, Y, lr: float, epochs: int, rng) -> None:
        W = np.zeros((Phi.shape[1], Y.shape[1]))
        b = np.zeros(Y.shape[1])
        self.history_ = []
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below
            for epoch in range(1, epochs + 1):
                for p in range(len(Y)) if rng is None else rng.permutation(len(Y)):
                    e = Y[p] - (Phi[p] @ W + b)  # d - z
                    W += (lr / 2) * np.outer(Phi[p], e)
                    b += (lr / 2) * e
                mse = float(np.mean((Y - Phi @ W - b) ** 2))
                if not np.isfinite(mse):
                    raise ValueError(f"the delta rule diverged at epoch {epoch} with "
                                     f"lr={lr}; use a smaller lr")
                self.history_.append(mse)
        self.weights_, self.bias_ = W, b

    def _output_layer(self) -> tuple[np.ndarray, np.ndarray]:
        if self.weights_ is None:
            raise ValueError("this RBFNetwork has no output weights yet: "
                             "call fit(X, y) or set weights_ and bias_")
        W = check_array(self.weights_, "weights_", ndim=(1, 2))
        W = W[:, None] if W.ndim == 1 else W
        k = len(self.centers_)  # predict calls hidden first, so the centres exist
        if W.shape[0] != k:
            raise ValueError(f"weights_ must have one row per centre ({k}), got shape {W.shape}")
        b = check_array(0.0 if self.bias_ is None else self.bias_, "bias_", ndim=(0, 1))
        if b.ndim == 1 and len(b) not in (1, W.shape[1]):
            raise ValueError(f"bias_ must have one value per output ({W.shape[1]}), got {b.shape}")
        return W, b

    def predict(self, X) -> np.ndarray:
        r"""Outputs :math:`z = \Phi W + \theta`: shape ``(m,)`` for one output, else ``(m, q)``."""
        Phi = self.hidden(X)
        W, b = self._output_layer()
        z = Phi @ W + b
        return z[:, 0] if z.shape[1] == 1 else z

    def predict_labels(self, X, threshold=0.5) -> np.ndarray:
        """Class labels: ``z >= threshold`` (1) for one output, the largest output for several."""
        threshold = float(check_array(threshold, "threshold", ndim=0))
        z = self.predict(X)
        return (z >= threshold).astype(int) if z.ndim == 1 else np.argmax(z, axis=1)

    def __repr__(self) -> str:
        k = self.n_centers if self.centers_ is None else len(self.centers_)
        return f"RBFNetwork(n_centers={k}, kernel={self.kernel!r})"
