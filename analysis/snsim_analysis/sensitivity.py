"""Global sensitivity analysis of snsim sweeps: Sobol' indices, Morris elementary effects, PRCC.

    import snsim_analysis as sa
    sa.sensitivity("results/claim.h5", "roi", brand="networker")              # a sobol: sweep
    sa.sensitivity("results/screen.h5", "customers", brand="a", method="morris")
    sa.sensitivity("results/lhs.h5", lambda ds: ds["roi"][:, -1, 0] - ds["roi"][:, -1, 1],
                   method="prcc")

Every method works on the sweep's *design points*: the runs of one point (its replicates, which
differ only by seed) are averaged first, so seed noise never enters an index as if it were a
parameter's effect; the share of the output variance that is seed noise is reported beside the
indices (a row parameter="(seed noise)", index="variance_share", and df.attrs).

sensitivity_indices(design, outputs, method) does the arithmetic on a design table (the columns of
a sweep's /table, or of `snsim sweep SCENARIO --list --csv`) and one output per row, so any
function can be evaluated on snsim's own design (the tests check the estimators on the Ishigami
and Sobol' g-functions this way).
"""
import warnings

import numpy as np
import pandas as pd
import xarray as xr
from scipy import stats

from .errors import DesignError, MetricValueError, SelectionError, UnknownMetricError
from .results import (DESIGN_COLUMNS, UNIT_PREFIX, get_metric, metric_names, open_results,
                      run_mask)

__all__ = ["sensitivity", "sensitivity_indices", "design_table", "METHODS", "N_BOOT",
           "SEED_NOISE"]

#: The methods, and the sweep designs each one can read.
METHODS = {"sobol": ("sobol",), "morris": ("morris",),
           "prcc": ("random", "latin_hypercube", "sobol", "morris")}
#: Bootstrap resamples behind every interval (percentile intervals; seeded, so they repeat).
N_BOOT = 1000
#: The `parameter` of the row that reports the share of the output variance that is seed noise.
SEED_NOISE = "(seed noise)"
COLUMNS = ["parameter", "index", "value", "ci_low", "ci_high", "p_value"]
# How many floats one bootstrap chunk may hold (keeps memory near 50 MB for any N).
_CHUNK_FLOATS = 6_000_000


