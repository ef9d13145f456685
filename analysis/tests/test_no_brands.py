"""Results of a scenario without brands (a classic model of diffusion, docs/classic-models.md):
snsim writes a zero-length brand axis and population-wide metrics only; the package reads them,
summarises them, and the report plots and tabulates the population-wide series."""
import h5py
import numpy as np
import pytest

import snsim_analysis as sa
from conftest import simulate
from test_report import images_of

#: The series of the SIR model (scenarios/classic/sir.yaml).
SIR = {"susceptible", "infectious", "recovered", "new_infections", "ever_infected"}


@pytest.fixture(scope="module")
def sir_h5(tmp_path_factory):
    """A fresh run of scenarios/classic/sir.yaml, which has no brands, over 60 steps."""
    return simulate(tmp_path_factory.mktemp("no_brands") / "sir.h5", "time.steps=60",
                    scenario="scenarios/classic/sir.yaml")


def test_the_file_has_an_empty_brand_axis_and_population_wide_metrics(sir_h5):
    with h5py.File(sir_h5, "r") as f:
        run = f["runs/000000"]
        assert run["brand"].shape == (0,)
        assert list(run["brand"].asstr()[:]) == []
        assert SIR <= set(run)
        for name in SIR:
            assert run[name].shape == (60,)
        assert len(run.attrs["ids:seeds"]) == 10


def test_open_results_and_summaries_read_it(sir_h5):
    ds = sa.open_results(sir_h5)
    assert ds.sizes["brand"] == 0 and ds.sizes["step"] == 60
    assert set(sa.metric_names(ds)) == SIR
    assert ds["ever_infected"].dims == ("run", "step")
    final = sa.final_value(ds, "ever_infected")
    assert list(final["brand"]) == ["(population)"]
    # Everybody is susceptible, infectious or recovered at every step.
    total = ds["susceptible"] + ds["infectious"] + ds["recovered"]
    assert np.all(total.values == 2000)
    assert final["mean"].iloc[0] == ds["ever_infected"].values[0, -1] > 10
    frame = sa.to_frame(ds, ["infectious"])
    assert len(frame) == 60 and set(frame["brand"]) == {"(population)"}
    assert len(sa.summarise(ds, "recovered")) == 60
    assert sa.time_to_reach(ds, "ever_infected", 11)["reached"].iloc[0] == 1
    assert list(sa.strategies(ds)["brand"]) == ["(population)"]
    with pytest.raises(sa.NotAvailableError):
        sa.plot_funnel(ds)


def test_it_opens_together_with_a_file_that_has_brands(sir_h5, quickstart_h5):
    ds = sa.open_results([sir_h5, quickstart_h5])
    assert ds.sizes["run"] == 2
    assert {"broadcaster", "networker", "mixed"} == set(ds["brand"].values)
    # The SIR run has no reach (NaN), the quickstart run no SIR series.
    assert np.all(np.isnan(ds["reach"].values[0]))
    assert np.all(np.isnan(ds["ever_infected"].values[1]))


def test_the_report_plots_and_tabulates_the_population_wide_series(sir_h5, tmp_path):
    from snsim_analysis.report import write_report

    html, sources = images_of(write_report(sir_h5, tmp_path / "report"))
    assert len(sources) == len(SIR)  # one plot per series, no brand plot
    assert "no brands" in html and "Not shown" not in html
    table = html[html.index("At the last step"):html.index("<h2>Plots")]
    assert all(f"<th>{name}</th>" in table for name in SIR)
    assert "<th>brand</th>" not in table
