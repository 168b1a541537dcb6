"""Checking students' exercises: a value they computed, a function they wrote, a prediction they made.

Every check prints one short verdict and returns True only for a correct answer. An unanswered
exercise (an answer of ``None``, or a function that still raises ``NotImplementedError``) is reported
as *not done* and reveals neither the solution nor the explanation; a wrong answer gets the hint, never
the explanation. So running a student notebook top to bottom gives nothing away.

Each check also records its verdict (``"correct"``, ``"wrong"`` or ``"not done"``) for this Python
session; :func:`verdicts` lists them and :func:`require_verdicts` asserts them. The test editions of the
notebooks end with a cell that calls it: the student edition must report every check *not done*, the
instructor edition every check *correct* (``tools/editions.py``).
"""

from __future__ import annotations

import copy
import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from ._validate import as_choice, as_int, as_real, as_text, is_tensor

# verdicts and require_verdicts are the test editions' plumbing (tools/editions.py), not for notebooks.
__all__ = ["check_answer", "check_function", "check_prediction"]

VERDICTS = ("correct", "wrong", "not done")
_verdicts: list[str] = []


def _plain(value: object) -> object:
    """Tensors as arrays; 0-d arrays and numpy scalars as Python numbers (they print as ``3.0``)."""
    if is_tensor(value):
        value = value.detach().cpu().numpy()  # type: ignore[attr-defined]
    return value.item() if isinstance(value, (np.ndarray, np.generic)) and value.ndim == 0 else value


def _equal(answer: object, expected: object, rtol: float = 1e-9, atol: float = 1e-9) -> bool:
    answer, expected = _plain(answer), _plain(expected)
    if isinstance(answer, bool) != isinstance(expected, bool):  # True is not the answer 1.0
        return False
    if isinstance(answer, numbers.Real) and isinstance(expected, numbers.Real):
        return math.isclose(answer, expected, rel_tol=rtol, abs_tol=atol)
    try:
        if isinstance(answer, np.ndarray) or isinstance(expected, np.ndarray):
            a, b = np.asarray(answer), np.asarray(expected)
            if a.shape != b.shape:
                return False
            if np.issubdtype(a.dtype, np.number) and np.issubdtype(b.dtype, np.number):
                return bool(np.allclose(a, b, rtol=rtol, atol=atol))
            return bool(np.array_equal(a, b))
        return bool(answer == expected)
    except (TypeError, ValueError):  # not comparable (ragged lists, containers of arrays): not equal
        return False


def _as_like(answer: object, expected: object) -> object:
    """``answer`` in the form of ``expected`` where both mean the same: a list, tuple or 1-D array of
    distinct items for a set; a list or 1-D array for a tuple, a tuple or 1-D array for a list."""
    answer, expected = _plain(answer), _plain(expected)
    if isinstance(answer, np.ndarray) and answer.ndim == 1 and isinstance(expected, (set, frozenset, tuple, list)):
        answer = answer.tolist()
    try:
        if (
            isinstance(expected, (set, frozenset))
            and isinstance(answer, (list, tuple))
            and len(set(answer)) == len(answer)
        ):
            return set(answer)
    except TypeError:  # unhashable items: leave the answer as it is
        return answer
    if isinstance(expected, np.ndarray) and isinstance(answer, (list, tuple)):
        return np.asarray(answer) if _regular(answer) else answer
    if isinstance(expected, tuple) and isinstance(answer, list):
        return tuple(answer)
    if isinstance(expected, list) and isinstance(answer, tuple):
        return list(answer)
    return answer


def _regular(value: list | tuple) -> bool:
    """True if ``value`` makes a regular numpy array (not a ragged one, which numpy refuses)."""
    try:
        np.asarray(value)
    except ValueError:
        return False
    return True


def _form(value: object) -> str:
    """What kind of answer ``value`` is, in words: 'a set', 'a number', ..."""
    value = _plain(value)
    if isinstance(value, bool):
        return "True or False"
    for kinds, words in (
        ((set, frozenset), "a set"),
        (tuple, "a tuple"),
        (list, "a list"),
        (str, "a string"),
        (numbers.Number, "a number"),
        (np.ndarray, "an array"),
        (dict, "a dict"),
    ):
        if isinstance(value, kinds):
            return words
    return f"a {type(value).__name__}"


def _record(verdict: str, message: str) -> bool:
    _verdicts.append(verdict)
    print(message)
    return verdict == "correct"