def sensitivity(results, metric, brand=None, step=-1, method="sobol", where=None, n_boot=N_BOOT,
                level=0.95, seed=0, subtract_noise=True):
    """Returns the sensitivity indices of one metric over a sensitivity sweep, as a tidy DataFrame.

    results: a results path, a list of paths, or what open_results() returns; it must come from a
        `snsim sweep` whose `sweep:` block has a `sobol:`, `morris:`, `latin_hypercube:` or
        `random:` design, with every run present and complete.
    metric: a metric name (e.g. "roi"), or a function of the Dataset returning one number per run
        (an array or DataArray of length ds.sizes["run"]), e.g.
        `lambda ds: (ds["roi"].sel(brand="a") - ds["roi"].sel(brand="b")).isel(step=-1)`.
    brand: the brand of a per-brand metric (needed when the results have several brands).
    step: the step number of a metric name; negative counts from the end (-1: the last step).
    method: "sobol" (needs a sobol: design): first-order S1 (Saltelli et al. 2010 estimator
        mean(fB (fAB_i - fA)) / V), total ST (Jansen 1999: mean((fA - fAB_i)^2) / 2V) and, when
        the design has second_order, S2 for each pair (Saltelli 2002). "morris" (needs a morris:
        design): mu* (mean |EE|), mu (mean EE) and sigma (sd of EE) per parameter, elementary
        effects EE = (y(step s) - y(step s-1)) / Delta in the unit cube (the metric's units per
        whole range of the parameter). "prcc" (any random, latin_hypercube, sobol or morris design,
        all points): partial rank correlation of each parameter's unit-cube coordinate (so choices
        rank by their order in the list) with the metric, controlling for the others, with a
        two-sided t-test p-value (n - 2 - (k - 1) degrees of freedom) and a Fisher-z interval;
        NaN for a key when the others' ranks already fix the metric's (nothing left to correlate).
    where: optional {coordinate: value} selecting runs first, e.g. {"grid_point": 2} or a grid key
        and its value. With a grid crossed with the design, indices are computed per grid point:
        the frame then gains a `grid_point` column and one column per grid key.
    n_boot, level, seed: bootstrap resamples (over Sobol' rows, Morris trajectories, or design
        points for the seed-noise share), interval level, and the bootstrap's random seed.
    subtract_noise: with two or more replicates, sobol subtracts the variance of the seed noise
        left in each point's mean (within-point variance / R) from V and from Jansen's numerator,
        the only two places it biases (noise is independent between points), so a parameter
        nothing reads gets ST near 0 rather than near the noise share. With one replicate nothing
        can be subtracted: the noise share is NaN and seed noise counts as interaction. A sweep
        with `common_seeds: true` (replicate r of every point shares one seed, recognised from the
        seeds) has no independent noise to subtract: differences between points are the
        parameters' effect alone, and the indices are conditional on those R towns.

    Returns a DataFrame with columns parameter, index, value, ci_low, ci_high, p_value (NaN except
    for prcc). index is one of S1, ST, S2 (sobol), mu_star, mu, sigma (morris), prcc; one more row
    has parameter="(seed noise)", index="variance_share": the within-point (replicate) variance
    over the total variance of the runs (at most 1), NaN with one replicate; for morris another,
    index="ee_sd": the sd of an elementary effect that seed noise alone makes (compare mu* with
    it). df.attrs holds the method, design, parameters, points, replicates, runs, n_boot, level,
    seed, noise_subtracted, seed_noise_share (and its interval, and seed_noise_share_of_means:
    the share left in the replicate means), and the metric, brand, step and sources.
    Raises DesignError (method and design do not match; runs missing, failed or incomplete),
    UnknownMetricError, SelectionError (brand, step, where, method), MetricValueError (values not
    finite, not one per run, or constant).
    """
    if method not in METHODS:
        raise SelectionError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    ds = results if isinstance(results, xr.Dataset) else open_results(results)
    sources = ", ".join(str(s) for s in ds.attrs.get("sources", [])) or "results"
    kind = ds.attrs.get("design")
    if kind is None or kind in ("grid", "replicates"):
        raise DesignError(
            f"results: {sources} is not a sensitivity sweep (design: {kind or 'none'}); "
            f"method={method!r} needs a sweep with a {' or '.join(METHODS[method])} design")
    if kind == "mixed":
        raise DesignError(f"results: {sources} are files of different sweep designs; give the "
                          "files of one sweep")
    _check_design_for(kind, method, f"results: {sources}")
    _check_runs_complete(ds, kind, sources)
    values = _metric_values(ds, metric, brand, step)
    mask = _where_mask(ds, where)
    table = design_table(ds)
    frame = sensitivity_indices(table[mask].reset_index(drop=True), values[mask], method,
                                n_boot=n_boot, level=level, seed=seed,
                                subtract_noise=subtract_noise)
    attrs = dict(frame.attrs)
    if "grid_point" in frame.columns:
        grid_keys = [k for k in ds.attrs.get("parameters", [])
                     if k not in frame.attrs["parameters"]
                     and len(pd.unique(ds[k].values[mask])) > 1]
        first = pd.DataFrame({"grid_point": table["grid_point"][mask].to_numpy(),
                              **{k: ds[k].values[mask] for k in grid_keys}})
        first = first.drop_duplicates("grid_point")
        frame = frame.merge(first, on="grid_point", how="left")
        frame = frame[["grid_point"] + grid_keys + COLUMNS]
    attrs.update({"metric": metric if isinstance(metric, str) else getattr(metric, "__name__",
                                                                           "function"),
                  "brand": brand, "step": step, "sources": list(ds.attrs.get("sources", []))})
    frame.attrs = attrs
    return frame


