"""The machinery behind :mod:`mlp_lib.exercises`: run a student's function, judge, explain.

An exercise (:class:`Exercise`) is checked in three steps:

1. **Cases.** ``n_random`` random cases drawn with ``random_case(rng)`` from a fixed seed,
   then the ``edge_cases``; each case is the tuple of arguments of the student's function.
2. **Reference.** ``reference(*args)`` gives the right answer, computed with ``mlp_lib``.
3. **Judge.** If the student's answer matches on every case, it is correct. If not, every
   known :class:`Mistake` (a wrong variant of the reference, written with the same
   arguments) is computed; the first one the student matches on every case gives its
   diagnosis. Otherwise the message falls back to the structure of the answer (how many
   values, what type), then its shape, then NaN or infinite values, then the first entry
   that differs, with the expected value, the student's and the difference.

The student's function always runs on copies of the arguments, with numpy's floating-point
warnings silenced, and nothing it does escapes: a ``raise NotImplementedError`` from its own
body (the untouched skeleton) or a ``None`` result means "not started", any other exception
is shown as the student's error with the student's lines only. Judging never raises and its
text depends only on the seed, never on the last bits of a floating-point result: numbers
are printed with four significant digits, and only in messages about wrong answers.
"""

from __future__ import annotations

import contextlib
import copy
import io
import linecache
import sysconfig
import textwrap
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

#: The values of :attr:`Result.status`.
STATUSES: tuple[str, ...] = ("correct", "not_started", "wrong", "error")

_WIDTH = 78  # printed messages are wrapped at this width (the book shows 80 columns)


@dataclass(frozen=True)
class Result:
    """The verdict on one answer.

    Attributes
    ----------
    passed : bool
        True only for a correct answer.
    status : str
        One of ``STATUSES``: ``"correct"``, ``"not_started"`` (untouched skeleton or
        ``None`` returned), ``"wrong"`` or ``"error"`` (the student's code raised).
    message : str
        What the student reads, in Spanish.
    """

    passed: bool
    status: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Case:
    """The arguments of one call of the student's function.

    ``note`` says, in Spanish, what makes an edge case special (it is listed in the success
    message and names the case in a diagnosis); random cases leave it empty.
    """

    args: tuple
    note: str = ""


@dataclass(frozen=True)
class Mistake:
    """A usual wrong answer and the explanation the student gets when theirs is that one.

    Parameters
    ----------
    wrong : callable
        Takes the same arguments as the reference and returns the wrong answer.
    message : str
        The diagnosis, in Spanish (tú), saying what is wrong and what the right formula is.
    section : str, optional
        Heading of the chapter section to review, when it is not the exercise's own.
    """

    wrong: Callable[..., object]
    message: str
    section: str = ""


