"""Plots of snsim results with matplotlib: curves with confidence bands, funnel, true against
measured ROI per channel, heat maps over two-parameter sweeps, cascade-size distributions.

Every function draws on `ax` (or a new figure) and returns the Axes (an array of Axes for plots
with panels); save with save_figure(). One line per strategy: a brand at one parameter point, its
band the interval over the point's replicates (none with a single replicate).
"""
import numpy as np
import matplotlib.pyplot as plt

from .errors import NotAvailableError, SelectionError
from .results import cascade_size_histogram, get_metric, metric_names, parameter_names
from .summary import _groups, final_value, lower_bound, mean_ci

__all__ = ["plot_curves", "plot_reach", "plot_growth", "plot_roi", "plot_funnel",
           "plot_true_vs_measured", "plot_heatmap", "plot_cascade_sizes",
           "plot_cascade_histogram", "plot_incremental", "plot_market_share", "plot_sensitivity",
           "plot_morris",
           "save_figure", "FUNNEL_STAGES", "strategy_label"]

#: Funnel stages in order (people at or past each stage); plot_funnel draws those present.
FUNNEL_STAGES = ("reach", "aware", "engaged", "visitors", "customers", "advocates")


def _short_key(key):
    return key.rsplit(".", 1)[-1]


def strategy_label(keys, point, brand):
    """Returns a legend label: the brand, then each varying parameter as short_key=value."""
    parts = [f"{_short_key(k)}={_fmt(v)}" for k, v in zip(keys, point)]
    return brand if not parts else f"{brand} ({', '.join(parts)})"


def _fmt(value):
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _new_ax(ax, figsize=(7, 4)):
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def _brands(ds, brands):
    names = list(ds["brand"].values)
    if brands is None:
        return names
    brands = [brands] if isinstance(brands, str) else list(brands)
    for b in brands:
        if b not in names:
            raise SelectionError(f"no brand '{b}' (brands: {', '.join(names)})")
    return brands


def plot_curves(ds, metric, by=None, brands=None, ax=None, level=0.95, title=None, logy=False):
    """Draws a metric over time: one line per strategy, its mean over replicates and a band."""
    da = get_metric(ds, metric)
    ax = _new_ax(ax)
    keys, groups = _groups(ds, by)
    steps = ds["step"].values
    chosen = _brands(ds, brands) if "brand" in da.dims else [None]
    for point, runs in groups:
        for brand in chosen:
            values = (da.sel(brand=brand) if brand is not None else da).values[runs]
            n, mean, _, lower, upper = mean_ci(values, level, axis=0, floor=lower_bound(da))
            label = strategy_label(keys, point, brand if brand is not None else "all")
            (line,) = ax.plot(steps, mean, label=label, lw=1.8)
            if np.any(n > 1):
                ax.fill_between(steps, lower, upper, color=line.get_color(), alpha=0.2, lw=0)
    units = da.attrs.get("units", "")
    ax.set_xlabel("step")
    ax.set_ylabel(f"{metric} ({units})" if units and units != "1" else metric)
    ax.set_title(title or da.attrs.get("long_name", metric), fontsize=10)
    if logy:
        ax.set_yscale("symlog")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def plot_reach(ds, **kwargs):
    """Draws cumulative reach over time, one line per strategy with its confidence band."""
    return plot_curves(ds, "reach", **kwargs)


def plot_roi(ds, **kwargs):
    """Draws cumulative ROI over time, one line per strategy, with the break-even line at 0."""
    ax = plot_curves(ds, "roi", **kwargs)
    ax.axhline(0.0, color="black", lw=0.8, ls="--")
    return ax


def plot_growth(ds, metrics=("followers", "relationships"), **kwargs):
    """Draws growth metrics (followers, relationships) side by side; those absent are left out.

    Raises NotAvailableError when none of them is in the results.
    """
    present = [m for m in metrics if m in ds.data_vars]
    if not present:
        raise NotAvailableError("no growth metrics (" + ", ".join(metrics) + ") in these results")
    fig, axes = plt.subplots(1, len(present), figsize=(6 * len(present), 4), squeeze=False)
    for m, ax in zip(present, axes[0]):
        plot_curves(ds, m, ax=ax, **kwargs)
    fig.tight_layout()
    return axes[0]