def _check_design_for(kind, method, where):
    if kind not in METHODS[method]:
        hint = {"sobol": "method='sobol' or 'prcc'", "morris": "method='morris' or 'prcc'",
                "latin_hypercube": "method='prcc'", "random": "method='prcc'"}.get(
                    kind, "a sweep with a sobol:, morris:, latin_hypercube: or random: design")
        raise DesignError(f"method: {method!r} needs a sweep with a "
                          f"{' or '.join(METHODS[method])} design, but {where} has a {kind} "
                          f"design (use {hint})")


def _expected_points(attrs, kind, k):
    """Returns the design points per grid point the design attributes promise (None: unknown)."""
    if kind == "sobol" and "design_base_samples" in attrs:
        blocks = 2 * k + 2 if attrs.get("design_second_order", 0) else k + 2
        return int(attrs["design_base_samples"]) * blocks
    if kind == "morris" and "design_trajectories" in attrs:
        return int(attrs["design_trajectories"]) * (k + 1)
    return None


def _check_runs_complete(ds, kind, sources):
    status = np.asarray(ds["status"].values, dtype=str)
    bad = np.flatnonzero(status != "complete")
    if len(bad):
        shown = ", ".join(f"{int(ds['index_in_file'].values[i])} ({status[i]})" for i in bad[:5])
        raise DesignError(f"results: {sources}: {len(bad)} run(s) of the {kind} design are not "
                          f"complete (run {shown}); finish the sweep (snsim sweep --resume) first")
    for column in ("grid_point", "design_sample", "design_block"):
        if column not in ds.coords:
            raise DesignError(f"results: {sources} has a {kind} design but no '{column}' column "
                              "in /table (written by an older snsim?)")
    params = list(ds.attrs.get("design_parameters", []))
    if not params:
        raise DesignError(f"results: {sources}: the {kind} design names no parameters "
                          "(/table attribute design_parameters)")
    per_point = _expected_points(ds.attrs, kind, len(params))
    replicates = int(ds.attrs.get("design_replicates", 0))
    if per_point is None or replicates < 1:
        return
    grid_points = len(np.unique(ds["grid_point"].values))
    expected = grid_points * per_point * replicates
    have = set(int(i) for i in ds["index_in_file"].values)
    missing = sorted(set(range(expected)) - have)
    if missing or ds.sizes["run"] != expected:
        shown = ", ".join(str(i) for i in missing[:5]) + (", ..." if len(missing) > 5 else "")
        raise DesignError(f"results: {sources}: the {kind} design has {expected} runs "
                          f"({grid_points} grid point(s) x {per_point} points x {replicates} "
                          f"replicates) but the results hold {ds.sizes['run']}"
                          + (f" (missing runs {shown})" if missing else ""))


def _metric_values(ds, metric, brand, step):
    """Returns one float per run: the metric at (brand, step), or what the function returns."""
    n = ds.sizes["run"]
    if callable(metric):
        out = metric(ds)
        if isinstance(out, (xr.DataArray, pd.Series)):
            out = out.values
        try:
            out = np.asarray(out, dtype=float)
        except (TypeError, ValueError):
            raise MetricValueError(f"metric: the function returned {type(out).__name__}, not one "
                                   f"number per run") from None
        if out.shape != (n,):
            raise MetricValueError(f"metric: the function returned an array of shape "
                                   f"{out.shape}, not one value per run ({n},)")
        values, what = out, f"metric function {getattr(metric, '__name__', '')}".rstrip()
    else:
        if not isinstance(metric, str):
            raise SelectionError(f"metric: give a metric name or a function of the Dataset, not "
                                 f"{type(metric).__name__}")
        if metric not in ds.data_vars:
            raise UnknownMetricError(metric, metric_names(ds))
        da = get_metric(ds, metric)
        brands = [str(b) for b in ds["brand"].values]
        if "brand" in da.dims:
            if brand is None:
                if len(brands) != 1:
                    raise SelectionError(f"brand: '{metric}' is per brand; choose one of "
                                         f"{', '.join(brands)}")
                brand = brands[0]
            if brand not in brands:
                raise SelectionError(f"brand: no brand {brand!r} (brands: {', '.join(brands)})")
            da = da.sel(brand=brand)
        elif brand is not None:
            raise SelectionError(f"brand: '{metric}' is population-wide; leave brand=None")
        steps = [int(s) for s in ds["step"].values]
        try:
            number = int(step)
        except (TypeError, ValueError):
            raise SelectionError(f"step: {step!r} is not a step number") from None
        if number != step:
            raise SelectionError(f"step: {step!r} is not a whole step number")
        if number < 0:
            number += steps[-1] + 1
        if number not in steps:
            raise SelectionError(f"step: no step {step} (steps {steps[0]}..{steps[-1]}; "
                                 "negative counts from the end)")
        values = da.transpose("run", "step").values[:, steps.index(number)].astype(float)
        what = f"metric '{metric}'" + (f" of brand {brand!r}" if brand is not None else "") + \
            f" at step {number}"
    bad = np.flatnonzero(~np.isfinite(values))
    if len(bad):
        runs = ", ".join(str(int(ds["index_in_file"].values[i])) for i in bad[:5])
        raise MetricValueError(f"metric: {what} is not finite in {len(bad)} of {n} runs (run "
                               f"{runs}{', ...' if len(bad) > 5 else ''}); indices need a number "
                               "for every run (e.g. roi is NaN while cost is 0)")
    return values


