"""Exercises of part II of the book, *El perceptrón multicapa* (chapters 9 to 13).

Each exercise is one block: the reference (computed with ``mlp_lib``), a random case, the
edge cases, the usual mistakes with their diagnosis, and the :class:`Exercise` that ties
them together. See :mod:`mlp_lib.exercises` for how to add one.
"""

from __future__ import annotations

import numpy as np

from .. import MLP, activations, losses
from .checking import Case, Exercise, Mistake, Result, Student, correct, wrong

sigmoid = activations.sigmoid
softmax = activations.softmax


# ------------------------------------------------------- ch09: the forward pass
def forward_reference(X, weights, biases):
    """:meth:`MLP.forward` of a network with ReLU hidden layers and a linear output."""
    net = MLP.from_weights(weights, biases, activation="relu", output_activation="linear")
    return net(X)


def _forward_case(rng):
    n_layers = int(rng.integers(2, 4))
    sizes = [int(s) for s in rng.integers(1, 6, n_layers + 1)]
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [rng.normal(size=b) for b in sizes[1:]]
    return rng.normal(size=(int(rng.integers(1, 7)), sizes[0])), weights, biases


def _forward_variant(X, weights, biases, *, hidden=True, output=False, bias=True,
                     bias_after=False):
    """A forward pass with one of the usual slips (ReLU where it does not go, no bias...)."""
    A = X
    for i, (W, b) in enumerate(zip(weights, biases, strict=True)):
        relu = output if i == len(weights) - 1 else hidden
        if bias_after and relu:  # ReLU(A W) + b
            A = np.maximum(A @ W, 0) + b
            continue
        Z = A @ W + b if bias else A @ W
        A = np.maximum(Z, 0) if relu else Z
    return A


_X9 = np.array([[1.0, 0.5, -1.0], [0.0, 2.0, 1.0], [-1.0, 1.0, 0.5], [2.0, -0.5, 0.0],
                [0.5, 0.0, -2.0]])
_W9 = [np.array([[0.5, -0.3, 0.8, 0.1], [0.2, 0.4, -0.6, 0.7], [-0.4, 0.9, 0.3, -0.2]]),
       np.array([[0.6, -0.5], [-0.4, 0.3], [0.2, 0.8], [0.7, -0.1]])]
_B9 = [np.array([0.1, -0.2, 0.0, 0.3]), np.array([0.05, -0.1])]

FORWARD = Exercise(
    name="ch09_forward",
    chapter=9,
    signature="forward(X, weights, biases)",
    section="La cadena de productos de matrices",
    compared_with="`MLP.forward` de mlp_lib",
    reference=forward_reference,
    random_case=_forward_case,
    edge_cases=(
        Case((_X9, _W9, _B9), "la red 3-4-2 del capítulo con sus 5 ejemplos"),
        Case((_X9[:1], _W9, _B9), "un solo ejemplo, m = 1"),
        Case((_X9, _W9[:1], _B9[:1]), "una sola capa, sin capas ocultas"),
    ),
    outputs=("Y_hat",),
    mistakes=(
        Mistake(lambda X, W, b: _forward_variant(X, W, b, bias=False),
                "Olvidaste sumar los sesgos: cada capa calcula Z^(l) = A^(l−1) W^(l) + b^(l), "
                "con b^(l) sumado a cada fila."),
        Mistake(lambda X, W, b: _forward_variant(X, W, b, output=True),
                "Aplicaste ReLU también en la capa de salida. En esta red la salida es lineal "
                "(la identidad): Ŷ = Z^(L), que puede ser negativa."),
        Mistake(lambda X, W, b: _forward_variant(X, W, b, hidden=False),
                "Falta la ReLU de las capas ocultas: A^(l) = ReLU(Z^(l)). Sin ella la red "
                "entera es una sola transformación lineal."),
        Mistake(lambda X, W, b: _forward_variant(X, W, b, bias_after=True),
                "Sumaste el sesgo después de la ReLU: primero Z = A W + b y después "
                "A = ReLU(Z)."),
    ),
    error_hint="en el libro cada ejemplo es una fila y W^(l) tiene forma (entradas, "
               "neuronas), así que cada capa es `A @ W + b`, sin trasponer W.",
)


