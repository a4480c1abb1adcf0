"""Exercises of part I of the book, *Fundamentos* (chapters 2 to 8).

Each exercise is one block: the reference (computed with ``mlp_lib``), a random case, the
edge cases, the usual mistakes with their diagnosis, and the :class:`Exercise` that ties
them together. See :mod:`mlp_lib.exercises` for how to add one.
"""

from __future__ import annotations

import numpy as np

from .. import (
    MLP,
    LinearRegressionGD,
    LogisticRegressionGD,
    Perceptron,
    activations,
    datasets,
    graph,
    least_squares,
    losses,
)
from .checking import (
    Case,
    Exercise,
    Mistake,
    Result,
    Student,
    as_outputs,
    correct,
    shape_text,
    wrong,
)

sigmoid = activations.sigmoid


# ----------------------------------------------------------- ch02: the perceptron rule
def perceptron_update_reference(w, b, x, y, eta):
    """One pattern presented to :class:`Perceptron` (``fit`` for one epoch)."""
    p = Perceptron(n_inputs=len(w), lr=eta, weights=w, bias=b)
    p.fit(np.atleast_2d(x), [y], epochs=1)
    return p.weights, p.bias


def _perceptron_case(rng):
    n = int(rng.integers(2, 5))
    x = rng.integers(0, 2, n).astype(float) if rng.random() < 0.5 else rng.normal(size=n)
    return (rng.normal(size=n), float(rng.normal()), x, int(rng.integers(0, 2)),
            float(rng.choice([0.1, 0.25, 0.5])))


def _error(w, b, x, y):
    """e = y - ŷ, with the output ŷ = 1 only if z > 0."""
    return y - int(x @ w + b > 0)


PERCEPTRON_UPDATE = Exercise(
    name="ch02_perceptron_update",
    chapter=2,
    signature="perceptron_update(w, b, x, y, eta)",
    section="El algoritmo de entrenamiento",
    compared_with="`Perceptron.fit` de mlp_lib",
    reference=perceptron_update_reference,
    random_case=_perceptron_case,
    edge_cases=(
        Case((np.array([0.5, 0.5]), -0.5, np.array([0.0, 1.0]), 1, 0.5),
             "z = 0 exactamente, como el patrón (0, 1) del ejemplo OR"),
        Case((np.array([0.2, -0.1]), 0.3, np.array([1.0, 1.0]), 0, 0.5),
             "e = −1, el patrón (1, 1) del ejercicio NAND"),
        Case((np.array([1.0, 1.0]), -0.5, np.array([1.0, 0.0]), 1, 0.5),
             "un patrón bien clasificado: nada cambia"),
    ),
    outputs=("w", "b"),
    mistakes=(
        Mistake(lambda w, b, x, y, eta: (w, b),
                "Tu función devuelve los pesos y el sesgo sin cambios: si el patrón está mal "
                "clasificado (e ≠ 0), hay que corregirlos con Δw_j = η·e·x_j y Δb = η·e."),
        Mistake(lambda w, b, x, y, eta: (w - eta * _error(w, b, x, y) * x,
                                         b - eta * _error(w, b, x, y)),
                "La corrección tiene el signo cambiado: el error es e = y − ŷ (salida deseada "
                "menos salida de la neurona) y la regla suma: w_j ← w_j + η·e·x_j, b ← b + η·e."),
        Mistake(lambda w, b, x, y, eta: (w + eta * _error(w, b, x, y),
                                         b + eta * _error(w, b, x, y)),
                "Corriges todos los pesos por igual: falta multiplicar por la entrada x_j. "
                "La corrección es Δw_j = η·e·x_j, así que el peso de una entrada nula no "
                "cambia.", "La función OR paso a paso"),
        Mistake(lambda w, b, x, y, eta: (w + eta * _error(w, b, x, y) * x, b),
                "Los pesos están bien, pero el sesgo no cambió: el sesgo es el peso de una "
                "entrada constante igual a 1, así que también se corrige, con Δb = η·e."),
        Mistake(lambda w, b, x, y, eta: (w + eta * (y - int(x @ w + b >= 0)) * x,
                                         b + eta * (y - int(x @ w + b >= 0))),
                "Con z = 0 tu perceptrón responde 1. En el libro la salida es 1 solo si z > 0; "
                "con z = 0 es 0, como en el ejemplo OR.", "El modelo"),
        Mistake(lambda w, b, x, y, eta: (w + _error(w, b, x, y) * x,
                                         b + _error(w, b, x, y)),
                "Falta la tasa de aprendizaje: la corrección es η·e·x_j, no e·x_j."),
        Mistake(lambda w, b, x, y, eta: (w + eta * (y - (x @ w + b)) * x,
                                         b + eta * (y - (x @ w + b))),
                "Calculaste el error con la entrada neta z en lugar de la salida ŷ = 1(z > 0): "
                "e = y − z es la regla delta de Widrow y Hoff, no la del perceptrón."),
    ),
)


