"""Exercises of part III of the book, *Aplicaciones* (chapters 14 to 16).

Each exercise is one block: the reference (computed with ``mlp_lib``, or scikit-learn for
the metrics, as the chapter does), a random case, the edge cases, the usual mistakes with
their diagnosis, and the :class:`Exercise` that ties them together. See
:mod:`mlp_lib.exercises` for how to add one.
"""

from __future__ import annotations

import numpy as np

from .. import MLP, RBFNetwork
from ..activations import sigmoid
from .checking import Case, Exercise, Mistake


# ------------------------------------------- ch14: the corrected R backpropagate
def corrected_backpropagate_reference(x, y, y_hat, w1, w2, h, a):
    """One :meth:`MLP.train_step` of the R program's network (first row of w1, w2 = bias).

    ``y_hat`` and ``h`` are not needed: the network recomputes them from ``x``, ``w1`` and
    ``w2``, as the cases give them (the chapter's ``feedforward``).
    """
    net = MLP.from_weights([w1[1:], w2[1:]], [w1[0], w2[0]], activation="sigmoid",
                           output_activation="sigmoid", loss="half_sse")
    net.train_step(x, y, a)
    return {"w1": np.vstack([net.biases[0], net.weights[0]]),
            "w2": np.vstack([net.biases[1], net.weights[1]])}


def _with_ones(A):
    """``cbind(1, A)`` of R: a column of ones on the left."""
    return np.column_stack([np.ones(len(A)), A])


def feedforward(x, w1, w2):
    """The chapter's ``feedforward`` (the R program): returns ``y_hat`` and ``h``."""
    h = sigmoid(_with_ones(x) @ w1)
    return sigmoid(_with_ones(h) @ w2), h


def _banknote_case(rng, m=None, scale=1.0):
    m = int(rng.integers(3, 21)) if m is None else m
    n, hidden = int(rng.integers(2, 5)), int(rng.integers(2, 6))
    x = rng.normal(size=(m, n))
    w1, w2 = rng.normal(size=(n + 1, hidden)), scale * rng.normal(size=(hidden + 1, 1))
    y_hat, h = feedforward(x, w1, w2)
    y = rng.integers(0, 2, (m, 1)).astype(float)
    return x, y, y_hat, w1, w2, h, float(rng.uniform(0.1, 5.0))


def slide_backpropagate(x, y, y_hat, w1, w2, h, a):
    """The R program's ``backpropagate``, as the chapter ports it (with its error)."""
    dw2 = 2 * _with_ones(h).T @ (y_hat * (1 - y_hat) * (y_hat - y))
    dh = (y_hat - y) @ w2[1:].T
    dw1 = _with_ones(x).T @ (h * (1 - h) * dh)
    return {"w1": w1 - a * dw1, "w2": w2 - a * dw2}


def _backprop_variant(x, y, y_hat, w1, w2, h, a, *, scale=1.0, sign=1.0, slope_in_dh=True,
                      hidden_slope=True):
    """The corrected function with one slip: a factor, a sign or a missing derivative."""
    m = len(y)
    delta2 = sign * scale * (y_hat - y) * y_hat * (1 - y_hat) / m
    dw2 = _with_ones(h).T @ delta2
    dh = (delta2 if slope_in_dh else sign * scale * (y_hat - y) / m) @ w2[1:].T
    dw1 = _with_ones(x).T @ ((h * (1 - h) if hidden_slope else 1.0) * dh)
    return {"w1": w1 - a * dw1, "w2": w2 - a * dw2}


