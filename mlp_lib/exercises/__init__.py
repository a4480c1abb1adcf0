"""Coding exercises that check themselves: the student's function against ``mlp_lib``.

In a chapter, an exercise is a code cell with the skeleton of a function and one line that
checks it::

    from mlp_lib import exercises

    def hidden_delta(delta_next, W_next, Z):
        \"\"\"...\"\"\"
        # TU CÓDIGO AQUÍ
        raise NotImplementedError

    exercises.check("ch10_hidden_delta", hidden_delta)

:func:`check` prints one message in Spanish and returns None, so the cell shows only the
message: a success that says what was checked, «Aún no has escrito…» for the untouched
skeleton, a diagnosis of the usual mistakes (a sign, a missing factor, a transpose, the
mean for the sum...) with the section of the chapter to review, or the student's own error
with the student's lines. It never raises, so «Run all» on an unsolved notebook runs to the
end, and it prints nothing random. :func:`evaluate` returns the :class:`Result` instead of
printing it, for tests and for grading.

Adding an exercise
------------------
Write one block in the module of its part of the book (``mlp_lib.exercises.foundations``,
``mlp_lib.exercises.networks`` or ``mlp_lib.exercises.applications``) and add it to the
``EXERCISES`` tuple at the end of that module:

1. a **reference** with the same arguments as the student's function, computed with the
   library's public API (``MLP.backward``, ``losses.get(...)``...);
2. a **random case**, ``random_case(rng)``, that returns one tuple of arguments;
3. a few **edge cases**, ``Case(args, note)``, whose Spanish note names what is special;
4. the usual **mistakes**, ``Mistake(wrong, message)``: ``wrong`` takes the same arguments
   and returns the wrong answer; the student whose answers match it on every case reads
   ``message``;
5. the :class:`Exercise` itself, with its name ``"chNN_what"``, the chapter, the signature
   of the student's function, the heading of the section that explains it and the names of
   the returned values.

Then add a test in ``tests/test_exercises.py``: the solution passes, the skeleton gives
«Aún no», two wrong answers get their diagnosis. Exercises whose answer is not unique (the
weights of a network, a shuffled order) give a ``judge`` function instead of a reference;
see ``judge_xor_network`` and ``judge_minibatches``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from . import applications, foundations, networks
from .checking import STATUSES, Case, Exercise, Mistake, Result
from .checking import evaluate as _evaluate

#: Every exercise of the book, by name (``"ch10_hidden_delta"``), in the order of the book.
EXERCISES: dict[str, Exercise] = {
    exercise.name: exercise
    for exercise in (*foundations.EXERCISES, *networks.EXERCISES,
                     *applications.EXERCISES)
}

__all__ = ["EXERCISES", "STATUSES", "Case", "Exercise", "Mistake", "Result", "check",
           "evaluate"]


def evaluate(name: str, fn: Callable, *, seed: int = 0) -> Result:
    """Judge the student's function ``fn`` on the exercise ``name``; never raises.

    Parameters
    ----------
    name : str
        A key of ``EXERCISES``, e.g. ``"ch10_hidden_delta"``.
    fn : callable
        The student's function.
    seed : int, default 0
        Seed of the random cases; the same seed gives the same cases and the same text.

    Returns
    -------
    Result
        ``passed``, ``status`` (one of ``STATUSES``) and the Spanish ``message``.
    """
    exercise = EXERCISES.get(name) if isinstance(name, str) else None
    if exercise is None:
        text = f"✘ No conozco el ejercicio {name!r}. Los ejercicios son: {', '.join(EXERCISES)}."
        return Result(False, "error", textwrap.fill(text, 92, subsequent_indent="  "))
    return _evaluate(exercise, fn, seed)


def check(name: str, fn: Callable, *, seed: int = 0) -> None:
    """Print the verdict of :func:`evaluate` on ``fn``; the notebook shows only the message."""
    print(evaluate(name, fn, seed=seed).message)