def _where_mask(ds, where):
    mask = run_mask(ds, where or {}, lambda key: f"where: {key!r} is not a coordinate of the runs")
    if not mask.any():
        raise SelectionError(f"where: no run matches {where}")
    return mask


def design_table(ds):
    """Returns the design of a sweep's runs as a DataFrame: index, replicate, grid_point,
    design_sample, design_block, design_moved, design_delta, unit:<key>... (those present), with
    the design attributes (design, design_parameters, ...) in its .attrs."""
    columns = {"index": ds["index_in_file"].values, "replicate": ds["replicate"].values,
               "seed": ds["seed"].values}
    for name in list(DESIGN_COLUMNS) + [str(c) for c in ds.coords
                                        if str(c).startswith(UNIT_PREFIX)]:
        if name in ds.coords:
            columns[name] = ds[name].values
    table = pd.DataFrame(columns)
    table.attrs = {k: v for k, v in ds.attrs.items() if k.startswith("design")}
    return table


def common_seeds(table):
    """Returns True when the table's runs use common random numbers (`common_seeds: true`):
    replicate r of every point has the same seed, and there are several points."""
    if "seed" not in table.columns or "replicate" not in table.columns:
        return False
    per_replicate = table.groupby("replicate")["seed"].nunique()
    return bool(len(table) > len(per_replicate) and (per_replicate == 1).all())


def infer_design(table):
    """Returns the design a table's columns imply: morris (a parameter moves between steps),
    sobol (blocks beyond A), else latin_hypercube-or-random ("random")."""
    if "design_moved" in table and (np.asarray(table["design_moved"]) >= 0).any():
        return "morris"
    if "design_block" in table and (np.asarray(table["design_block"]) > 0).any():
        return "sobol"
    if any(str(c).startswith(UNIT_PREFIX) for c in table.columns):
        return "random"
    return "grid"