CORRECTED_BACKPROPAGATE = Exercise(
    name="ch14_backpropagate",
    chapter=14,
    signature="corrected_backpropagate(x, y, y_hat, w1, w2, h, a)",
    section="¿Qué le falta a nuestro algoritmo?",
    compared_with="un paso de `MLP.train_step` de mlp_lib con costo `half_sse`",
    reference=corrected_backpropagate_reference,
    random_case=_banknote_case,
    edge_cases=(
        Case(_banknote_case(np.random.default_rng(14), m=1), "un solo billete, m = 1"),
        Case(_banknote_case(np.random.default_rng(15), scale=8.0),
             "salidas saturadas, ŷ cerca de 0 o de 1"),
        Case(_banknote_case(np.random.default_rng(16))[:-1] + (1.0,),
             "a = 1: los pesos viejos menos los nuevos son el gradiente"),
    ),
    outputs=("w1", "w2"),
    mistakes=(
        Mistake(lambda x, y, y_hat, w1, w2, h, a: {"w1": w1, "w2": w2},
                "Tu función devuelve los pesos sin cambios: resta a cada matriz a por su "
                "gradiente, w1 - a * dw1 y w2 - a * dw2."),
        Mistake(slide_backpropagate,
                "Es el `backpropagate` original de la diapositiva: dw2 lleva un 2 que el costo "
                "no tiene y le falta el 1/m del promedio, y dh olvida el factor ŷ(1 − ŷ). Usa "
                "una delta de salida, delta2 = (ŷ − y)·ŷ(1 − ŷ)/m, para dw2 y para dh."),
        Mistake(lambda *args: _backprop_variant(*args, slope_in_dh=False),
                "dw2 está bien, pero dh no lleva el factor ŷ(1 − ŷ) de la sigmoide de salida: "
                "calcúlalo a partir de la nueva delta, dh = delta2 @ w2[1:].T."),
        Mistake(lambda *args: _backprop_variant(*args, scale=2.0),
                "Sobra el 2: el costo es C = (1/2m) Σ (y − ŷ)², y su ½ cancela el 2 que sale "
                "al derivar el cuadrado."),
        Mistake(lambda x, y, y_hat, w1, w2, h, a: _backprop_variant(
                    x, y, y_hat, w1, w2, h, a, scale=float(len(y))),
                "Falta el 1/m: el costo de la diapositiva es un promedio, "
                "C = (1/2m) Σ (y − ŷ)², así que delta2 = (ŷ − y)·ŷ(1 − ŷ)/m."),
        Mistake(lambda *args: _backprop_variant(*args, sign=-1.0),
                "El signo está cambiado: ∂C/∂ŷ = (ŷ − y)/m (el código de R usa, con razón, "
                "y_hat - y; la diapositiva escribe y − ŷ). Con el otro signo el paso sube por "
                "el costo."),
        Mistake(lambda *args: _backprop_variant(*args, hidden_slope=False),
                "Falta el factor h(1 − h) de la sigmoide oculta en dw1: "
                "dw1 = [1 x]ᵀ (h(1 − h) ⊙ dh)."),
    ),
    error_hint="al volver a la capa oculta quita la primera fila de w2, que es el sesgo: "
               "`w2[1:]` tiene forma (neuronas ocultas, 1). Y recuerda que y es una columna, "
               "de forma (m, 1).",
)


# ----------------------------------------------- ch15: precision, recall and F1
def precision_recall_f1_reference(y_true, y_pred):
    """scikit-learn's precision, recall and F1 of the class 1, with 0 for 0/0.

    ``precision_recall_fscore_support`` gives the three values of ``precision_score``,
    ``recall_score`` and ``f1_score`` in one call. scikit-learn is imported here, not at the
    top: it is slow to load.
    """
    from sklearn.metrics import precision_recall_fscore_support

    precision, recall, f1, _ = precision_recall_fscore_support(
        y_true, y_pred, average="binary", zero_division=0)
    return precision, recall, f1


def _labels_case(rng):
    m = int(rng.integers(5, 41))
    y_true = (rng.random(m) < rng.uniform(0.2, 0.8)).astype(int)
    flip = rng.random(m) < rng.uniform(0.1, 0.4)
    return y_true, np.where(flip, 1 - y_true, y_true)


def _counts(y_true, y_pred, positive=1):
    """VP, FP, FN for the class ``positive``."""
    t, p = np.asarray(y_true) == positive, np.asarray(y_pred) == positive
    return int(np.sum(t & p)), int(np.sum(~t & p)), int(np.sum(t & ~p))


