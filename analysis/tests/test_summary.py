"""Summaries over replicates, checked against answers worked out by hand."""
import numpy as np
import pytest
from scipy import stats

import snsim_analysis as sa
from conftest import write_results

T975_2 = stats.t.ppf(0.975, 2)  # 4.302653..., three replicates


def three_replicates(tmp_path):
    """Budget 1: reach of loud at step t is (1, 2, 3) * t for seeds 1, 2, 3; quiet is 10 * t.
    Budget 2: everything doubled."""
    runs = []
    for budget in (1, 2):
        for k, seed in enumerate((1, 2, 3)):
            t = np.arange(5.0)
            reach = np.stack([budget * (k + 1) * t, budget * 10 * t], axis=1)
            runs.append({"seed": seed, "replicate": k, "params": {"budget": budget},
                         "metrics": {"reach": reach, "posts": t * seed}})
    return sa.open_results(write_results(tmp_path / "r.h5", runs))


def test_mean_and_interval_per_step_and_point(tmp_path):
    ds = three_replicates(tmp_path)
    table = sa.summarise(ds, "reach")
    assert list(table.columns) == ["budget", "brand", "step", "n", "mean", "sd", "lower", "upper"]
    row = table[(table.budget == 1) & (table.brand == "loud") & (table.step == 4)].iloc[0]
    # values 4, 8, 12: mean 8, sd 4, half-width t * 4 / sqrt(3)
    assert row["n"] == 3 and row["mean"] == pytest.approx(8) and row["sd"] == pytest.approx(4)
    assert row["upper"] - row["mean"] == pytest.approx(T975_2 * 4 / np.sqrt(3))
    row = table[(table.budget == 2) & (table.brand == "quiet") & (table.step == 3)].iloc[0]
    assert row["mean"] == 60 and row["lower"] == row["upper"] == 60  # replicates agree exactly
    wide = sa.summarise(ds, "reach", level=0.5)
    r50 = wide[(wide.budget == 1) & (wide.brand == "loud") & (wide.step == 4)].iloc[0]
    assert r50["upper"] - r50["mean"] == pytest.approx(stats.t.ppf(0.75, 2) * 4 / np.sqrt(3))


def test_population_metric_and_no_grouping(tmp_path):
    ds = three_replicates(tmp_path)
    table = sa.summarise(ds, "posts", by=[])
    row = table[table.step == 2].iloc[0]
    assert row["brand"] == sa.POPULATION and row["n"] == 6
    assert row["mean"] == pytest.approx(np.mean([2, 4, 6, 2, 4, 6]))


def test_single_replicate_has_no_interval(tmp_path):
    ds = sa.open_results(write_results(tmp_path / "one.h5",
                                       [{"metrics": {"reach": np.ones((3, 2))}}]))
    row = sa.summarise(ds, "reach").iloc[0]
    assert row["n"] == 1 and row["mean"] == 1 and np.isnan(row["lower"]) and np.isnan(row["upper"])


def test_final_value(tmp_path):
    ds = three_replicates(tmp_path)
    table = sa.final_value(ds, "reach")
    row = table[(table.budget == 2) & (table.brand == "loud")].iloc[0]
    assert row["mean"] == pytest.approx(16) and row["sd"] == pytest.approx(8)
    runs = sa.final_value(ds, "reach", summary=False)
    assert list(runs.columns) == ["run", "budget", "seed", "brand", "value"]
    assert runs[(runs.run == 2) & (runs.brand == "loud")]["value"].item() == 12


