"""The exercise checks: right, wrong and missing answers and functions, and the recorded verdicts."""

from __future__ import annotations

import numpy as np
import pytest

from tvlib.core import exercises
from tvlib.core.exercises import check_answer, check_function, check_prediction, require_verdicts, verdicts


@pytest.fixture(autouse=True)
def fresh_verdicts(monkeypatch):
    monkeypatch.setattr(exercises, "_verdicts", [])


def test_check_answer(capsys):
    assert check_answer({3, 450}, {450, 3}, "hint", "why") is True
    assert capsys.readouterr().out.startswith("Correct: {")
    assert check_answer(3.0000000001, np.float64(3.0), "hint", "why") is True
    assert "np.float64" not in capsys.readouterr().out
    assert check_answer(2, 3, "the hint", "the reason 3") is False
    out = capsys.readouterr().out
    assert "Not quite: you answered 2" in out and "the hint" in out and "reason" not in out and "3" not in out
    assert check_answer(None, (1, 2), "the hint", "the reason") is False
    out = capsys.readouterr().out
    assert "Not done yet" in out and "(1, 2)" not in out and "hint" not in out and "reason" not in out
    assert check_answer(True, 1.0, "hint") is False  # a bool is not a number answer
    assert verdicts() == ["correct", "correct", "wrong", "not done", "wrong"]


def test_check_function_compares_with_the_reference_on_copies(capsys):
    def in_place(x):
        x += 1  # changes its argument: the reference must still see the original
        return x

    assert check_function(in_place, [(np.zeros(3),)], reference=lambda x: x + 1) is True
    assert "passed all 1 test cases" in capsys.readouterr().out
    assert check_function(lambda x: x, [(np.zeros(3),), (np.ones((5, 5)),)], reference=lambda x: x + 1) is False
    out = capsys.readouterr().out
    assert "case 1 of 2" in out and "expected array [1., 1., 1.], got array [0., 0., 0.]" in out
    assert check_function(lambda x: x[:2], [(np.zeros(3),)], reference=lambda x: x) is False
    assert "expected array [0., 0., 0.], got array [0., 0.]" in capsys.readouterr().out


def test_check_function_reports_stubs_bugs_and_missing_returns(capsys):
    def stub(x):
        raise NotImplementedError("write me")

    def buggy(x):
        return x[10]

    def no_return(x):
        x + 1

    assert check_function(stub, [(1,)], reference=abs) is False
    assert "Not done yet" in capsys.readouterr().out
    assert check_function(None, [(1,)], reference=abs) is False
    assert "Not done yet" in capsys.readouterr().out
    assert check_function(buggy, [(np.zeros(3),)], reference=abs) is False
    assert "raised IndexError" in capsys.readouterr().out
    assert check_function(no_return, [(1,)], reference=abs) is False
    assert "returned None" in capsys.readouterr().out
    assert check_function(3, [(1,)], reference=abs) is False
    assert verdicts() == ["not done", "not done", "wrong", "wrong", "wrong"]


def test_check_function_with_a_property_test(capsys):
    even = lambda x, result: None if result % 2 == 0 else f"{result} is odd"
    assert check_function(lambda x: 2 * x, [3, 4], test=even) is True
    assert check_function(lambda x: x, [4, 3], test=even, hint="double it") is False
    assert "case 2 of 2, arguments (3): 3 is odd. Hint: double it" in capsys.readouterr().out


def test_check_function_refuses_bad_arguments():
    with pytest.raises(TypeError, match="exactly one of reference"):
        check_function(abs, [(1,)])
    with pytest.raises(TypeError, match="exactly one of reference"):
        check_function(abs, [(1,)], reference=abs, test=abs)
    with pytest.raises(ValueError, match="cases must not be empty"):
        check_function(abs, [], reference=abs)
    with pytest.raises(TypeError, match="cases must be a list"):
        check_function(abs, 3, reference=abs)
    with pytest.raises(ValueError, match="rtol"):
        check_function(abs, [(1,)], reference=abs, rtol=-1)


def test_check_prediction_records_nothing(capsys):
    assert check_prediction(3, 3) is None
    assert ": right." in capsys.readouterr().out
    check_prediction(2, 3, "why")
    assert "not what happened. why" in capsys.readouterr().out
    check_prediction(None, 3)
    assert "No prediction" in capsys.readouterr().out
    assert verdicts() == []


def test_require_verdicts():
    check_answer(None, 1, "hint")
    check_function(None, [(1,)], reference=abs)
    require_verdicts("not done", 2)
    with pytest.raises(AssertionError, match="expected 3 exercise checks"):
        require_verdicts("not done", 3)
    with pytest.raises(AssertionError, match="all 'correct'"):
        require_verdicts("correct", 2)
    with pytest.raises(ValueError, match="verdict must be one of"):
        require_verdicts("done", 2)


def test_equivalent_forms_of_an_answer_count(capsys):
    assert check_answer([3, 450], {3, 450}, "hint") is True  # a list for a set
    assert check_answer(np.array([450, 3]), {3, 450}, "hint") is True
    assert check_answer([1, 2], (1, 2), "hint") is True  # a list for a tuple
    assert check_answer((1, 2), np.array([1, 2]), "hint") is True
    assert check_answer([3, 3, 450], {3, 450}, "hint") is False  # repeats: not a set
    capsys.readouterr()
    assert check_answer(3, {3, 450}, "the hint") is False
    out = capsys.readouterr().out
    assert "a number; answer with a set" in out and "the hint" not in out


def test_predictions_are_compared_by_meaning(capsys):
    for prediction, actual in [([1, 1], (1, 1)), ("c", "C"), (1, True), ([1, 2, 3, 6], {1, 2, 3, 6})]:
        check_prediction(prediction, actual)
        assert ": right." in capsys.readouterr().out, (prediction, actual)
    check_prediction(2, True)
    assert "not what happened" in capsys.readouterr().out
