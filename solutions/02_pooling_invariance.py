"""Solutions of notebook 02 (pooling gives local, approximate invariance): the instructor edition's key.

Each section, opened by ``# %% exercise N``, is the whole cell that replaces the stub tagged
``exercise-N`` in ``notebooks/02_pooling_invariance.ipynb`` (``tools/editions.py instructor``).
"""

# ruff: noqa: F821
# %% exercise 1
answer_1 = (1, 2)  # 13 // 2**3 = 1, 22 // 2**3 = 2
# Instructor note: students who answer (1, 3) rounded 22 / 8 = 2.75 up; pooling always rounds down.


# %% exercise 2
def first_change(column, levels):
    """The smallest shift to the right (at least 1) that moves a pixel at `column` to another pooled column."""
    cell = 2**levels  # the pooled column is column // cell
    return cell - column % cell  # distance to the first column of the next cell
    # Instructor note: a loop that tries s = 1, 2, ... until (column + s) // cell changes is just as good.


# %% exercise 3
def max_pool_strided(x, kernel_size=3, stride=2):
    """Max pooling with a kernel_size x kernel_size window that moves by `stride` (windows may overlap)."""
    k, s = kernel_size, stride
    height = (x.shape[0] - k) // s + 1  # only windows that fit completely inside the image
    width = (x.shape[1] - k) // s + 1
    pooled = np.zeros((height, width))
    for r in range(height):
        for c in range(width):
            pooled[r, c] = x[s * r : s * r + k, s * c : s * c + k].max()
    return pooled
    # Instructor note: x.shape[0] // stride rows is the mistake to look for: for an even side (10 rows: 5 instead
    # of 4) the last window runs past the edge.


# %% exercise 4
answer_4 = {"c", "d"}
# Instructor note: (c) is the one to discuss. Three poolings of an 8x8 map leave one cell that covers
# every pixel, so it is the global maximum; with a 16x16 map it would not be.