@dataclass(frozen=True)
class Exercise:
    """One coding exercise: how to generate cases, the right answer and the usual mistakes.

    Parameters
    ----------
    name : str
        Registry key, ``"chNN_what"``: the chapter number and a short English name.
    chapter : int
        Chapter number.
    signature : str
        The student's function as the skeleton declares it, e.g.
        ``"hidden_delta(delta_next, W_next, Z)"``.
    section : str
        Heading (in Spanish, as rendered) of the section of the chapter that explains it.
    compared_with : str
        What the reference is, for the success message, e.g. ``"`MLP.backward` de mlp_lib"``.
    reference : callable
        The right answer, computed with ``mlp_lib``; same arguments as the student's function.
    random_case : callable
        ``random_case(rng)`` returns the arguments of one random case.
    edge_cases : tuple of Case
        Special cases, checked after the random ones.
    outputs : tuple of str
        Names of the values the function returns (one name: a single value). When the
        skeleton returns a dict, these are its keys.
    mistakes : tuple of Mistake
        Known wrong answers, tried in order.
    error_hint : str
        Added when the student's code raises a shape error (e.g. about a transpose).
    nonfinite_hint : str
        Added when the student's answer has NaN or infinite values where the right one has
        none (e.g. an overflow of ``np.exp``).
    n_random : int
        Number of random cases.
    rtol, atol : float
        Tolerances of ``np.allclose``.
    judge : callable, optional
        ``judge(exercise, student, seed) -> Result`` replaces the comparison with the
        reference, for answers that are not unique (weights of a network, a shuffled order).
    """

    name: str
    chapter: int
    signature: str
    section: str
    compared_with: str = "mlp_lib"
    reference: Callable[..., object] | None = None
    random_case: Callable[[np.random.Generator], tuple] | None = None
    edge_cases: tuple[Case, ...] = ()
    outputs: tuple[str, ...] = ("resultado",)
    mistakes: tuple[Mistake, ...] = ()
    error_hint: str = ""
    nonfinite_hint: str = ""
    n_random: int = 20
    rtol: float = 1e-6
    atol: float = 1e-9
    judge: Callable[[Exercise, Student, int], Result] | None = None

    @property
    def function(self) -> str:
        """Name of the student's function."""
        return self.signature.split("(")[0]

    def cases(self, seed: int) -> list[tuple[str, Case]]:
        """The random cases (drawn from ``seed``) and the edge cases, each with its label."""
        rng = np.random.default_rng(seed)
        n = self.n_random if self.random_case is not None else 0
        labelled = [(f"el caso aleatorio {i} de {n}", Case(self.random_case(rng)))
                     for i in range(1, n + 1)]
        labelled += [(f"el caso borde «{case.note}»", case) for case in self.edge_cases]
        return labelled


# ------------------------------------------------------------------------------- messages
def _wrap(text: str) -> str:
    """Wrap each line of ``text`` at :data:`_WIDTH`, continuation lines indented."""
    lines = []
    for line in text.split("\n"):
        indent = " " * (len(line) - len(line.lstrip()))
        if len(indent) >= 4:  # a line of the student's code: kept whole
            lines.append(line)
            continue
        line = line.replace(" = ", "\xa0=\xa0")  # never break a line around an equals sign
        lines.append(textwrap.fill(line, _WIDTH, subsequent_indent=indent + "  ",
                                   break_long_words=False, break_on_hyphens=False))
    return "\n".join(lines).replace("\xa0", " ")


def correct(exercise: Exercise, what: str) -> Result:
    """A correct answer; ``what`` says what was checked."""
    return Result(True, "correct", _wrap(f"✔ Correcto: {what}"))


def wrong(exercise: Exercise, diagnosis: str, section: str = "") -> Result:
    """A wrong answer: the diagnosis and the section of the chapter to review."""
    section = section or exercise.section
    return Result(False, "wrong", _wrap(
        f"✘ Todavía no. {diagnosis}\n  Pista: repasa la sección «{section}» de este capítulo."))


def not_started(exercise: Exercise, returned_none: bool = False) -> Result:
    """The skeleton is untouched (or the function has no ``return``)."""
    if returned_none:
        text = (f"Aún no has escrito el `return` de `{exercise.function}`: tu función "
                "devuelve None. Termínala y vuelve a ejecutar la celda.")
    else:
        text = (f"Aún no has escrito `{exercise.function}`: cambia `raise "
                "NotImplementedError` por tu código y vuelve a ejecutar la celda.")
    return Result(False, "not_started", _wrap(text))


def success_text(exercise: Exercise) -> str:
    """What a correct answer to a reference exercise was checked on."""
    n, notes = exercise.n_random, [case.note for case in exercise.edge_cases]
    text = f"`{exercise.function}` coincide con {exercise.compared_with} en {n} casos aleatorios"
    if notes:
        text += (" y 1 caso borde" if len(notes) == 1 else f" y {len(notes)} casos borde")
        text += ": " + "; ".join(notes)
    return text + "."


def number(value: float) -> str:
    """``value`` with four significant digits (``-0`` printed as ``0``)."""
    return f"{float(value) + 0.0:.4g}"