# ------------------------------------------------- ch10: the delta of a hidden layer
def hidden_delta_reference(delta_next, W_next, Z):
    """The hidden delta of :meth:`MLP.backward`, for a sigmoid hidden layer.

    ``backward`` returns ``dW`` and ``db``, not the deltas, so the delta is read through
    ``dW[0] = Xᵀ δ^(1)`` with ``X`` the identity matrix: a network whose first weight
    matrix is ``Z`` gets exactly ``Z^(1) = I Z = Z``. Its output layer is linear with the
    cost ½SSE, so ``δ^(2) = (Ŷ − T)/m``, and the targets ``T = Ŷ − m δ_next`` make it
    ``delta_next``.
    """
    m = Z.shape[0]
    net = MLP.from_weights([Z, W_next], activation="sigmoid", output_activation="linear",
                           loss="half_sse")
    Y_hat, cache = net.forward(np.eye(m))
    dW, _ = net.backward(cache, Y_hat - m * delta_next)
    return dW[0]


def _hidden_delta_case(rng):
    m, n_l, n_next = (int(v) for v in rng.integers(1, 6, 3))
    return (rng.normal(0.0, 0.1, (m, n_next)), rng.normal(size=(n_l, n_next)),
            rng.normal(0.0, 2.0, (m, n_l)))


def _sigmoid_slope(Z):
    s = sigmoid(Z)
    return s * (1 - s)


def _chapter_232():
    """The 2-3-2 network of chapter 10 and its pattern: output delta, W2 and Z1."""
    W1 = np.array([[0.8, -0.6, 0.3], [0.4, 0.9, -1.0]])
    W2 = np.array([[1.2, -0.8], [-1.5, 1.1], [0.9, 1.4]])
    net = MLP.from_weights([W1, W2], [np.array([0.1, -0.2, 0.3]), np.array([0.2, -0.1])],
                           activation="sigmoid", output_activation="sigmoid",
                           loss="half_sse")
    _, cache = net.forward(np.array([[1.0, 0.5]]))
    return net.output_delta(cache, np.array([[1.0, 0.0]])), W2, cache.Z[1]


