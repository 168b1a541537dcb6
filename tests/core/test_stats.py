"""Error bars for accuracies (tvlib.core.stats)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats

from tvlib.core.stats import beyond_noise, binomial_interval, standard_error


@pytest.mark.parametrize("accuracy, count", [(0.5, 100), (0.93, 10_000), (0.999, 5_000), (0.0, 50), (1.0, 50)])
def test_wilson_interval_matches_statsmodels_formula_and_contains_the_estimate(accuracy, count):
    low, high = binomial_interval(accuracy, count)
    assert 0 <= low <= accuracy <= high <= 1
    # The Wilson bounds are the p0 where the score statistic |p - p0| / sqrt(p0 (1 - p0) / n) equals z.
    z = scipy_stats.norm.ppf(0.975)
    for bound in (low, high):
        if 0 < bound < 1:
            assert abs(accuracy - bound) / np.sqrt(bound * (1 - bound) / count) == pytest.approx(z, rel=1e-9)


def test_interval_covers_the_truth_about_95_percent_of_the_time():
    rng = np.random.default_rng(0)
    truth, count = 0.9, 400
    hits = [
        low <= truth <= high
        for low, high in (binomial_interval(k / count, count) for k in rng.binomial(count, truth, 4000))
    ]
    assert 0.93 < np.mean(hits) < 0.97


def test_standard_error_and_noise():
    assert standard_error(0.5, 100) == pytest.approx(0.05)
    assert not beyond_noise(0.9939, 10_000, 0.9933, 10_000)
    assert beyond_noise(0.99, 10_000, 0.98, 10_000)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: binomial_interval(1.2, 100), ValueError, "accuracy must be at most 1"),
        (lambda: binomial_interval(float("nan"), 100), ValueError, "accuracy must be a finite number"),
        (lambda: binomial_interval(0.5, 0), ValueError, "count must be at least 1"),
        (lambda: standard_error("0.5", 100), TypeError, "accuracy must be a real number"),
    ],
)
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()
