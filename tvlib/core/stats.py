r"""Error bars for accuracies: binomial confidence intervals, and when two accuracies differ beyond noise.

An accuracy :math:`\hat p = k / n` measured on :math:`n` test digits is a binomial proportion. Its
standard error is :math:`\sqrt{\hat p (1 - \hat p) / n}`: about 0.001 at :math:`\hat p = 0.99` and
:math:`n = 10\,000`, so the third decimal of a test accuracy is already noise. The Wilson score
interval at confidence :math:`1 - \alpha` (:math:`z = 1.96` for 95 %),

.. math::

    \frac{\hat p + \frac{z^2}{2n} \pm z \sqrt{\frac{\hat p (1 - \hat p)}{n} + \frac{z^2}{4 n^2}}}{1 + \frac{z^2}{n}},

stays inside [0, 1] and behaves near 0 and 1, where the plain :math:`\hat p \pm z\,\text{SE}` does not.

Two accuracies measured on independent sets of :math:`n_a` and :math:`n_b` digits differ *beyond
noise* at 95 % when :math:`|\hat p_a - \hat p_b| > 1.96 \sqrt{\text{SE}_a^2 + \text{SE}_b^2}`. This
covers only the sampling of test digits: a different training seed moves an accuracy too, which is
why the benchmark trains several seeds and reports their spread.
"""

from __future__ import annotations

import math

from ._validate import as_int, as_real

__all__ = ["standard_error", "binomial_interval", "beyond_noise", "noise_mark"]

_Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal


def _proportion(accuracy: object, count: object, suffix: str = "") -> tuple[float, int]:
    """The checked accuracy and count, named ``accuracy{suffix}`` and ``count{suffix}`` in errors.

    Counts go up to :math:`2^{53}`, the largest that floating point holds exactly.
    """
    return (
        as_real(accuracy, f"accuracy{suffix}", minimum=0, maximum=1),
        as_int(count, f"count{suffix}", minimum=1, maximum=2**53),
    )


def standard_error(accuracy: float, count: int) -> float:
    r"""Standard error :math:`\sqrt{\hat p (1 - \hat p) / n}` of an accuracy measured on ``count`` digits.

    Examples
    --------
    >>> round(standard_error(0.99, 10_000), 5)
    0.00099
    """
    p, n = _proportion(accuracy, count)
    return math.sqrt(p * (1 - p) / n)


def binomial_interval(accuracy: float, count: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of an accuracy measured on ``count`` digits.

    Raises
    ------
    TypeError, ValueError
        If ``accuracy`` is not a number in [0, 1] or ``count`` not a whole number from 1 to 2**53.

    Examples
    --------
    >>> [round(bound, 4) for bound in binomial_interval(0.99, 10_000)]
    [0.9879, 0.9918]
    >>> [round(bound, 4) for bound in binomial_interval(1.0, 100)]
    [0.963, 1.0]
    """
    p, n = _proportion(accuracy, count)
    z2 = _Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = _Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    low = 0.0 if p == 0 else max(0.0, centre - half)  # exact at the ends, where rounding leaves ~1e-17
    high = 1.0 if p == 1 else min(1.0, centre + half)
    return low, high


def beyond_noise(accuracy_a: float, count_a: int, accuracy_b: float, count_b: int) -> bool:
    r"""True if two accuracies on independent test sets differ by more than :math:`1.96 \sqrt{SE_a^2 + SE_b^2}`.

    Examples
    --------
    >>> beyond_noise(0.9939, 10_000, 0.9933, 10_000)  # 0.0006 apart: inside the noise
    False
    >>> beyond_noise(0.535, 10_000, 0.449, 10_000)
    True
    """
    (p_a, n_a), (p_b, n_b) = _proportion(accuracy_a, count_a, "_a"), _proportion(accuracy_b, count_b, "_b")
    se_a, se_b = standard_error(p_a, n_a), standard_error(p_b, n_b)
    return abs(p_a - p_b) > _Z95 * math.sqrt(se_a**2 + se_b**2)


def noise_mark(accuracy_a: float, count_a: int, accuracy_b: float, count_b: int) -> str:
    """``"≈"`` when two accuracies are within noise of each other (:func:`beyond_noise`), else ``"▲"``
    (``accuracy_a`` higher) or ``"▼"`` (lower): the marks beside the article's figures.

    Examples
    --------
    >>> noise_mark(0.9939, 10_000, 0.9933, 10_000), noise_mark(0.535, 10_000, 0.449, 10_000)
    ('≈', '▲')
    """
    if not beyond_noise(accuracy_a, count_a, accuracy_b, count_b):
        return "≈"
    return "▲" if accuracy_a > accuracy_b else "▼"