def shape_text(shape: tuple) -> str:
    """A shape as the student writes it: ``(3, 2)``; ``()`` is «un número»."""
    return "un número" if shape == () else str(tuple(shape))


def describe(value: object) -> str:
    """What kind of value the student's function returned, in Spanish."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"un arreglo de forma {shape_text(value.shape)}"
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return "un número"
    if isinstance(value, (tuple, list)):
        kind = "una tupla" if isinstance(value, tuple) else "una lista"
        return f"{kind} de {len(value)} valor" + ("" if len(value) == 1 else "es")
    if isinstance(value, dict):
        return f"un diccionario con las claves {sorted(map(str, value))}"
    return f"un objeto de tipo {type(value).__name__}"


# ------------------------------------------------------------------------ the student
class Stop(Exception):
    """Raised by :class:`Student` to end the judging with ``result``."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.message)
        self.result = result


def _library_dirs() -> tuple[Path, ...]:
    """Folders whose frames are not the student's: mlp_lib, numpy, the standard library."""
    paths = sysconfig.get_paths()
    dirs = [Path(__file__).resolve().parents[1], Path(np.__file__).resolve().parent]
    dirs += [Path(paths[key]).resolve() for key in ("stdlib", "purelib", "platlib")
             if key in paths]
    return tuple(dirs)


_LIBRARY_DIRS = _library_dirs()


def _is_students(filename: str) -> bool:
    if filename.startswith("<") and "ipython-input" not in filename:
        return False  # frozen modules and other generated code
    path = Path(filename).resolve()
    return not any(path.is_relative_to(d) for d in _LIBRARY_DIRS)


def _student_frames(exc: BaseException) -> list[str]:
    """The traceback lines of ``exc`` that belong to the student's code, in Spanish."""
    lines = []
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if not _is_students(filename):
            continue
        if "ipykernel" in filename or filename.startswith("<"):
            where = f"línea {lineno}"  # a notebook cell: its file name means nothing
        else:
            where = f"{Path(filename).name}, línea {lineno}"
        code = linecache.getline(filename, lineno, frame.f_globals).strip()
        lines.append(f"    en `{frame.f_code.co_name}` ({where}): {code}")
    return lines


def _raised_by_skeleton(exc: BaseException, fn: Callable) -> bool:
    """True for the ``raise NotImplementedError`` of the function itself (the skeleton)."""
    if not isinstance(exc, NotImplementedError):
        return False
    code = getattr(fn, "__code__", None)
    frames = list(traceback.walk_tb(exc.__traceback__))
    return code is None or (bool(frames) and frames[-1][0].f_code is code)


_SHAPE_WORDS = ("shape", "broadcast", "mismatch", "align", "dimension", "size")


class Student:
    """The student's function, called on copies of the arguments, never letting errors out.

    Calling it returns the student's value, or raises :class:`Stop` with the verdict "not
    started" (the skeleton's ``NotImplementedError``, or ``None`` returned) or "error".
    """

    def __init__(self, fn: Callable, exercise: Exercise) -> None:
        self.fn = fn
        self.exercise = exercise
        self.calls = 0

    def __call__(self, args: tuple, label: str) -> object:
        """Call the function on a copy of ``args``; ``label`` names the case in messages.

        What the function prints is shown for the first call only, not once per case.
        """
        self.calls += 1
        quiet = io.StringIO() if self.calls > 1 else None
        try:
            with (warnings.catch_warnings(), np.errstate(all="ignore"),
                  contextlib.redirect_stdout(quiet) if quiet else contextlib.nullcontext()):
                warnings.simplefilter("ignore")
                value = self.fn(*copy.deepcopy(args))
        except Exception as exc:  # any error of the student's code
            if _raised_by_skeleton(exc, self.fn):
                raise Stop(not_started(self.exercise)) from None
            raise Stop(self._error(exc, label)) from None
        if value is None:
            raise Stop(not_started(self.exercise, returned_none=True))
        return value

    def _error(self, exc: Exception, label: str) -> Result:
        ex = self.exercise
        text = f"✘ Tu función lanzó un error: {type(exc).__name__}: {exc}"
        frames = _student_frames(exc)
        text += "".join("\n" + line for line in frames)
        text += f"\n  Ocurrió en {label}."
        if not frames and isinstance(exc, TypeError):
            text += f"\n  ¿Cambiaste los parámetros? La función debe ser `{ex.signature}`."
        message = str(exc).lower()
        if (ex.error_hint and isinstance(exc, (ValueError, IndexError))
                and any(word in message for word in _SHAPE_WORDS)):
            text += f"\n  Pista: {ex.error_hint}"
        return Result(False, "error", _wrap(text))


