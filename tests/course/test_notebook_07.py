"""The checks of notebook 07 (tvlib.course.notebook_07): each rejects plausible wrong answers, reports a
stub as not done, and accepts the right answer."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from tests.course import stub, verdict
from tvlib.course import notebook_07 as check
from tvlib.nn import build_model
from tvlib.nn.p4 import rotate_p4

# --- exercise 1: orbit_average -------------------------------------------------------------------------------


def orbit_average(model, images):
    return torch.stack([model(torch.rot90(images, r, dims=(-2, -1))) for r in range(4)]).mean(dim=0)


def orbit_average_of_probabilities(model, images):  # softmax first
    return torch.stack([model(torch.rot90(images, r, dims=(-2, -1))).softmax(1) for r in range(4)]).mean(dim=0)


def orbit_average_two_turns(model, images):  # 0 and 180 degrees only
    return torch.stack([model(torch.rot90(images, r, dims=(-2, -1))) for r in (0, 2)]).mean(dim=0)


def orbit_average_wrong_axes(model, images):  # turns the batch and channel axes
    return torch.stack([model(torch.rot90(images, r, dims=(0, 1))) for r in range(4)]).mean(dim=0)


def orbit_sum(model, images):  # forgets to divide
    return sum(model(torch.rot90(images, r, dims=(-2, -1))) for r in range(4))


def test_exercise_1(capsys):
    assert verdict(capsys, check.exercise_1(orbit_average)) == "correct"
    for wrong in (orbit_average_of_probabilities, orbit_average_two_turns, orbit_average_wrong_axes, orbit_sum):
        assert verdict(capsys, check.exercise_1(wrong)) == "wrong", wrong.__name__
    assert verdict(capsys, check.exercise_1(stub)) == "not done"
    assert verdict(capsys, check.exercise_1(None)) == "not done"


def upright_only(model, images):  # no turn at all
    return model(images)


def hints_name_the_mistakes(capsys, exercise, mistakes) -> list[str]:
    """Run ``exercise`` on each wrong answer: its hint must name the mistake. Returns what each printed."""
    printed = []
    for wrong, words in mistakes:
        exercise(wrong)
        out = capsys.readouterr().out
        assert words in out and "Hint:" in out, (wrong.__name__, out)
        printed.append(out)
    return printed


def test_exercise_1_names_the_mistake(capsys):
    """A wrong answer gets a hint that names its mistake, and neither the explanation nor the right answer."""
    mistakes = (
        (orbit_sum, "four times too large"),
        (orbit_average_of_probabilities, "averaged probabilities"),
        (orbit_average_two_turns, "0 and 180 degrees only"),
        (upright_only, "upright images alone"),
    )
    for out in hints_name_the_mistakes(capsys, check.exercise_1, mistakes):
        assert "test-time augmentation" not in out, out  # the explanation is for right answers only


# --- exercise 2: parameter counts ----------------------------------------------------------------------------


def test_exercise_2(capsys):
    assert verdict(capsys, check.exercise_2((20_020, 80_080))) == "correct"
    assert verdict(capsys, check.exercise_2([20_020, 80_080])) == "correct"
    # no biases; a bias per turn; the ordinary conv without its factor 4 in the outputs; one number only
    for wrong in ((20_000, 80_000), (20_080, 80_080), (20_020, 20_080), 20_020, (80_080, 20_020)):
        assert verdict(capsys, check.exercise_2(wrong)) == "wrong", wrong
    assert verdict(capsys, check.exercise_2(None)) == "not done"


@pytest.mark.parametrize(
    "answer, said, unsaid",
    [
        ((20_000, 80_000), ["first number", "second number", "biases are missing"], ["20,020", "80,080"]),
        ((20_080, 80_080), ["first number", "shared by its four turns"], ["second number", "missing"]),
        ((20_020, 80_000), ["second number", "biases are missing"], ["first number"]),
        ((80_080, 20_020), ["wrong order"], ["biases"]),
        ((1.5, 2), ["pair of integers"], []),
    ],
)
def test_exercise_2_says_which_number_is_off(capsys, answer, said, unsaid):
    assert verdict(capsys, check.exercise_2(answer)) == "wrong"
    check.exercise_2(answer)
    out = capsys.readouterr().out
    for words in said:
        assert words in out, (words, out)
    for words in unsaid:
        assert words not in out, (words, out)


# --- exercise 3: exact angles --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits() -> torch.Tensor:
    images = torch.zeros(6, 1, 28, 28)
    generator = torch.Generator().manual_seed(0)
    images[:, :, 6:22, 6:22] = torch.rand(6, 1, 16, 16, generator=generator)
    return images


def test_exercise_3(capsys, digits):
    model = build_model("P4CNN", seed=1).eval()
    assert verdict(capsys, check.exercise_3({90, 180, 270}, model, digits)) == "correct"
    assert verdict(capsys, check.exercise_3([90, 180, 270.0], model, digits)) == "correct"
    for wrong in ({90, 180}, {45, 90, 135, 180, 270}, {30, 45, 90, 135, 180, 270}, set(), 90):
        assert verdict(capsys, check.exercise_3(wrong, model, digits)) == "wrong", wrong
    assert verdict(capsys, check.exercise_3(None, model, digits)) == "not done"


def test_exercise_3_measures_the_model_it_is_given(capsys, digits):
    """For CNN2, which is not built for turns, no angle leaves the scores unchanged."""
    assert verdict(capsys, check.exercise_3(set(), build_model("CNN2", seed=0).eval(), digits)) == "correct"


# --- exercise 4: p4_equivariance_error ------------------------------------------------------------------------


def p4_equivariance_error(layer, maps, turns):
    reference = layer(maps)
    return float((layer(rotate_p4(maps, turns)) - rotate_p4(reference, turns)).norm() / reference.norm())


def error_without_the_roll(layer, maps, turns):  # turns the maps only: every group conv looks broken
    def turn(x):
        return torch.rot90(x, turns, dims=(-2, -1))

    reference = layer(maps)
    return float((layer(turn(maps)) - turn(reference)).norm() / reference.norm())


def error_against_the_unturned_output(layer, maps, turns):
    reference = layer(maps)
    return float((layer(rotate_p4(maps, turns)) - reference).norm() / reference.norm())


def error_relative_to_the_input(layer, maps, turns):
    reference = layer(maps)
    return float((layer(rotate_p4(maps, turns)) - rotate_p4(reference, turns)).norm() / maps.norm())


def error_turning_the_wrong_way(layer, maps, turns):
    reference = layer(maps)
    return float((layer(rotate_p4(maps, -turns)) - rotate_p4(reference, turns)).norm() / reference.norm())


def test_exercise_4(capsys):
    assert verdict(capsys, check.exercise_4(p4_equivariance_error)) == "correct"
    wrongs = (
        error_without_the_roll,
        error_against_the_unturned_output,
        error_relative_to_the_input,
        error_turning_the_wrong_way,
    )
    for wrong in wrongs:
        assert verdict(capsys, check.exercise_4(wrong)) == "wrong", wrong.__name__
    assert verdict(capsys, check.exercise_4(stub)) == "not done"
    assert verdict(capsys, check.exercise_4(None)) == "not done"


def test_exercise_4_names_the_mistake(capsys):
    mistakes = (
        (error_without_the_roll, "leaves the rotation axis where it is"),
        (error_against_the_unturned_output, "output for the unturned maps as it is"),
        (error_relative_to_the_input, "norm of the input maps"),
        (error_turning_the_wrong_way, "opposite directions"),
    )
    hints_name_the_mistakes(capsys, check.exercise_4, mistakes)


def test_exercise_4_accepts_a_number_of_any_kind(capsys):
    """A 0-d tensor or a numpy float is a number; a tensor of several values or a string is not."""

    def as_tensor(layer, maps, turns):
        return torch.tensor(p4_equivariance_error(layer, maps, turns))

    def as_numpy(layer, maps, turns):
        return np.float64(p4_equivariance_error(layer, maps, turns))

    def several(layer, maps, turns):
        return torch.tensor([p4_equivariance_error(layer, maps, turns)] * 2)

    def text(layer, maps, turns):
        return str(p4_equivariance_error(layer, maps, turns))

    for right in (as_tensor, as_numpy):
        assert verdict(capsys, check.exercise_4(right)) == "correct", right.__name__
    for wrong in (several, text):
        assert verdict(capsys, check.exercise_4(wrong)) == "wrong", wrong.__name__