def _describe(value: object) -> str:
    """A short description of an argument or result: small arrays in full, large ones by shape."""
    value = _plain(value)
    if isinstance(value, np.ndarray):
        if value.size <= 16:
            return f"array {np.array2string(value, precision=4, separator=', ')}"
        return f"array of shape {value.shape}, dtype {value.dtype}"
    if isinstance(value, (set, frozenset)):
        try:
            return "{" + ", ".join(map(repr, sorted(value))) + "}" if value else "set()"
        except TypeError:  # not sortable (mixed types): as Python prints it
            return repr(value)
    if callable(value) and not isinstance(value, type):
        name = getattr(value, "__name__", "")
        return f"function {name}" if name and name != "<lambda>" else "a function"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_answer(answer: object, expected: object, hint: str, explanation: str = "") -> bool:
    """Print whether ``answer`` equals ``expected``: the ``hint`` if not, the ``explanation`` if so.

    Numbers, and arrays of numbers of the same shape, are compared to a relative and absolute
    tolerance of 1e-9, everything else with ``==``; a list, tuple or 1-D array counts as a set (or a
    tuple) where the expected answer is one. An answer of another form (a number for a set) is told the
    form to give. ``None`` means *not done*: nothing is revealed.

    Raises
    ------
    TypeError
        If ``hint`` or ``explanation`` is not a string.

    Examples
    --------
    >>> check_answer(np.float64(0.5), 1 / 2, "Count the pixels.", "Half of them.")
    Correct: 0.5. Half of them.
    True
    >>> check_answer([1, 2], np.array([1, 3]), "Look at the second pixel.", "It is 3.")
    Not quite: you answered [1, 2]. Hint: Look at the second pixel.
    False
    >>> check_answer({450, 3}, {3, 450}, "Two columns.", "The border and the fill.")
    Correct: {3, 450}. The border and the fill.
    True
    >>> check_answer(None, 3, "Count.", "Three.")
    Not done yet: replace None with your answer and run the cell again.
    False
    """
    hint, explanation = as_text(hint, "hint"), as_text(explanation, "explanation")
    given = _plain(answer)
    if given is None:
        return _record("not done", "Not done yet: replace None with your answer and run the cell again.")
    answer = _as_like(given, expected)
    if _equal(answer, expected):
        return _record("correct", f"Correct: {_describe(given)}. {explanation}".rstrip())
    form = _form(expected)
    if _form(answer) != form and not (form == "a number" and _form(answer) == "True or False"):
        return _record("wrong", f"Not quite: you answered {_describe(given)}, {_form(answer)}; answer with {form}.")
    return _record("wrong", f"Not quite: you answered {_describe(given)}. Hint: {hint}")


def _cases(cases: object) -> list[tuple]:
    if isinstance(cases, (str, bytes)) or not isinstance(cases, Iterable):
        raise TypeError(f"cases must be a list of argument tuples, got {type(cases).__name__}")
    cases = [case if isinstance(case, tuple) else (case,) for case in cases]
    if not cases:
        raise ValueError("cases must not be empty: give at least one tuple of arguments")
    return cases


