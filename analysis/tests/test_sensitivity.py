"""Sensitivity indices: the estimators reproduce analytic indices of standard test functions on
snsim's own designs (`snsim sweep --list --csv`, nothing simulated), replicate noise is averaged
out and reported, and every bad input is refused with one SnsimAnalysisError naming the argument.
Hand-made results files laid out on those designs (conftest.write_design_results) check
sensitivity() end to end in a fraction of a second."""
import functools
import io
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import snsim_analysis as sa
from conftest import snsim_binary, write_design_results, write_results
import designs as d

# Unit-cube keys of a scenario: probabilities in [0, 1], so `unit:<key>` is the test function's
# input directly (mapped to [-pi, pi] for Ishigami).
KEYS = ["funnel.post.aware", "funnel.ad.aware", "funnel.share.aware", "funnel.group.aware"]


SIZE_KEY = {"sobol": "base_samples", "morris": "trajectories", "latin_hypercube": "samples",
            "random": "samples"}


@functools.lru_cache(maxsize=None)
def _listed(kind, keys, size, replicates, option, common=False):
    binary = snsim_binary()
    if binary is None:
        pytest.fail("no snsim binary: set SNSIM_BINARY or build build/ci/sim/snsim", pytrace=False)
    ranges = "".join(f"      {key}: {{min: 0, max: 1}}\n" for key in keys)
    extra = f"    {option[0]}: {str(option[1]).lower()}\n" if option else ""
    scenario = (f"name: design_only\nseed: 1\ntime: {{steps: 5}}\npopulation: {{size: 100}}\n"
                f"brands:\n  - name: a\n    budget: {{money_per_step: 10, hours_per_step: 1}}\n"
                f"sweep:\n  {kind}:\n    {SIZE_KEY[kind]}: {size}\n{extra}    ranges:\n{ranges}"
                f"  replicates: {replicates}\n" + ("  common_seeds: true\n" if common else ""))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "design.yaml"
        path.write_text(scenario)
        done = subprocess.run([str(binary), "sweep", str(path), "--list", "--csv"],
                              capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def design(kind, keys, size, replicates=1, second_order=False, levels=None, common=False):
    """Returns snsim's own design table (`snsim sweep --list --csv`) of a `kind` sweep over keys,
    each with range [0, 1], with the design attributes a results file's /table would hold."""
    option = ("second_order", True) if second_order else ("levels", levels) if levels else None
    text = _listed(kind, tuple(keys), size, replicates, option, common)
    table = pd.read_csv(io.StringIO(text), dtype={"seed": "uint64"})
    table.attrs = {"design": kind, "design_parameters": list(keys),
                   "design_replicates": replicates}
    if kind == "sobol":
        table.attrs.update(design_base_samples=size, design_second_order=int(second_order))
    elif kind == "morris":
        table.attrs.update(design_trajectories=size, design_levels=levels or 4)
    else:
        table.attrs.update(design_samples=size)
    return table


#: open_results, once per file (a module's tests read the same few files)
opened = functools.lru_cache(maxsize=None)(sa.open_results)


def rows(frame, index):
    return frame[frame["index"] == index].set_index("parameter")


def assert_reproduces(frame, index, keys, expected, tolerance):
    got = rows(frame, index).loc[keys]
    for key, want in zip(keys, expected):
        value, low, high = got.loc[key, ["value", "ci_low", "ci_high"]]
        assert low <= want <= high, f"{index} of {key}: {want:.4f} outside [{low:.4f}, {high:.4f}]"
        assert abs(value - want) < tolerance, f"{index} of {key}: {value:.4f} vs {want:.4f}"


@pytest.fixture(scope="module")
def ishigami_design():
    return design("sobol", KEYS[:3], 4096)


def test_sobol_indices_of_the_ishigami_function(ishigami_design):
    keys = KEYS[:3]
    y = d.ishigami(d.units(ishigami_design, keys))
    frame = sa.sensitivity_indices(ishigami_design, y, "sobol")
    s1, st = d.ishigami_indices()
    assert np.allclose(s1, [0.3139, 0.4424, 0.0], atol=1e-4)
    assert np.allclose(st, [0.5576, 0.4424, 0.2437], atol=1e-4)
    assert_reproduces(frame, "S1", keys, s1, 0.03)
    assert_reproduces(frame, "ST", keys, st, 0.03)
    assert frame.attrs["points"] == 4096 * 5 and frame.attrs["method"] == "sobol"


def test_sobol_indices_of_the_g_function_with_second_order():
    keys = KEYS
    table = design("sobol", keys, 2048, second_order=True)
    frame = sa.sensitivity_indices(table, d.g_function(d.units(table, keys)), "sobol")
    s1, st = d.g_indices()
    assert_reproduces(frame, "S1", keys, s1, 0.03)
    assert_reproduces(frame, "ST", keys, st, 0.03)
    # S2 of a product of independent factors: V_ij / V = V_i V_j / V
    vi = 1.0 / (3.0 * (1.0 + d.G_A) ** 2)
    v = np.prod(1 + vi) - 1
    s2 = rows(frame, "S2")
    assert len(s2) == 6
    pair = s2.loc[f"{keys[0]} & {keys[1]}"]
    assert pair["ci_low"] <= vi[0] * vi[1] / v <= pair["ci_high"]
    # the inert input: total index indistinguishable from 0
    assert rows(frame, "ST").loc[keys[3], "ci_high"] < 0.001


def test_morris_ranks_the_g_function_as_its_total_indices_do():
    keys = KEYS
    table = design("morris", keys, 40)
    frame = sa.sensitivity_indices(table, d.g_function(d.units(table, keys)), "morris")
    mu_star = rows(frame, "mu_star").loc[keys, "value"].to_numpy()
    _, st = d.g_indices()
    assert list(np.argsort(-mu_star)) == list(np.argsort(-st))
    # the inert input's interval lies below every other input's
    upper = rows(frame, "mu_star").loc[keys[3], "ci_high"]
    assert all(rows(frame, "mu_star").loc[k, "ci_low"] > upper for k in keys[:3])
    assert set(frame["index"]) == {"mu_star", "mu", "sigma", "ee_sd", "variance_share"}


def test_morris_of_a_linear_function_is_exact():
    # EE of y = sum b_i u_i is b_i for every step: mu* = |b_i|, mu = b_i, sigma = 0
    keys, b = KEYS[:3], np.array([2.0, -0.5, 0.0])
    table = design("morris", keys, 12)
    frame = sa.sensitivity_indices(table, d.units(table, keys) @ b + 1.0, "morris")
    assert np.allclose(rows(frame, "mu").loc[keys, "value"], b)
    assert np.allclose(rows(frame, "mu_star").loc[keys, "value"], np.abs(b))
    assert np.allclose(rows(frame, "sigma").loc[keys, "value"], 0.0, atol=1e-12)


def test_prcc_of_a_monotone_toy_model():
    keys = KEYS[:3]
    table = design("latin_hypercube", keys, 300)
    u = d.units(table, keys)
    noise = np.random.default_rng(3).normal(0, 0.05, len(u))
    y = np.exp(3 * u[:, 0]) - 10 * u[:, 1] ** 3 + noise      # rises in 0, falls in 1, inert in 2
    frame = sa.sensitivity_indices(table, y, "prcc")
    prcc = rows(frame, "prcc")
    assert prcc.loc[keys[0], "value"] > 0.7 and prcc.loc[keys[0], "p_value"] < 1e-10
    assert prcc.loc[keys[1], "value"] < -0.7 and prcc.loc[keys[1], "p_value"] < 1e-10
    assert prcc.loc[keys[2], "ci_low"] < 0 < prcc.loc[keys[2], "ci_high"]
    assert prcc.loc[keys[2], "p_value"] > 0.01
    assert (prcc["ci_low"] <= prcc["value"]).all() and (prcc["value"] <= prcc["ci_high"]).all()


def test_prcc_reads_a_sobol_design_too(ishigami_design):
    keys = KEYS[:3]
    u = d.units(ishigami_design, keys)
    frame = sa.sensitivity_indices(ishigami_design, 2 * u[:, 0] + u[:, 1], "prcc")
    assert rows(frame, "prcc").loc[keys[0], "value"] > 0.99


def test_replicate_noise_is_averaged_out_and_reported():
    keys = KEYS[:3]
    replicates, sd = 4, 1.5
    table = design("sobol", keys, 2048, replicates=replicates)
    u = d.units(table, keys)
    noise = np.random.default_rng(11).normal(0, sd, len(u))
    frame = sa.sensitivity_indices(table, d.ishigami(u) + noise, "sobol")
    s1, st = d.ishigami_indices()
    assert_reproduces(frame, "S1", keys, s1, 0.05)
    assert_reproduces(frame, "ST", keys, st, 0.05)
    assert frame.attrs["noise_subtracted"]
    # kept in, the noise left in the means (share s of their variance) would raise each ST from
    # (T - s) / (1 - s) to T: by s (1 - T) / (1 - s)
    kept = sa.sensitivity_indices(table, d.ishigami(u) + noise, "sobol", subtract_noise=False)
    s = frame.attrs["seed_noise_share_of_means"]
    total = rows(kept, "ST")["value"]
    assert 0.02 < s < 0.1
    assert np.allclose(total - rows(frame, "ST")["value"], s * (1 - total) / (1 - s), atol=0.002)
    # within-point variance over total: sd^2 / (sd^2 + V(Ishigami))
    v = 0.5 * (1 + 0.1 * np.pi ** 4 / 5) ** 2 + 49 / 8 + 0.01 * np.pi ** 8 * (1 / 18 - 1 / 50)
    share = sd ** 2 / (sd ** 2 + v)
    noise_row = frame[frame["parameter"] == sa.SEED_NOISE].iloc[0]
    assert noise_row["index"] == "variance_share"
    assert noise_row["ci_low"] <= share <= noise_row["ci_high"]
    assert frame.attrs["seed_noise_share"] == pytest.approx(share, rel=0.1)
    assert frame.attrs["replicates"] == replicates and frame.attrs["runs"] == len(u)


def test_common_seeds_leave_no_independent_noise_to_subtract():
    # replicate r of every point shares one seed, so its "town" effect is the same everywhere
    keys, replicates = KEYS[:3], 3
    table = design("sobol", keys, 256, replicates=replicates, common=True)
    assert table.groupby("replicate")["seed"].nunique().eq(1).all()
    u = d.units(table, keys)
    town = np.array([0.7, -1.1, 0.4])[table["replicate"].to_numpy()]
    y = 4 * u[:, 0] + u[:, 1] + town * (1 + u[:, 1])            # key 2 is never read
    frame = sa.sensitivity_indices(table, y, "sobol")
    assert frame.attrs["common_seeds"] and not frame.attrs["noise_subtracted"]
    st = rows(frame, "ST")
    assert st.loc[keys[2], "value"] == 0 and st.loc[keys[2], "ci_high"] == 0
    assert st.loc[keys[0], "value"] > 0.8
    assert 0 < frame.attrs["seed_noise_share"] < 1          # replicates still differ
    # the same design without common seeds: independent noise, subtracted
    independent = design("sobol", keys, 256, replicates=replicates)
    assert not sa.sensitivity_indices(independent, y, "sobol").attrs["common_seeds"]


def test_morris_reports_the_elementary_effect_of_seed_noise():
    keys, replicates, sd = KEYS[:3], 3, 0.2
    table = design("morris", keys, 30, replicates=replicates)
    u = d.units(table, keys)
    y = u @ np.array([5.0, 1.0, 0.0]) + np.random.default_rng(2).normal(0, sd, len(u))
    frame = sa.sensitivity_indices(table, y, "morris")
    yardstick = frame[(frame["parameter"] == sa.SEED_NOISE) & (frame["index"] == "ee_sd")]
    delta = 4 / (2 * 3)
    assert yardstick["value"].iloc[0] == pytest.approx(np.sqrt(2 * sd ** 2 / replicates) / delta,
                                                       rel=0.15)
    # the inert parameter's mu* is of the noise's size, the others far above it
    mu_star = rows(frame, "mu_star")["value"]
    assert mu_star[keys[2]] < 2 * yardstick["value"].iloc[0] < mu_star[keys[1]]


def test_intervals_are_deterministic(ishigami_design):
    y = d.ishigami(d.units(ishigami_design, KEYS[:3]))
    one = sa.sensitivity_indices(ishigami_design, y, "sobol", n_boot=200, seed=5)
    two = sa.sensitivity_indices(ishigami_design, y, "sobol", n_boot=200, seed=5)
    pd.testing.assert_frame_equal(one, two)


# --- sensitivity() on results files ---------------------------------------------------------

@pytest.fixture(scope="module")
def sobol_h5(tmp_path_factory):
    keys = KEYS
    table = design("sobol", keys, 16, replicates=2)
    return write_design_results(tmp_path_factory.mktemp("sobol") / "sobol.h5", table,
                                d.g_function(d.units(table, keys))), table


@pytest.fixture(scope="module")
def morris_h5(tmp_path_factory):
    table = design("morris", KEYS, 6)
    return write_design_results(tmp_path_factory.mktemp("morris") / "morris.h5", table,
                                d.g_function(d.units(table, KEYS)))


@pytest.fixture(scope="module")
def lhs_h5(tmp_path_factory):
    table = design("latin_hypercube", KEYS, 30)
    return write_design_results(tmp_path_factory.mktemp("lhs") / "lhs.h5", table,
                                d.g_function(d.units(table, KEYS)))


def test_design_columns_are_coordinates_not_parameters(sobol_h5):
    path, table = sobol_h5
    ds = opened(path)
    assert sa.parameter_names(ds) == KEYS
    assert ds.attrs["design"] == "sobol" and ds.attrs["design_parameters"] == KEYS
    assert ds.attrs["design_base_samples"] == 16 and ds.attrs["design_replicates"] == 2
    for column in ("grid_point", "design_sample", "design_block", "unit:" + KEYS[0]):
        assert np.array_equal(ds[column].values, table[column].to_numpy())
    assert ds["design_block"].dtype == np.int64


def test_sensitivity_of_a_results_file_matches_the_design_arithmetic(sobol_h5):
    path, table = sobol_h5
    frame = sa.sensitivity(path, "score", brand="b", step=-1)
    direct = sa.sensitivity_indices(table, 2 * d.g_function(d.units(table, KEYS)), "sobol")
    pd.testing.assert_frame_equal(frame, direct)
    assert list(frame.columns) == ["parameter", "index", "value", "ci_low", "ci_high", "p_value"]
    assert frame.attrs["metric"] == "score" and frame.attrs["brand"] == "b"
    # the whole output scales by 2 between brands a and b; indices do not
    other = sa.sensitivity(opened(path), "score", brand="a")
    assert np.allclose(other["value"], frame["value"], equal_nan=True)


def test_a_metric_function_gives_one_value_per_run(sobol_h5):
    path, table = sobol_h5
    ds = opened(path)

    def difference(ds):  # score of b minus score of a at the last step: the g-function itself
        return (ds["score"].sel(brand="b") - ds["score"].sel(brand="a")).isel(step=-1)

    frame = sa.sensitivity(ds, difference)
    direct = sa.sensitivity_indices(table, d.g_function(d.units(table, KEYS)), "sobol")
    assert np.allclose(frame["value"], direct["value"], equal_nan=True)
    assert frame.attrs["metric"] == "difference"


def test_morris_and_prcc_of_results_files(morris_h5, lhs_h5, sobol_h5):
    morris = sa.sensitivity(morris_h5, "total", method="morris")
    assert rows(morris, "mu_star").loc[KEYS].sort_values("value").index[-1] == KEYS[0]
    prcc = sa.sensitivity(lhs_h5, "total", method="prcc")
    assert rows(prcc, "prcc").loc[KEYS[3], "p_value"] > 0.001
    assert len(sa.sensitivity(opened(sobol_h5[0]), "total", method="prcc")) == len(KEYS) + 1


def test_a_grid_crossed_with_the_design_gives_indices_per_grid_point(tmp_path):
    keys = KEYS[:3]
    one = design("sobol", keys, 32)
    table = pd.concat([one.assign(grid_point=g) for g in (0, 1)], ignore_index=True)
    table["index"] = np.arange(len(table))
    table.attrs = dict(one.attrs)
    u = d.units(table, keys)
    y = np.where(table["grid_point"] == 0, u[:, 0], u[:, 1])  # grid point 1: only key 1 matters
    money = np.where(table["grid_point"] == 0, 50.0, 250.0)
    path = write_design_results(tmp_path / "grid.h5", table.assign(**{"brands[0].money": money}),
                                y)
    frame = sa.sensitivity(path, "total")
    assert list(frame.columns[:2]) == ["grid_point", "brands[0].money"]
    st = frame[frame["index"] == "ST"].set_index(["grid_point", "parameter"])["value"]
    # y depends on one key per grid point: its ST is 1 (estimated from 32 rows), the others' 0
    assert st[(0, keys[0])] > 0.75 and st[(0, keys[1])] == st[(0, keys[2])] == 0
    assert st[(1, keys[1])] > 0.75 and st[(1, keys[0])] == st[(1, keys[2])] == 0
    ci = frame[frame["index"] == "ST"].set_index(["grid_point", "parameter"])
    assert ci.loc[(1, keys[1]), "ci_low"] <= 1 <= ci.loc[(1, keys[1]), "ci_high"]
    only = sa.sensitivity(path, "total", where={"grid_point": 1})
    assert "grid_point" not in only.columns


# --- bad input --------------------------------------------------------------------------------

def refuses(error, match, call, *args, **kwargs):
    with pytest.raises(error, match=match) as caught:
        call(*args, **kwargs)
    assert isinstance(caught.value, sa.SnsimAnalysisError)
    assert "\n" not in str(caught.value)
    return str(caught.value)


def test_a_method_the_design_was_not_built_for_is_refused(sobol_h5, morris_h5, lhs_h5, tmp_path):
    refuses(sa.DesignError, r"method: 'sobol' needs a sweep with a sobol design, but .* has a "
            r"latin_hypercube design \(use method='prcc'\)", sa.sensitivity, lhs_h5, "total")
    refuses(sa.DesignError, "method: 'morris' .* has a sobol design", sa.sensitivity,
            opened(sobol_h5[0]), "total", method="morris")
    refuses(sa.DesignError, "method: 'sobol' .* has a morris design", sa.sensitivity, morris_h5,
            "total")
    refuses(sa.SelectionError, "method: 'fast' is not one of sobol, morris, prcc", sa.sensitivity,
            opened(sobol_h5[0]), "total", method="fast")
    # a grid sweep (no design attributes) and a single run
    grid = write_results(tmp_path / "grid.h5", [
        {"params": {"x": v}, "metrics": {"total": np.arange(3.0) * v}} for v in (1, 2, 3)],
        table={"x": [1.0, 2.0, 3.0]}, table_attrs={"design": "grid"})
    refuses(sa.DesignError, "is not a sensitivity sweep \\(design: grid\\)", sa.sensitivity, grid,
            "total", method="prcc")
    single = write_results(tmp_path / "one.h5", [{"metrics": {"total": np.arange(3.0)}}])
    refuses(sa.DesignError, "design: none", sa.sensitivity, single, "total")
    # the design-table function checks as well
    table = design("latin_hypercube", KEYS, 10)
    refuses(sa.DesignError, "method: 'sobol'", sa.sensitivity_indices, table,
            np.arange(10.0), "sobol")
    table.attrs = {}  # inferred from the columns
    refuses(sa.DesignError, "has a random design", sa.sensitivity_indices, table,
            np.arange(10.0), "morris")


def test_unknown_metric_brand_and_step_are_refused(sobol_h5):
    path = opened(sobol_h5[0])
    assert "did you mean 'score'" in refuses(sa.UnknownMetricError, "scor", sa.sensitivity,
                                             path, "scor", brand="a")
    refuses(sa.SelectionError, "brand: no brand 'c' \\(brands: a, b\\)", sa.sensitivity, path,
            "score", brand="c")
    refuses(sa.SelectionError, "brand: 'score' is per brand; choose one of a, b", sa.sensitivity,
            path, "score")
    refuses(sa.SelectionError, "brand: 'total' is population-wide", sa.sensitivity, path,
            "total", brand="a")
    refuses(sa.SelectionError, "step: no step 3 \\(steps 0..2", sa.sensitivity, path, "total",
            step=3)
    refuses(sa.SelectionError, "step: no step -4", sa.sensitivity, path, "total", step=-4)
    refuses(sa.SelectionError, "where: 'nope' is not a coordinate", sa.sensitivity, path,
            "total", where={"nope": 1})


def test_a_metric_function_of_the_wrong_shape_is_refused(sobol_h5):
    ds = opened(sobol_h5[0])
    refuses(sa.MetricValueError, r"metric: the function returned an array of shape \(\d+, 3\), "
            r"not one value per run", sa.sensitivity, ds, lambda ds: ds["total"])
    refuses(sa.MetricValueError, r"shape \(\), not one value", sa.sensitivity, ds,
            lambda ds: 1.0)
    refuses(sa.MetricValueError, "outputs: shape", sa.sensitivity_indices,
            design("sobol", KEYS, 8), np.zeros(3))


def test_non_finite_and_constant_outputs_are_refused(sobol_h5):
    ds = opened(sobol_h5[0])

    def with_nan(ds):
        values = ds["total"].isel(step=-1).values.copy()
        values[[3, 7]] = np.nan
        return values

    refuses(sa.MetricValueError, "not finite in 2 of .* runs \\(run 3, 7\\)", sa.sensitivity, ds,
            with_nan)
    refuses(sa.MetricValueError, "the value is 4 at every point", sa.sensitivity, ds,
            lambda ds: np.full(ds.sizes["run"], 4.0))


def test_missing_or_failed_runs_are_refused(tmp_path):
    table = design("sobol", KEYS[:2], 8, replicates=2)
    y = d.g_function(d.units(table, KEYS[:2]), d.G_A[:2])
    kept = table.drop(index=[5]).reset_index(drop=True)
    kept.attrs = table.attrs
    path = write_design_results(tmp_path / "missing.h5", kept, np.delete(y, 5))
    message = refuses(sa.DesignError, "has 64 runs .* but the results hold 63", sa.sensitivity,
                      path, "total")
    assert "missing runs" in message
    # without the promised counts, an uneven point still shows
    kept.attrs = {k: v for k, v in table.attrs.items() if k != "design_base_samples"}
    path = write_design_results(tmp_path / "uneven.h5", kept, np.delete(y, 5))
    refuses(sa.DesignError, "unequal replicate counts", sa.sensitivity, path, "total")
    # a failed run
    ds = sa.open_results(write_design_results(tmp_path / "failed.h5", table, y))
    status = ds["status"].values.copy()
    status[4] = "failed"
    refuses(sa.DesignError, "1 run\\(s\\) of the sobol design are not complete \\(run 4 "
            "\\(failed\\)\\)", sa.sensitivity, ds.assign_coords(status=("run", status)), "total")


def test_the_list_csv_of_snsim_sweep_is_read_as_it_is():
    # no attributes: the design is inferred from the columns (morris moves a key per step, sobol
    # has blocks beyond A, the rest are samples), the parameters from the unit:<key> columns
    for kind, size in (("sobol", 64), ("morris", 10), ("latin_hypercube", 40)):
        table = design(kind, KEYS[:3], size)
        table.attrs = {}
        method = {"latin_hypercube": "prcc"}.get(kind, kind)
        frame = sa.sensitivity_indices(table, d.g_function(d.units(table, KEYS[:3]), d.G_A[:3]),
                                       method)
        assert frame.attrs["design"] == ("random" if kind == "latin_hypercube" else kind)
        assert frame.attrs["parameters"] == KEYS[:3]


def test_plots_of_indices(ishigami_design):
    import matplotlib.pyplot as plt
    y = d.ishigami(d.units(ishigami_design, KEYS[:3]))
    sobol = sa.sensitivity_indices(ishigami_design, y, "sobol", n_boot=100)
    ax = sa.plot_sensitivity(sobol)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [KEYS[2], KEYS[1], KEYS[0]]            # largest ST on top
    assert len(ax.patches) == 6 and "seed noise: not measured" in ax.get_title()
    plt.close("all")
    table = design("morris", KEYS[:3], 10, replicates=2)
    u = d.units(table, KEYS[:3])
    morris = sa.sensitivity_indices(table, d.ishigami(u) + 0.1 * np.sin(99 * u.sum(axis=1)),
                                    "morris", n_boot=100)
    ax = sa.plot_morris(morris)
    assert sorted(t.get_text() for t in ax.texts) == sorted(KEYS[:3])
    plt.close("all")
    with pytest.raises(sa.NotAvailableError):
        sa.plot_morris(sobol)
    two = pd.concat([sobol.assign(grid_point=0), sobol.assign(grid_point=1)], ignore_index=True)
    with pytest.raises(sa.SelectionError, match="grid_point: the indices are per grid point"):
        sa.plot_sensitivity(two)
    sa.plot_sensitivity(two, grid_point=1)
    plt.close("all")