def sensitivity_indices(design, outputs, method="sobol", parameters=None, kind=None,
                        n_boot=N_BOOT, level=0.95, seed=0, subtract_noise=True):
    """Returns the sensitivity indices of `outputs` over a design table (see sensitivity()).

    design: a DataFrame with the columns of a sampled sweep's /table or `snsim sweep --list --csv`:
        grid_point, design_sample, design_block, and design_moved, design_delta (morris), and
        unit:<key> per sampled key. `replicate` and `index` are used when present.
    outputs: one number per row of design.
    parameters: the sampled keys in range order (default: design.attrs["design_parameters"], else
        the unit:<key> columns in order). kind: the design (default: design.attrs["design"], else
        inferred from the columns by infer_design()).
    Indices are computed per grid point; with more than one, the frame has a `grid_point` column.
    """
    if method not in METHODS:
        raise SelectionError(f"method: {method!r} is not one of {', '.join(METHODS)}")
    if not 0.0 < float(level) < 1.0:
        raise SelectionError(f"level: must be in (0, 1), got {level}")
    if int(n_boot) < 1:
        raise SelectionError(f"n_boot: must be at least 1, got {n_boot}")
    table = pd.DataFrame(design).reset_index(drop=True)
    y = np.asarray(outputs, dtype=float)
    if y.shape != (len(table),):
        raise MetricValueError(f"outputs: shape {y.shape}, not one value per design row "
                               f"({len(table)},)")
    if not np.all(np.isfinite(y)):
        bad = np.flatnonzero(~np.isfinite(y))
        raise MetricValueError(f"outputs: {len(bad)} value(s) are not finite (row "
                               f"{', '.join(str(i) for i in bad[:5])})")
    kind = kind or getattr(design, "attrs", {}).get("design") or infer_design(table)
    _check_design_for(kind, method, "the design table")
    if parameters is None:
        parameters = getattr(design, "attrs", {}).get("design_parameters") or \
            [str(c)[len(UNIT_PREFIX):] for c in table.columns if str(c).startswith(UNIT_PREFIX)]
    parameters = list(parameters)
    if not parameters:
        raise DesignError("design: no sampled parameters (no unit:<key> columns)")
    needed = ["design_sample", "design_block"] + [UNIT_PREFIX + p for p in parameters]
    if method == "morris":
        needed += ["design_moved", "design_delta"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise DesignError(f"design: no column {', '.join(missing)} (a {kind} design table needs "
                          f"{', '.join(needed)})")
    if "grid_point" not in table.columns:
        table["grid_point"] = 0
    common = common_seeds(table)
    rng = np.random.default_rng(seed)
    frames = []
    grid_points = sorted(pd.unique(table["grid_point"]))
    for g in grid_points:
        rows = np.flatnonzero(table["grid_point"].to_numpy() == g)
        points = _average_replicates(table.iloc[rows], y[rows], parameters, g)
        where = f"grid point {g}" if len(grid_points) > 1 else "the design"
        if method == "sobol":
            frame = _sobol(points, parameters, where, n_boot, level, rng,
                           subtract_noise and not common)
        elif method == "morris":
            frame = _morris(points, parameters, where, n_boot, level, rng, common)
        else:
            frame = _prcc(points, parameters, where, level)
        noise = _seed_noise(points, n_boot, level, rng)
        frame = pd.concat([frame, pd.DataFrame([{
            "parameter": SEED_NOISE, "index": "variance_share", "value": noise[0],
            "ci_low": noise[1], "ci_high": noise[2], "p_value": np.nan}])], ignore_index=True)
        if len(grid_points) > 1:
            frame.insert(0, "grid_point", int(g))
        frame.attrs = {"seed_noise_share": noise[0], "seed_noise_interval": noise[1:3],
                       "seed_noise_share_of_means": noise[3], "points": points["n_points"],
                       "replicates": points["replicates"]}
        frames.append(frame)
    result = pd.concat(frames, ignore_index=True)[
        (["grid_point"] if len(grid_points) > 1 else []) + COLUMNS]
    result.attrs = {"method": method, "design": kind, "parameters": parameters,
                    "common_seeds": common,
                    "noise_subtracted": bool(subtract_noise and method == "sobol" and not common
                                             and frames[0].attrs["replicates"] > 1),
                    "n_boot": int(n_boot), "level": float(level), "seed": seed,
                    "grid_points": [int(g) for g in grid_points],
                    "points": frames[0].attrs["points"],
                    "replicates": frames[0].attrs["replicates"],
                    "runs": len(table)}
    if len(grid_points) == 1:
        result.attrs.update({k: frames[0].attrs[k] for k in
                             ("seed_noise_share", "seed_noise_interval",
                              "seed_noise_share_of_means")})
    else:
        result.attrs["seed_noise_share"] = [f.attrs["seed_noise_share"] for f in frames]
    return result


def _average_replicates(table, y, parameters, grid_point):
    """Returns the design points of one grid point with their outputs averaged over replicates."""
    keys = ["design_sample", "design_block"]
    frame = table.assign(_y=y)
    grouped = frame.groupby(keys, sort=True)
    counts = grouped.size()
    if counts.nunique() != 1:
        low = counts[counts < counts.max()]
        sample, block = low.index[0]
        raise DesignError(f"design: the points of grid point {grid_point} have unequal replicate "
                          f"counts ({counts.min()} to {counts.max()}; e.g. sample {sample}, block "
                          f"{block} has {low.iloc[0]}): runs are missing")
    first = grouped.first()
    means = grouped["_y"].mean()
    sums = grouped["_y"].sum()
    deviation = frame["_y"] - grouped["_y"].transform("mean")
    squares = (deviation ** 2).groupby([frame[k] for k in keys], sort=True).sum()
    units = np.column_stack([first[UNIT_PREFIX + p].to_numpy(dtype=float) for p in parameters])
    return {"sample": first.index.get_level_values(0).to_numpy(dtype=np.int64),
            "block": first.index.get_level_values(1).to_numpy(dtype=np.int64),
            "moved": first["design_moved"].to_numpy(dtype=np.int64)
            if "design_moved" in first else None,
            "delta": first["design_delta"].to_numpy(dtype=float)
            if "design_delta" in first else None,
            "units": units, "y": means.to_numpy(dtype=float), "sum": sums.to_numpy(dtype=float),
            "ss": squares.to_numpy(dtype=float), "replicates": int(counts.iloc[0]),
            "n_points": len(means)}


def _percentile_interval(boot, level):
    """Returns (low, high) per column of boot [resamples, statistics], ignoring NaN resamples."""
    tail = 50.0 * (1.0 - level)
    with warnings.catch_warnings():  # an all-NaN column (e.g. sigma of one trajectory) is NaN
        warnings.simplefilter("ignore", RuntimeWarning)
        return (np.nanpercentile(boot, tail, axis=0), np.nanpercentile(boot, 100.0 - tail, axis=0))


def _bootstrap(statistic, n, n_boot, rng, width):
    """Returns statistic(rows) for n_boot resamples of n rows with replacement: [n_boot, m]."""
    chunk = max(1, _CHUNK_FLOATS // max(1, n * width))
    parts = []
    for start in range(0, n_boot, chunk):
        rows = rng.integers(0, n, size=(min(chunk, n_boot - start), n))
        parts.append(statistic(rows))
    return np.concatenate(parts, axis=0)


def _check_constant(values, where):
    if np.ptp(values) == 0:
        raise MetricValueError(f"metric: the value is {values[0]:g} at every point of {where}; "
                               "no sensitivity index is defined for a constant output")


def _sobol(points, parameters, where, n_boot, level, rng, subtract_noise):
    k = len(parameters)
    samples = np.unique(points["sample"])
    n = len(samples)
    blocks = points["block"].max() + 1
    if blocks not in (k + 2, 2 * k + 2) or len(points["y"]) != n * blocks:
        raise DesignError(f"design: {where} is not a complete Saltelli design for {k} parameters "
                          f"({len(points['y'])} points over {n} Sobol' rows and {blocks} blocks; "
                          f"expected {n} x {k + 2} or {n} x {2 * k + 2}): runs are missing")
    order = np.lexsort((points["block"], points["sample"]))
    f = points["y"][order].reshape(n, blocks)  # rows: Sobol' row j; columns: A, B, AB_i, BA_i
    if not np.array_equal(points["block"][order].reshape(n, blocks),
                          np.tile(np.arange(blocks), (n, 1))):
        raise DesignError(f"design: {where} lacks some Saltelli blocks: runs are missing")
    _check_constant(f[:, :2].ravel(), where)
    # Centre on the mean of A and B: a constant shift leaves every estimator's expectation as it
    # is (E[fAB_i - fA] = 0) but removes the mean^2 / V term from the variance of S1 and S2, which
    # for a metric far from 0 (cost, customers) swamps them.
    f = f - np.mean(f[:, :2])
    # Variance of the seed noise left in a mean of R replicates, per resample: within-point sum
    # of squares / (points (R - 1)) / R. Noise is independent between points, so it biases only
    # V and Jansen's numerator (by exactly this amount each): subtract it there.
    reps = points["replicates"]
    ss = points["ss"][order].reshape(n, blocks)
    correct = subtract_noise and reps > 1
    second = blocks == 2 * k + 2
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k)] if second else []

    def statistic(rows):  # rows: [b, n] resampled Sobol' rows -> [b, 2k + pairs]
        fr = f[rows]                           # [b, n, blocks]
        fa, fb, fab = fr[..., 0], fr[..., 1], fr[..., 2:2 + k]
        with np.errstate(all="ignore"):
            noise = (np.sum(ss[rows], axis=(1, 2)) / (n * blocks * (reps - 1) * reps))[:, None] \
                if correct else 0.0
            var = np.var(np.concatenate([fa, fb], axis=1), axis=1)[:, None] - noise
            s1 = np.mean(fb[..., None] * (fab - fa[..., None]), axis=1) / var
            st = (0.5 * np.mean((fa[..., None] - fab) ** 2, axis=1) - noise) / var
            out = [s1, st]
            if pairs:
                fba = fr[..., 2 + k:]
                ab = np.mean(fa * fb, axis=1)
                s2 = [np.mean(fba[..., i] * fab[..., j], axis=1) / var[:, 0]
                      - ab / var[:, 0] - s1[:, i] - s1[:, j] for i, j in pairs]
                out.append(np.column_stack(s2))
        return np.concatenate(out, axis=1)

    estimate = statistic(np.arange(n)[None, :])[0]
    boot = _bootstrap(statistic, n, n_boot, rng, blocks)
    low, high = _percentile_interval(boot, level)
    names = [(p, "S1") for p in parameters] + [(p, "ST") for p in parameters] + \
        [(f"{parameters[i]} & {parameters[j]}", "S2") for i, j in pairs]
    return pd.DataFrame({"parameter": [a for a, _ in names], "index": [b for _, b in names],
                         "value": estimate, "ci_low": low, "ci_high": high,
                         "p_value": np.nan})