def plot_funnel(ds, stages=None, step=None, by=None, brands=None, ax=None, level=0.95, logy=False):
    """Draws the funnel: people at each stage at the last step (or `step`), bars per strategy."""
    if stages is None:
        stages = [s for s in FUNNEL_STAGES if s in ds.data_vars]
    else:
        stages = [str(get_metric(ds, s).name) for s in stages]
    if not stages:
        raise NotAvailableError("no funnel stages (" + ", ".join(FUNNEL_STAGES) + ") in results")
    sub = ds if step is None else ds.sel(step=[step])
    chosen = _brands(ds, brands)
    ax = _new_ax(ax, figsize=(8, 4))
    keys, groups = _groups(ds, by)
    labels, means, errors = [], [], []
    for point, runs in groups:
        for brand in chosen:
            labels.append(strategy_label(keys, point, brand))
            row_mean, row_err = [], []
            for s in stages:
                table = final_value(sub.isel(run=runs), s, summary=False)
                values = table.loc[table["brand"] == brand, "value"].to_numpy()
                _, mean, _, lower, upper = mean_ci(values, level)
                row_mean.append(mean)
                row_err.append(0.0 if np.isnan(upper) else upper - mean)
            means.append(row_mean)
            errors.append(row_err)
    x = np.arange(len(stages))
    width = 0.8 / max(len(labels), 1)
    for i, label in enumerate(labels):
        yerr = errors[i] if any(e > 0 for e in errors[i]) else None  # no caps without replicates
        ax.bar(x + (i - (len(labels) - 1) / 2) * width, means[i], width, yerr=yerr,
               label=label, capsize=2)
    ax.set_xticks(x, stages)
    ax.set_ylabel("people")
    ax.set_title("funnel by stage" + (" (last step)" if step is None else f" (step {step})"),
                 fontsize=10)
    if logy:
        ax.set_yscale("symlog", linthresh=1.0)
        ax.set_ylim(bottom=0)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def channel_metrics(ds, kind):
    """Returns ({channel: true metric}, {model: {channel: measured metric}}) for kind 'roi' or
    'visits', from metrics named `<kind>_true/<channel>` and `<kind>_measured/<model>/<channel>`."""
    true, measured = {}, {}
    for name in metric_names(ds):
        parts = name.split("/")
        if len(parts) == 2 and parts[0] == f"{kind}_true":
            true[parts[1]] = name
        elif len(parts) == 3 and parts[0] == f"{kind}_measured":
            measured.setdefault(parts[1], {})[parts[2]] = name
    return true, measured


def plot_true_vs_measured(ds, kind=None, brand=None, step=None, ax=None):
    """Draws, per channel, the true value and each attribution model's measured value (bars).

    kind: 'roi' (metrics roi_true/<channel>, roi_measured/<model>/<channel>) or 'visits' (the
    same with visits_); default roi when present. Values are means over runs at the last step
    (or `step`), for one brand (default: the first). Raises NotAvailableError without such metrics.
    """
    kinds = [kind] if kind else ["roi", "visits"]
    for k in kinds:
        true, measured = channel_metrics(ds, k)
        if true or measured:
            kind = k
            break
    else:
        raise NotAvailableError("no per-channel metrics (" + ", ".join(
            f"{k}_true/<channel>, {k}_measured/<model>/<channel>" for k in kinds) + ") in results")
    brand = brand or str(ds["brand"].values[0])
    _brands(ds, brand)
    channels = sorted(set(true) | {c for per in measured.values() for c in per})
    series = [("true", true)] + [(model, measured[model]) for model in sorted(measured)]
    sub = ds if step is None else ds.sel(step=[step])

    def value(name):
        if name is None:
            return np.nan
        table = final_value(sub, name, summary=False)
        if "brand" in ds[name].dims:
            table = table[table["brand"] == brand]
        values = table["value"].to_numpy(dtype=float)
        values = values[~np.isnan(values)]  # e.g. ROI of a channel that cost nothing
        return float(values.mean()) if values.size else np.nan

    ax = _new_ax(ax, figsize=(8, 4))
    x = np.arange(len(channels))
    width = 0.8 / len(series)
    for i, (label, names) in enumerate(series):
        heights = [value(names.get(c)) for c in channels]
        ax.bar(x + (i - (len(series) - 1) / 2) * width, heights, width, label=label,
               hatch=None if label == "true" else "//", alpha=1.0 if label == "true" else 0.7)
    ax.set_xticks(x, channels)
    ax.set_ylabel("ROI" if kind == "roi" else kind)
    ax.set_title(f"true against measured {kind} per channel, {brand}", fontsize=10)
    ax.axhline(0.0, color="black", lw=0.8)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, title="attribution")
    return ax


