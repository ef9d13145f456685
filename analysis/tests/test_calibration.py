"""Calibration files (snsim calibrate): loading, weighted intervals worked out by hand, the
generation table, the predictive band, the plots and the report, on hand-made files."""
import os
import re
import subprocess
import sys

import h5py
import numpy as np
import pytest

import snsim_analysis as sa
from calibration_files import write_calibration
from conftest import ANALYSIS, ramp, write_results

#: Five particles with known weights: parameter 0 is 1..5, parameter 1 is 10 x its square.
VALUES = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
WEIGHTS = np.array([0.1, 0.2, 0.4, 0.2, 0.1])


@pytest.fixture
def known(tmp_path):
    particles = np.column_stack([VALUES, 10 * VALUES ** 2])
    return write_calibration(tmp_path / "known.h5", particles, WEIGHTS,
                             priors=[{"distribution": "uniform", "min": 0.0, "max": 6.0},
                                     {"distribution": "log_uniform", "min": 1.0, "max": 400.0}])


def test_weighted_intervals_of_a_known_sample(known):
    table = sa.credible_intervals(known, level=0.95).set_index("parameter")
    first = table.loc["word_of_mouth.rate"]
    # Cumulative weights 0.1, 0.3, 0.7, 0.9, 1: the 2.5% point is 1, the median 3, the 97.5% 5.
    assert (first["lower"], first["median"], first["upper"]) == (1.0, 3.0, 5.0)
    assert first["mean"] == pytest.approx(3.0)
    assert first["sd"] == pytest.approx(np.sqrt(0.1 * 4 + 0.2 * 1 + 0.2 * 1 + 0.1 * 4))
    assert first["ess"] == pytest.approx(1 / np.sum(WEIGHTS ** 2))
    second = table.loc["funnel.broadcast.aware"]
    assert second["mean"] == pytest.approx(np.sum(WEIGHTS * 10 * VALUES ** 2))
    assert (second["lower"], second["median"], second["upper"]) == (10.0, 90.0, 250.0)
    assert (second["prior"], second["prior_min"], second["prior_max"]) == ("log_uniform", 1, 400)
    half = sa.credible_intervals(known, level=0.5).set_index("parameter").loc["word_of_mouth.rate"]
    assert (half["lower"], half["upper"]) == (2.0, 4.0)  # the 25% and 75% points


def test_weighted_quantile_with_equal_weights_is_the_inverse_cdf():
    x = np.random.default_rng(3).normal(size=101)
    qs = np.array([0.0, 0.025, 0.3, 0.5, 0.975, 1.0])
    assert np.array_equal(sa.weighted_quantile(x, np.ones_like(x), qs),
                          np.quantile(x, qs, method="inverted_cdf"))
    with pytest.raises(sa.SelectionError):
        sa.weighted_quantile(x, -np.ones_like(x), 0.5)


def test_posterior_frame_and_generations(known):
    cal = sa.open_calibration(known)
    frame = sa.posterior_frame(cal)
    assert list(frame.columns) == ["particle", "generation", "weight", "distance",
                                   "word_of_mouth.rate", "funnel.broadcast.aware"]
    assert frame["weight"].sum() == pytest.approx(1.0) and (frame["generation"] == 1).all()
    assert np.array_equal(frame["word_of_mouth.rate"], VALUES)
    first = sa.posterior_frame(cal, generation=0)
    assert first["weight"].nunique() == 1 and first["word_of_mouth.rate"].std() > VALUES.std()
    table = sa.generation_table(cal)
    assert list(table["generation"]) == [0, 1]
    assert list(table["runs_total"]) == [1000, 2000] and (table["population"] == 5).all()
    assert table["tolerance"].is_monotonic_decreasing
    assert table["ess"].iloc[-1] == pytest.approx(1 / np.sum(WEIGHTS ** 2))
    assert cal.observed.columns.tolist() == ["step", "metric", "brand", "value"]
    assert cal.summaries["name"].iloc[-1] == "aware[brand]:final"
    with pytest.raises(sa.SelectionError, match="no generation 5"):
        sa.posterior_frame(cal, generation=5)