def _ratio(a, b):
    return a / b if b else 0.0


def _metrics(y_true, y_pred, *, positive=1, f1=None):
    """(P, R, F1) with one of the usual slips: another F1 or another positive class."""
    tp, fp, fn = _counts(y_true, y_pred, positive)
    P, R = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return P, R, f1(P, R) if f1 else _ratio(2 * tp, 2 * tp + fp + fn)


def _metrics_with_nan(y_true, y_pred):
    """(P, R, F1) computed with numpy, without guarding the 0/0 cases: NaN there."""
    tp, fp, fn = (np.float64(n) for n in _counts(y_true, y_pred))
    P, R = tp / (tp + fp), tp / (tp + fn)
    return P, R, 2 * P * R / (P + R)


PRECISION_RECALL_F1 = Exercise(
    name="ch15_precision_recall_f1",
    chapter=15,
    signature="precision_recall_f1(y_true, y_pred)",
    section="Exactitud, precisión, exhaustividad y F1",
    compared_with="`precision_score`, `recall_score` y `f1_score` de scikit-learn",
    reference=precision_recall_f1_reference,
    random_case=_labels_case,
    edge_cases=(
        Case((np.array([1, 0, 1, 1, 0, 0]), np.zeros(6, dtype=int)),
             "ninguna predicción positiva: VP + FP = 0 y la precisión vale 0"),
        Case((np.array([0, 1, 1, 0, 1]), np.array([0, 1, 1, 0, 1])), "predicciones perfectas"),
        Case((np.zeros(4, dtype=int), np.zeros(4, dtype=int)),
             "ningún positivo, ni real ni predicho: las tres valen 0"),
    ),
    outputs=("P", "R", "F1"),
    mistakes=(
        Mistake(lambda t, p: _metrics(t, p)[1::-1] + (_metrics(t, p)[2],),
                "Intercambiaste precisión y exhaustividad: P = VP/(VP + FP) mira los ejemplos "
                "que la red marca como positivos; R = VP/(VP + FN), los que son positivos."),
        Mistake(lambda t, p: _metrics(t, p, f1=lambda P, R: (P + R) / 2),
                "Tu F1 es la media aritmética de P y R. La F1 es su media armónica, "
                "2PR/(P + R) = 2VP/(2VP + FP + FN): solo es alta si las dos lo son."),
        Mistake(lambda t, p: _metrics(t, p, f1=lambda P, R: _ratio(P * R, P + R)),
                "A tu F1 le falta el 2: F1 = 2PR/(P + R)."),
        Mistake(lambda t, p: _metrics(t, p, positive=0),
                "Tomaste la clase 0 como positiva. La positiva es la clase 1, la que queremos "
                "detectar (en los billetes, los falsos)."),
        Mistake(_metrics_with_nan,
                "Cuando no hay predicciones positivas, VP + FP = 0 y la precisión queda 0/0 "
                "(NaN). Devuelve 0 en ese caso, como scikit-learn con zero_division=0 (y lo "
                "mismo con la exhaustividad si no hay positivos reales)."),
    ),
    nonfinite_hint="Si un denominador es 0 (ninguna predicción positiva, o ningún positivo "
                   "real), la métrica queda 0/0: devuelve 0, como scikit-learn con "
                   "zero_division=0.",
)


# ------------------------------------------------- ch16: the RBF output-layer rule
def network_with_hidden_output(phi):
    """An :class:`RBFNetwork` and an input ``x`` whose hidden layer outputs ``phi``.

    Each ``φ_j`` in ``(0, 1)`` comes from a one-dimensional centre at distance 1 from
    ``x = 0`` with ``σ_j² = −1/(2 ln φ_j)``, since ``e^{−1/(2σ_j²)} = φ_j``; ``φ_j = 1`` puts
    the centre on ``x`` and ``φ_j = 0`` makes the unit so narrow that it underflows to 0.
    """
    phi = np.asarray(phi, dtype=float)
    inside = (phi > 0) & (phi < 1)
    sigma2 = np.where(phi >= 1, 1.0, 1e-6)
    sigma2[inside] = -0.5 / np.log(phi[inside])
    centers = np.where(phi >= 1, 0.0, 1.0)[:, None]
    return RBFNetwork(centers=centers, sigma2=sigma2), np.zeros((1, 1))