# -------------------------------------------------------- ch03: XOR with a hidden layer
_XOR_SHAPES = {"W1": (2, 2), "b1": (2,), "W2": (2, 1), "b2": (1,)}
_FUNCTIONS = {tuple(datasets.logic_gate(g)[1]): g.upper() for g in datasets.GATES}
_FUNCTIONS.update({(0, 0, 0, 0): "la constante 0", (1, 1, 1, 1): "la constante 1",
                   (0, 0, 1, 1): "x1", (0, 1, 0, 1): "x2", (1, 1, 0, 0): "NOT x1",
                   (1, 0, 1, 0): "NOT x2"})
_PATTERNS = ("(0,\xa00)", "(0,\xa01)", "(1,\xa00)", "(1,\xa01)")  # \xa0: no line break


def _table_text(column) -> str:
    """A truth table as ``(0, 1, 1, 0)``, kept on one line by the message wrapper."""
    return "(" + ",\xa0".join(str(int(v)) for v in column) + ")"


def _function_name(column) -> str:
    """Name of the logic function whose truth table is ``column`` (0/1 on the 4 patterns)."""
    table = tuple(int(v) for v in column)
    return _FUNCTIONS.get(table, f"la tabla {_table_text(table)}")


def _xor_shape_message(name: str, got: tuple, expected: tuple) -> str:
    yours = "es un número" if got == () else f"tiene forma {shape_text(got)}"
    text = f"{name} debe tener forma {shape_text(expected)} y {yours}."
    if name == "W2" and got == (2,):
        text += " Escríbela como matriz columna, np.array([[w1], [w2]]): una fila por neurona "
        text += "oculta y una columna por salida."
    elif name == "W2" and got == (1, 2):
        text += " Es la traspuesta: en el libro cada fila de W es una entrada de la capa."
    elif name.startswith("b") and got == ():
        text += f" Escríbelo como vector, por ejemplo np.array({[-10.0] * expected[0]})."
    return text


def _step_network(W1, b1, W2, b2):
    """Outputs, hidden activations and net inputs of the 2-2-1 step network on the 4 patterns."""
    net = MLP.from_weights([W1, W2], [b1, b2], activation="step", output_activation="step")
    out, cache = net.forward(datasets.logic_gate("xor")[0])
    return out[:, 0], cache.A[1], cache.Z


def judge_xor_network(exercise: Exercise, student: Student, seed: int) -> Result:
    """Build the student's network with :meth:`MLP.from_weights` and read its truth table."""
    parts = as_outputs(student((), "tu red"), exercise)
    if isinstance(parts, str):
        return wrong(exercise, parts)
    for name, array in zip(exercise.outputs, parts, strict=True):
        if array.shape != _XOR_SHAPES[name]:
            return wrong(exercise, _xor_shape_message(name, array.shape, _XOR_SHAPES[name]))
        if not np.all(np.isfinite(array)):
            return wrong(exercise, f"{name} tiene valores NaN o infinitos.")
    W1, b1, W2, b2 = parts
    out, hidden, Z = _step_network(W1, b1, W2, b2)
    neurons = ("oculta h1", "oculta h2", "de salida")
    for layer, columns in ((1, (0, 1)), (2, (0,))):
        for j in columns:
            ties = np.flatnonzero(Z[layer][:, j] == 0)
            if ties.size:
                return wrong(exercise, (
                    f"La entrada neta de la neurona {neurons[j if layer == 1 else 2]} vale "
                    f"exactamente 0 en el patrón {_PATTERNS[ties[0]]}: ahí el escalón vale 0 "
                    "por convención, y la red dependería de ese empate. Elige pesos y sesgos "
                    "que no empaten, como los del capítulo (pesos ±20 y sesgos −10 o 30)."))
    gates = f"h1 = {_function_name(hidden[:, 0])} y h2 = {_function_name(hidden[:, 1])}"
    target = datasets.logic_gate("xor")[1]
    if np.array_equal(out, target):
        return correct(exercise, (
            "tu red 2-2-1 calcula XOR en los 4 patrones, sin ninguna entrada neta en z = 0 "
            "(armada con `MLP.from_weights` de mlp_lib y activación escalón). Tus neuronas "
            f"ocultas calculan {gates}."))
    name = _function_name(out)
    text = ("Tu red no calcula XOR" if name.startswith("la tabla")
            else f"Tu red calcula {name}, no XOR")
    text += (f": para los patrones {', '.join(_PATTERNS)} da {_table_text(out)}, y XOR es "
             f"{_table_text(target)}. Tus neuronas ocultas calculan {gates}.")
    transposed, _, Z_t = _step_network(W1.T, b1, W2, b2)
    if np.array_equal(transposed, target) and all(np.all(z != 0) for z in Z_t[1:]):
        text += (" Con W1 traspuesta sí sería XOR: en el libro W1[i, j] es el peso que va de "
                 "la entrada i a la neurona j (una fila por entrada).")
    return wrong(exercise, text)


