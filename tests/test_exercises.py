"""The self-checking exercises of :mod:`mlp_lib.exercises`.

For every exercise: the solution of the teacher edition passes, the untouched skeleton gives
«Aún no has escrito…», typical wrong answers get their own diagnosis, and an error inside the
student's code is shown with the student's line and none of the checker's files. The
solutions below are the code of the exercise cells.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from mlp_lib import MLP, exercises
from mlp_lib.exercises.networks import BATCH_CASES, minibatches_reference

pytestmark = pytest.mark.library  # the fast tier: python -m pytest -m library

BOOK = Path(__file__).resolve().parent.parent / "book"


# --------------------------------------------------------------------------- solutions
def perceptron_update(w, b, x, d, eta):
    y = 1 if x @ w + b > 0 else 0
    e = d - y
    return w + eta * e * x, b + eta * e


def xor_network():
    W1 = np.array([[20.0, -20.0],
                   [20.0, -20.0]])
    b1 = np.array([-10.0, 30.0])
    W2 = np.array([[20.0],
                   [20.0]])
    b2 = np.array([-30.0])
    return W1, b1, W2, b2


def linear_gradient(x, y, b, w):
    e = y - (w * x + b)
    return -np.mean(e), -np.mean(e * x)


def logistic_gradient(X, y, b, w):
    y_hat = 1 / (1 + np.exp(-(X @ w + b)))
    m = len(y)
    return np.sum(y_hat - y) / m, X.T @ (y_hat - y) / m


def product_backward(a, b, grad_q):
    return b * grad_q, a * grad_q


def sigmoid_backward(a, grad_q):
    q = 1 / (1 + np.exp(-a))
    return q * (1 - q) * grad_q


def tanh_derivative(z):
    return 1 - np.tanh(z) ** 2


def stable_softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def bce(Y, Y_hat):
    m = Y.shape[0]
    L = -np.sum(Y * np.log(Y_hat) + (1 - Y) * np.log(1 - Y_hat)) / m
    G = (Y_hat - Y) / (Y_hat * (1 - Y_hat)) / m
    return L, G


def forward(X, weights, biases):
    A = X
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        Z = A @ W + b
        A = Z if i == len(weights) - 1 else np.maximum(Z, 0)
    return A


def hidden_delta(delta_next, W_next, Z):
    s = 1 / (1 + np.exp(-Z))
    return (delta_next @ W_next.T) * s * (1 - s)


def weight_gradients(A_prev, delta):
    return A_prev.T @ delta, delta.sum(axis=0)


def update_output_weights(x, y, W1, w5, w6, eta):
    h1, h2 = x @ W1
    Delta = h1 * w5 + h2 * w6 - y
    return w5 - eta * Delta * h1, w6 - eta * Delta * h2


def minibatch_indices(m, B, rng):
    order = rng.permutation(m)
    return [order[start:start + B] for start in range(0, m, B)]


def softmax_gradient(Z, c):
    m = Z.shape[0]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    P = E / E.sum(axis=1, keepdims=True)
    T = np.zeros_like(P)
    T[np.arange(m), c] = 1
    return (P - T) / m


def corrected_backpropagate(x, y, y_hat, w1, w2, h, a):
    delta2 = (y_hat - y) * y_hat * (1 - y_hat) / len(y)
    dw2 = np.column_stack([np.ones(len(h)), h]).T @ delta2
    dh = delta2 @ w2[1:].T
    dw1 = np.column_stack([np.ones(len(x)), x]).T @ (h * (1 - h) * dh)
    return {"w1": w1 - a * dw1, "w2": w2 - a * dw2}


def precision_recall_f1(y_true, y_pred):
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    precision = tp / (tp + fp) if tp + fp > 0 else 0.0
    recall = tp / (tp + fn) if tp + fn > 0 else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn > 0 else 0.0
    return precision, recall, f1


def rbf_output_update(phi, y, w, b, alpha):
    e = y - (phi @ w + b)
    return w + alpha / 2 * e * phi, b + alpha / 2 * e


def gaussian_layer(X, centers, sigma2):
    diff = X[:, None, :] - centers[None, :, :]
    r2 = (diff**2).sum(axis=2)
    return np.exp(-r2 / (2 * sigma2))


SOLUTIONS = {
    "ch02_perceptron_update": perceptron_update,
    "ch03_xor_weights": xor_network,
    "ch04_linear_gradient": linear_gradient,
    "ch05_logistic_gradient": logistic_gradient,
    "ch06_product_backward": product_backward,
    "ch06_sigmoid_backward": sigmoid_backward,
    "ch07_tanh_derivative": tanh_derivative,
    "ch07_stable_softmax": stable_softmax,
    "ch08_bce": bce,
    "ch09_forward": forward,
    "ch10_hidden_delta": hidden_delta,
    "ch10_weight_gradients": weight_gradients,
    "ch11_output_update": update_output_weights,
    "ch12_minibatches": minibatch_indices,
    "ch13_softmax_gradient": softmax_gradient,
    "ch14_backpropagate": corrected_backpropagate,
    "ch15_precision_recall_f1": precision_recall_f1,
    "ch16_rbf_output_update": rbf_output_update,
    "ch16_gaussian_layer": gaussian_layer,
}


def skeleton(*args):
    """The student edition's body: nbgrader's stub."""
    # TU CÓDIGO AQUÍ
    raise NotImplementedError


def text(result) -> str:
    """The message on one line, to look for words that the wrapping may split."""
    return " ".join(result.message.split())


# ------------------------------------------------------------- typical wrong answers
def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _xnor_network():  # the chapter's network, copied instead of designing XOR
    W1 = np.array([[20.0, -20.0], [20.0, -20.0]])
    return W1, np.array([-30.0, 10.0]), np.array([[20.0], [20.0]]), np.array([-10.0])


def _xor_with_vector_w2():
    W1, b1, _, b2 = xor_network()
    return W1, b1, np.array([20.0, 20.0]), b2


def _xor_with_ties():
    W1 = np.array([[1.0, -1.0], [1.0, -1.0]])
    return W1, np.array([-1.0, 2.0]), np.array([[1.0], [1.0]]), np.array([-1.5])


def _batches_dropping_the_rest(m, B, rng):
    order = rng.permutation(m)
    return [order[start:start + B] for start in range(0, m - B + 1, B)]


def _batches_with_replacement(m, B, rng):
    return [rng.integers(0, m, min(B, m - start)) for start in range(0, m, B)]


def _batches_in_order(m, B, rng):
    return [np.arange(start, min(start + B, m)) for start in range(0, m, B)]


def _batches_with_global_state(m, B, rng):
    order = np.random.permutation(m)  # noqa: NPY002  (the mistake under test)
    return [order[start:start + B] for start in range(0, m, B)]


def _naive_softmax_gradient(Z, c):
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    return (P - np.eye(Z.shape[1])[c]) / len(Z)


def _slide_backpropagate(x, y, y_hat, w1, w2, h, a):  # the R program, ported as it is
    dw2 = 2 * np.column_stack([np.ones(len(h)), h]).T @ (y_hat * (1 - y_hat) * (y_hat - y))
    dh = (y_hat - y) @ w2[1:].T
    dw1 = np.column_stack([np.ones(len(x)), x]).T @ (h * (1 - h) * dh)
    return {"w1": w1 - a * dw1, "w2": w2 - a * dw2}


def _backpropagate_without_output_slope(x, y, y_hat, w1, w2, h, a):
    delta2 = (y_hat - y) * y_hat * (1 - y_hat) / len(y)
    dw2 = np.column_stack([np.ones(len(h)), h]).T @ delta2
    dh = (y_hat - y) / len(y) @ w2[1:].T
    dw1 = np.column_stack([np.ones(len(x)), x]).T @ (h * (1 - h) * dh)
    return {"w1": w1 - a * dw1, "w2": w2 - a * dw2}


def _update_with_the_slides_errata(x, y, W1, w5, w6, eta):  # dC/dw5 = Delta h2
    h1, h2 = x @ W1
    Delta = h1 * w5 + h2 * w6 - y
    return w5 - eta * Delta * h2, w6 - eta * Delta * h1


def _metrics_nan(y_true, y_pred):
    tp = np.sum((y_true == 1) & (y_pred == 1))
    fp = np.sum((y_true == 0) & (y_pred == 1))
    fn = np.sum((y_true == 1) & (y_pred == 0))
    return tp / (tp + fp), tp / (tp + fn), 2 * tp / (2 * tp + fp + fn)


def _metrics_swapped(y_true, y_pred):
    precision, recall, f1 = precision_recall_f1(y_true, y_pred)
    return recall, precision, f1


def _metrics_arithmetic_f1(y_true, y_pred):
    precision, recall, _ = precision_recall_f1(y_true, y_pred)
    return precision, recall, (precision + recall) / 2


#: Per exercise: (student's function, words its diagnosis must contain).
WRONG = {
    "ch02_perceptron_update": [
        (lambda w, b, x, d, eta: (w - eta * (d - (x @ w + b > 0)) * x,
                                  b - eta * (d - (x @ w + b > 0))), "signo cambiado"),
        (lambda w, b, x, d, eta: (w + eta * (d - (x @ w + b > 0)) * x, b),
         "el sesgo no cambió"),
        (lambda w, b, x, d, eta: (w + eta * (d - (x @ w + b >= 0)) * x,
                                  b + eta * (d - (x @ w + b >= 0))), "Con z = 0"),
    ],
    "ch03_xor_weights": [
        (_xnor_network, "Tu red calcula XNOR, no XOR"),
        (_xor_with_vector_w2, "W2 debe tener forma (2, 1)"),
        (_xor_with_ties, "vale exactamente 0"),
    ],
    "ch04_linear_gradient": [
        (lambda x, y, b, w: (np.mean(y - w * x - b), np.mean((y - w * x - b) * x)),
         "El signo está cambiado"),
        (lambda x, y, b, w: (-np.sum(y - w * x - b), -np.sum((y - w * x - b) * x)),
         "Falta dividir entre m"),
        (lambda x, y, b, w: (-2 * np.mean(y - w * x - b), -2 * np.mean((y - w * x - b) * x)),
         "es el doble"),
    ],
    "ch05_logistic_gradient": [
        (lambda X, y, b, w: (np.mean(y - _sigmoid(X @ w + b)),
                             X.T @ (y - _sigmoid(X @ w + b)) / len(y)), "signo está cambiado"),
        (lambda X, y, b, w: X.T @ (_sigmoid(X @ w + b) - y) / len(y), "debe devolver 2 valores"),
        (lambda X, y, b, w: (np.mean((_sigmoid(X @ w + b) - y) * _sigmoid(X @ w + b)
                                     * (1 - _sigmoid(X @ w + b))),
                             X.T @ ((_sigmoid(X @ w + b) - y) * _sigmoid(X @ w + b)
                                    * (1 - _sigmoid(X @ w + b))) / len(y)),
         "Sobra el factor ŷ(1 − ŷ)"),
    ],
    "ch06_product_backward": [
        (lambda a, b, g: (a * g, b * g), "Falta intercambiar"),
        (lambda a, b, g: (b, a), "Olvidaste el gradiente que llega"),
    ],
    "ch06_sigmoid_backward": [
        (lambda a, g: _sigmoid(a) * g, "no su derivada"),
        (lambda a, g: a * (1 - a) * g, "no con su entrada a"),
    ],
    "ch07_tanh_derivative": [
        (lambda z: 1 - np.tanh(z), "Falta elevar al cuadrado"),
        (lambda z: 1 - z**2, "Usaste 1 − z²"),
        (lambda z: 1 - ((np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))) ** 2,
         "NaN o infinito"),
    ],
    "ch07_stable_softmax": [
        (lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True), "da NaN"),
        (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1, keepdims=True),
         "máximo de toda la matriz"),
        (lambda Z: stable_softmax(Z.T).T, "Normalizaste por columnas"),
    ],
    "ch08_bce": [
        (lambda Y, P: (bce(Y, P)[0], -bce(Y, P)[1]), "signo cambiado"),
        (lambda Y, P: (bce(Y, P)[0], (P - Y) / len(Y)), "falta dividir entre ŷ(1 − ŷ)"),
        (lambda Y, P: (bce(Y, P)[0] * len(Y), bce(Y, P)[1] * len(Y)),
         "Sumaste los ejemplos en lugar de promediarlos"),
    ],
    "ch09_forward": [
        (lambda X, Ws, bs: forward(X, Ws, [0 * b for b in bs]), "Olvidaste sumar los sesgos"),
        (lambda X, Ws, bs: np.maximum(forward(X, Ws, bs), 0), "ReLU también en la capa de salida"),
    ],
    "ch10_hidden_delta": [
        (lambda d, W, Z: d @ W.T, "Olvidaste multiplicar por σ′(Z)"),
        (lambda d, W, Z: d.sum(axis=1, keepdims=True) * _sigmoid(Z) * (1 - _sigmoid(Z)),
         "sin ponderarlas por los pesos"),
        (lambda d, W, Z: hidden_delta(d, W, Z) / len(Z), "Dividiste otra vez entre m"),
    ],
    "ch10_weight_gradients": [
        (lambda A, d: (d.T @ A, d.sum(axis=0)), "dW está traspuesto"),
        (lambda A, d: (A.T @ d / len(d), d.sum(axis=0) / len(d)), "ya lleva el 1/m"),
        (lambda A, d: (A.T @ d, d.mean(axis=0)), "no su promedio"),
    ],
    "ch11_output_update": [
        (_update_with_the_slides_errata, "como la errata de la diapositiva"),
        (lambda x, y, W1, w5, w6, eta: (w5 + eta * ((x @ W1) @ [w5, w6] - y) * (x @ W1)[0],
                                        w6 + eta * ((x @ W1) @ [w5, w6] - y) * (x @ W1)[1]),
         "en lugar de restarlo"),
    ],
    "ch12_minibatches": [
        (_batches_dropping_the_rest, "descartaste el último lote"),
        (_batches_with_replacement, "¿Sorteaste con reemplazo"),
        (_batches_in_order, "no barajaste"),
        (_batches_with_global_state, "estado global de numpy"),
    ],
    "ch13_softmax_gradient": [
        (lambda Z, c: softmax_gradient(Z, c) * len(Z), "Falta dividir entre m"),
        (lambda Z, c: -softmax_gradient(Z, c), "El signo está cambiado"),
        (_naive_softmax_gradient, "tu softmax da NaN"),
    ],
    "ch14_backpropagate": [
        (_slide_backpropagate, "original de la diapositiva"),
        (_backpropagate_without_output_slope, "dh no lleva el factor ŷ(1 − ŷ)"),
    ],
    "ch15_precision_recall_f1": [
        (_metrics_nan, "zero_division=0"),
        (_metrics_swapped, "Intercambiaste precisión y exhaustividad"),
        (_metrics_arithmetic_f1, "media aritmética"),
    ],
    "ch16_rbf_output_update": [
        (lambda phi, y, w, b, alpha: (w + alpha * (y - phi @ w - b) * phi,
                                      b + alpha * (y - phi @ w - b)), "en lugar de α/2"),
        (lambda phi, y, w, b, alpha: (w + alpha / 2 * (y - phi @ w - b) * phi, b),
         "falta actualizar el sesgo"),
    ],
    "ch16_gaussian_layer": [
        (lambda X, C, s2: gaussian_layer(X, C, s2).T, "Φ está traspuesta"),
        (lambda X, C, s2: np.exp(-((X[:, None] - C[None]) ** 2).sum(2) / s2),
         "Falta el 2 del denominador"),
    ],
}

NAMES = list(exercises.EXERCISES)


# ------------------------------------------------------------------------------- tests
def test_at_least_16_exercises_in_10_chapters():
    chapters = {ex.chapter for ex in exercises.EXERCISES.values()}
    assert len(exercises.EXERCISES) >= 16 and len(chapters) >= 10
    for name, ex in exercises.EXERCISES.items():
        assert name == ex.name and name.startswith(f"ch{ex.chapter:02d}_")
    assert set(SOLUTIONS) == set(NAMES) == set(WRONG)


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes(name):
    result = exercises.evaluate(name, SOLUTIONS[name])
    assert (result.passed, result.status) == (True, "correct"), result.message
    assert result.message.startswith("✔ Correcto:")
    assert str(result) == result.message


@pytest.mark.parametrize("name", NAMES)
def test_solution_passes_with_other_seeds(name):
    for seed in (1, 2):
        assert exercises.evaluate(name, SOLUTIONS[name], seed=seed).passed


@pytest.mark.parametrize("name", NAMES)
def test_untouched_skeleton_is_not_started(name):
    result = exercises.evaluate(name, skeleton)
    assert (result.passed, result.status) == (False, "not_started")
    assert result.message.startswith("Aún no has escrito")
    assert "Traceback" not in result.message


@pytest.mark.parametrize("name, index", [(n, i) for n in NAMES for i in range(len(WRONG[n]))])
def test_typical_wrong_answer_gets_its_diagnosis(name, index):
    fn, words = WRONG[name][index]
    result = exercises.evaluate(name, fn)
    assert result.status in ("wrong", "error") and not result.passed
    assert result.status == "wrong", result.message
    assert words in text(result), result.message
    assert "Pista: repasa la sección «" in text(result)


@pytest.mark.parametrize("name", NAMES)
def test_every_known_mistake_reaches_its_own_diagnosis(name):
    """No mistake equals the reference, and none is hidden behind an earlier one."""
    exercise = exercises.EXERCISES[name]
    for mistake in exercise.mistakes:
        result = exercises.evaluate(name, mistake.wrong)
        assert result.status == "wrong", (mistake.message, result.message)
        assert " ".join(mistake.message.split()) in text(result)


@pytest.mark.parametrize("name", NAMES)
def test_error_in_the_students_code_is_shown_as_theirs(name):
    def crash(*args):
        ratio = 1 / 0
        return ratio

    result = exercises.evaluate(name, crash)
    assert (result.passed, result.status) == (False, "error")
    assert result.message.startswith("✘ Tu función lanzó un error: ZeroDivisionError")
    assert "ratio = 1 / 0" in result.message and "`crash`" in result.message
    assert "test_exercises.py" in result.message
    for checker_file in ("checking.py", "mlp_lib", "Traceback"):
        assert checker_file not in result.message


def test_returning_none_is_not_started():
    def hidden_delta(delta_next, W_next, Z):
        delta = (delta_next @ W_next.T) * Z  # noqa: F841  (forgot the return)

    result = exercises.evaluate("ch10_hidden_delta", hidden_delta)
    assert result.status == "not_started" and "devuelve None" in text(result)
    assert result.message.startswith("Aún no has escrito")


def test_check_prints_only_the_message(capsys):
    assert exercises.check("ch10_hidden_delta", hidden_delta) is None
    out = capsys.readouterr().out
    assert out == exercises.evaluate("ch10_hidden_delta", hidden_delta).message + "\n"


def test_messages_are_deterministic():
    wrong = WRONG["ch10_hidden_delta"][0][0]
    for fn in (hidden_delta, wrong, lambda d, W, Z: hidden_delta(d, W, Z) + 1e-3):
        first = exercises.evaluate("ch10_hidden_delta", fn).message
        assert exercises.evaluate("ch10_hidden_delta", fn).message == first


def test_fallback_names_the_entry_that_differs():
    result = exercises.evaluate("ch10_hidden_delta",
                                lambda d, W, Z: hidden_delta(d, W, Z) + 1e-3)
    assert re.search(r"delta\[0, 0\] vale -?\d.* y debería valer .*\(diferencia 0\.001\)",
                     text(result)), result.message


def test_fallback_gives_the_shapes():
    result = exercises.evaluate("ch05_logistic_gradient",
                                lambda X, y, b, w: (logistic_gradient(X, y, b, w)[0],
                                                    logistic_gradient(X, y, b, w)[1][:, None]))
    assert "g_w tiene forma (3, 1) y debería tener forma (3,)" in text(result)
    result = exercises.evaluate("ch10_hidden_delta", lambda d, W, Z: hidden_delta(d, W, Z).T)
    assert "forma traspuesta" in text(result)


def test_fallback_says_when_only_an_edge_case_fails():
    def softmax_with_clipping(Z):
        E = np.exp(np.clip(Z, -700, 700))
        return E / E.sum(axis=1, keepdims=True)

    result = exercises.evaluate("ch07_stable_softmax", softmax_with_clipping)
    assert ("Funciona en los 20 casos aleatorios, pero no en el caso borde «puntuaciones "
            "grandes, cerca de 1000». En ese caso, P[0, 0] vale 0.3333 y debería valer "
            "0.09003") in text(result), result.message


def test_shape_errors_get_the_exercises_hint():
    def hidden_delta_without_transpose(delta_next, W_next, Z):
        s = 1 / (1 + np.exp(-Z))
        return (delta_next @ W_next) * s * (1 - s)

    result = exercises.evaluate("ch10_hidden_delta", hidden_delta_without_transpose)
    assert result.status == "error" and "delta_next @ W_next.T" in text(result)
    assert "return (delta_next @ W_next) * s * (1 - s)" in result.message


def test_never_raises_on_odd_answers():
    odd = [lambda *a: "texto", lambda *a: {"a": 1}, lambda *a: [np.zeros(2), np.zeros(3)],
           lambda *a: object(), print]
    for name in NAMES:
        for fn in odd:
            result = exercises.evaluate(name, fn)
            assert result.status in ("wrong", "error", "not_started"), result.message
            assert "El comprobador falló" not in result.message, (name, result.message)
    assert exercises.evaluate("ch10_hidden_delta", 3.0).status == "error"
    assert "No conozco el ejercicio" in exercises.evaluate("ch99_nada", hidden_delta).message


def test_students_arguments_are_copies():
    def mutating(w, b, x, d, eta):
        w += 1000.0  # changes the caller's array in place
        return perceptron_update(w - 1000.0, b, x, d, eta)

    assert exercises.evaluate("ch02_perceptron_update", mutating).passed


def test_minibatch_reference_is_what_fit_does():
    for m, B in BATCH_CASES:
        batches = minibatches_reference(m, B, np.random.default_rng(0))
        history = MLP((1, 1), seed=0).fit(np.zeros((m, 1)), np.zeros(m), epochs=1, batch_size=B)
        assert len(batches) == history.n_updates
        assert np.array_equal(np.sort(np.concatenate(batches)), np.arange(m))


def _headings(chapter: int) -> set[str]:
    notebook = next(BOOK.glob(f"{chapter:02d}_*.ipynb"))
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    lines = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    return {line.lstrip("#").strip().replace("$", "") for line in lines.splitlines()
            if line.startswith("#")}


@pytest.mark.parametrize("name", NAMES)
def test_hints_name_sections_of_the_chapter(name):
    exercise = exercises.EXERCISES[name]
    headings = _headings(exercise.chapter)
    for section in [exercise.section] + [m.section for m in exercise.mistakes if m.section]:
        assert section in headings, (name, section)


def test_spanish_of_the_messages():
    texts = []
    for ex in exercises.EXERCISES.values():
        texts += [ex.error_hint, ex.nonfinite_hint] + [c.note for c in ex.edge_cases]
        texts += [m.message for m in ex.mistakes]
    for word in ("coste", "reportar", "ordenador", "vosotros", "fichero"):
        assert not any(word in t for t in texts), word