# ------------------------------------------------------------- comparing with the reference
def as_outputs(value: object, exercise: Exercise) -> tuple[np.ndarray, ...] | str:
    """``value`` as one float array per output, or a message saying why it is not."""
    names = exercise.outputs
    if len(names) == 1:
        parts = [value]
    elif isinstance(value, dict):
        missing = [name for name in names if name not in value]
        if missing:
            return (f"`{exercise.function}` debe devolver un diccionario con las claves "
                    f"{', '.join(repr(n) for n in names)}; al tuyo le falta {missing[0]!r}.")
        parts = [value[name] for name in names]
    elif isinstance(value, (tuple, list)) and len(value) == len(names):
        parts = list(value)
    else:
        return (f"`{exercise.function}` debe devolver {len(names)} valores, "
                f"({', '.join(names)}), y devolvió {describe(value)}.")
    arrays = []
    for name, part in zip(names, parts, strict=True):
        try:
            arrays.append(np.asarray(part, dtype=float))
        except (TypeError, ValueError):
            return (f"{name} debería ser un número o un arreglo de numpy, y tu función "
                    f"devolvió {describe(part)}.")
    return tuple(arrays)


def _aligned(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """A single number may come as an array of one element."""
    return got.reshape(()) if expected.shape == () and got.size == 1 else got


def close(got: np.ndarray, expected: np.ndarray, exercise: Exercise,
          equal_nan: bool = False) -> np.ndarray:
    """``np.isclose`` with the exercise's tolerances, element by element (same shapes)."""
    with np.errstate(all="ignore"):
        ok = np.abs(got - expected) <= exercise.atol + exercise.rtol * np.abs(expected)
        ok |= got == expected  # infinities of the same sign
        if equal_nan:
            ok |= np.isnan(got) & np.isnan(expected)
    return ok


def same(got: tuple[np.ndarray, ...], expected: tuple[np.ndarray, ...], exercise: Exercise,
         equal_nan: bool = False) -> bool:
    """True when every output has the expected shape and is close to the expected values."""
    for g, e in zip(got, expected, strict=True):
        g = _aligned(g, e)
        if g.shape != e.shape or not close(g, e, exercise, equal_nan).all():
            return False
    return True


def _quietly(fn: Callable, args: tuple) -> object:
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*copy.deepcopy(args))


def _matches(mistake: Mistake, cases: list[tuple[str, Case]],
             answers: list[tuple[np.ndarray, ...]], exercise: Exercise) -> bool:
    """True when the student's answers are the mistake's on every case."""
    for (_, case), answer in zip(cases, answers, strict=True):
        try:
            wrong_answer = as_outputs(_quietly(mistake.wrong, case.args), exercise)
        except Exception:  # the wrong variant does not apply to this case
            return False
        if isinstance(wrong_answer, str) or not same(answer, wrong_answer, exercise, True):
            return False
    return True


def _index_text(name: str, index: tuple) -> str:
    return name if index == () else f"{name}[{', '.join(str(int(i)) for i in index)}]"