def plot_heatmap(ds, metric, x=None, y=None, brand=None, step=None, ax=None, cmap="viridis"):
    """Draws the mean of a metric (last step, or `step`) over a two-parameter sweep as a heat map.

    x, y: parameter names (default: the two that vary). brand: default the first.
    """
    da = get_metric(ds, metric)
    if x is None or y is None:
        varying = parameter_names(ds, varying_only=True)
        if len(varying) != 2:
            raise NotAvailableError(f"a heat map needs two varying parameters; these runs have "
                                    f"{len(varying)} ({', '.join(varying) or 'none'}): pass x and y")
        x, y = varying
    sub = ds if step is None else ds.sel(step=[step])
    table = final_value(sub, metric, summary=True, by=[x, y])
    if "brand" in da.dims:
        brand = brand or str(ds["brand"].values[0])
        _brands(ds, brand)
        table = table[table["brand"] == brand]
    grid = table.pivot_table(index=y, columns=x, values="mean", aggfunc="mean")
    ax = _new_ax(ax, figsize=(6, 4.5))
    image = ax.imshow(grid.to_numpy(dtype=float), origin="lower", aspect="auto", cmap=cmap)
    ax.set_xticks(np.arange(grid.shape[1]), [_fmt(v) for v in grid.columns])
    ax.set_yticks(np.arange(grid.shape[0]), [_fmt(v) for v in grid.index])
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    values = grid.to_numpy(dtype=float)
    finite = values[~np.isnan(values)]
    middle = finite.min() + 0.6 * (finite.max() - finite.min()) if finite.size else 0.0
    for (i, j), v in np.ndenumerate(values):
        if not np.isnan(v):  # dark text on the light (high) end of viridis, light text elsewhere
            ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=9,
                    color="black" if v > middle else "white")
    units = da.attrs.get("units", "")
    ax.figure.colorbar(image, ax=ax, label=f"{metric} ({units})" if units else metric)
    ax.set_title(f"{metric}" + (f", {brand}" if "brand" in da.dims else "") +
                 (", last step" if step is None else f", step {step}"), fontsize=10)
    return ax