def _morris(points, parameters, where, n_boot, level, rng, common):
    # Seed noise is not subtracted from mu* (|EE| is not linear in it); the row
    # ("(seed noise)", "ee_sd") gives the sd of an elementary effect made by seed noise alone,
    # sqrt(2 s_w^2 / R) / |Delta|, as the yardstick for a parameter's mu*.
    k = len(parameters)
    trajectories = np.unique(points["sample"])
    r = len(trajectories)
    order = np.lexsort((points["block"], points["sample"]))
    steps = points["block"][order]
    if len(points["y"]) != r * (k + 1) or not np.array_equal(
            steps.reshape(r, k + 1), np.tile(np.arange(k + 1), (r, 1))):
        raise DesignError(f"design: {where} is not a complete Morris design for {k} parameters "
                          f"({len(points['y'])} points over {r} trajectories; expected {r} x "
                          f"{k + 1}): runs are missing")
    y = points["y"][order].reshape(r, k + 1)
    reps = points["replicates"]
    ss = points["ss"][order].reshape(r, k + 1)
    moved = points["moved"][order].reshape(r, k + 1)[:, 1:]
    delta = points["delta"][order].reshape(r, k + 1)[:, 1:]
    if not all(sorted(m) == list(range(k)) for m in moved.tolist()) or np.any(delta == 0):
        raise DesignError(f"design: {where}: a Morris trajectory must move each of the {k} "
                          "parameters once by a non-zero design_delta")
    _check_constant(y.ravel(), where)
    ee = np.empty((r, k))
    rows = np.repeat(np.arange(r), k)
    ee[rows, moved.ravel()] = (np.diff(y, axis=1) / delta).ravel()

    step = np.median(np.abs(delta))

    def statistic(rows):  # rows: [b, r] resampled trajectories -> [b, 3k + 1]
        e = ee[rows]                           # [b, r, k]
        with np.errstate(all="ignore"):
            sd = np.std(e, axis=1, ddof=1) if r > 1 else np.full(e.shape[::2], np.nan)
            within = np.sum(ss[rows], axis=(1, 2)) / (r * (k + 1) * (reps - 1)) if reps > 1 \
                else np.full(len(rows), np.nan)
            # with common seeds, the two ends of an effect share their towns: no yardstick
            noise_ee = np.sqrt(2.0 * within / reps) / step if not common else within * np.nan
        return np.concatenate([np.mean(np.abs(e), axis=1), np.mean(e, axis=1), sd,
                               noise_ee[:, None]], axis=1)

    estimate = statistic(np.arange(r)[None, :])[0]
    boot = _bootstrap(statistic, r, n_boot, rng, k)
    low, high = _percentile_interval(boot, level)
    names = [(p, i) for i in ("mu_star", "mu", "sigma") for p in parameters] + \
        [(SEED_NOISE, "ee_sd")]
    return pd.DataFrame({"parameter": [a for a, _ in names], "index": [b for _, b in names],
                         "value": estimate, "ci_low": low, "ci_high": high, "p_value": np.nan})


