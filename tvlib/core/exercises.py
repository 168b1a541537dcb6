"""Checking a student's exercise answer against the value the notebook computes."""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._validate import as_text, is_tensor

__all__ = ["check_answer"]


def _plain(value: object) -> object:
    """Tensors as arrays; 0-d arrays and numpy scalars as Python numbers (they print as ``3.0``)."""
    if is_tensor(value):
        value = value.detach().cpu().numpy()  # type: ignore[attr-defined]
    return value.item() if isinstance(value, (np.ndarray, np.generic)) and value.ndim == 0 else value


def _equal(answer: object, expected: object) -> bool:
    if isinstance(answer, bool) != isinstance(expected, bool):  # True is not the answer 1.0
        return False
    if isinstance(answer, numbers.Real) and isinstance(expected, numbers.Real):
        return math.isclose(answer, expected, rel_tol=1e-9, abs_tol=1e-9)
    try:
        if isinstance(answer, np.ndarray) or isinstance(expected, np.ndarray):
            a, b = np.asarray(answer), np.asarray(expected)
            if a.shape != b.shape:
                return False
            if np.issubdtype(a.dtype, np.number) and np.issubdtype(b.dtype, np.number):
                return bool(np.allclose(a, b, rtol=1e-9, atol=1e-9))
            return bool(np.array_equal(a, b))
        return bool(answer == expected)
    except (TypeError, ValueError):  # not comparable (ragged lists, containers of arrays): not equal
        return False


def check_answer(answer: object, expected: object, explanation: str) -> bool:
    """Print whether ``answer`` equals ``expected``, with ``explanation`` once answered; never the solution unasked.

    An unanswered exercise (``None``) reveals neither the expected value nor the explanation, so that
    running a notebook top to bottom gives nothing away.

    Numbers, and arrays of numbers of the same shape, are compared to a relative and absolute
    tolerance of 1e-9, everything else with ``==``. Returns True for a correct answer, so a
    solution cell can ``assert`` it.

    Raises
    ------
    TypeError
        If ``explanation`` is not a string.

    Examples
    --------
    >>> check_answer(np.float64(0.5), 1 / 2, "Half of the pixels.")
    Correct: 0.5. Half of the pixels.
    True
    >>> check_answer([1, 2], np.array([1, 3]), "Look at the second pixel.")
    Not quite: you answered [1, 2]. Hint: Look at the second pixel.
    False
    """
    explanation = as_text(explanation, "explanation")
    answer, expected = _plain(answer), _plain(expected)
    if answer is None:
        print("No answer yet: replace None above with your answer and run both cells again.")
        return False
    if _equal(answer, expected):
        print(f"Correct: {expected!r}. {explanation}")
        return True
    print(f"Not quite: you answered {answer!r}. Hint: {explanation}")
    return False