XOR_NETWORK = Exercise(
    name="ch03_xor_weights",
    chapter=3,
    signature="xor_network()",
    section="Una capa oculta resuelve XNOR",
    compared_with="`MLP.from_weights` de mlp_lib",
    outputs=("W1", "b1", "W2", "b2"),
    judge=judge_xor_network,
)


# ------------------------------------------------- ch04: gradient of linear regression
def linear_gradient_reference(x, y, b, w):
    """``LinearRegressionGD.gradient``: the loss (1/2m) Σ (y_k − ŷ_k)²."""
    g_b, g_w = LinearRegressionGD(w0=b, w=[w]).gradient(np.reshape(x, (-1, 1)), y)
    return g_b, g_w[0]


def _linear_case(rng):
    m = int(rng.integers(3, 30))
    x = rng.normal(1.0, 0.5, m)
    return x, 0.5 * x + rng.normal(0.0, 0.1, m), float(rng.uniform(-1, 1)), float(
        rng.uniform(-1, 1))


def _chapter_regression_data():
    x, y = datasets.regression_data(seed=0)
    return x.astype(float), y.astype(float)


def _errors(x, y, b, w):
    return y - (w * x + b)


_X_REG, _Y_REG = _chapter_regression_data()
_B_LS, (_W_LS,) = least_squares(_X_REG[:, None], _Y_REG)

LINEAR_GRADIENT = Exercise(
    name="ch04_linear_gradient",
    chapter=4,
    signature="linear_gradient(x, y, b, w)",
    section="El gradiente",
    compared_with="`LinearRegressionGD.gradient` de mlp_lib",
    reference=linear_gradient_reference,
    random_case=_linear_case,
    edge_cases=(
        Case((_X_REG, _Y_REG, 0.2, 0.1), "los datos del capítulo en (b, w) = (0.2, 0.1)"),
        Case((_X_REG, _Y_REG, _B_LS, _W_LS), "el mínimo de mínimos cuadrados, gradiente 0"),
        Case((np.array([2.0]), np.array([1.0]), 0.5, -0.25), "un solo ejemplo"),
    ),
    outputs=("g_b", "g_w"),
    mistakes=(
        Mistake(lambda x, y, b, w: (np.mean(_errors(x, y, b, w)),
                                    np.mean(_errors(x, y, b, w) * x)),
                "El signo está cambiado: ∂L/∂b = −(1/m) Σ e_k y ∂L/∂w = −(1/m) Σ e_k·x_k, "
                "con e_k = y_k − ŷ_k. Con tu signo, el descenso de gradiente subiría por la "
                "superficie de costo en lugar de bajar."),
        Mistake(lambda x, y, b, w: (-np.sum(_errors(x, y, b, w)),
                                    -np.sum(_errors(x, y, b, w) * x)),
                "Falta dividir entre m: el costo es un promedio, (1/2m) Σ (y_k − ŷ_k)², y su "
                "gradiente también."),
        Mistake(lambda x, y, b, w: (-2 * np.mean(_errors(x, y, b, w)),
                                    -2 * np.mean(_errors(x, y, b, w) * x)),
                "Tu gradiente es el doble del correcto: es el del error cuadrático medio "
                "(1/m) Σ e_k², no el de L = (1/2m) Σ e_k². El ½ se cancela con el 2 que sale "
                "al derivar el cuadrado.", "El modelo y el costo"),
        Mistake(lambda x, y, b, w: (-np.mean(_errors(x, y, b, w)),
                                    -np.mean(_errors(x, y, b, w))),
                "En ∂L/∂w falta multiplicar cada error por su x_k: ∂ŷ_k/∂w = x_k, así que "
                "∂L/∂w = −(1/m) Σ e_k·x_k."),
        Mistake(lambda x, y, b, w: (-np.mean(_errors(x, y, b, w) * x),
                                    -np.mean(_errors(x, y, b, w))),
                "Devolviste los dos valores al revés: primero ∂L/∂b y después ∂L/∂w."),
        Mistake(lambda x, y, b, w: (-np.mean(y - w * x), -np.mean((y - w * x) * x)),
                "Tus predicciones no incluyen el sesgo: ŷ_k = w·x_k + b.",
                "El modelo y el costo"),
    ),
)


