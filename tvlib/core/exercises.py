"""Checking a student's exercise answer against the value the notebook computes."""

from __future__ import annotations

import math
import numbers

__all__ = ["check_answer"]


def _plain(value: object) -> object:
    """numpy scalars as Python numbers, so they print as ``3.0``, not ``np.float64(3.0)``."""
    return value.item() if hasattr(value, "item") and getattr(value, "ndim", None) == 0 else value


def _equal(answer: object, expected: object) -> bool:
    if isinstance(answer, bool) != isinstance(expected, bool):  # True is not the answer 1.0
        return False
    if isinstance(answer, numbers.Real) and isinstance(expected, numbers.Real):
        return math.isclose(answer, expected, rel_tol=1e-9, abs_tol=1e-9)
    return answer == expected


def check_answer(answer: object, expected: object, explanation: str) -> bool:
    """Print whether ``answer`` equals ``expected``; reveal ``explanation`` once answered or when left as ``None``.

    Numbers are compared to a relative and absolute tolerance of 1e-9, everything else with ``==``.
    Returns True for a correct answer, so a solution cell can ``assert`` it.
    """
    answer, expected = _plain(answer), _plain(expected)
    if answer is None:
        print(f"No answer yet: replace None above and run again. (Solution: {expected!r}. {explanation})")
        return False
    if _equal(answer, expected):
        print(f"Correct: {expected!r}. {explanation}")
        return True
    print(f"Not quite: you answered {answer!r}. Hint: {explanation}")
    return False
