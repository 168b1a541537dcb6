"""Solutions of notebook 03 (why convolutions): one section per exercise, each the whole cell that replaces the stub.

`tools/editions.py instructor` puts them into the instructor edition; the names they use (`np`, `mystery`,
`impulse`, `phi`, ...) come from the notebook.
"""
# ruff: noqa: F821

# %% exercise 1
answer_1 = int(mystery(impulse(shape, (0, 0)))[0, 0])  # the centre lands on the impulse; flipping keeps it


# %% exercise 2
def correlation_kernel(phi, size):
    """The size x size kernel k (size odd) of phi(x) = x correlated with k, circular padding."""
    response = phi(impulse((size, size), (0, 0)))  # response[i] = k[c - i], indices modulo size
    centre = size // 2
    return np.roll(response, (centre, centre), axis=(0, 1))[::-1, ::-1]


# Instructor note: probing a larger image works too; then take the size x size block around [0, 0]
# before flipping. Forgetting the flip fails on the check's corner impulse.


# %% exercise 3
def circulant(h):
    """The n x n matrix C with C @ x = the circular convolution of the length-n signal x with h."""
    h = np.asarray(h, dtype=float)
    i, j = np.indices((len(h), len(h)))
    return h[(i - j) % len(h)]  # output i takes x[j] times h[i - j]


# Instructor note: the transpose, h[(j - i) % n], is the usual mistake; it is the correlation's matrix.

# %% exercise 4
answer_4 = (7, 7)  # column 9 is h shifted by (1, 1); at pixel [0, 0] it holds h[-1, -1] = h[7, 7]