def _prcc(points, parameters, where, level):
    x, y = points["units"], points["y"]
    n, k = x.shape
    dof = n - 2 - (k - 1)
    if dof < 2:
        raise DesignError(f"design: {where} has {n} points, too few for the partial rank "
                          f"correlation of {k} parameters (needs at least {k + 3})")
    _check_constant(y, where)
    rx = np.column_stack([stats.rankdata(x[:, i]) for i in range(k)])
    ry = stats.rankdata(y)
    values, p_values, lows, highs = [], [], [], []
    z = stats.norm.ppf(0.5 + level / 2.0)
    for i in range(k):
        others = np.column_stack([np.ones(n)] + [rx[:, j] for j in range(k) if j != i])
        res_x = rx[:, i] - others @ np.linalg.lstsq(others, rx[:, i], rcond=None)[0]
        res_y = ry - others @ np.linalg.lstsq(others, ry, rcond=None)[0]
        scale = np.sqrt(np.sum(res_x ** 2) * np.sum(res_y ** 2))
        if scale <= 1e-12 * n * n:  # the parameter (or output) does not vary beyond the others
            for column in (values, p_values, lows, highs):
                column.append(np.nan)
            continue
        r = float(np.clip(np.sum(res_x * res_y) / scale, -1.0, 1.0))
        with np.errstate(divide="ignore"):
            t = r * np.sqrt(dof / max(1.0 - r * r, 1e-300))
        values.append(r)
        p_values.append(float(2.0 * stats.t.sf(abs(t), dof)))
        zr = np.arctanh(np.clip(r, -1 + 1e-15, 1 - 1e-15))
        half = z / np.sqrt(dof - 1)    # se of Fisher's z: 1 / sqrt(n - 3 - (k - 1))
        lows.append(float(np.tanh(zr - half)))
        highs.append(float(np.tanh(zr + half)))
    return pd.DataFrame({"parameter": parameters, "index": "prcc", "value": values,
                         "ci_low": lows, "ci_high": highs, "p_value": p_values})


