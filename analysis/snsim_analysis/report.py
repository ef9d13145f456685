"""The report command: plots and a one-page HTML summary of a run or a sweep.

    snsim-report RESULTS.h5 [MORE.h5 ...] -o DIR
    python3 -m snsim_analysis report RESULTS.h5 [MORE.h5 ...] -o DIR

writes DIR/index.html (self-contained: inline CSS, no scripts, images by relative path) and one
PNG per plot beside it. Exit codes as snsim's: 0 success, 2 bad input (one line on stderr).
"""
import argparse
import datetime
import html
import sys
from pathlib import Path

import numpy as np

from .errors import NotAvailableError, SnsimAnalysisError
from .results import open_results, parameter_names
from .summary import final_value

#: Metrics of the summary table, in order (those present).
TABLE_METRICS = ("reach", "aware", "engaged", "customers", "advocates", "followers",
                 "relationships", "cost", "revenue", "roi")


def _strategy_keys(ds):
    """Returns the keys that tell strategies apart: None (every varying key) for a grid, the grid
    keys alone for a sampled design (its points sample ranges, they are not strategies to tell
    apart, and there are hundreds: the report pools them)."""
    if ds.attrs.get("design") not in _METHOD_OF_DESIGN:
        return None
    sampled = ds.attrs.get("design_parameters", [])
    return [k for k in parameter_names(ds, varying_only=True) if k not in sampled]


def _plots(ds):
    """Yields (file name, caption, draw function) for every plot the report tries."""
    from . import plots

    varying = parameter_names(ds, varying_only=True)
    by = _strategy_keys(ds)
    sampled = by is not None
    heat_metric = "roi" if "roi" in ds.data_vars else next(iter(ds.data_vars))
    yield "reach.png", "Reach: distinct people who have seen each brand's content", \
        lambda: plots.plot_reach(ds, by=by)
    yield "growth.png", "Growth: followers and relationships", \
        lambda: plots.plot_growth(ds, by=by)
    if "customers" in ds.data_vars:
        yield "customers.png", "Customers over time", \
            lambda: plots.plot_curves(ds, "customers", by=by)
    yield "roi.png", "Return on investment (cumulative; dashed line: break-even)", \
        lambda: plots.plot_roi(ds, by=by)
    yield "funnel.png", "Funnel by stage at the last step (people, log scale)", \
        lambda: plots.plot_funnel(ds, by=by, logy=True)
    # One figure per brand: each brand's channels differ (the first alone hid the others).
    if any(any(plots.channel_metrics(ds, kind)) for kind in ("roi", "visits")):
        for i, brand in enumerate(map(str, ds["brand"].values)):
            yield f"true_vs_measured_{i}.png", f"True against measured ROI per channel: {brand}", \
                lambda brand=brand: plots.plot_true_vs_measured(ds, brand=brand)
    else:  # listed once under "Not shown", with the reason
        yield "true_vs_measured.png", "True against measured ROI per channel", \
            lambda: plots.plot_true_vs_measured(ds)
    yield "incremental.png", "Twin results: each run minus its counterfactual twin " \
        "(snsim run --twin; dashed line: no effect)", lambda: plots.plot_incremental(ds)
    if len(varying) == 2 and not sampled:
        yield "heatmap.png", f"{heat_metric} over the two-parameter sweep", \
            lambda: plots.plot_heatmap(ds, heat_metric)
    yield "cascades.png", "Cascade sizes of brand posts at the last step (log axes)", \
        lambda: plots.plot_cascade_histogram(ds)