HIDDEN_DELTA = Exercise(
    name="ch10_hidden_delta",
    chapter=10,
    signature="hidden_delta(delta_next, W_next, Z)",
    section="La forma matricial para un lote",
    compared_with="`MLP.backward` de mlp_lib",
    reference=hidden_delta_reference,
    random_case=_hidden_delta_case,
    edge_cases=(
        Case(_chapter_232(), "la red 2-3-2 del capítulo"),
        Case((np.array([[0.1, -0.2, 0.05], [0.3, 0.1, -0.1]]),
              np.array([[0.5, -1.0, 0.2], [1.5, 0.3, -0.7], [-0.4, 0.8, 1.1]]),
              np.array([[0.2, -1.0, 0.5], [1.5, 0.0, -0.3]])), "W cuadrada, n_l = n_(l+1) = 3"),
        Case((np.array([[0.2, -0.1]]), np.array([[1.0, 2.0], [-1.0, 0.5], [0.3, 0.3]]),
              np.array([[30.0, -30.0, 0.5]])), "neuronas saturadas, |z| = 30"),
    ),
    outputs=("delta",),
    mistakes=(
        Mistake(lambda d, W, Z: d @ W.T,
                "Olvidaste multiplicar por σ′(Z): la delta oculta es "
                "(δ^(l+1) W^(l+1)ᵀ) ⊙ σ′(Z^(l)), con σ′(Z) = σ(Z)(1 − σ(Z)).",
                "Una retropropagación equivocada"),
        Mistake(lambda d, W, Z: d.sum(axis=1, keepdims=True) * _sigmoid_slope(Z),
                "Sumaste las deltas de la capa siguiente sin ponderarlas por los pesos (la "
                "errata de la diapositiva de UTEC): cada neurona oculta recibe Σ_k w_jk δ_k, es "
                "decir, δ^(l+1) W^(l+1)ᵀ.", "Las capas ocultas, índice a índice"),
        Mistake(lambda d, W, Z: (d @ W.T) * sigmoid(Z),
                "Multiplicaste por σ(Z) en lugar de su derivada σ′(Z) = σ(Z)(1 − σ(Z))."),
        Mistake(lambda d, W, Z: (d @ W.T) * Z * (1 - Z),
                "Usaste Z(1 − Z): la fórmula a(1 − a) va con la activación A = σ(Z), no con la "
                "entrada neta Z."),
        Mistake(lambda d, W, Z: (d @ W.T) * _sigmoid_slope(Z) / len(Z),
                "Dividiste otra vez entre m: la δ^(l+1) que recibes ya lleva el 1/m del "
                "promedio, que entra una sola vez, en ∂L/∂Ŷ."),
        Mistake(lambda d, W, Z: -(d @ W.T) * _sigmoid_slope(Z),
                "La delta tiene el signo cambiado: en el libro δ = ∂L/∂Z, y la recursión no "
                "cambia el signo (la delta del IPN, con e = y − ŷ, es la opuesta)."),
    ),
    error_hint="δ^(l+1) tiene forma (m, n_(l+1)) y W^(l+1) forma (n_l, n_(l+1)): para volver "
               "a la capa l multiplica por la traspuesta, `delta_next @ W_next.T`.",
)


# ------------------------------------------------ ch10: weight and bias gradients
def weight_gradients_reference(A_prev, delta):
    """``dW`` and ``db`` of :meth:`MLP.backward` for one linear layer whose delta is ``delta``.

    The layer starts at zero weights, so ``Ŷ = 0``; with the cost ½SSE its delta is
    ``(Ŷ − T)/m``, and the targets ``T = −m δ`` make it ``delta``.
    """
    m, n_out = delta.shape
    net = MLP.from_weights([np.zeros((A_prev.shape[1], n_out))], [np.zeros(n_out)],
                           output_activation="linear", loss="half_sse")
    _, cache = net.forward(A_prev)
    dW, db = net.backward(cache, -m * delta)
    return dW[0], db[0]


def _weight_gradients_case(rng):
    m, n_prev, n_l = int(rng.integers(2, 7)), int(rng.integers(1, 6)), int(rng.integers(1, 6))
    return rng.uniform(0.0, 1.0, (m, n_prev)), rng.normal(0.0, 0.1, (m, n_l))