def check_function(
    function: object,
    cases: Sequence[tuple],
    reference: Callable[..., Any] | None = None,
    test: Callable[..., str | None] | None = None,
    hint: str = "",
    explanation: str = "",
    rtol: float = 1e-6,
    atol: float = 1e-6,
) -> bool:
    """Run a student's ``function`` on every case and compare it with ``reference``, or judge it by ``test``.

    Each case is a tuple of arguments (a single argument may stand alone); both functions get their own
    deep copy, so an in-place change cannot hide a mistake. With ``reference``, results must be equal
    (arrays and tensors: same shape, values within ``rtol``/``atol``; other values ``==``). With
    ``test``, ``test(*case, result)`` returns ``None`` for a good result or a message saying what is
    wrong (for answers that are random, e.g. an augmentation step). The first failing case is described.

    ``function`` of ``None``, or one that raises ``NotImplementedError``, is *not done*; any other
    exception is a wrong answer, reported with its message.

    Raises
    ------
    TypeError
        If not exactly one of ``reference`` and ``test`` is a callable, ``cases`` is not a list of
        tuples, or ``hint``/``explanation`` are not strings.
    ValueError
        If ``cases`` is empty or a tolerance is negative.

    Examples
    --------
    >>> def double(x):
    ...     return 2 * x
    >>> check_function(double, [(1,), (np.arange(3),)], reference=lambda x: x + x)
    Correct: your function passed all 2 test cases.
    True
    >>> check_function(lambda x: x * x, [(1,), (3,)], reference=lambda x: x + x, hint="Add, do not multiply.")
    Not quite: case 1 of 2, arguments (1): expected 2, got 1. Hint: Add, do not multiply.
    False
    """
    if (reference is None) == (test is None) or not callable(reference if test is None else test):
        raise TypeError("give exactly one of reference (the correct function) and test (a checker), as a callable")
    cases = _cases(cases)
    hint, explanation = as_text(hint, "hint"), as_text(explanation, "explanation")
    rtol, atol = as_real(rtol, "rtol", minimum=0), as_real(atol, "atol", minimum=0)
    not_done = (
        "Not done yet: write the function's body (it still raises NotImplementedError), run its cell, then this one."
    )
    if function is None:
        return _record("not done", not_done)
    if not callable(function):
        return _record("wrong", f"Not quite: expected a function, got {type(function).__name__}. Hint: {hint}")
    for number, case in enumerate(cases, start=1):
        where = f"case {number} of {len(cases)}, arguments ({', '.join(map(_describe, case))})"
        try:
            result = function(*copy.deepcopy(case))
        except NotImplementedError:
            return _record("not done", not_done)
        except Exception as error:  # a student's bug: report it, do not crash the notebook
            return _record("wrong", f"Not quite: {where}: your function raised {type(error).__name__}: {error}")
        if result is None:
            return _record("wrong", f"Not quite: {where}: your function returned None (is `return` missing?)")
        if test is not None:
            problem = test(*copy.deepcopy(case), result)
            if problem:
                message = f"Not quite: {where}: {problem}."
                return _record("wrong", f"{message} Hint: {hint}" if hint else message)
            continue
        expected = reference(*copy.deepcopy(case))  # type: ignore[misc]
        if not _equal(result, expected, rtol, atol):
            got, want = _plain(result), _plain(expected)
            if isinstance(got, np.ndarray) and isinstance(want, np.ndarray) and got.shape == want.shape:
                detail = f"largest difference {np.max(np.abs(got.astype(float) - want.astype(float))):.3g}"
                if got.size <= 16:
                    detail = f"expected {_describe(want)}, got {_describe(got)} ({detail})"
            else:
                detail = f"expected {_describe(want)}, got {_describe(got)}"
            message = f"Not quite: {where}: {detail}."
            return _record("wrong", f"{message} Hint: {hint}" if hint else message)
    return _record("correct", f"Correct: your function passed all {len(cases)} test cases. {explanation}".rstrip())


def check_prediction(prediction: object, actual: object, explanation: str = "") -> None:
    """Compare a prediction the student wrote down *before* running an experiment with what happened.

    Not an exercise: nothing is recorded or returned (the experiment's result is on the screen anyway,
    and a missing prediction is only a nudge), so the call can end a cell whose output nbval checks.

    Examples
    --------
    >>> check_prediction(2, 2, "Each pooling halves the distance.")
    You predicted 2, and it is 2: right. Each pooling halves the distance.
    >>> check_prediction(None, 2)
    No prediction written down; it is 2. Next time, guess first: it is how the result sticks.
    """
    explanation = as_text(explanation, "explanation")
    prediction, actual = _plain(prediction), _plain(actual)
    if prediction is None:
        nudge = "Next time, guess first: it is how the result sticks."
        print(f"No prediction written down; it is {_describe(actual)}. {nudge}")
        return
    guess = _as_like(prediction, actual)
    if isinstance(actual, bool) and not isinstance(guess, bool) and guess in (0, 1):
        guess = bool(guess)  # 1 for True
    if isinstance(guess, str) and isinstance(actual, str):
        guess, actual_text = guess.strip().lower(), actual.strip().lower()
        right = guess == actual_text
    else:
        right = _equal(guess, actual)
    verdict = "right" if right else "not what happened"
    print(f"You predicted {_describe(prediction)}, and it is {_describe(actual)}: {verdict}. {explanation}".rstrip())


def verdicts() -> list[str]:
    """The verdicts of every check run in this Python session, in order (``"correct"``, ``"wrong"``, ``"not done"``).

    Examples
    --------
    >>> isinstance(verdicts(), list)
    True
    """
    return list(_verdicts)


def require_verdicts(verdict: str, count: int) -> None:
    """Assert that exactly ``count`` checks ran in this session and all gave ``verdict``.

    The last cell of each test edition calls it: the student edition with ``"not done"`` (every check
    can fail, none is vacuous), the instructor edition with ``"correct"``.

    Raises
    ------
    AssertionError
        If the number of checks or any verdict differs, listing them.
    TypeError, ValueError
        If ``verdict`` is not one of :data:`VERDICTS` or ``count`` is not a whole number >= 0.

    Examples
    --------
    >>> require_verdicts("correct", len(verdicts()) + 1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    AssertionError: expected ... exercise checks, all 'correct'; the checks that ran gave [...]
    """
    verdict, count = as_choice(verdict, "verdict", VERDICTS), as_int(count, "count", minimum=0)
    if len(_verdicts) != count or any(v != verdict for v in _verdicts):
        raise AssertionError(f"expected {count} exercise checks, all {verdict!r}; the checks that ran gave {_verdicts}")