def rbf_update_reference(phi, y, w, b, alpha):
    """One pattern of ``RBFNetwork.fit(method="delta")``, started from ``(w, b)``.

    ``fit`` starts from zero weights; the rule is linear in the error ``y − ŷ``, so the step
    from ``(w, b)`` is the step ``fit`` takes from zero on the target ``y − ŷ``.
    """
    net, x = network_with_hidden_output(phi)
    net.weights_, net.bias_ = np.asarray(w, dtype=float), float(b)
    error = y - net.predict(x)[0]
    step, _ = network_with_hidden_output(phi)
    step.fit(x, [error], method="delta", lr=alpha, epochs=1)
    return w + step.weights_[:, 0], b + step.bias_[0]


def _rbf_update_case(rng):
    k = int(rng.integers(2, 7))
    return (np.exp(-rng.uniform(0.0, 3.0, k)), float(rng.uniform(-1, 1)),
            rng.normal(0.0, 0.5, k), float(rng.normal(0.0, 0.3)), float(rng.uniform(0.05, 1.0)))


def _rule(phi, y, w, b, alpha, *, rate=0.5, sign=1.0, bias=True, use_phi=True, with_b=True):
    """The slide's rule with one slip: the rate, the sign, the bias or φ."""
    e = sign * (y - (phi @ w + (b if with_b else 0.0)))
    step = rate * alpha * e
    return w + step * (phi if use_phi else 1.0), b + step if bias else b


_PHI_XOR = np.exp(-0.5 * np.array([1.0, 0.0, 2.0, 1.0]))  # pattern (0, 1), σ² = 1

RBF_UPDATE = Exercise(
    name="ch16_rbf_output_update",
    chapter=16,
    signature="rbf_output_update(phi, y, w, b, alpha)",
    section="Entrenar la capa de salida",
    compared_with="`RBFNetwork.fit(method=\"delta\")` de mlp_lib",
    reference=rbf_update_reference,
    random_case=_rbf_update_case,
    edge_cases=(
        Case((_PHI_XOR, 1.0, np.zeros(4), 0.0, 0.1),
             "el patrón (0, 1) de la tabla XOR, desde pesos cero"),
        Case((np.array([0.5, 0.25]), 1.0, np.array([1.0, 2.0]), 0.0, 0.5),
             "una salida exacta, ŷ = y: nada cambia"),
        Case((np.array([0.0, 0.5, 1.0]), 0.0, np.array([0.3, -0.2, 0.4]), 0.1, 0.5),
             "un φ_j = 0, de un centro lejano: su peso no cambia"),
    ),
    outputs=("w", "b"),
    mistakes=(
        Mistake(lambda phi, y, w, b, alpha: (w, b),
                "Tu función devuelve los pesos y el sesgo sin cambios: aplica la regla, "
                "w_j ← w_j + (α/2)(y − ŷ)·φ_j y b ← b + (α/2)(y − ŷ)."),
        Mistake(lambda *args: _rule(*args, rate=1.0),
                "Usaste α en lugar de α/2: la regla de la diapositiva es "
                "w_j ← w_j + (α/2)(y − ŷ)·φ_j, y lo mismo para el sesgo."),
        Mistake(lambda *args: _rule(*args, sign=-1.0),
                "El error tiene el signo cambiado: es y − ŷ, salida deseada menos salida de "
                "la red; si la red se queda corta, los pesos de las φ_j activas suben."),
        Mistake(lambda *args: _rule(*args, bias=False),
                "Los pesos están bien, pero falta actualizar el sesgo: b ← b + (α/2)(y − ŷ), "
                "como un peso cuya entrada vale siempre 1."),
        Mistake(lambda *args: _rule(*args, with_b=False),
                "Tu ŷ no incluye el sesgo: ŷ = Σ_j w_j φ_j + b."),
        Mistake(lambda *args: _rule(*args, use_phi=False),
                "Falta multiplicar por φ_j: cada peso cambia en proporción a la salida de su "
                "neurona radial, Δw_j = (α/2)(y − ŷ)·φ_j."),
    ),
)


