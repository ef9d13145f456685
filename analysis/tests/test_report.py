"""The report command writes index.html with its PNGs beside it, for a run and for a sweep."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

import snsim_analysis as sa
from conftest import ANALYSIS, ramp, simulate, write_results


def images_of(index):
    html = index.read_text()
    sources = re.findall(r'<img src="([^"]+)"', html)
    for src in sources:
        assert not src.startswith(("/", "http", "file:")), "image paths are relative"
        assert (index.parent / src).stat().st_size > 2000
    assert "<script" not in html and "http://" not in html and "https://" not in html
    return html, sources


def test_report_of_the_quickstart(quickstart_h5, tmp_path):
    out = tmp_path / "report"
    done = subprocess.run([sys.executable, "-m", "snsim_analysis", "report", str(quickstart_h5),
                           "-o", str(out)], cwd=ANALYSIS, capture_output=True, text=True,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr
    html, sources = images_of(out / "index.html")
    assert {"reach.png", "roi.png", "funnel.png"} <= set(sources)
    assert "broadcaster" in html and "networker" in html


def test_report_of_a_sweep_with_every_plot(tmp_path):
    import h5py
    runs = [{"seed": s, "params": {"budget": b, "share": sh},
             "metrics": {"reach": ramp(10, b * sh + s), "customers": ramp(10, b),
                         "roi": ramp(10, 0.1 * b, -1), "followers": ramp(10, sh),
                         "visits_true/post": ramp(10, 1.0),
                         "visits_measured/last_touch/post": ramp(10, 1.5),
                         "cascade_size_histogram/1-1": ramp(10, 3.0),
                         "cascade_size_histogram/2-3": ramp(10, 1.0),
                         "incremental/revenue": ramp(10, b), "incremental/cost": ramp(10, 1.0),
                         "incremental/roi": ramp(10, 0.1, -0.5)}}
            for b in (1, 2) for sh in (0.5, 1) for s in (1, 2)]
    path = write_results(tmp_path / "sweep.h5", runs)
    index = sa.write_report(path, tmp_path / "out")
    html, sources = images_of(index)
    assert set(sources) == {"reach.png", "growth.png", "customers.png", "roi.png", "funnel.png",
                            "true_vs_measured_0.png", "true_vs_measured_1.png", "incremental.png",
                            "heatmap.png", "cascades.png"}
    assert "Not shown" not in html and "sweep of 8 run(s)" in html


@pytest.fixture(scope="module")
def everything_h5(tmp_path_factory):
    """A real run with every kind of result: three brands with attribution, the social-media
    channel (cascades), and a counterfactual twin without brand 0's broadcast."""
    return simulate(tmp_path_factory.mktemp("everything") / "everything.h5",
                    "population.size=1500", "time.steps=20", "attribution.enabled=true",
                    "processes=[strategy, broadcast, social_media, person_ties, social_networking,"
                    " word_of_mouth, funnel, accounting]",
                    twins=["brands[0].strategy.broadcast=0"])


def test_report_of_real_results_shows_every_result_without_warnings(everything_h5, tmp_path):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # e.g. "Mean of empty slice"
        warnings.simplefilter("error", FutureWarning)  # e.g. pandas deprecations
        index = sa.write_report(everything_h5, tmp_path / "out")
    html, sources = images_of(index)
    # Every brand's true against measured ROI, the twin's results, the cascade sizes snsim wrote.
    assert {"true_vs_measured_0.png", "true_vs_measured_1.png", "true_vs_measured_2.png",
            "incremental.png", "cascades.png"} <= set(sources)
    for brand in ("broadcaster", "networker", "mixed"):
        assert f"per channel: {brand}" in html
    assert "Not shown" not in html


def test_report_says_which_plots_the_results_cannot_give(quickstart_h5, tmp_path):
    html, sources = images_of(sa.write_report(quickstart_h5, tmp_path / "out"))
    assert "cascades.png" not in sources and "incremental.png" not in sources
    shown_not = html[html.index("Not shown"):]
    assert "cascade_size_histogram" in shown_not and "snsim run --twin" in shown_not
    assert shown_not.count("True against measured") == 1  # once, not once per brand


def test_cascade_histogram_reads_what_snsim_writes(everything_h5):
    table = sa.cascade_size_histogram(sa.open_results(everything_h5))
    run = table[table["twin"] == ""]
    assert set(run["brand"]) == {"broadcaster", "networker", "mixed"}
    assert (run["lower"] <= run["upper"]).all() and (run["posts"] >= 0).all()
    assert run.groupby("brand")["share"].sum().round(9).eq(1.0).all()


def test_console_entry_point_prints_help():
    from snsim_analysis.report import main
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_report_renders_in_headless_chromium(quickstart_h5, tmp_path):
    index = sa.write_report(quickstart_h5, tmp_path / "report")
    shot = tmp_path / "shot.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", f"--screenshot={shot}",
                        "--window-size=1200,1600", index.resolve().as_uri()],
                       capture_output=True, timeout=60, check=True)
    import matplotlib.image
    image = matplotlib.image.imread(str(shot))
    assert image.shape[:2] == (1600, 1200)
    # The plots are there: a page of text alone is nearly all white; lines and bars are coloured.
    rgb = image[..., :3]
    coloured = (rgb.max(axis=2) - rgb.min(axis=2)) > 0.3
    assert coloured.mean() > 0.005, "no coloured plot pixels in the screenshot"
