"""Solutions of notebook 07, *Beyond translation: the same argument for rotations*: the instructor's key.

One section per exercise, opened by ``# %% exercise N``, holding the whole cell that replaces the stub
(``tools/editions.py`` builds the instructor edition from them). The names come from the notebook.
"""

# ruff: noqa: F821


# %% exercise 1
def orbit_average(model, images):
    """The mean of model's class scores over the four quarter turns of images: (N, 1, 28, 28) -> (N, 10)."""
    scores = [model(torch.rot90(images, r, dims=(-2, -1))) for r in range(4)]
    return torch.stack(scores).mean(dim=0)


# Why it is invariant: turning the input by a quarter turn turns each of the four images by one more
# quarter turn, so the four terms of the mean are the same, in another order. Averaging over a group is
# the general recipe for invariance; the price is four forward passes per prediction. Plausible mistakes:
# averaging probabilities (softmax first), two turns only (0 and 180 degrees), turning the batch axis.

# %% exercise 2
answer_2 = (20_020, 80_080)  # 20 * 10 * 4 * 5 * 5 + 20, and 80 * 40 * 5 * 5 + 80: a quarter of the weights
# Plausible mistakes: 20_000 (no biases), 20_080 (a bias per turn, which would break the equivariance), the
# pair in the wrong order; the check's hint says which of the two numbers is off.

# %% exercise 3
answer_3 = {90, 180, 270}
# Quarter turns are in p4 and permute the pixels; 30, 45 and 135 degrees need interpolation. A student who
# adds 135 confuses "a multiple of 45" with "a multiple of 90".


# %% exercise 4
def p4_equivariance_error(layer, maps, turns):
    """|| layer(L_r maps) - L_r layer(maps) || / || layer(maps) || for r = turns quarter turns (L_r: rotate_p4)."""
    reference = layer(maps)
    difference = layer(rotate_p4(maps, turns)) - rotate_p4(reference, turns)
    return float(difference.norm() / reference.norm())


# Plausible mistakes: turning only the maps (torch.rot90) without cycling the rotation axis, which makes
# every group convolution look broken; comparing with the unturned output; dividing by the input's norm;
# turning the two sides in opposite directions. The check names each of them.
