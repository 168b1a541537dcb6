"""Solutions of notebook 05, *Feature maps that move*: the instructor's key.

One section per exercise, opened by ``# %% exercise N``, holding the whole cell that replaces the stub
(``tools/editions.py`` builds the instructor edition from them). The names come from the notebook.
"""

# ruff: noqa: F821


# %% exercise 1
def place_digit(digit, size, top, left):
    """A blank size x size canvas with the (height, width) tensor digit pasted at row top, column left."""
    height, width = digit.shape
    canvas = torch.zeros(size, size, dtype=digit.dtype)
    canvas[top : top + height, left : left + width] = digit
    return canvas


# %% exercise 2
answer_2 = (35, 17)  # each unpadded 5x5 conv loses 4 pixels: 51 - 16 = 35; pooling keeps 17 whole 2x2 cells
# Plausible mistakes: 18 (rounding 35 / 2 up) and 34 (the 38x38 canvas's width minus 4, layer 1's width there).

# %% exercise 3
answer_3 = {(2, 4), (6, 6)}  # both components even; (0, 3) and (4, 1) have one odd component
# A student who reads only the diagonal table may add (3, 5), or forget that 0 is even.


# %% exercise 4
def global_average_pool(maps):
    """The mean of each map over all its positions: (N, C, H, W) maps -> (N, C)."""
    return maps.mean(dim=(2, 3))