# --------------------------------------------- ch05: gradient of logistic regression
def logistic_gradient_reference(X, y, b, w):
    """``LogisticRegressionGD.gradient``: the mean binary cross-entropy."""
    return LogisticRegressionGD(w0=b, w=w).gradient(X, y)


def _logistic_case(rng):
    m, n = int(rng.integers(4, 30)), int(rng.integers(1, 5))
    return (rng.normal(size=(m, n)), rng.integers(0, 2, m), float(rng.normal()),
            rng.normal(size=n))


def _residual(X, y, b, w):
    return sigmoid(X @ w + b) - y


def _gradient_from(r, X):
    """(mean of r, X^T r / m) for per-example derivatives r with respect to z."""
    return np.mean(r), X.T @ r / len(r)


_SATURATED_X = np.array([[2.0, -1.0], [-1.5, 0.5], [1.0, 1.0], [-2.0, -0.5]])

LOGISTIC_GRADIENT = Exercise(
    name="ch05_logistic_gradient",
    chapter=5,
    signature="logistic_gradient(X, y, b, w)",
    section="El gradiente",
    compared_with="`LogisticRegressionGD.gradient` de mlp_lib",
    reference=logistic_gradient_reference,
    random_case=_logistic_case,
    edge_cases=(
        Case((np.array([[1.0, 2.0]]), np.array([1]), 0.1, np.array([0.5, -0.25])),
             "el ejercicio a mano del capítulo, un solo ejemplo"),
        Case((_SATURATED_X, np.array([1, 1, 0, 0]), 0.0, np.array([15.0, 10.0])),
             "sigmoide saturada, |z| de hasta 35"),
    ),
    outputs=("g_b", "g_w"),
    mistakes=(
        Mistake(lambda X, y, b, w: _gradient_from(-_residual(X, y, b, w), X),
                "El signo está cambiado: el gradiente es (1/m) Σ (ŷ_k − y_k)·x_k, predicción "
                "menos objetivo (o (y − ŷ)·(−x), como escribe la diapositiva)."),
        Mistake(lambda X, y, b, w: (np.sum(_residual(X, y, b, w)),
                                    X.T @ _residual(X, y, b, w)),
                "Falta dividir entre m: la entropía cruzada del libro es el promedio de los "
                "costos de los m ejemplos."),
        Mistake(lambda X, y, b, w: _gradient_from(
                    _residual(X, y, b, w) * sigmoid(X @ w + b) * (1 - sigmoid(X @ w + b)), X),
                "Sobra el factor ŷ(1 − ŷ): con la entropía cruzada se cancela con el "
                "denominador de ∂ℓ/∂ŷ y queda ∂ℓ/∂z = ŷ − y. Ese factor es el del error "
                "cuadrático, el que produce las mesetas."),
        Mistake(lambda X, y, b, w: _gradient_from(X @ w + b - y, X),
                "Usaste la entrada neta z en lugar de la probabilidad ŷ = σ(z): falta la "
                "sigmoide.", "El modelo"),
        Mistake(lambda X, y, b, w: _gradient_from(_residual(X, y, b, w), X)[::-1],
                "Devolviste los dos valores al revés: primero ∂L/∂b (un número) y después "
                "∂L/∂w (un vector)."),
        Mistake(lambda X, y, b, w: _gradient_from(sigmoid(X @ w) - y, X),
                "Tus probabilidades no incluyen el sesgo: ŷ = σ(x·w + b).", "El modelo"),
    ),
)


