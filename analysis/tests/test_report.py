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
from conftest import ANALYSIS, ramp, write_results


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
                         "visits_measured/last_touch/post": ramp(10, 1.5)}}
            for b in (1, 2) for sh in (0.5, 1) for s in (1, 2)]
    path = write_results(tmp_path / "sweep.h5", runs)
    with h5py.File(path, "a") as f:
        f["runs/000000"].create_dataset("cascade_sizes", data=np.array([1, 1, 2, 3, 9, 1, 1]))
    index = sa.write_report(path, tmp_path / "out")
    html, sources = images_of(index)
    assert set(sources) == {"reach.png", "growth.png", "customers.png", "roi.png", "funnel.png",
                            "true_vs_measured.png", "heatmap.png", "cascades.png"}
    assert "Not shown" not in html and "sweep of 8 run(s)" in html


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