def _fmt(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if isinstance(value, (float, np.floating)):
        if abs(value) >= 100 or float(value).is_integer():
            return f"{value:,.0f}"
        return f"{value:.3g}"
    return str(value)


def _summary_table(ds):
    metrics = [m for m in TABLE_METRICS if m in ds.data_vars]
    if not metrics:
        return "<p>No summary metrics in these results.</p>"
    tables = {m: final_value(ds, m, by=_strategy_keys(ds)) for m in metrics}
    keys = [c for c in tables[metrics[0]].columns if c not in
            ("brand", "n", "mean", "sd", "lower", "upper")]
    head = "".join(f"<th>{html.escape(k)}</th>" for k in keys + ["brand", "runs"] + metrics)
    rows = []
    first = tables[metrics[0]]
    for i in range(len(first)):
        cells = [html.escape(_fmt(first.iloc[i][k])) for k in keys + ["brand"]]
        cells.append(str(int(first.iloc[i]["n"])))
        for m in metrics:
            row = tables[m].iloc[i]
            text = _fmt(row["mean"])
            if not np.isnan(row["lower"]):
                text += f"<br><small>[{_fmt(row['lower'])}, {_fmt(row['upper'])}]</small>"
            cells.append(text)
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _runs_table(ds, limit=40):
    params = parameter_names(ds)
    cols = ["run", "source", "seed", "replicate", "status", "wall_time_s"] + params
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    rows = []
    for i in range(min(ds.sizes["run"], limit)):
        cells = []
        for c in cols:
            v = ds[c].values[i]
            if c == "source":
                v = Path(str(v)).name
            elif c == "wall_time_s":
                v = f"{float(v):.3f}"
            cells.append(html.escape(_fmt(v.item() if hasattr(v, "item") else v)))
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    more = "" if ds.sizes["run"] <= limit else \
        f"<p>… and {ds.sizes['run'] - limit} more runs.</p>"
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>{more}"


#: Metrics of the market section (per brand, at the last step), when the results have a market.
MARKET_METRICS = ("penetration", "purchase_frequency", "share_of_requirements")


def market_section(ds, out_dir):
    """Returns the HTML of the section "Market" ('' unless the results have market metrics): the
    stacked market shares over time (market_share.png in out_dir) and, per brand, the share of all
    purchases over the run, the share of voice over the run, switching purchases, and penetration,
    purchase frequency and share of category requirements at the last step, means over runs."""
    if "market_share" not in ds.data_vars or "purchases" not in ds.data_vars:
        return ""
    from . import plots

    plots.save_figure(plots.plot_market_share(ds, by=_strategy_keys(ds)),
                      Path(out_dir) / "market_share.png")
    brands = list(map(str, ds["brand"].values))
    purchases = np.nansum(ds["purchases"].transpose("run", "step", "brand").values, axis=1)
    share = purchases / np.where(purchases.sum(axis=1, keepdims=True) > 0,
                                 purchases.sum(axis=1, keepdims=True), np.nan)
    columns = {"share of purchases": np.nanmean(share, axis=0)}
    if "impressions" in ds.data_vars:
        seen = np.nansum(ds["impressions"].transpose("run", "step", "brand").values, axis=1)
        total = seen.sum(axis=1, keepdims=True)
        columns["share of voice"] = np.nanmean(seen / np.where(total > 0, total, np.nan), axis=0)
    if "switching" in ds.data_vars:
        columns["switching purchases"] = np.nanmean(
            np.nansum(ds["switching"].transpose("run", "step", "brand").values, axis=1), axis=0)
    for m in MARKET_METRICS:
        if m in ds.data_vars:
            columns[m.replace("_", " ")] = final_value(ds, m, summary=False).groupby(
                "brand", sort=False)["value"].mean().reindex(brands).values
    head = "".join(f"<th>{html.escape(c)}</th>" for c in ["brand"] + list(columns))
    rows = "".join(
        "<tr>" + f"<td>{html.escape(b)}</td>" +
        "".join(f"<td>{html.escape(_fmt(float(v[i])))}</td>" for v in columns.values()) + "</tr>"
        for i, b in enumerate(brands))
    return f"""<h2>Market</h2>
<p class="meta">Brands compete for category purchases (docs/model.md step 7b). Shares and
totals over the whole run; penetration, frequency and share of requirements since step 0, at the
last step; means over runs.</p>
<table><tr>{head}</tr>{rows}</table>
<figure><img src="market_share.png" alt="Market share over time">
<figcaption>Market share over time (share of each step's purchases, stacked)</figcaption></figure>
"""


#: Metrics the "What drives this metric" section explains (those recorded), per brand, last step.
SENSITIVITY_METRICS = ("roi", "customers", "reach")
#: The sensitivity method the report uses for each sweep design.
_METHOD_OF_DESIGN = {"sobol": "sobol", "morris": "morris", "latin_hypercube": "prcc",
                     "random": "prcc"}
#: Grid points of a grid x design sweep the section shows (indices are per grid point).
_MAX_GRID_POINTS = 3


def _index_cell(frame, method, parameter):
    rows = frame[frame["parameter"] == parameter].set_index("index")
    main = {"sobol": ("ST", "S1"), "morris": ("mu_star", "sigma"), "prcc": ("prcc", None)}[method]
    if main[0] not in rows.index:
        return "–"
    row = rows.loc[main[0]]
    text = (f"{main[0]} <b>{_fmt(float(row['value']))}</b> <small>[{_fmt(float(row['ci_low']))}, "
            f"{_fmt(float(row['ci_high']))}]</small>")
    if main[1] is not None and main[1] in rows.index:
        text += f"<br><small>{main[1]} {_fmt(float(rows.loc[main[1], 'value']))}</small>"
    if method == "prcc" and np.isfinite(row["p_value"]):
        text += f"<br><small>p = {float(row['p_value']):.2g}</small>"
    return text


def sensitivity_section(ds, out_dir):
    """Returns the HTML of the section "What drives this metric" ('' unless ds is a sobol, morris,
    latin_hypercube or random sweep), writing its PNGs into out_dir. For roi, customers and reach
    (those recorded) per brand at the last step: the indices of the design's method (sobol: S1
    and ST; morris: mu* and sigma; latin_hypercube and random: PRCC), a plot and a table. A metric
    that is not recorded, or whose indices cannot be computed, is listed with the reason."""
    method = _METHOD_OF_DESIGN.get(ds.attrs.get("design"))
    if method is None:
        return ""
    import matplotlib.pyplot as plt

    from . import plots
    from .sensitivity import SEED_NOISE, sensitivity

    brands = [str(b) for b in ds["brand"].values]
    points = sorted(int(g) for g in np.unique(ds["grid_point"].values)) \
        if "grid_point" in ds.coords else [0]
    shown = points[:_MAX_GRID_POINTS]
    notes, figures, tables = [], [], []
    if len(points) > len(shown):
        notes.append(f"the design is crossed with a grid of {len(points)} points; the first "
                     f"{len(shown)} are shown (sensitivity(..., where={{'grid_point': g}}) for "
                     "the others)")
    for metric in SENSITIVITY_METRICS:
        if metric not in ds.data_vars:
            notes.append(f"{metric}: not recorded in these results")
            continue
        per_brand = "brand" in ds[metric].dims
        frames = {}
        for brand in (brands if per_brand else [None]):
            for g in shown:
                label = ", ".join(x for x in (brand, f"grid point {g}" if len(points) > 1
                                              else None) if x) or "all"
                try:
                    frames[label] = sensitivity(ds, metric, brand=brand, method=method,
                                                where={"grid_point": g} if len(points) > 1
                                                else None)
                except SnsimAnalysisError as why:
                    notes.append(f"{metric} ({label}): {why}")
        if not frames:
            continue
        for n, (label, frame) in enumerate(frames.items()):
            name = f"drives_{metric}_{n}.png"
            try:
                draw = plots.plot_morris if method == "morris" else plots.plot_sensitivity
                ax = draw(frame, title=f"what drives {metric} ({label}), last step")
            except SnsimAnalysisError as why:
                notes.append(f"{metric} ({label}): {why}")
                plt.close("all")
                continue
            plots.save_figure(ax, Path(out_dir) / name)
            figures.append((name, f"{metric} ({label}): {method} indices"))
        params = list(next(iter(frames.values())).attrs["parameters"])
        head = "".join(f"<th>{html.escape(c)}</th>" for c in ["parameter"] + list(frames))
        rows = []
        for p in params + [SEED_NOISE]:
            cells = [html.escape(p)]
            for frame in frames.values():
                if p == SEED_NOISE:
                    row = frame[(frame["parameter"] == p) & (frame["index"] == "variance_share")]
                    value = float(row["value"].iloc[0]) if len(row) else np.nan
                    cells.append("not measured (one replicate)" if not np.isfinite(value) else
                                 f"{100 * value:.0f}% of variance <small>["
                                 f"{100 * float(row['ci_low'].iloc[0]):.0f}%, "
                                 f"{100 * float(row['ci_high'].iloc[0]):.0f}%]</small>")
                else:
                    cells.append(_index_cell(frame, method, p))
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        tables.append(f"<h3>{html.escape(metric)}</h3><table><tr>{head}</tr>{''.join(rows)}"
                      "</table>")
    explain = {
        "sobol": "Sobol' indices: ST is the share of the metric's variance a parameter accounts "
                 "for with all its interactions (near 0: it does not matter), S1 the share it "
                 "accounts for alone.",
        "morris": "Morris screening: mu* is the mean size of a parameter's elementary effect "
                  "(metric units per whole range), sigma their spread (non-linearity or "
                  "interaction).",
        "prcc": "Partial rank correlation of each parameter with the metric, the others held "
                "fixed (monotone effects; -1 to 1), with p-values."}[method]
    figures_html = "".join(
        f'<figure><img src="{html.escape(n)}" alt="{html.escape(c)}">'
        f"<figcaption>{html.escape(c)}</figcaption></figure>" for n, c in figures)
    notes_html = "" if not notes else "<ul>" + "".join(
        f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>"
    return (f"<h2>What drives this metric</h2><p class=\"meta\">A {html.escape(ds.attrs['design'])}"
            f" sweep over {html.escape(', '.join(ds.attrs.get('design_parameters', [])))}. "
            f"{explain} Replicates are averaged per design point first; the seed-noise row is "
            "the share of the runs' variance that differs between replicates. 95% bootstrap "
            f"intervals in brackets.</p>{''.join(tables)}<div class=\"plots\">{figures_html}</div>"
            f"{notes_html}")


_CSS = """
body { font-family: sans-serif; max-width: 1100px; margin: 1em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 1.4em; }
h3 { font-size: 1em; margin: 0.8em 0 0.2em; }
.meta { color: #555; font-size: 0.9em; }
table { border-collapse: collapse; font-size: 0.85em; margin: 0.5em 0; }
th, td { border: 1px solid #ccc; padding: 3px 7px; text-align: right; vertical-align: top; }
th { background: #f0f0f0; } td:first-child, th:first-child { text-align: left; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 12px; }
figure { margin: 0; border: 1px solid #ddd; padding: 6px; }
figure img { width: 100%; height: auto; } figcaption { font-size: 0.85em; color: #444; }
pre { background: #f7f7f7; padding: 8px; font-size: 0.8em; overflow-x: auto; }
"""


def write_report(paths, out_dir, title=None):
    """Writes index.html and the PNGs for the results at paths into out_dir; returns index.html."""
    import matplotlib.pyplot as plt

    ds = open_results(paths)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figures, skipped = [], []
    for name, caption, draw in _plots(ds):
        try:
            axes = draw()
        except NotAvailableError as why:
            skipped.append(f"{caption}: {why}")
            plt.close("all")
            continue
        from .plots import save_figure
        save_figure(axes, out / name)
        figures.append((name, caption))
    drives_html = sensitivity_section(ds, out)
    market_html = market_section(ds, out)
    varying = parameter_names(ds, varying_only=True)
    sources = ", ".join(html.escape(Path(p).name) for p in ds.attrs["sources"])
    kind = "sweep" if ds.sizes["run"] > 1 else "run"
    title = title or f"snsim report: {sources}"
    figures_html = "".join(
        f'<figure><img src="{html.escape(n)}" alt="{html.escape(c)}">'
        f"<figcaption>{html.escape(c)}</figcaption></figure>" for n, c in figures)
    skipped_html = "" if not skipped else "<h2>Not shown</h2><ul>" + "".join(
        f"<li>{html.escape(s)}</li>" for s in skipped) + "</ul>"
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">{kind} of {ds.sizes['run']} run(s), {ds.sizes['step']} steps, {ds.sizes['brand']}
brand(s) ({html.escape(', '.join(map(str, ds['brand'].values)))}); varying parameters:
{html.escape(', '.join(varying) or 'none')}. snsim {html.escape(ds.attrs['snsim_version'])},
results format {ds.attrs['format_version']}; report made
{datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.</p>
<h2>At the last step</h2>
<p class="meta">Mean over each strategy's replicates (a sensitivity sweep: over its design's
points); [95% interval] when there are two or more.</p>
{_summary_table(ds)}
{market_html}
{drives_html}
<h2>Plots</h2>
<div class="plots">{figures_html}</div>
{skipped_html}
<h2>Runs</h2>
{_runs_table(ds)}
<details><summary>Scenario (of the first file)</summary><pre>{html.escape(ds.attrs['scenario'])}</pre></details>
</body></html>
"""
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def main(argv=None, prog="snsim-report"):
    """Runs the report command; returns the exit code (0 success, 2 bad input)."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Write plots and a one-page HTML summary (index.html) of snsim "
        "results: one run, a sweep, or several files taken together.")
    parser.add_argument("results", nargs="+", help="results file(s) written by snsim")
    parser.add_argument("-o", "--output", required=True, help="folder for index.html and PNGs")
    parser.add_argument("--title", help="page title (default: from the file names)")
    args = parser.parse_args(argv)
    import matplotlib.pyplot as plt

    plt.switch_backend("Agg")
    try:
        index = write_report(args.results, args.output, args.title)
    except SnsimAnalysisError as error:
        print(f"{prog}: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"{prog}: {args.output}: {error.strerror or error}", file=sys.stderr)
        return 2
    print(f"wrote {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