# -------------------------------------------------- ch06: backward of a product node
def product_backward_reference(a, b, grad_q):
    """The gradients :meth:`graph.Value.backward` leaves in ``a`` and ``b`` for q = a·b.

    The upstream gradient is injected by multiplying ``q`` by the constant ``grad_q``.
    """
    a_node, b_node = graph.Value(a, "a"), graph.Value(b, "b")
    ((a_node * b_node) * grad_q).backward()
    return a_node.grad, b_node.grad


def _product_case(rng):
    return tuple(float(v) for v in rng.uniform(-3, 3, 3))


PRODUCT_BACKWARD = Exercise(
    name="ch06_product_backward",
    chapter=6,
    signature="product_backward(a, b, grad_q)",
    section="Las reglas locales de cada nodo",
    compared_with="`Value.backward` de mlp_lib",
    reference=product_backward_reference,
    random_case=_product_case,
    edge_cases=(
        Case((3.0, -4.0, 1.0), "el nodo f = q·z de las diapositivas, con q = 3 y z = −4"),
        Case((2.0, -1.5, 0.0), "no llega gradiente, q̄ = 0"),
    ),
    outputs=("grad_a", "grad_b"),
    mistakes=(
        Mistake(lambda a, b, g: (g * a, g * b),
                "Falta intercambiar: cada entrada recibe el valor de la otra entrada por el "
                "gradiente que llega, ā = b·q̄ y b̄ = a·q̄."),
        Mistake(lambda a, b, g: (b, a),
                "Olvidaste el gradiente que llega, q̄: la regla de la cadena multiplica la "
                "derivada local (b para a, a para b) por q̄."),
        Mistake(lambda a, b, g: (g, g),
                "Esa es la regla de la suma, que copia q̄ a las dos entradas. El producto "
                "intercambia: ā = b·q̄ y b̄ = a·q̄."),
    ),
)


# -------------------------------------------------- ch06: backward of a sigmoid node
def sigmoid_backward_reference(a, grad_q):
    """The gradient :meth:`graph.Value.backward` leaves in ``a`` for q = σ(a)."""
    a_node = graph.Value(a, "a")
    (a_node.sigmoid() * grad_q).backward()
    return a_node.grad


def _sigmoid_case(rng):
    return float(rng.uniform(-4, 4)), float(rng.uniform(-2, 2))


def _s(a):
    return float(sigmoid(a))


SIGMOID_BACKWARD = Exercise(
    name="ch06_sigmoid_backward",
    chapter=6,
    signature="sigmoid_backward(a, grad_q)",
    section="Las reglas locales de cada nodo",
    compared_with="`Value.backward` de mlp_lib",
    reference=sigmoid_backward_reference,
    random_case=_sigmoid_case,
    edge_cases=(
        Case((0.0, 1.0), "a = 0, donde σ′ vale 1/4"),
        Case((40.0, 1.0), "sigmoide saturada, a = 40"),
        Case((-40.0, 2.0), "sigmoide saturada, a = −40"),
    ),
    outputs=("grad_a",),
    mistakes=(
        Mistake(lambda a, g: _s(a) * (1 - _s(a)),
                "Olvidaste el gradiente que llega, q̄: ā = q(1 − q)·q̄."),
        Mistake(lambda a, g: _s(a) * g,
                "Multiplicaste por σ(a), que es el valor del nodo, no su derivada: la derivada "
                "local es σ(a)(1 − σ(a))."),
        Mistake(lambda a, g: a * (1 - a) * g,
                "Usaste a(1 − a): la fórmula q(1 − q) va con la salida del nodo, q = σ(a), no "
                "con su entrada a."),
        Mistake(lambda a, g: -_s(a) * (1 - _s(a)) * g,
                "El signo está cambiado: σ es creciente, así que ā tiene el signo de q̄."),
    ),
)


# ----------------------------------------------------- ch07: derivative of tanh
def tanh_derivative_reference(z):
    """``activations.get("tanh").derivative``."""
    return activations.get("tanh").derivative(z)


def _array_case(rng):
    shape = (int(rng.integers(1, 9)),) if rng.random() < 0.5 else tuple(
        int(v) for v in rng.integers(1, 5, 2))
    return (rng.normal(0.0, 2.0, shape),)