def test_time_to_reach(tmp_path):
    ds = three_replicates(tmp_path)
    per_run = sa.time_to_reach(ds, "reach", 6, summary=False)
    loud = per_run[(per_run.budget == 1) & (per_run.brand == "loud")]["step"].tolist()
    assert loud[1:] == [3.0, 2.0] and np.isnan(loud[0])  # 1*t never reaches 6 by step 4
    table = sa.time_to_reach(ds, "reach", 6)
    row = table[(table.budget == 1) & (table.brand == "loud")].iloc[0]
    assert row["runs"] == 3 and row["reached"] == 2 and row["mean"] == 2.5
    row = table[(table.budget == 1) & (table.brand == "quiet")].iloc[0]
    assert row["reached"] == 3 and row["mean"] == 1 and row["upper"] == 1


def test_compare_paired_by_seed(tmp_path):
    ds = three_replicates(tmp_path)
    # budget 2 minus budget 1 for loud at the last step: per seed 4, 8, 12 -> mean 8, sd 4
    result = sa.compare_strategies(ds, "reach", {"brand": "loud", "budget": 2},
                                   {"brand": "loud", "budget": 1})
    assert result["paired"] and result["n_a"] == 3 and result["difference"] == pytest.approx(8)
    assert result["upper"] - 8 == pytest.approx(T975_2 * 4 / np.sqrt(3))
    # quiet minus loud within the same runs, at step 2: per seed 20-2, 20-4, 20-6 -> mean 16
    result = sa.compare_strategies(ds, "reach", {"brand": "quiet", "budget": 1},
                                   {"brand": "loud", "budget": 1}, step=2)
    assert result["difference"] == pytest.approx(16) and result["paired"]


def test_compare_welch_when_seeds_differ(tmp_path):
    runs = [{"seed": s, "params": {"arm": arm}, "metrics": {"reach": np.full((2, 2), v)}}
            for arm, seeds, values in (("a", (1, 2, 3), (1, 2, 3)), ("b", (4, 5), (10, 14)))
            for s, v in zip(seeds, values)]
    ds = sa.open_results(write_results(tmp_path / "w.h5", runs))
    result = sa.compare_strategies(ds, "reach", {"brand": "loud", "arm": "a"},
                                   {"brand": "loud", "arm": "b"})
    va, vb = np.array([1, 2, 3.0]), np.array([10, 14.0])
    qa, qb = va.var(ddof=1) / 3, vb.var(ddof=1) / 2
    dof = (qa + qb) ** 2 / (qa ** 2 / 2 + qb ** 2 / 1)
    half = stats.t.ppf(0.975, dof) * np.sqrt(qa + qb)
    assert not result["paired"] and result["difference"] == pytest.approx(-10)
    assert result["lower"] == pytest.approx(-10 - half) and result["upper"] == pytest.approx(-10 + half)


def test_strategies_lists_points_and_brands(tmp_path):
    table = sa.strategies(three_replicates(tmp_path))
    assert table.to_dict("records")[0] == {"budget": 1, "brand": "loud", "runs": 3}
    assert len(table) == 4


def test_intervals_of_counts_never_go_below_zero(tmp_path):
    """Replicates 0, 0, 9 of a count: the t interval's lower end (3 - 22.4) is clipped at 0; a
    ratio (units "1") and a run-minus-twin difference keep theirs."""
    import h5py
    runs = [{"seed": s, "metrics": {name: np.full((3, 2), v) for name in
                                     ("customers", "roi", "incremental/conversions")}}
            for s, v in ((1, 0.0), (2, 0.0), (3, 9.0))]
    path = write_results(tmp_path / "counts.h5", runs)
    with h5py.File(path, "a") as f:
        for run in f["runs"].values():
            run["roi"].attrs["units"] = "1"
    ds = sa.open_results(path)
    half = T975_2 * np.sqrt(27) / np.sqrt(3)
    count = sa.final_value(ds, "customers").iloc[0]
    assert count["lower"] == 0 and count["upper"] == pytest.approx(3 + half)
    assert sa.summarise(ds, "customers")["lower"].min() == 0
    for name in ("roi", "incremental/conversions"):
        assert sa.final_value(ds, name).iloc[0]["lower"] == pytest.approx(3 - half)
