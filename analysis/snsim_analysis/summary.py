"""Summaries over replicates: means with confidence intervals, final values, time to reach a level,
and the difference between two strategies with its interval.

A *parameter point* is one combination of the sweep parameters that vary between runs; runs at the
same point (usually differing only by seed) are its replicates. A *strategy* is a parameter point
and a brand. Intervals are Student t intervals on the replicates (n - 1 degrees of freedom): NaN
when a point has a single replicate, exact (zero width) when every replicate agrees. Intervals of
quantities that cannot be negative (counts, money spent or earned: see lower_bound) are clipped at
0: the t interval is symmetric, and with few replicates of a small count its lower end would
otherwise fall below zero.
"""
import numpy as np
import pandas as pd
from scipy import stats

from .errors import SelectionError
from .results import POPULATION, get_metric, parameter_names, run_mask

__all__ = ["summarise", "final_value", "time_to_reach", "compare_strategies", "strategies",
           "mean_ci", "lower_bound"]


# Metrics in units "1" that are shares of people or purchases, so never negative (the market's).
SHARES = ("market_share", "share_of_voice", "penetration", "penetration_window",
          "share_of_requirements")


def lower_bound(da):
    """Returns the least value a metric can take: 0 for counts, money (cost, revenue) and shares
    (SHARES), None for other ratios (units "1", e.g. roi, trust_mean) and for run-minus-twin
    differences (incremental/*), which may be negative."""
    name = str(da.name)
    if name.startswith("incremental/") or (da.attrs.get("units", "1") == "1" and
                                           name not in SHARES):
        return None
    return 0.0