TANH_DERIVATIVE = Exercise(
    name="ch07_tanh_derivative",
    chapter=7,
    signature="tanh_derivative(z)",
    section="Sigmoide y tangente hiperbólica",
    compared_with="`activations.get(\"tanh\").derivative` de mlp_lib",
    reference=tanh_derivative_reference,
    random_case=_array_case,
    edge_cases=(
        Case((np.array([0.0]),), "z = 0, donde tanh′ vale 1"),
        Case((np.array([-1000.0, -20.0, 20.0, 1000.0]),), "|z| grande, hasta 1000, sin NaN"),
        Case((np.arange(-6.0, 6.0).reshape(3, 4) / 2,), "una matriz 3×4, elemento a elemento"),
    ),
    outputs=("derivada",),
    mistakes=(
        Mistake(lambda z: 1 - np.tanh(z),
                "Falta elevar al cuadrado: tanh′(z) = 1 − tanh²(z)."),
        Mistake(lambda z: np.tanh(z) ** 2,
                "Es 1 − tanh²(z), no tanh²(z): en z = 0 la derivada vale 1, no 0."),
        Mistake(lambda z: 1 - z**2,
                "Usaste 1 − z²: la fórmula 1 − a² va con la salida a = tanh(z), no con z."),
        Mistake(lambda z: sigmoid(z) * (1 - sigmoid(z)),
                "Esa es la derivada de la sigmoide, σ(z)(1 − σ(z)); la de tanh es "
                "1 − tanh²(z)."),
        Mistake(lambda z: 1 + np.tanh(z) ** 2,
                "El signo está cambiado: tanh′(z) = 1 − tanh²(z), que nunca pasa de 1."),
    ),
    nonfinite_hint="Con |z| grande, e^z desborda a infinito y ∞/∞ da NaN: usa np.tanh, que "
                   "no desborda, y escribe la derivada como 1 − tanh(z)².",
)


# --------------------------------------------------- ch07: a numerically stable softmax
def stable_softmax_reference(Z):
    """``activations.softmax``, row by row."""
    return activations.softmax(Z)


def _logits_case(rng):
    m, q = int(rng.integers(1, 6)), int(rng.integers(2, 6))
    return (rng.normal(0.0, 3.0, (m, q)),)


def _exp_rows(Z):
    return np.exp(Z - Z.max(axis=1, keepdims=True))


STABLE_SOFTMAX = Exercise(
    name="ch07_stable_softmax",
    chapter=7,
    signature="stable_softmax(Z)",
    section="Estabilidad numérica: restar el máximo",
    compared_with="`activations.softmax` de mlp_lib",
    reference=stable_softmax_reference,
    random_case=_logits_case,
    edge_cases=(
        Case((np.array([[1000.0, 1001.0, 1002.0]]),), "puntuaciones grandes, cerca de 1000"),
        Case((np.array([[-1000.0, -1001.0, -1002.0]]),), "puntuaciones cerca de −1000"),
        Case((np.array([[1000.0, 999.0, 998.0], [-3.0, 0.0, 3.0]]),),
             "dos filas de escalas muy distintas"),
        Case((np.array([[1.0, 2.0, 3.0], [0.5, -0.5, 0.0], [2.0, 2.0, -1.0]]),),
             "una matriz cuadrada 3×3"),
    ),
    outputs=("P",),
    mistakes=(
        Mistake(lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True),
                "Con puntuaciones grandes tu softmax da NaN: np.exp desborda a infinito para "
                "z > 709.78 y ∞/∞ no es un número. Resta a cada fila su máximo antes de "
                "exponenciar; el resultado no cambia."),
        Mistake(lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1, keepdims=True),
                "Restaste el máximo de toda la matriz: en una fila mucho menor que ese máximo "
                "todas las exponenciales dan 0 y el cociente 0/0 es NaN. Resta el máximo de "
                "cada fila, Z.max(axis=1, keepdims=True)."),
        Mistake(lambda Z: np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(axis=0),
                "Normalizaste por columnas: cada fila (un ejemplo) debe sumar 1, así que el "
                "máximo y la suma van con axis=1."),
        Mistake(lambda Z: np.exp(Z - Z.max(axis=0)) / np.exp(Z - Z.max(axis=0)).sum(
                    axis=1, keepdims=True),
                "Restaste el máximo de cada columna: para no cambiar el resultado, la "
                "constante que restas tiene que ser la misma en toda la fila, su máximo."),
        Mistake(_exp_rows,
                "Falta dividir entre la suma de la fila: las probabilidades de cada ejemplo "
                "deben sumar 1."),
    ),
    error_hint="`Z.max(axis=1)` tiene forma (m,); para restarle a cada fila su máximo escribe "
               "`Z.max(axis=1, keepdims=True)`, de forma (m, 1).",
    nonfinite_hint="Con puntuaciones grandes, np.exp desborda a infinito y ∞/∞ da NaN: resta a "
                   "cada fila su máximo antes de exponenciar.",
)


