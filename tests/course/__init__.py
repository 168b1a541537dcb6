"""The notebooks' exercise checks (tvlib.course), one file per notebook, and what they share."""

from __future__ import annotations


def stub(*args: object) -> object:
    """An unsolved coding exercise, as the student edition has it."""
    raise NotImplementedError("write me")


def verdict(capsys, passed: bool) -> str:
    """What the check printed, as a verdict; asserts that it agrees with what the check returned."""
    out = capsys.readouterr().out
    if passed:
        assert out.startswith("Correct"), out
        return "correct"
    assert out.startswith(("Not quite", "Not done")), out
    return "not done" if out.startswith("Not done") else "wrong"
