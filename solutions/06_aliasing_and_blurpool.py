# ruff: noqa: F821
"""Solutions of notebook 06, *Where invariance breaks: aliasing, BlurPool and one-pixel flips*.

One section per exercise, opened by ``# %% exercise N``: the whole cell that replaces the stub of the
cell tagged ``exercise-N`` in the instructor edition (``tools/editions.py``). Names such as
``pascal_row``, ``predict_proba`` and ``shift_batch`` come from the notebook's earlier cells.
"""


# %% exercise 1
def blur_subsample(signal, size):
    """The circular binomial blur of `size` taps (aligned as in max_blur_pool), then every second sample."""
    signal = np.asarray(signal, dtype=float)
    taps, c = pascal_row(size), (size - 1) // 2
    blurred = sum(tap * np.roll(signal, c - m) for m, tap in enumerate(taps))  # out[i] = sum b[m] s[i + m - c]
    return blurred[::2]


# Instructor note: on the period-4 x of section 1, blur_subsample(x, 3) and blur_subsample(np.roll(x, 1), 3)
# differ by 0.5 in every sample, half as much as x[::2] and np.roll(x, 1)[::2] (1 in every sample).
# Plausible wrong answers (the check's tests reject them): np.convolve(..., "same") (zero padding, and the
# alignment of even sizes flips), an unnormalised Pascal row, keeping samples 1, 3, 5, ...

# %% exercise 2
answer_2 = (30 / 49) ** 2 + (19 / 49) ** 2  # ordered pairs, a = b included: 1261 / 2401, about 0.525

# Instructor note: plausible wrong answers are 30 / 49 (the majority's share) and
# (30 * 29 + 19 * 18) / (49 * 48), about 0.515 (pairs of two different shifts only); the two definitions
# agree in the limit of many shifts.


# %% exercise 3
def count_flips(model, images):
    """How many images change their predicted class under one of the four one-pixel shifts."""
    before = predict_proba(model, images).argmax(1)
    flipped = torch.zeros(len(images), dtype=torch.bool)
    for dy, dx in [(0, 1), (0, -1), (1, 0), (-1, 0)]:
        after = predict_proba(model, shift_batch(images, float(dy), float(dx))).argmax(1)
        flipped |= after != before  # an image that flips in several directions counts once
    return int(flipped.sum())


# %% exercise 4
answer_4 = {0, 8, 16}  # multiples of the total stride 2 * 2 * 2 = 8

# Instructor note: {0, 4, 8, 12, 16}, the multiples of 4, is what the condition of section 4 guarantees for a
# network with two poolings; here a shift by 4 reaches the third pooling as a shift by 1, which it cannot pass
# on as a whole-cell shift, and the check measures that it changes the scores.