# ----------------------------------------- ch08: binary cross-entropy and its gradient
def bce_reference(Y, Y_hat):
    """``losses.get("binary_cross_entropy")``: its mean value and its gradient."""
    loss = losses.get("binary_cross_entropy")
    return loss(Y, Y_hat), loss.gradient(Y, Y_hat)


def _bce_case(rng):
    m, q = int(rng.integers(1, 9)), int(rng.integers(1, 4))
    return rng.integers(0, 2, (m, q)).astype(float), rng.uniform(0.02, 0.98, (m, q))


def _bce_terms(Y, P):
    """Per-entry costs and per-entry derivatives ∂ℓ/∂ŷ, before any averaging."""
    return -(Y * np.log(P) + (1 - Y) * np.log(1 - P)), (P - Y) / (P * (1 - P))


BCE = Exercise(
    name="ch08_bce",
    chapter=8,
    signature="bce(Y, Y_hat)",
    section="Los cinco costos y sus gradientes",
    compared_with="`losses.get(\"binary_cross_entropy\")` de mlp_lib",
    reference=bce_reference,
    random_case=_bce_case,
    edge_cases=(
        Case((np.array([[1.0, 0.0, 0.0]]), np.array([[0.7, 0.2, 0.1]])),
             "el ejemplo del capítulo, y = (1, 0, 0) y ŷ = (0.7, 0.2, 0.1)"),
        Case((np.ones((10, 1)), np.full((10, 1), 0.8)), "diez ejemplos con y = 1 y ŷ = 0.8"),
        Case((np.array([[0.0, 1.0], [1.0, 0.0]]), np.full((2, 2), 0.5)), "ŷ = 0.5"),
    ),
    outputs=("L", "G"),
    mistakes=(
        Mistake(lambda Y, P: (_bce_terms(Y, P)[0].mean(), _bce_terms(Y, P)[1] / Y.size),
                "Dividiste entre m·q: el costo de un ejemplo suma sus q salidas, y el del lote "
                "promedia los m ejemplos. Divide solo entre m = Y.shape[0].",
                "Del error de un ejemplo al costo de un lote"),
        Mistake(lambda Y, P: (_bce_terms(Y, P)[0].sum(), _bce_terms(Y, P)[1]),
                "Sumaste los ejemplos en lugar de promediarlos: falta dividir entre m, en el "
                "costo y en el gradiente (el libro usa el promedio).",
                "Del error de un ejemplo al costo de un lote"),
        Mistake(lambda Y, P: (_bce_terms(Y, P)[0].sum() / len(Y),
                              -_bce_terms(Y, P)[1] / len(Y)),
                "El costo está bien, pero el gradiente tiene el signo cambiado: "
                "∂ℓ/∂ŷ = (ŷ − y)/(ŷ(1 − ŷ)), positivo cuando ŷ > y."),
        Mistake(lambda Y, P: (_bce_terms(Y, P)[0].sum() / len(Y), (P - Y) / len(Y)),
                "Tu gradiente es (ŷ − y)/m, que es la delta respecto de la entrada neta z de "
                "una salida sigmoide, no la derivada respecto de ŷ: falta dividir entre "
                "ŷ(1 − ŷ).", "Entropía cruzada frente a error cuadrático con salida sigmoide"),
        Mistake(lambda Y, P: (-_bce_terms(Y, P)[0].sum() / len(Y),
                              _bce_terms(Y, P)[1] / len(Y)),
                "Al costo le falta el signo menos: −[y ln ŷ + (1 − y) ln(1 − ŷ)] es positivo, "
                "porque los logaritmos de probabilidades son negativos."),
    ),
)


EXERCISES: tuple[Exercise, ...] = (
    PERCEPTRON_UPDATE, XOR_NETWORK, LINEAR_GRADIENT, LOGISTIC_GRADIENT, PRODUCT_BACKWARD,
    SIGMOID_BACKWARD, TANH_DERIVATIVE, STABLE_SOFTMAX, BCE,
)