def _difference(exercise: Exercise, cases: list[tuple[str, Case]],
                answers: list[tuple[np.ndarray, ...]],
                expected: list[tuple[np.ndarray, ...]]) -> str:
    """Shape, then NaN, then the first differing entry: the fallback diagnosis."""
    failing = [i for i, (a, e) in enumerate(zip(answers, expected, strict=True))
               if not same(a, e, exercise)]
    first = failing[0]
    label, case = cases[first]
    prefix = ""
    if case.note and not any(cases[i][1].note for i in range(first)) and first > 0:
        prefix = (f"Funciona en los {first} casos aleatorios, pero no en el caso borde "
                  f"«{case.note}». ")
        label = "ese caso"
    for name, g, e in zip(exercise.outputs, answers[first], expected[first], strict=True):
        g = _aligned(g, e)
        if g.shape != e.shape:
            yours = "es un número" if g.shape == () else f"tiene forma {shape_text(g.shape)}"
            text = (f"{prefix}En {label}, {name} {yours} y debería tener forma "
                    f"{shape_text(e.shape)}.")
            if g.ndim == 2 and g.shape == e.shape[::-1]:
                text += " Es la forma traspuesta: ¿falta o sobra un `.T`?"
            return text
        bad = ~np.isfinite(g) & np.isfinite(e)
        if bad.any():
            index = tuple(np.argwhere(bad)[0])
            text = (f"{prefix}En {label}, {_index_text(name, index)} vale {g[index]} "
                    "(NaN o infinito) y el resultado correcto es un número finito.")
            return text + (f" {exercise.nonfinite_hint}" if exercise.nonfinite_hint else "")
        off = ~close(g, e, exercise)
        if off.any():
            index = tuple(np.argwhere(off)[0])
            got, exp = g[index], e[index]
            return (f"{prefix}En {label}, {_index_text(name, index)} vale {number(got)} y "
                    f"debería valer {number(exp)} (diferencia {number(got - exp)}).")
    return f"{prefix}Tu resultado no coincide con el de mlp_lib en {label}."


def compare_with_reference(exercise: Exercise, student: Student, seed: int) -> Result:
    """The standard judge: the student's answer against ``exercise.reference`` on all cases."""
    cases = exercise.cases(seed)
    raw = [student(case.args, label) for label, case in cases]  # first: it may stop here
    answers = [as_outputs(value, exercise) for value in raw]
    malformed = [a for a in answers if isinstance(a, str)]
    if malformed:  # not the values a reference could be compared with
        return wrong(exercise, malformed[0])
    expected = [as_outputs(_quietly(exercise.reference, case.args), exercise)
                for _, case in cases]
    if all(same(a, e, exercise) for a, e in zip(answers, expected, strict=True)):
        return correct(exercise, success_text(exercise))
    for mistake in exercise.mistakes:
        if _matches(mistake, cases, answers, exercise):
            return wrong(exercise, mistake.message, mistake.section)
    return wrong(exercise, _difference(exercise, cases, answers, expected))


# ------------------------------------------------------------------------------ entry
def evaluate(exercise: Exercise, fn: Callable, seed: int = 0) -> Result:
    """Judge the student's ``fn`` on ``exercise``; never raises.

    Parameters
    ----------
    exercise : Exercise
        The exercise.
    fn : callable
        The student's function.
    seed : int, default 0
        Seed of the random cases: the same seed gives the same cases and the same message.
    """
    if not callable(fn):
        return Result(False, "error", _wrap(
            f"✘ Hay que pasar la función, no su resultado: escribe "
            f"`exercises.check(\"{exercise.name}\", {exercise.function})`, sin paréntesis "
            f"después de {exercise.function}."))
    judge = exercise.judge or compare_with_reference
    try:
        return judge(exercise, Student(fn, exercise), seed)
    except Stop as stop:
        return stop.result
    except Exception as exc:  # a fault of the checker, not of the student
        return Result(False, "error", _wrap(
            f"✘ El comprobador falló ({type(exc).__name__}: {exc}); no es un error tuyo. "
            "Avísale a tu profesor."))