# ------------------------------------------------------ ch16: the Gaussian hidden layer
def gaussian_layer_reference(X, centers, sigma2):
    """``RBFNetwork(centers=centers, sigma2=sigma2).hidden(X)``: the matrix Φ."""
    return RBFNetwork(centers=centers, sigma2=sigma2).hidden(X)


def _gaussian_case(rng):
    m, n, k = int(rng.integers(1, 7)), int(rng.integers(1, 4)), int(rng.integers(2, 6))
    return rng.normal(size=(m, n)), rng.normal(size=(k, n)), rng.uniform(0.2, 2.0, k)


def _r2(X, C):
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


_CORNERS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])

GAUSSIAN_LAYER = Exercise(
    name="ch16_gaussian_layer",
    chapter=16,
    signature="gaussian_layer(X, centers, sigma2)",
    section="La arquitectura",
    compared_with="`RBFNetwork.hidden` de mlp_lib",
    reference=gaussian_layer_reference,
    random_case=_gaussian_case,
    edge_cases=(
        Case((_CORNERS, _CORNERS, np.ones(4)), "la tabla XOR del capítulo, σ² = 1"),
        Case((np.array([[50.0, 50.0]]), _CORNERS[:3], np.array([1.0, 0.5, 2.0])),
             "un punto muy lejos de los centros: φ = 0"),
        Case((_CORNERS, np.array([[0.5, 0.5]]), np.array([0.5])), "un solo centro, k = 1"),
    ),
    outputs=("Phi",),
    mistakes=(
        Mistake(lambda X, C, s2: np.exp(-np.sqrt(_r2(X, C)) / (2 * s2)),
                "En el exponente va r² y usaste la distancia r: φ = e^{−r²/(2σ²)}.",
                "Dos funciones de base radial"),
        Mistake(lambda X, C, s2: np.exp(-_r2(X, C) ** 2 / (2 * s2)),
                "Elevaste al cuadrado una distancia que ya estaba al cuadrado: en el exponente "
                "va r² = ‖x − c_j‖², una sola vez.", "Dos funciones de base radial"),
        Mistake(lambda X, C, s2: np.exp(-_r2(X, C) / s2),
                "Falta el 2 del denominador: φ = e^{−r²/(2σ²)}. A distancia r = σ la salida "
                "debe ser e^{−1/2} ≈ 0.6065.", "Dos funciones de base radial"),
        Mistake(lambda X, C, s2: np.exp(_r2(X, C) / (2 * s2)),
                "Falta el signo menos del exponente: la gaussiana vale 1 en el centro y decrece "
                "con la distancia, φ = e^{−r²/(2σ²)}.", "Dos funciones de base radial"),
        Mistake(lambda X, C, s2: np.exp(-_r2(X, C) / (2 * s2**2)),
                "Elevaste σ² al cuadrado: sigma2 ya es la varianza σ_j², así que el "
                "denominador es 2·sigma2.", "Dos funciones de base radial"),
        Mistake(lambda X, C, s2: np.exp(-_r2(X, C) / (2 * s2)).T,
                "Tu Φ está traspuesta: tiene una fila por ejemplo y una columna por centro, "
                "forma (m, k)."),
    ),
    error_hint="las diferencias entre cada ejemplo y cada centro son "
               "`X[:, None, :] - centers[None, :, :]`, de forma (m, k, n): suma sus cuadrados "
               "sobre el último eje (axis=2) y divide entre 2·sigma2, que se alinea con las k "
               "columnas.",
)


EXERCISES: tuple[Exercise, ...] = (
    CORRECTED_BACKPROPAGATE, PRECISION_RECALL_F1, RBF_UPDATE, GAUSSIAN_LAYER,
)