WEIGHT_GRADIENTS = Exercise(
    name="ch10_weight_gradients",
    chapter=10,
    signature="weight_gradients(A_prev, delta)",
    section="La forma matricial para un lote",
    compared_with="`MLP.backward` de mlp_lib",
    reference=weight_gradients_reference,
    random_case=_weight_gradients_case,
    edge_cases=(
        Case((np.array([[1.0, 0.5]]), np.array([[0.1, -0.2, 0.3]])),
             "un solo ejemplo: dW es un producto exterior"),
        Case((np.array([[0.2, 0.4, 0.6], [1.0, 0.0, 0.5], [0.3, 0.9, 0.1]]),
              np.array([[0.1, -0.3, 0.2], [0.0, 0.4, -0.1], [-0.2, 0.1, 0.3]])),
             "A y δ cuadradas, de 3×3"),
    ),
    outputs=("dW", "db"),
    mistakes=(
        Mistake(lambda A, d: (d.T @ A, d.sum(axis=0)),
                "Tu dW está traspuesto: ∂L/∂W^(l) = A^(l−1)ᵀ δ^(l) tiene la forma de W^(l), "
                "(n_(l−1), n_l): una fila por entrada y una columna por neurona."),
        Mistake(lambda A, d: (A.T @ d / len(d), d.sum(axis=0) / len(d)),
                "Dividiste entre m, pero la δ^(l) que recibes ya lleva el 1/m del promedio "
                "(entra en ∂L/∂Ŷ): dW = A^(l−1)ᵀ δ^(l) y db es la suma de las filas de δ^(l), "
                "sin dividir otra vez."),
        Mistake(lambda A, d: (A.T @ d, d.mean(axis=0)),
                "dW está bien, pero db es la suma de las filas de δ^(l), no su promedio: el 1/m "
                "ya está dentro de δ^(l)."),
        Mistake(lambda A, d: (A.T @ d, d.sum(axis=1)),
                "dW está bien, pero db debe sumar sobre los ejemplos, las filas de δ^(l) "
                "(axis=0): tiene una componente por neurona, forma (n_l,)."),
        Mistake(lambda A, d: (A.T @ d, d),
                "dW está bien, pero db es la suma de las filas de δ^(l) (el sesgo se usa en "
                "todos los ejemplos), un vector de forma (n_l,): `delta.sum(axis=0)`."),
    ),
    error_hint="A^(l−1) tiene forma (m, n_(l−1)) y δ^(l) forma (m, n_l): el producto que suma "
               "sobre los m ejemplos es `A_prev.T @ delta`.",
)


# ------------------------------------------- ch11: one step of the worked example
def output_update_reference(x, y, W1, w5, w6, eta):
    """``w5`` and ``w6`` after one :meth:`MLP.train_step` of the worked example's network."""
    net = MLP.from_weights([W1, [[w5], [w6]]], activation="linear",
                           output_activation="linear", loss="half_sse")
    net.train_step(np.atleast_2d(x), [y], eta)
    return net.weights[1][0, 0], net.weights[1][1, 0]


def _output_update_case(rng):
    w5, w6 = (float(v) for v in rng.uniform(-1, 1, 2))
    return (rng.uniform(-3, 3, 2), float(rng.uniform(-2, 2)), rng.uniform(-1, 1, (2, 2)),
            w5, w6, float(rng.uniform(0.01, 0.3)))


def _step(x, y, W1, w5, w6, eta, *, factor=1.0, swap=False, use_h=True, transpose=False):
    """w5 and w6 after a step with one of the usual slips."""
    h = W1 @ x if transpose else x @ W1
    delta = h @ np.array([w5, w6]) - y
    g = delta * h if use_h else np.array([delta, delta])
    if swap:
        g = g[::-1]
    return w5 - factor * eta * g[0], w6 - factor * eta * g[1]


_W1_SLIDE = np.array([[0.11, 0.12], [0.21, 0.08]])
_X_SLIDE = np.array([2.0, 3.0])

