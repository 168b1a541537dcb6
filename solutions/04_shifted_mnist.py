"""Solutions to notebook 04's exercises: `make instructor` puts each section in place of its stub.

Each section is the whole cell that replaces the stub tagged ``exercise-N`` (tools/editions.py).
"""
# ruff: noqa: F821  (names such as `ours` come from the notebook)

# %% exercise 1
drops = {name: accuracies[0] - accuracies[2] for name, accuracies in ours.items()}
answer_1 = max(drops, key=drops.get)  # on full data the logistic regression; in fast mode it can differ
print({name: round(drop, 3) for name, drop in drops.items()})


# %% exercise 2
def shift_digits(images, dy, dx):
    """Image n moved by (dy[n], dx[n]) whole pixels, zero fill."""
    out = torch.zeros_like(images)
    h, w = images.shape[-2:]
    for n in range(len(images)):
        a, b = int(dy[n]), int(dx[n])
        if abs(a) < h and abs(b) < w:  # otherwise the digit has left the canvas: all zeros
            out[n, :, max(a, 0) : h + min(a, 0), max(b, 0) : w + min(b, 0)] = images[
                n, :, max(-a, 0) : h - max(a, 0), max(-b, 0) : w - max(b, 0)
            ]
    return out


# %% exercise 3
def augment(images, max_shift, generator):
    """Every image moved by its own random whole-pixel offset in [-max_shift, max_shift]^2."""
    dy = torch.randint(-max_shift, max_shift + 1, (len(images),), generator=generator)
    dx = torch.randint(-max_shift, max_shift + 1, (len(images),), generator=generator)
    return shift_digits(images, dy, dx)


# %% exercise 4
answer_4 = 78_400 * 10 + 10  # weights + biases of the readout: 784,010 of 794,310
