"""Loading results into xarray and pandas: real snsim files and hand-made ones."""
import numpy as np
import pytest

import snsim_analysis as sa
from conftest import ramp, write_results


def test_quickstart_opens_as_run_step_brand(quickstart_h5):
    ds = sa.open_results(quickstart_h5)
    assert dict(ds.sizes) == {"run": 1, "step": 100, "brand": 3}
    assert list(ds["brand"].values) == ["broadcaster", "networker", "mixed"]
    assert ds["reach"].dims == ("run", "step", "brand")
    assert ds["reach"].attrs["units"] == "agents"
    assert int(ds["seed"].values[0]) == 42 and ds["status"].values[0] == "complete"
    assert ds.attrs["format_version"] == 1 and "quickstart" in ds.attrs["scenario"]
    reach = ds["reach"].values[0]
    assert np.all(np.diff(reach, axis=0) >= 0), "reach is cumulative"


def test_several_files_concatenate_with_set_overrides_as_parameters(comparison_h5):
    ds = sa.open_results(comparison_h5)
    assert ds.sizes["run"] == 8 and ds.sizes["step"] == 40
    money = ds["brands[0].budget.money_per_step"].values
    assert sorted(set(money.tolist())) == [50, 150]
    assert sorted(set(ds["seed"].values.tolist())) == [1, 2]
    assert "seed" not in sa.parameter_names(ds)
    assert set(sa.parameter_names(ds, varying_only=True)) == {
        "brands[0].budget.money_per_step", "brands[0].strategy.broadcast"}


def test_missing_parameter_is_read_from_the_scenario(quickstart_h5, comparison_h5):
    ds = sa.open_results([quickstart_h5, comparison_h5[0]])
    assert ds["brands[0].budget.money_per_step"].values.tolist() == [100, 50]
    assert ds["population.size"].values.tolist() == [10000, 1500]


def test_param_attributes_become_numeric_coordinates(tmp_path):
    runs = [{"seed": s, "params": {"budget": b, "name": n}, "metrics": {"reach": ramp(5, b)}}
            for b, n in ((1, "a"), (2.5, "b")) for s in (1, 2)]
    ds = sa.open_results(write_results(tmp_path / "r.h5", runs))
    assert ds["budget"].values.tolist() == [1.0, 1.0, 2.5, 2.5]
    assert ds["name"].values.tolist() == ["a", "a", "b", "b"]
    assert sa.parameter_names(ds) == ["budget", "name"]


def test_to_frame_is_tidy(tmp_path):
    runs = [{"seed": 7, "params": {"budget": 3},
             "metrics": {"reach": ramp(4, 1.0), "posts": np.arange(4.0)}}]
    frame = sa.to_frame(write_results(tmp_path / "r.h5", runs))
    assert list(frame.columns) == ["run", "budget", "seed", "replicate", "step", "brand", "metric",
                                   "value"]
    assert len(frame) == 4 * 2 + 4
    row = frame[(frame.metric == "reach") & (frame.brand == "quiet") & (frame.step == 3)]
    assert row["value"].item() == 6.0 and row["seed"].item() == 7 and row["budget"].item() == 3
    assert set(frame[frame.metric == "posts"]["brand"]) == {sa.POPULATION}


def test_nested_metrics_and_runs_of_different_lengths(tmp_path):
    runs = [{"metrics": {"reach": ramp(3, 1.0), "visits_true/post": ramp(3, 2.0)}},
            {"metrics": {"reach": ramp(5, 1.0)}}]
    a = write_results(tmp_path / "a.h5", runs[:1])
    b = write_results(tmp_path / "b.h5", runs[1:])
    ds = sa.open_results([a, b])
    assert ds.sizes["step"] == 5 and "visits_true/post" in sa.metric_names(ds)
    assert np.isnan(ds["reach"].values[0, 4, 0]) and ds["reach"].values[1, 4, 0] == 4.0
    frame = sa.to_frame(ds, "reach")
    assert len(frame[frame.run == 0]) == 3 * 2 and len(frame[frame.run == 1]) == 5 * 2


def test_snapshot_is_kept_apart_from_time_series(tmp_path):
    import h5py
    path = write_results(tmp_path / "s.h5", [{"metrics": {"reach": ramp(4, 1.0)}}])
    with h5py.File(path, "a") as f:
        f["runs/000000"].create_group("snapshots").create_dataset(
            "cascade_sizes", data=np.array([1, 1, 2, 5, 40], dtype=np.int64))
    ds = sa.open_results(path)
    assert sa.metric_names(ds) == ["reach"]
    assert sa.cascade_sizes(ds).tolist() == [1, 1, 2, 5, 40]
    assert sa.cascade_sizes(sa.open_results(write_results(
        tmp_path / "n.h5", [{"metrics": {"reach": ramp(4, 1.0)}}]))) is None


def test_command_line_overrides_are_parsed():
    line = "snsim run q.yaml --set seed=3 --set 'brands[0].budget.money_per_step=50' --set=a.b=x"
    assert sa.command_line_overrides(line) == {"brands[0].budget.money_per_step": "50", "a.b": "x"}
