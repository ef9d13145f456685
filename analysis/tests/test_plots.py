"""Every plot function draws a non-empty PNG; plots that lack their metrics say so cleanly."""
import matplotlib.image
import numpy as np
import pytest

import snsim_analysis as sa
from conftest import ramp, write_results


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """Two parameters x two seeds, with growth and per-channel metrics."""
    runs = []
    for budget in (1, 2):
        for share in (0.5, 1.0):
            for seed in (1, 2):
                scale = budget * share * (1 + 0.1 * seed)
                runs.append({"seed": seed, "params": {"budget": budget, "share": share},
                             "metrics": {
                                 "reach": ramp(20, scale), "aware": ramp(20, scale / 2),
                                 "engaged": ramp(20, scale / 4), "customers": ramp(20, scale / 8),
                                 "advocates": ramp(20, scale / 16), "roi": ramp(20, 0.1, -1),
                                 "followers": ramp(20, scale), "relationships": ramp(20, 2),
                                 "roi_true/post": ramp(20, 0.05, -0.5),
                                 "roi_true/ad": ramp(20, 0.02, -0.8),
                                 "roi_measured/last_touch/post": ramp(20, 0.04, -0.5),
                                 "roi_measured/last_touch/ad": ramp(20, 0.06, -0.8),
                                 "roi_measured/linear/post": ramp(20, 0.03, -0.5)}})
    path = tmp_path_factory.mktemp("sweep") / "sweep.h5"
    return sa.open_results(write_results(path, runs))


def check_png(path):
    assert path.stat().st_size > 2000
    image = matplotlib.image.imread(str(path))
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert np.std(image) > 0.01, "the image is blank"


CASES = {
    "curves": lambda ds: sa.plot_curves(ds, "customers"),
    "reach": lambda ds: sa.plot_reach(ds),
    "reach_one_brand": lambda ds: sa.plot_reach(ds, brands="loud", by=["budget"]),
    "roi": lambda ds: sa.plot_roi(ds),
    "growth": lambda ds: sa.plot_growth(ds),
    "funnel": lambda ds: sa.plot_funnel(ds, logy=True),
    "funnel_step": lambda ds: sa.plot_funnel(ds, stages=["reach", "customers"], step=5),
    "true_vs_measured": lambda ds: sa.plot_true_vs_measured(ds, brand="quiet"),
    "heatmap": lambda ds: sa.plot_heatmap(ds, "reach"),
    "heatmap_explicit": lambda ds: sa.plot_heatmap(ds, "roi", x="share", y="budget", step=10),
    "cascades": lambda ds: sa.plot_cascade_sizes(np.random.default_rng(1).zipf(2.2, 2000)),
    "cascades_hist": lambda ds: sa.plot_cascade_sizes([1, 1, 1, 2, 2, 3, 8, 30], kind="histogram"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_plot_makes_a_png(sweep, tmp_path, name):
    axes = CASES[name](sweep)
    path = sa.save_figure(axes, tmp_path / f"{name}.png")
    check_png(path)


def test_plots_of_a_real_run(quickstart_h5, tmp_path):
    ds = sa.open_results(quickstart_h5)
    for name, axes in (("reach", sa.plot_reach(ds)), ("roi", sa.plot_roi(ds)),
                       ("funnel", sa.plot_funnel(ds))):
        check_png(sa.save_figure(axes, tmp_path / f"{name}.png"))


def test_plots_without_their_metrics_raise_not_available(tmp_path):
    ds = sa.open_results(write_results(tmp_path / "bare.h5", [{"metrics": {"reach": ramp(4, 1)}}]))
    for call in (lambda: sa.plot_growth(ds), lambda: sa.plot_true_vs_measured(ds),
                 lambda: sa.plot_heatmap(ds, "reach"), lambda: sa.plot_cascade_sizes([]),
                 lambda: sa.plot_funnel(ds.drop_vars("reach"))):
        with pytest.raises(sa.NotAvailableError):
            call()


def test_visits_per_channel_are_used_when_there_is_no_roi(tmp_path):
    runs = [{"metrics": {"visits_true/post": ramp(5, 1), "visits_measured/first_touch/post":
                         ramp(5, 2)}}]
    ds = sa.open_results(write_results(tmp_path / "v.h5", runs))
    ax = sa.plot_true_vs_measured(ds)
    assert "visits" in ax.get_title()
    check_png(sa.save_figure(ax, tmp_path / "v.png"))