OUTPUT_UPDATE = Exercise(
    name="ch11_output_update",
    chapter=11,
    signature="update_output_weights(x, y, W1, w5, w6, eta)",
    section="Retropropagación: cada derivada con la regla de la cadena",
    compared_with="`MLP.train_step` de mlp_lib",
    reference=output_update_reference,
    random_case=_output_update_case,
    edge_cases=(
        Case((_X_SLIDE, 1.0, _W1_SLIDE, 0.14, 0.15, 0.05),
             "el ejemplo de la diapositiva con η = 0.05"),
        Case((_X_SLIDE, 1.0, _W1_SLIDE, 0.14, 0.15, 0.25), "el mismo ejemplo con η = 0.25"),
        Case((np.array([1.0, 2.0]), 1.0, np.eye(2), 0.5, 0.25, 0.1),
             "una predicción exacta, ŷ = y: nada cambia"),
    ),
    outputs=("w5", "w6"),
    mistakes=(
        Mistake(lambda x, y, W1, w5, w6, eta: (w5, w6),
                "Tu función devuelve w5 y w6 sin cambios: el paso es w ← w − η·∂C/∂w, con "
                "∂C/∂w5 = Δ·h1 y ∂C/∂w6 = Δ·h2."),
        Mistake(lambda *a: _step(*a, swap=True),
                "Usaste h2 para w5 y h1 para w6, como la errata de la diapositiva: "
                "∂C/∂w5 = Δ·h1 y ∂C/∂w6 = Δ·h2, porque ŷ = h1·w5 + h2·w6."),
        Mistake(lambda *a: _step(*a, factor=-1.0),
                "Sumaste η·Δ·h en lugar de restarlo: con Δ = ŷ − y, el descenso de gradiente "
                "hace w ← w − η·Δ·h (si ŷ se queda corta, Δ < 0 y los pesos suben)."),
        Mistake(lambda x, y, W1, w5, w6, eta: _step(x, y, W1, w5, w6, 1.0),
                "Falta la tasa de aprendizaje: w ← w − η·∂C/∂w."),
        Mistake(lambda *a: _step(*a, use_h=False),
                "Falta multiplicar por la activación oculta: ∂ŷ/∂w5 = h1 y ∂ŷ/∂w6 = h2, así "
                "que ∂C/∂w5 = Δ·h1."),
        Mistake(lambda *a: _step(*a, factor=2.0),
                "Tu paso es el doble: con C = ½(ŷ − y)², ∂C/∂ŷ = ŷ − y (el ½ cancela el 2 que "
                "sale al derivar el cuadrado)."),
        Mistake(lambda *a: _step(*a, transpose=True),
                "Calculaste h con W1 traspuesta: en el libro h = x·W1, es decir "
                "h1 = x1·w11 + x2·w21 (la fila es la entrada).", "Propagación hacia adelante"),
    ),
)


# ------------------------------------------------------ ch12: mini-batches of an epoch
def minibatches_reference(m, B, rng):
    """The batches of one epoch of :meth:`MLP.fit`: one permutation, cut in slices of B.

    With ``B > m`` there is a single batch with the ``m`` examples, as in ``fit``.
    """
    order = rng.permutation(m)
    size = min(B, m)
    return [order[start:start + size] for start in range(0, m, size)]


#: The (m, B) pairs tried: the slide's 100 and 20, sizes that do not divide m, B = 1, B = m
#: and B > m.
BATCH_CASES: tuple[tuple[int, int], ...] = (
    (100, 20), (100, 30), (130, 32), (10, 1), (7, 7), (5, 10), (1, 1), (25, 4), (64, 64),
    (9, 2))


def _sizes_text(sizes: list[int]) -> str:
    if len(sizes) > 6:
        return f"{sizes[0]}, {sizes[1]}, …, {sizes[-1]} ({len(sizes)} lotes)"
    return ", ".join(str(s) for s in sizes) + (" (1 lote)" if len(sizes) == 1 else "")