def _seed_noise(points, n_boot, level, rng):
    """Returns (share, low, high, share of the means' variance): within-point (replicate)
    variance over the total variance of the runs; NaN with one replicate."""
    reps, m = points["replicates"], points["n_points"]
    if reps < 2:
        return np.nan, np.nan, np.nan, np.nan
    sums, ss = points["sum"], points["ss"]
    # per-point sum of squares about zero, for the total variance of any set of points
    sq = ss + sums ** 2 / reps

    def statistic(rows):
        with np.errstate(all="ignore"):
            within = np.sum(ss[rows], axis=1) / (rows.shape[1] * (reps - 1))
            total_n = rows.shape[1] * reps
            s = np.sum(sums[rows], axis=1)
            total = (np.sum(sq[rows], axis=1) - s * s / total_n) / (total_n - 1)
            # a share: at most 1 (the two estimates have different degrees of freedom, so a
            # noise-dominated metric can give a ratio just above 1)
            return np.minimum(within / total, 1.0)[:, None]

    share = float(statistic(np.arange(m)[None, :])[0, 0])
    boot = _bootstrap(statistic, m, n_boot, rng, 1)
    low, high = _percentile_interval(boot, level)
    with np.errstate(all="ignore"):
        within = np.sum(ss) / (m * (reps - 1))
        of_means = float(within / reps / np.var(points["y"], ddof=1))
    return share, float(low[0]), float(high[0]), of_means
