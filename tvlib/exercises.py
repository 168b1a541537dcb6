"""Checking a student's exercise answer against the value the notebook computes."""

from __future__ import annotations

__all__ = ["check_answer"]


def check_answer(answer: object, expected: object, explanation: str) -> bool:
    """Print whether ``answer`` equals ``expected``; reveal ``explanation`` once answered or when left as ``None``.

    Returns True for a correct answer, so a solution cell can ``assert`` it.
    """
    if answer is None:
        print(f"No answer yet: replace None above and run again. (Solution: {expected!r}. {explanation})")
        return False
    if answer == expected:
        print(f"Correct: {expected!r}. {explanation}")
        return True
    print(f"Not quite: you answered {answer!r}. Hint: {explanation}")
    return False
