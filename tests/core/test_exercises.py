"""The exercise checker: right, wrong and missing answers."""

from __future__ import annotations

import numpy as np

from tvlib.core.exercises import check_answer


def test_check_answer(capsys):
    assert check_answer({3, 450}, {450, 3}, "why") is True
    assert capsys.readouterr().out.startswith("Correct: {")
    assert check_answer(3.0000000001, np.float64(3.0), "why") is True
    assert "np.float64" not in capsys.readouterr().out
    assert check_answer(2, 3, "the reason") is False
    out = capsys.readouterr().out
    assert "Not quite: you answered 2" in out and "the reason" in out and "3" not in out.replace("answered 2", "")
    assert check_answer(None, (1, 2), "the reason") is False
    out = capsys.readouterr().out
    assert "No answer yet" in out and "(1, 2)" not in out and "the reason" not in out  # no solution given away
    assert check_answer(True, 1.0, "why") is False  # a bool is not a number answer
