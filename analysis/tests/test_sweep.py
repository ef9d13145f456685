"""Real `snsim sweep` output (a /runs group per run plus /table): loading, summaries, report."""
import itertools
import os
import subprocess
import sys

import h5py
import numpy as np
import pytest

import snsim_analysis as sa
from conftest import ANALYSIS, SWEEP_GRID, SWEEP_REPLICATES

MONEY, RATE = SWEEP_GRID
N_POINTS = len(SWEEP_GRID[MONEY]) * len(SWEEP_GRID[RATE])


@pytest.fixture(scope="module")
def ds(sweep_h5):
    return sa.open_results(sweep_h5)


def test_the_file_has_runs_and_a_table(sweep_h5):
    with h5py.File(sweep_h5, "r") as f:
        assert len(f["runs"]) == N_POINTS * SWEEP_REPLICATES
        assert {"index", "seed", "replicate", "status", "wall_time_s", MONEY, RATE} <= set(f["table"])
        assert f["table"][MONEY].dtype == np.float64
        assert f["runs/000001"].attrs[f"param:{MONEY}"] == "10"


def test_every_run_with_the_grid_as_typed_coordinates(ds):
    assert ds.sizes["run"] == N_POINTS * SWEEP_REPLICATES
    assert ds.sizes["step"] == 15 and list(ds["brand"].values) == ["focal", "rival"]
    assert sa.parameter_names(ds, varying_only=True) == [MONEY, RATE]
    assert ds[MONEY].dtype.kind == "i" and ds[RATE].dtype.kind == "f"
    # index = point * replicates + replicate; the grid's last key varies fastest
    expected = [p for p in itertools.product(SWEEP_GRID[MONEY], SWEEP_GRID[RATE])
                for _ in range(SWEEP_REPLICATES)]
    assert list(zip(ds[MONEY].values.tolist(), ds[RATE].values.tolist())) == expected
    assert ds["replicate"].values.tolist() == list(range(SWEEP_REPLICATES)) * N_POINTS
    assert ds["index_in_file"].values.tolist() == list(range(ds.sizes["run"]))
    assert set(ds["status"].values) == {"complete"}


def test_sixty_four_bit_seeds_are_kept_exactly(ds, sweep_h5):
    with h5py.File(sweep_h5, "r") as f:
        seeds = f["table/seed"][()]
    assert ds["seed"].dtype == np.uint64
    assert np.array_equal(ds["seed"].values, seeds) and len(set(seeds.tolist())) == len(seeds)


def test_sweep_options_of_the_command_are_not_parameters(ds):
    names = sa.parameter_names(ds)
    assert names[:2] == [MONEY, RATE] and "population.size" in names
    assert not any(n.startswith("sweep.") for n in names)


def test_tidy_frame_has_a_column_per_parameter(ds):
    frame = sa.to_frame(ds, ["reach", "customers"])
    assert len(frame) == ds.sizes["run"] * 15 * 2 * 2
    assert sorted(frame[MONEY].unique().tolist()) == SWEEP_GRID[MONEY]
    assert sorted(frame[RATE].unique().tolist()) == SWEEP_GRID[RATE]


def test_summaries_pool_the_replicates_of_each_point(ds):
    table = sa.final_value(ds, "customers")
    assert len(table) == N_POINTS * 2 and set(table["n"]) == {SWEEP_REPLICATES}
    focal = table[table["brand"] == "focal"]
    assert sorted(set(zip(focal[MONEY], focal[RATE]))) == sorted(
        itertools.product(SWEEP_GRID[MONEY], SWEEP_GRID[RATE]))
    runs = sa.final_value(ds, "customers", summary=False)
    one = runs[(runs["brand"] == "focal") & (runs[MONEY] == 250) & (runs[RATE] == 0.0166)]
    row = focal[(focal[MONEY] == 250) & (focal[RATE] == 0.0166)].iloc[0]
    assert row["mean"] == pytest.approx(one["value"].mean())
    assert row["lower"] <= row["mean"] <= row["upper"]
    series = sa.summarise(ds, "reach")
    assert len(series) == N_POINTS * 2 * 15 and set(series["n"]) == {SWEEP_REPLICATES}
    assert len(sa.summarise(ds, "reach", by=[MONEY])) == 3 * 2 * 15


def test_strategies_compare_with_welch_across_points(ds):
    # Different points of a sweep get different seeds, so the comparison is not paired.
    result = sa.compare_strategies(ds, "cost", {"brand": "focal", MONEY: 250},
                                   {"brand": "focal", MONEY: 10})
    assert not result["paired"] and result["n_a"] == result["n_b"] == 2 * SWEEP_REPLICATES
    assert result["difference"] > 0 and result["lower"] <= result["difference"] <= result["upper"]


def test_heat_map_of_the_two_parameter_grid(ds, tmp_path):
    ax = sa.plot_heatmap(ds, "customers", brand="focal")
    assert ax.get_xlabel() == MONEY and ax.get_ylabel() == RATE
    assert [t.get_text() for t in ax.get_xticklabels()] == ["10", "50", "250"]
    assert len(ax.get_yticklabels()) == 2
    path = sa.save_figure(ax, tmp_path / "heat.png")
    assert os.path.getsize(path) > 2000


def test_report_of_a_real_sweep(sweep_h5, tmp_path):
    out = tmp_path / "report"
    done = subprocess.run([sys.executable, "-m", "snsim_analysis", "report", str(sweep_h5),
                           "-o", str(out)], cwd=ANALYSIS, capture_output=True, text=True,
                          env={**os.environ, "MPLBACKEND": "Agg"})
    assert done.returncode == 0, done.stderr
    html = (out / "index.html").read_text()
    assert '<img src="heatmap.png"' in html and (out / "heatmap.png").stat().st_size > 2000
    assert f"sweep of {N_POINTS * SWEEP_REPLICATES} run(s)" in html
    assert MONEY in html and RATE in html


def test_parameters_missing_from_a_run_come_from_the_table(tmp_path):
    from conftest import ramp, write_results
    runs = [{"seed": 2**64 - 1 - i, "metrics": {"reach": ramp(4, i + 1)}} for i in range(3)]
    path = write_results(tmp_path / "s.h5", runs,
                         command_line="snsim sweep s.yaml -o s.h5 --set sweep.replicates=1")
    with h5py.File(path, "a") as f:
        t = f.create_group("table")
        t["index"] = np.arange(3, dtype=np.uint64)
        t["budget"] = np.array([10.0, 50.0, 250.0])
        t["rate"] = np.array([0.5, 0.25, 0.5])
        t["channel"] = np.array([b"post", b"ad", b"post"])
    ds = sa.open_results(path)
    assert ds["budget"].values.tolist() == [10, 50, 250] and ds["budget"].dtype.kind == "i"
    assert ds["rate"].values.tolist() == [0.5, 0.25, 0.5]
    assert ds["channel"].values.tolist() == ["post", "ad", "post"]
    assert ds["seed"].values.tolist() == [2**64 - 1, 2**64 - 2, 2**64 - 3]
    assert "sweep.replicates" not in sa.parameter_names(ds)
    with h5py.File(path, "a") as f:
        del f["table/index"]
        f["table/index"] = np.array([0, 1, 5], dtype=np.uint64)
    with pytest.raises(sa.DamagedResultsError, match="run 2 is not in /table"):
        sa.open_results(path)