def plot_cascade_sizes(sizes, ax=None, kind="ccdf"):
    """Draws the distribution of cascade sizes on log-log axes.

    sizes: array of cascade sizes (people per cascade, >= 1; smaller values are ignored).
    kind: 'ccdf' (fraction of cascades of size >= s) or 'histogram' (log-binned density).
    """
    sizes = np.asarray(sizes, dtype=float).ravel()
    sizes = sizes[np.isfinite(sizes) & (sizes >= 1)]
    if sizes.size == 0:
        raise NotAvailableError("no cascades of size >= 1 to plot")
    ax = _new_ax(ax, figsize=(6, 4.5))
    if kind == "ccdf":
        values = np.sort(sizes)
        unique, first = np.unique(values, return_index=True)
        ccdf = 1.0 - first / values.size
        ax.step(unique, ccdf, where="post", marker=".", lw=1)
        ax.set_ylabel("P(size >= s)")
    elif kind == "histogram":
        edges = np.unique(np.floor(np.logspace(0, np.log10(sizes.max() + 1), 20)))
        edges = np.append(edges, edges[-1] + 1)
        counts, edges = np.histogram(sizes, bins=edges)
        density = counts / np.diff(edges) / sizes.size
        centres = np.sqrt(edges[:-1] * edges[1:])
        keep = counts > 0
        ax.plot(centres[keep], density[keep], "o-", ms=4)
        ax.set_ylabel("fraction of cascades per unit size")
    else:
        raise SelectionError(f"kind must be 'ccdf' or 'histogram', not {kind!r}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("cascade size s (people)")
    ax.set_title(f"cascade sizes ({sizes.size} cascades, largest {int(sizes.max())})", fontsize=10)
    ax.grid(alpha=0.3, which="both")
    return ax


def _indices_of_one_point(df, grid_point):
    """Returns the rows of one grid point of a sensitivity() frame (all rows without a grid)."""
    if df is None or len(df) == 0 or not {"parameter", "index", "value"} <= set(df.columns):
        raise NotAvailableError("no sensitivity indices to plot (expected what sensitivity() "
                                "returns)")
    if "grid_point" in df.columns:
        points = sorted(df["grid_point"].unique())
        if grid_point is None and len(points) > 1:
            raise SelectionError(f"grid_point: the indices are per grid point ({points[0]}.."
                                 f"{points[-1]}); choose one")
        chosen = points[0] if grid_point is None else grid_point
        if chosen not in points:
            raise SelectionError(f"grid_point: no grid point {chosen} ({points[0]}..{points[-1]})")
        df = df[df["grid_point"] == chosen]
    return df


def _noise_note(df):
    noise = df[(df["parameter"] == "(seed noise)") & (df["index"] == "variance_share")]
    if len(noise) == 0 or not np.isfinite(noise["value"].iloc[0]):
        return "seed noise: not measured (one replicate)"
    row = noise.iloc[0]
    return (f"seed noise: {100 * row['value']:.0f}% of the runs' variance "
            f"[{100 * row['ci_low']:.0f}%, {100 * row['ci_high']:.0f}%]")


def _whiskers(rows):
    low = np.clip(rows["value"] - rows["ci_low"], 0, None)
    high = np.clip(rows["ci_high"] - rows["value"], 0, None)
    return np.vstack([low.to_numpy(dtype=float), high.to_numpy(dtype=float)])


def plot_sensitivity(df, ax=None, title=None, grid_point=None):
    """Draws sensitivity indices as horizontal bars with their intervals, one row per parameter.

    df: what sensitivity() returns. Sobol: S1 and ST side by side, sorted by ST (largest on top);
    PRCC: the coefficient, sorted by its size; Morris: mu*, sorted. The title notes the share of
    variance that is seed noise. grid_point: which one, when the indices are per grid point.
    """
    df = _indices_of_one_point(df, grid_point)
    kinds = set(df["index"])
    if "ST" in kinds:
        bars, key = [("S1", "first order S1", "#9ecae1"), ("ST", "total ST", "#08519c")], "ST"
    elif "prcc" in kinds:
        bars, key = [("prcc", "partial rank correlation", "#31a354")], "prcc"
    elif "mu_star" in kinds:
        bars, key = [("mu_star", "mu* (mean |elementary effect|)", "#e6550d")], "mu_star"
    else:
        raise NotAvailableError("no S1/ST, prcc or mu_star indices in this frame")
    ranked = df[df["index"] == key].assign(size=lambda f: f["value"].abs())
    order = list(ranked.sort_values("size", na_position="first")["parameter"])
    ax = _new_ax(ax, figsize=(7, 0.9 + 0.45 * len(order)))
    height = 0.8 / len(bars)
    for n, (index, label, color) in enumerate(bars):
        rows = df[df["index"] == index].set_index("parameter").loc[order]
        y = np.arange(len(order)) + (n - (len(bars) - 1) / 2) * height
        ax.barh(y, rows["value"].to_numpy(dtype=float), height=height, color=color, label=label,
                xerr=_whiskers(rows), error_kw={"elinewidth": 1, "capsize": 2})
    ax.set_yticks(np.arange(len(order)), order, fontsize=8)
    ax.axvline(0.0, color="black", lw=0.8)
    ax.set_xlabel({"ST": "Sobol' index (share of variance)", "prcc": "PRCC",
                   "mu_star": "mu* (metric units per whole range)"}[key])
    ax.grid(axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    metric = df.attrs.get("metric")
    head = title or ("what drives " + (str(metric) if metric else "the metric")
                     + (f", {df.attrs['brand']}" if df.attrs.get("brand") else ""))
    ax.set_title(f"{head}\n{_noise_note(df)}; whiskers: {100 * df.attrs.get('level', 0.95):.0f}% "
                 "intervals", fontsize=9)
    return ax


def plot_morris(df, ax=None, title=None, grid_point=None):
    """Draws the Morris mu*-sigma plane: one labelled point per parameter with interval bars.

    Far right: influential; high: non-linear or interacting (sigma near or above mu*); near the
    origin: negligible. A dotted line marks the elementary effect seed noise alone makes (when the
    sweep has replicates). df: what sensitivity(..., method="morris") returns.
    """
    df = _indices_of_one_point(df, grid_point)
    if "mu_star" not in set(df["index"]):
        raise NotAvailableError("no Morris indices (mu_star, sigma): use sensitivity(..., "
                                "method='morris')")
    mu = df[df["index"] == "mu_star"].set_index("parameter")
    sigma = df[df["index"] == "sigma"].set_index("parameter").loc[mu.index]
    ax = _new_ax(ax, figsize=(6.5, 5))
    ax.errorbar(mu["value"], sigma["value"], xerr=_whiskers(mu), yerr=_whiskers(sigma), fmt="o",
                color="#e6550d", ecolor="#fdae6b", capsize=2, ms=5)
    for name in mu.index:
        ax.annotate(name, (mu.loc[name, "value"], sigma.loc[name, "value"]), fontsize=7,
                    xytext=(4, 4), textcoords="offset points")
    top = float(np.nanmax(np.concatenate([mu["ci_high"], sigma["ci_high"], [1e-12]])))
    ax.plot([0, top], [0, top], color="grey", lw=0.8, ls="--", label="sigma = mu*")
    noise = df[(df["parameter"] == "(seed noise)") & (df["index"] == "ee_sd")]
    if len(noise) and np.isfinite(noise["value"].iloc[0]):
        ax.axvline(noise["value"].iloc[0], color="grey", lw=1, ls=":",
                   label="seed noise alone (sd of an effect)")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("mu* (mean |elementary effect|, metric units per whole range)")
    ax.set_ylabel("sigma (sd of elementary effects)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="upper left")
    metric = df.attrs.get("metric")
    ax.set_title(title or ("Morris screening of " + (str(metric) if metric else "the metric")
                           + (f", {df.attrs['brand']}" if df.attrs.get("brand") else "")),
                 fontsize=10)
    return ax


def plot_cascade_histogram(ds, by=None, brands=None, ax=None):
    """Draws the cascade-size distribution of each strategy's posts at the last step (log axes).

    From the `cascade_size_histogram/<lo>-<hi>` metrics (cascade_size_histogram()): one line per
    strategy, the share of its posts whose cascade has a size in each power-of-two bin, drawn at
    the bin's geometric centre. Raises NotAvailableError without such metrics or cascades.
    """
    table = cascade_size_histogram(ds, by=by)
    chosen = _brands(ds, brands)
    keys = [c for c in table.columns if c not in ("brand", "lower", "upper", "posts", "share")]
    ax = _new_ax(ax, figsize=(6, 4.5))
    drawn = 0
    columns = keys + ["brand"]
    grouper = columns if len(columns) > 1 else "brand"  # a one-item list warns in pandas 1.5
    for point, part in table.groupby(grouper, sort=False, dropna=False):
        point = point if isinstance(point, tuple) else (point,)
        brand = point[-1]
        if brand not in chosen:
            continue
        part = part[part["posts"] > 0]
        if part.empty:
            continue
        centres = np.sqrt(part["lower"].to_numpy(float) * part["upper"].to_numpy(float))
        ax.plot(centres, part["share"], "o-", ms=4, lw=1.2,
                label=strategy_label(keys, point[:-1], brand))
        drawn += 1
    if not drawn:
        raise NotAvailableError("no brand post has a cascade in these results")
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    ax.set_xlabel("cascade size (people; power-of-two bins)")
    ax.set_ylabel("share of the brand's posts")
    ax.set_title("cascade sizes of brand posts, last step", fontsize=10)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    return ax


#: Metrics of a run minus its counterfactual twin (snsim run --twin), drawn by plot_incremental.
INCREMENTAL_METRICS = ("incremental/revenue", "incremental/cost", "incremental/roi")


def plot_incremental(ds, brands=None, level=0.95):
    """Draws the twin results: revenue, cost and ROI of each run minus its twin, over time.

    Only the runs that have them (a file of `snsim run --twin` holds them in run 0, not in the
    twin run). Raises NotAvailableError when no run has incremental/* metrics.
    """
    present = [m for m in INCREMENTAL_METRICS if m in ds.data_vars]
    if not present:
        raise NotAvailableError("no twin results (incremental/*: snsim run --twin) in these "
                                "results")
    has = np.zeros(ds.sizes["run"], dtype=bool)
    for m in present:
        values = ds[m].values.reshape(ds.sizes["run"], -1)
        has |= ~np.isnan(values).all(axis=1)
    if not has.any():
        raise NotAvailableError("the incremental/* metrics are empty in every run")
    sub = ds.isel(run=np.flatnonzero(has))
    fig, axes = plt.subplots(1, len(present), figsize=(5.5 * len(present), 4), squeeze=False)
    for m, ax in zip(present, axes[0]):
        plot_curves(sub, m, brands=brands, ax=ax, level=level, title=m)
        ax.axhline(0.0, color="black", lw=0.8, ls="--")
    fig.tight_layout()
    return axes[0]


def plot_market_share(ds, by=None, max_panels=4):
    """Draws each brand's market share over time as a stacked area (one panel per strategy point,
    up to max_panels): the mean over the point's runs of each brand's purchases this step, over
    their sum, so the areas stack to 1 at every step with a purchase.

    Raises NotAvailableError when the results have no market (no `market_share` metric).
    """
    if "market_share" not in ds.data_vars or "purchases" not in ds.data_vars:
        raise NotAvailableError("no market metrics (market_share: the `market` process) in these "
                                "results")
    keys, groups = _groups(ds, by)
    groups = groups[:max_panels]
    brands = list(map(str, ds["brand"].values))
    purchases = ds["purchases"].transpose("run", "step", "brand").values
    steps = ds["step"].values
    fig, axes = plt.subplots(1, len(groups), figsize=(6 * len(groups), 4), squeeze=False)
    for (point, runs), ax in zip(groups, axes[0]):
        mean = np.nanmean(purchases[runs], axis=0)  # [step, brand]
        total = mean.sum(axis=1, keepdims=True)
        share = np.divide(mean, total, out=np.zeros_like(mean), where=total > 0)
        ax.stackplot(steps, share.T, labels=brands, alpha=0.85)
        ax.set_xlim(steps[0], steps[-1])
        ax.set_ylim(0, 1)
        ax.set_xlabel("step")
        ax.set_ylabel("market share (purchases)")
        label = ", ".join(f"{_short_key(k)}={_fmt(v)}" for k, v in zip(keys, point))
        ax.set_title("Market share" + (f" ({label})" if label else ""), fontsize=10)
        ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    return axes[0]


def save_figure(ax_or_fig, path, dpi=100):
    """Saves the figure of an Axes (or array of Axes, or Figure) as a PNG and closes it."""
    fig = ax_or_fig
    if isinstance(fig, np.ndarray):
        fig = fig.ravel()[0]
    if hasattr(fig, "figure") and not isinstance(fig, plt.Figure):
        fig = fig.figure
    fig.savefig(path, dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    return path
