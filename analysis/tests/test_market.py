"""The market metrics (issue 16): loaded with their units, drawn as stacked market shares, and
reported in a Market section, from a fresh run of scenarios/market/three_brands.yaml."""
import numpy as np
import pytest

import snsim_analysis as sa
from conftest import simulate
from snsim_analysis.errors import NotAvailableError

MARKET = ("market_share", "share_of_voice", "penetration", "penetration_window",
          "purchase_frequency", "switching", "share_of_requirements")


@pytest.fixture(scope="module")
def market_h5(tmp_path_factory):
    """A small, short run of the three-brand market."""
    return simulate(tmp_path_factory.mktemp("market") / "market.h5", "population.size=2000",
                    "time.steps=60", scenario="scenarios/market/three_brands.yaml")


def test_the_market_metrics_load_with_their_units(market_h5):
    ds = sa.open_results(market_h5)
    for m in MARKET:
        assert ds[m].dims == ("run", "step", "brand"), m
    assert ds["category_purchases"].dims == ("run", "step")
    assert ds["market_share"].attrs["units"] == "1"
    assert ds["purchase_frequency"].attrs["units"] == "purchases per buyer"
    share = ds["market_share"].values[0]
    bought = ds["category_purchases"].values[0] > 0
    # Shares of a step with purchases sum to 1; the purchases add up to the category's.
    assert np.allclose(share[bought].sum(axis=1), 1.0)
    assert np.allclose(ds["purchases"].values[0].sum(axis=1), ds["category_purchases"].values[0])
    assert np.all(np.diff(ds["penetration"].values[0], axis=0) >= 0)  # since step 0: never falls


def test_market_share_plot_and_report_section(market_h5, tmp_path):
    ds = sa.open_results(market_h5)
    axes = sa.plots.plot_market_share(ds)
    assert len(axes) == 1 and len(axes[0].collections) == 3  # one area per brand
    index = sa.report.write_report([market_h5], tmp_path / "report")
    html = index.read_text()
    assert "<h2>Market</h2>" in html and "market_share.png" in html
    assert (tmp_path / "report" / "market_share.png").stat().st_size > 2000


def test_results_without_a_market_have_no_market_section(quickstart_h5, tmp_path):
    ds = sa.open_results(quickstart_h5)
    with pytest.raises(NotAvailableError):
        sa.plots.plot_market_share(ds)
    assert sa.report.market_section(ds, tmp_path) == ""