def mean_ci(values, level=0.95, axis=0, floor=None):
    """Returns (n, mean, sd, lower, upper) of values along axis, ignoring NaN; t interval.

    floor: the least value the quantity can take (e.g. 0 for a count); the interval's lower end
    is clipped to it. None: no clipping.
    """
    values = np.asarray(values, dtype=float)
    n = np.sum(~np.isnan(values), axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = np.nansum(values, axis=axis)
        mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
        dev = values - np.expand_dims(mean, axis)
        var = np.nansum(dev * dev, axis=axis) / np.where(n > 1, n - 1, np.nan)
        sd = np.sqrt(var)
        t = stats.t.ppf(0.5 + level / 2.0, np.where(n > 1, n - 1, np.nan))
        half = t * sd / np.sqrt(n)
    lower = mean - half
    if floor is not None:
        lower = np.where(np.isnan(lower), lower, np.maximum(lower, floor))
    return n, mean, sd, lower, mean + half


def _check_level(level):
    if not 0.0 < float(level) < 1.0:
        raise SelectionError(f"confidence level must be in (0, 1), got {level}")


def _groups(ds, by):
    """Returns (keys, [(values tuple, run positions)]) grouping runs by the parameters `by`."""
    if by is None:
        by = parameter_names(ds, varying_only=True)
    elif isinstance(by, str):
        by = [by]
    for key in by:
        if key not in ds.coords or ds[key].dims != ("run",):
            raise SelectionError(f"'{key}' is not a parameter of these runs (parameters: "
                                 f"{', '.join(parameter_names(ds)) or 'none'})")
    if not by:
        return [], [((), np.arange(ds.sizes["run"]))]
    frame = pd.DataFrame({k: ds[k].values for k in by})
    groups = []
    for values, rows in frame.groupby(list(by), sort=True, dropna=False).indices.items():
        values = values if isinstance(values, tuple) else (values,)
        groups.append((values, np.asarray(rows)))
    return list(by), groups


def _brand_axis(da):
    if "brand" in da.dims:
        return list(da["brand"].values), da.transpose("run", "step", "brand").values
    return [POPULATION], da.transpose("run", "step").values[:, :, None]


def summarise(ds, metric, by=None, level=0.95):
    """Returns the mean and `level` interval of a metric per parameter point, brand and step.

    by: the parameters that define a point (default: every parameter that varies). Columns:
    the parameters, brand, step, n, mean, sd, lower, upper.
    """
    _check_level(level)
    da = get_metric(ds, metric)
    keys, groups = _groups(ds, by)
    brands, values = _brand_axis(da)
    steps = ds["step"].values
    rows = []
    for point, runs in groups:
        n, mean, sd, lower, upper = mean_ci(values[runs], level, axis=0, floor=lower_bound(da))
        for j, brand in enumerate(brands):
            part = pd.DataFrame({"step": steps, "n": n[:, j], "mean": mean[:, j], "sd": sd[:, j],
                                 "lower": lower[:, j], "upper": upper[:, j]})
            part.insert(0, "brand", brand)
            for k, v in reversed(list(zip(keys, point))):
                part.insert(0, k, v)
            rows.append(part)
    return pd.concat(rows, ignore_index=True)


def _last_valid(values):
    """Returns values [run, step, brand] at each run and brand's last non-NaN step."""
    valid = ~np.isnan(values)
    last = values.shape[1] - 1 - np.argmax(valid[:, ::-1, :], axis=1)
    out = np.take_along_axis(values, last[:, None, :], axis=1)[:, 0, :]
    return np.where(valid.any(axis=1), out, np.nan)


def _per_run_frame(ds, brands, table, name):
    params = parameter_names(ds)
    frame = pd.DataFrame({
        "run": np.repeat(ds["run"].values, len(brands)),
        "brand": np.tile(np.asarray(brands, dtype=object), ds.sizes["run"]),
        name: table.ravel(),
    })
    info = pd.DataFrame({k: ds[k].values for k in params + ["seed"]})
    info["run"] = ds["run"].values
    frame = frame.merge(info, on="run", how="left")
    return frame[["run"] + params + ["seed", "brand", name]]


def _summarise_table(ds, brands, table, by, level, name="value", floor=None):
    keys, groups = _groups(ds, by)
    rows = []
    for point, runs in groups:
        n, mean, sd, lower, upper = mean_ci(table[runs], level, axis=0, floor=floor)
        for j, brand in enumerate(brands):
            row = dict(zip(keys, point))
            row.update(brand=brand, n=int(n[j]), mean=mean[j], sd=sd[j], lower=lower[j],
                       upper=upper[j])
            rows.append(row)
    return pd.DataFrame(rows, columns=keys + ["brand", "n", "mean", "sd", "lower", "upper"])


def final_value(ds, metric, summary=True, by=None, level=0.95):
    """Returns a metric's value at each run's last step.

    summary=True: per parameter point and brand, columns n, mean, sd, lower, upper; False: one row
    per run and brand (run, parameters, seed, brand, value).
    """
    _check_level(level)
    da = get_metric(ds, metric)
    brands, values = _brand_axis(da)
    table = _last_valid(values)
    if not summary:
        return _per_run_frame(ds, brands, table, "value")
    return _summarise_table(ds, brands, table, by, level, floor=lower_bound(da))


def time_to_reach(ds, metric, level_value, summary=True, by=None, level=0.95):
    """Returns the first step at which a metric is at least level_value (NaN when it never is).

    summary=True: per parameter point and brand, n (runs), reached (runs that got there), and the
    mean, sd and interval of the step over the runs that got there; False: one row per run and brand.
    """
    _check_level(level)
    brands, values = _brand_axis(get_metric(ds, metric))
    steps = ds["step"].values.astype(float)
    with np.errstate(invalid="ignore"):
        hit = values >= level_value
    first = np.argmax(hit, axis=1)
    table = np.where(hit.any(axis=1), steps[first], np.nan)
    if not summary:
        return _per_run_frame(ds, brands, table, "step")
    result = _summarise_table(ds, brands, table, by, level, floor=float(steps.min()))
    keys, groups = _groups(ds, by)
    result.insert(len(keys) + 1, "runs", [len(runs) for _, runs in groups for _ in brands])
    return result.rename(columns={"n": "reached"})


def strategies(ds, by=None):
    """Returns a DataFrame of the strategies in ds: one row per parameter point and brand (brand
    POPULATION for results without brands, whose metrics are all population-wide)."""
    keys, groups = _groups(ds, by)
    brands = list(ds["brand"].values) or [POPULATION]
    rows = [dict(zip(keys, point), brand=b, runs=len(runs)) for point, runs in groups for b in brands]
    return pd.DataFrame(rows, columns=keys + ["brand", "runs"])


def _select(ds, metric, selection, step):
    """Returns (seeds, values) of one strategy at `step` (None: each run's last step)."""
    if isinstance(selection, str):
        selection = {"brand": selection}
    selection = dict(selection)
    da = get_metric(ds, metric)
    brand = selection.pop("brand", None)
    mask = run_mask(ds, selection, lambda key: (
        f"'{key}' is not a parameter of these runs (parameters: "
        f"{', '.join(parameter_names(ds)) or 'none'})"))
    if not mask.any():
        raise SelectionError(f"no run matches {selection}")
    if "brand" in da.dims:
        if brand is None:
            raise SelectionError(f"'{metric}' is per brand: say which brand (e.g. brand='"
                                 f"{ds['brand'].values[0]}')")
        if brand not in list(ds["brand"].values):
            raise SelectionError(f"no brand '{brand}' (brands: {', '.join(ds['brand'].values)})")
        da = da.sel(brand=brand)
    values = da.values[mask]  # [runs, step]
    if step is None:
        picked = _last_valid(values[:, :, None])[:, 0]
    else:
        steps = list(ds["step"].values)
        if step not in steps:
            raise SelectionError(f"no step {step} (steps {steps[0]}..{steps[-1]})")
        picked = values[:, steps.index(step)]
    return ds["seed"].values[mask], picked


def compare_strategies(ds, metric, a, b, step=None, level=0.95):
    """Returns the difference a - b of a metric between two strategies, with its interval.

    a, b: a brand name, or a dict of brand and parameter values, e.g. {"brand": "loud",
    "brands[0].budget.money_per_step": 50}. step: a step number (default: each run's last step).
    When both have the same seeds, once each, the runs are paired by seed (common random numbers)
    and the interval is a t interval on the paired differences; otherwise it is Welch's.
    Returns a pandas Series: n_a, n_b, mean_a, mean_b, difference, lower, upper, paired, level.
    """
    _check_level(level)
    seeds_a, va = _select(ds, metric, a, step)
    seeds_b, vb = _select(ds, metric, b, step)
    paired = (len(set(seeds_a)) == len(seeds_a) and sorted(seeds_a) == sorted(seeds_b))
    if paired:
        order_b = {s: i for i, s in enumerate(seeds_b)}
        diffs = va - vb[[order_b[s] for s in seeds_a]]
        n, difference, _, lower, upper = mean_ci(diffs, level)
        lower, upper = float(lower), float(upper)
    else:
        _, ma, sa, _, _ = mean_ci(va, level)
        _, mb, sb, _, _ = mean_ci(vb, level)
        na, nb = np.sum(~np.isnan(va)), np.sum(~np.isnan(vb))
        difference = ma - mb
        with np.errstate(invalid="ignore", divide="ignore"):
            qa, qb = sa * sa / na, sb * sb / nb
            se = np.sqrt(qa + qb)
            dof = (qa + qb) ** 2 / (qa * qa / (na - 1) + qb * qb / (nb - 1))
            half = stats.t.ppf(0.5 + level / 2.0, dof) * se if se > 0 else (0.0 if na > 1 and nb > 1 else np.nan)
        lower, upper = float(difference - half), float(difference + half)
    return pd.Series({
        "metric": metric, "step": "last" if step is None else step,
        "a": str(a), "b": str(b),
        "n_a": int(np.sum(~np.isnan(va))), "n_b": int(np.sum(~np.isnan(vb))),
        "mean_a": float(np.nanmean(va)) if np.any(~np.isnan(va)) else np.nan,
        "mean_b": float(np.nanmean(vb)) if np.any(~np.isnan(vb)) else np.nan,
        "difference": float(difference), "lower": lower, "upper": upper,
        "paired": bool(paired), "level": level,
    })
