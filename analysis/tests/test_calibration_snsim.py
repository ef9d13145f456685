"""`snsim calibrate` end to end on the Bass special case, read by snsim_analysis: the posterior
covers the truth and agrees with a likelihood fit (nonlinear least squares of Bass's closed-form
curve to the same data), and the report of a real calibration shows the fit."""
import csv
import os
import subprocess

import h5py
import numpy as np
import pytest
from scipy.optimize import curve_fit

import snsim_analysis as sa
from conftest import REPO, snsim_binary

SCENARIO = REPO / "scenarios/calibration/bass_least_squares.yaml"
N, IMPRESSIONS = 1000, 50  # the scenario's population and broadcast impressions a step
TRUTH = {"funnel.broadcast.aware": 0.2, "word_of_mouth.rate": 0.1}
#: Small settings keep the test to about 300 runs (the scenario's own: 100 particles, 6
#: generations): 4 generations of 40 particles, priors a third as wide (in log) around the
#: truth. The posterior is wider than more generations would make it (its tolerance is larger),
#: not biased; the tolerances below scale with its spread. docs/calibration.md gives the same
#: comparison for the shipped example at full settings.
SMALL = ["calibrate.population=40", "calibrate.stop.max_generations=4", "calibrate.predictive=10",
         "calibrate.priors={funnel.broadcast.aware: {distribution: log_uniform, min: 0.05, "
         "max: 0.8}, word_of_mouth.rate: {distribution: log_uniform, min: 0.03, max: 0.3}}"]
#: Observed every EVERY steps (20 points of the 60).
EVERY = 3


def snsim(*args):
    binary = snsim_binary()
    if binary is None:
        pytest.fail("no snsim binary: set SNSIM_BINARY or build build/ci/sim/snsim", pytrace=False)
    done = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, f"snsim {' '.join(map(str, args))}: {done.stderr}"
    return done


def bass_hazards(a, r):
    """Returns snsim's (p, q) as Bass's continuous hazards per step: p = -ln(1 - p_step) with
    p_step = 1 - (1 - a/N)^I, so p = -I ln(1 - a/N); q = r (referrals always convince)."""
    return -IMPRESSIONS * np.log1p(-np.asarray(a) / N), np.asarray(r)


def bass_curve(t, p, q):
    """Returns Bass's closed form F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t})."""
    e = np.exp(-(p + q) * t)
    return (1 - e) / (1 + (q / p) * e)


def least_squares(steps, share):
    """Returns (p, q) of Bass's curve fitted to the aware share; the value after step s is F at
    t = s + 1 (a step is one unit of time)."""
    (p, q), _ = curve_fit(bass_curve, steps + 1.0, share, p0=[0.01, 0.1], bounds=(1e-6, 5))
    return p, q


def discrete_bass(p_step, q, steps):
    """Returns the exact discrete dynamics of the special case (tests/validation/bass_test.cpp)."""
    x, out = 0.0, []
    for _ in range(steps):
        x += (1 - x) * (1 - (1 - p_step) * np.exp(-q * x * N / (N - 1)))
        out.append(x)
    return np.array(out)


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    """Data simulated at TRUTH (its own seed), calibrated with small settings."""
    folder = tmp_path_factory.mktemp("calibrate")
    truth_h5 = folder / "truth.h5"
    snsim("run", SCENARIO, "-o", truth_h5, "--quiet", "--set", "seed=424242",
          *[w for k, v in TRUTH.items() for w in ("--set", f"{k}={v}")])
    with h5py.File(truth_h5) as f:
        steps = f["runs/000000/step"][()].astype(float)
        aware = f["runs/000000/aware"][()][:, 0]
    observed = folder / "observed.csv"
    with open(observed, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["step", "metric", "brand", "value"])
        writer.writerows((int(s), "aware", "brand", float(v))
                         for s, v in zip(steps[EVERY - 1::EVERY], aware[EVERY - 1::EVERY]))
    posterior = folder / "posterior.h5"
    snsim("calibrate", SCENARIO, "--target", observed, "-o", posterior, "--jobs", "2", "--quiet",
          *[w for s in SMALL for w in ("--set", s)])
    return sa.open_calibration(posterior), steps[EVERY - 1::EVERY], aware[EVERY - 1::EVERY] / N


def test_posterior_covers_the_truth(calibrated):
    cal, _, _ = calibrated
    table = sa.credible_intervals(cal, 0.95).set_index("parameter")
    for key, value in TRUTH.items():
        assert table.loc[key, "lower"] <= value <= table.loc[key, "upper"], table


def test_posterior_mean_agrees_with_least_squares(calibrated):
    """The posterior mean of Bass's p and q (as continuous hazards) against the least-squares fit
    of the closed form to the same data. Two things separate them besides chance: the closed
    form is the continuous limit of snsim's one-step-at-a-time dynamics, which biases the fit
    (computed here exactly: the fit to the noise-free discrete curve at the posterior mean), and
    the posterior's own spread. Tolerance: that bias plus 2 posterior standard deviations."""
    cal, steps, share = calibrated
    post = sa.posterior_frame(cal)
    p, q = bass_hazards(post["funnel.broadcast.aware"], post["word_of_mouth.rate"])
    w = post["weight"].to_numpy()
    mean = np.array([np.sum(w * p), np.sum(w * q)])
    sd = np.sqrt(np.array([np.sum(w * (p - mean[0]) ** 2), np.sum(w * (q - mean[1]) ** 2)]))
    fitted = np.array(least_squares(steps, share))
    noise_free = discrete_bass(1 - np.exp(-mean[0]), mean[1], int(steps[-1]) + 1)
    bias = np.array(least_squares(steps, noise_free[steps.astype(int)])) - mean
    assert np.all(np.abs(fitted - mean) <= np.abs(bias) + 2 * sd), \
        f"posterior mean {mean} (sd {sd}), least squares {fitted}, discretisation bias {bias}"
    # And both near the truth: the hazards at TRUTH, within 3 posterior sds plus the bias.
    true = np.array([float(v) for v in bass_hazards(TRUTH["funnel.broadcast.aware"],
                                                    TRUTH["word_of_mouth.rate"])])
    assert np.all(np.abs(mean - true) <= 3 * sd), (mean, sd, true)


def test_report_of_a_real_calibration_shows_the_fit(calibrated, tmp_path):
    cal, _, _ = calibrated
    page = sa.write_report(cal.path, tmp_path / "report").read_text()
    assert '<img src="fit.png"' in page and "inside the 95% band" in page
    assert cal.attrs["runs_used"] == sa.generation_table(cal)["runs_total"].iloc[-1]
    band = sa.predictive_band(cal)
    assert len(band) == 60 and band["observed"].notna().sum() == 60 // EVERY