def _batches_or_problem(value, m: int, B: int) -> list[np.ndarray] | str:
    """The student's batches as integer arrays, or what is wrong with them."""
    if isinstance(value, np.ndarray) and value.ndim < 2 or np.isscalar(value):
        return ("tu función debe devolver una lista de arreglos de índices, uno por lote, y "
                "devolvió un solo arreglo (¿olvidaste partir la permutación en lotes?).")
    try:
        batches = [np.asarray(batch) for batch in value]
    except TypeError:
        return "tu función debe devolver una lista de arreglos de índices, uno por lote."
    if any(b.ndim != 1 for b in batches):
        return "cada lote debe ser un arreglo de una dimensión con los índices de sus ejemplos."
    if any(b.size and b.dtype.kind not in "iu" for b in batches):
        return "los índices deben ser números enteros (dtype int) para poder escribir X[lote]."
    size = min(B, m)
    k = -(-m // size)
    expected = [size] * (k - 1) + [m - (k - 1) * size]
    sizes = [b.size for b in batches]
    found = np.concatenate(batches) if batches else np.array([], dtype=int)
    outside = found[(found < 0) | (found >= m)]
    if outside.size:
        return (f"hay índices fuera de 0, …, {m - 1}, por ejemplo {outside[0]}: "
                "¿empezaste a contar en 1?")
    counts = np.bincount(found, minlength=m)
    if counts.max(initial=0) > 1:
        twice = int(np.argmax(counts))
        return (f"el ejemplo {twice} aparece {counts[twice]} veces: cada ejemplo se usa "
                "exactamente una vez por época. ¿Sorteaste con reemplazo (rng.integers o "
                "rng.choice)? Baraja una permutación, rng.permutation(m), y córtala.")
    if counts.min() == 0:
        if sizes == expected[:-1]:
            return (f"descartaste el último lote, el de los {expected[-1]} ejemplos que "
                    "sobran. En el libro (y en `MLP.fit`) forman un último lote más pequeño: "
                    f"hay ⌈m/B⌉ = {k} lotes y cada ejemplo se usa una vez por época.")
        return (f"faltan {int(np.sum(counts == 0))} de los {m} ejemplos, por ejemplo el "
                f"{int(np.argmin(counts))}: cada ejemplo debe estar en algún lote.")
    if sizes != expected:
        if sorted(sizes) == sorted(expected):
            return ("los lotes tienen los tamaños correctos, pero el pequeño debe ser el último: "
                    "corta la permutación de B en B desde el principio.")
        return (f"tus lotes tienen {_sizes_text(sizes)} ejemplos y deberían tener "
                f"{_sizes_text(expected)}: ⌈m/B⌉ lotes de B, y el último con los que sobran.")
    if m >= 5 and np.array_equal(found, np.arange(m)):
        return ("los índices salen en orden, 0, 1, 2, …: no barajaste. Baraja una vez por "
                "época con el generador que recibes, rng.permutation(m).")
    if m >= 5 and k > 1 and all(np.array_equal(np.sort(b), np.arange(i * size, i * size + b.size))
                                for i, b in enumerate(batches)):
        return ("barajaste dentro de cada lote, pero cada lote sigue teniendo ejemplos "
                "consecutivos: baraja los m índices primero y después córtalos.")
    return batches


def judge_minibatches(exercise: Exercise, student: Student, seed: int) -> Result:
    """Check the batches' properties; the order may be any shuffle drawn from ``rng``."""
    for i, (m, B) in enumerate(BATCH_CASES):
        value = student((m, B, np.random.default_rng(seed + i)), f"el caso m = {m}, B = {B}")
        problem = _batches_or_problem(value, m, B)
        if isinstance(problem, str):
            return wrong(exercise, f"Con m = {m} y B = {B}, {problem}")
    m, B = BATCH_CASES[0]
    runs = [np.concatenate(student((m, B, np.random.default_rng(s)), f"el caso m = {m}, B = {B}"))
            for s in (seed, seed, seed + 1)]
    if not np.array_equal(runs[0], runs[1]):
        return wrong(exercise, (
            "Dos llamadas con generadores iguales dan lotes distintos: tu función baraja con "
            "el estado global de numpy (np.random.permutation, np.random.shuffle). Usa el "
            "generador que recibes, rng.permutation(m), para que el resultado dependa solo de "
            "la semilla."))
    if np.array_equal(runs[0], runs[2]):
        return wrong(exercise, (
            "Generadores con semillas distintas dan el mismo orden: tu función no usa el rng "
            "que recibe (¿creaste otro generador con una semilla fija?). Baraja con "
            "rng.permutation(m)."))
    return correct(exercise, (
        f"en {len(BATCH_CASES)} casos (entre ellos B = 1, B = m, B > m y un último lote más "
        "pequeño) cada ejemplo aparece exactamente una vez, los lotes tienen los tamaños de "
        "`MLP.fit` de mlp_lib y el orden está barajado con rng: el mismo generador da los "
        "mismos lotes y otro generador, otros."))


MINIBATCHES = Exercise(
    name="ch12_minibatches",
    chapter=12,
    signature="minibatch_indices(m, B, rng)",
    section="Épocas, actualizaciones y tamaño de lote",
    compared_with="`MLP.fit` de mlp_lib",
    reference=minibatches_reference,
    judge=judge_minibatches,
)


# ------------------------------------------- ch13: gradient of the softmax cost
def softmax_gradient_reference(Z, c):
    """``losses.get("softmax_cross_entropy").gradient``: (P − T)/m."""
    return losses.get("softmax_cross_entropy").gradient(c, Z)


def _softmax_gradient_case(rng):
    m, q = int(rng.integers(1, 7)), int(rng.integers(2, 6))
    return rng.normal(0.0, 2.0, (m, q)), rng.integers(0, q, m)


def _one_hot(Z, c):
    return np.eye(Z.shape[1])[c]


SOFTMAX_GRADIENT = Exercise(
    name="ch13_softmax_gradient",
    chapter=13,
    signature="softmax_gradient(Z, c)",
    section="El gradiente (P - T)/m",
    compared_with="`losses.get(\"softmax_cross_entropy\").gradient` de mlp_lib",
    reference=softmax_gradient_reference,
    random_case=_softmax_gradient_case,
    edge_cases=(
        Case((np.array([[2.0, 1.0, 0.1]]), np.array([0])), "un solo ejemplo, m = 1"),
        Case((np.array([[1000.0, 1001.0, 999.0], [998.0, 1000.0, 1003.0]]), np.array([0, 2])),
             "puntuaciones grandes, cerca de 1000"),
        Case((np.array([[0.5, -0.5], [3.0, 1.0], [0.0, 0.0]]), np.array([1, 0, 1])),
             "dos clases, q = 2"),
    ),
    outputs=("dZ",),
    mistakes=(
        Mistake(lambda Z, c: softmax(Z) - _one_hot(Z, c),
                "Falta dividir entre m: el costo del lote es el promedio de los m costos, así "
                "que δ = (P − T)/m."),
        Mistake(lambda Z, c: (_one_hot(Z, c) - softmax(Z)) / len(Z),
                "El signo está cambiado: δ = (P − T)/m, probabilidades menos objetivos; en la "
                "columna de la clase correcta es negativa."),
        Mistake(lambda Z, c: softmax(Z) / len(Z),
                "Falta restar T: en la columna de la clase correcta de cada ejemplo hay que "
                "restar 1, (P_c − 1)/m."),
        Mistake(lambda Z, c: (softmax(Z) - 1) / len(Z),
                "Restaste 1 en todas las columnas: solo va en la de la clase correcta (T es "
                "one-hot); en las demás, δ = P/m."),
        Mistake(lambda Z, c: (softmax(Z.T).T - _one_hot(Z, c)) / len(Z),
                "Calculaste la softmax por columnas: cada fila (un ejemplo) debe sumar 1, así "
                "que el máximo y la suma van con axis=1.", "De puntuaciones a probabilidades"),
        Mistake(lambda Z, c: (np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
                              - _one_hot(Z, c)) / len(Z),
                "Con puntuaciones grandes tu softmax da NaN: np.exp desborda. Resta a cada "
                "fila su máximo antes de exponenciar (la softmax no cambia).",
                "De puntuaciones a probabilidades"),
    ),
    nonfinite_hint="Con puntuaciones grandes np.exp desborda a infinito: resta a cada fila su "
                   "máximo antes de exponenciar.",
)


EXERCISES: tuple[Exercise, ...] = (
    FORWARD, HIDDEN_DELTA, WEIGHT_GRADIENTS, OUTPUT_UPDATE, MINIBATCHES, SOFTMAX_GRADIENT,
)