def test_predictive_band_is_ordered_and_holds_the_observed(known):
    band = sa.predictive_band(known)
    assert len(band) == 10 and set(band["metric"]) == {"aware"}
    ordered = band[["lower_95", "lower_50", "median", "upper_50", "upper_95"]].to_numpy()
    assert (np.diff(ordered, axis=1) >= 0).all()
    with h5py.File(known) as f:
        assert np.array_equal(band["observed"], f["observed/value"][()])


def test_plots_draw(known):
    import matplotlib.pyplot as plt
    cal = sa.open_calibration(known)
    axes = sa.plot_posterior_marginals(cal, truth={"word_of_mouth.rate": 3.0})
    assert len(axes) == 2 and axes[1].get_xscale() == "log" and axes[0].get_xscale() == "linear"
    assert axes[0].get_xlim() == pytest.approx((0.4, 5.6))  # the particles' range, padded
    assert "prior uniform [0, 6]" in axes[0].get_xlabel()
    assert sa.plot_posterior_pairs(cal).shape == (2, 2)
    assert len(sa.plot_predictive(cal)) == 1 and len(sa.plot_generations(cal)) == 2
    plt.close("all")


def test_report_of_a_calibration(known, tmp_path):
    out = tmp_path / "report"
    done = subprocess.run([sys.executable, "-m", "snsim_analysis", "report", str(known),
                           "-o", str(out)], cwd=ANALYSIS, capture_output=True, text=True,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr
    page = (out / "index.html").read_text()
    sources = re.findall(r'<img src="([^"]+)"', page)
    assert sources == ["fit.png", "marginals.png", "pairs.png", "generations.png"]
    for png in sources:
        assert (out / png).stat().st_size > 5000
    for heading in ("Fit", "Posterior", "Generations"):
        assert f"<h2>{heading}</h2>" in page
    assert "[1, 5]" in page and "2,000 runs used" in page and "Not shown" not in page


def test_report_without_predictive_runs_says_so(tmp_path, monkeypatch):
    import matplotlib.pyplot as plt
    for name in ("plot_posterior_marginals", "plot_posterior_pairs", "plot_generations"):
        monkeypatch.setattr(sa.plots, name, lambda *a, **k: plt.figure(figsize=(1, 1)))
    path = write_calibration(tmp_path / "p.h5", [[0.5, 0.5], [0.6, 0.4]], [1, 1], predictive=0)
    page = sa.write_report(path, tmp_path / "out").read_text()
    assert "fit.png" not in page and "no posterior predictive runs" in page


def one_line(error_type, function, *args, match):
    with pytest.raises(error_type, match=match) as info:
        function(*args)
    assert "\n" not in str(info.value)


def test_what_is_not_a_calibration(tmp_path, known):
    results = write_results(tmp_path / "r.h5", [{"metrics": {"aware": ramp(3, 1.0)}}])
    one_line(sa.NotCalibrationError, sa.open_calibration, results, match="use open_results")
    one_line(sa.NotSnsimResultsError, sa.open_results, known, match="use open_calibration")
    text = tmp_path / "observed.csv"
    text.write_text("step,metric,brand,value\n0,aware,brand,1\n")
    one_line(sa.NotHDF5Error, sa.open_calibration, text, match="calibration file is HDF5")
    one_line(sa.ResultsFileNotFoundError, sa.open_calibration, tmp_path / "none.h5",
             match="no such file")
    newer = write_calibration(tmp_path / "v2.h5", [[1, 1]], [1], format_version=2)
    one_line(sa.FormatVersionError, sa.open_calibration, newer, match="version 2 is newer")
    with h5py.File(known, "a") as f:
        del f["posterior"]
    one_line(sa.DamagedResultsError, sa.open_calibration, known, match="without /posterior")
    with pytest.raises(sa.SelectionError, match="on its own"):
        sa.write_report([known, results], tmp_path / "mixed")
