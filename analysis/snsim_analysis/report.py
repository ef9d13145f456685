"""The report command: plots and a one-page HTML summary of a run or a sweep.

    snsim-report RESULTS.h5 [MORE.h5 ...] -o DIR
    python3 -m snsim_analysis report RESULTS.h5 [MORE.h5 ...] -o DIR
    python3 -m snsim_analysis report POSTERIOR.h5 -o DIR      (a calibration: snsim calibrate)

writes DIR/index.html (self-contained: inline CSS, no scripts, images by relative path) and one
PNG per plot beside it. Exit codes as snsim's: 0 success, 2 bad input (one line on stderr).
"""
import argparse
import datetime
import html
import sys
from pathlib import Path

import numpy as np

from .errors import NotAvailableError, SelectionError, SnsimAnalysisError
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


def people_metrics(ds):
    """Returns the population-wide time series of results that have no per-brand metric (a model
    of people only, such as a classic model of diffusion run without brands:
    docs/classic-models.md), histogram bins (names with a '/') left out; [] for results with a
    per-brand metric, whose report is about the brands."""
    if any("brand" in ds[m].dims for m in ds.data_vars):
        return []
    return [m for m in ds.data_vars if "/" not in m]


def _plots(ds):
    """Yields (file name, caption, draw function) for every plot the report tries."""
    from . import plots

    varying = parameter_names(ds, varying_only=True)
    by = _strategy_keys(ds)
    sampled = by is not None
    people = people_metrics(ds)
    heat_metric = "roi" if "roi" in ds.data_vars else (people or list(ds.data_vars))[0]
    if people:  # no brand: one plot per population-wide series, then the heat map
        for i, metric in enumerate(people):
            yield f"series_{i}.png", f"{metric}: {ds[metric].attrs.get('long_name', metric)}", \
                lambda metric=metric: plots.plot_curves(ds, metric, by=by)
        if len(varying) == 2 and not sampled:
            yield "heatmap.png", f"{heat_metric} over the two-parameter sweep", \
                lambda: plots.plot_heatmap(ds, heat_metric)
        return
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
    people = people_metrics(ds)
    metrics = people or [m for m in TABLE_METRICS if m in ds.data_vars]
    if not metrics:
        return "<p>No summary metrics in these results.</p>"
    tables = {m: final_value(ds, m, by=_strategy_keys(ds)) for m in metrics}
    keys = [c for c in tables[metrics[0]].columns if c not in
            ("brand", "n", "mean", "sd", "lower", "upper")]
    labels = keys if people else keys + ["brand"]  # population-wide: no brand column
    head = "".join(f"<th>{html.escape(k)}</th>" for k in labels + ["runs"] + metrics)
    rows = []
    first = tables[metrics[0]]
    for i in range(len(first)):
        cells = [html.escape(_fmt(first.iloc[i][k])) for k in labels]
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


def _figures_html(figures):
    """Returns the <figure> elements of [(PNG name, caption)]."""
    return "".join(f'<figure><img src="{html.escape(n)}" alt="{html.escape(c)}">'
                   f"<figcaption>{html.escape(c)}</figcaption></figure>" for n, c in figures)


def sensitivity_section(ds, out_dir):
    """Returns the HTML of the section "What drives this metric" ('' unless ds is a sobol, morris,
    latin_hypercube or random sweep), writing its PNGs into out_dir. For roi, customers and reach
    (those recorded; without brands, every population-wide series) per brand at the last step: the indices of the design's method (sobol: S1
    and ST; morris: mu* and sigma; latin_hypercube and random: PRCC), a plot and a table. A metric
    that is not recorded, or whose indices cannot be computed, is listed with the reason."""
    method = _METHOD_OF_DESIGN.get(ds.attrs.get("design"))
    if method is None:
        return ""
    import matplotlib.pyplot as plt

    from . import plots
    from .sensitivity import SEED_NOISE, sensitivity

    brands = [str(b) for b in ds["brand"].values]
    explained = people_metrics(ds) or SENSITIVITY_METRICS
    points = sorted(int(g) for g in np.unique(ds["grid_point"].values)) \
        if "grid_point" in ds.coords else [0]
    shown = points[:_MAX_GRID_POINTS]
    notes, figures, tables = [], [], []
    if len(points) > len(shown):
        notes.append(f"the design is crossed with a grid of {len(points)} points; the first "
                     f"{len(shown)} are shown (sensitivity(..., where={{'grid_point': g}}) for "
                     "the others)")
    for metric in explained:
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
    figures_html = _figures_html(figures)
    notes_html = "" if not notes else "<ul>" + "".join(
        f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>"
    return (f"<h2>What drives this metric</h2><p class=\"meta\">A {html.escape(ds.attrs['design'])}"
            f" sweep over {html.escape(', '.join(ds.attrs.get('design_parameters', [])))}. "
            f"{explain} Replicates are averaged per design point first; the seed-noise row is "
            "the share of the runs' variance that differs between replicates. 95% bootstrap "
            f"intervals in brackets.</p>{''.join(tables)}<div class=\"plots\">{figures_html}</div>"
            f"{notes_html}")


def _number(value):
    """Returns a parameter value as text with 4 significant digits (e.g. 0.01234, 1.235e-05)."""
    return "–" if not np.isfinite(value) else f"{value:.4g}"


def calibration_section(cal, out_dir, level=0.95):
    """Returns the HTML of a calibration's report section, writing its PNGs into out_dir: the fit
    (posterior predictive bands over the observed series), the posterior table (weighted mean,
    median, sd and central credible interval at `level`, next to the prior's range), the
    marginals, the pairs plot, and the generations with the runs each used. A plot the file
    cannot give (no predictive runs; one parameter for pairs) is listed with the reason."""
    import matplotlib.pyplot as plt

    from . import plots
    from .calibration import band_coverage, credible_intervals, generation_table, predictive_band

    figures, notes = {}, []
    draws = {"fit.png": ("Fit: the observed series (points) against the posterior predictive "
                         "median and its 50% and 95% bands", lambda: plots.plot_predictive(cal)),
             "marginals.png": (f"Posterior marginals: weighted histogram and density, prior "
                               f"range shaded, mean (solid) and {100 * level:g}% interval "
                               "(dashed)",
                               lambda: plots.plot_posterior_marginals(cal, level=level)),
             "pairs.png": ("Posterior pairs: particles coloured by weight",
                           lambda: plots.plot_posterior_pairs(cal)),
             "generations.png": ("Tolerance, effective sample size and acceptance rate by "
                                 "generation", lambda: plots.plot_generations(cal))}
    for name, (caption, draw) in draws.items():
        try:
            plots.save_figure(draw(), Path(out_dir) / name)
            figures[name] = caption
        except NotAvailableError as why:
            notes.append(f"{caption.split(':')[0]}: {why}")
            plt.close("all")
    table = credible_intervals(cal, level)
    head = ("<tr><th>parameter</th><th>prior</th><th>mean</th><th>median</th><th>sd</th>"
            f"<th>{100 * level:g}% interval</th></tr>")
    rows = "".join(
        f"<tr><td>{html.escape(r.parameter)}</td><td>{html.escape(str(r.prior))} "
        f"[{_number(r.prior_min)}, {_number(r.prior_max)}]</td><td><b>{_number(r.mean)}</b></td>"
        f"<td>{_number(r.median)}</td><td>{_number(r.sd)}</td>"
        f"<td>[{_number(r.lower)}, {_number(r.upper)}]</td></tr>" for r in table.itertuples())
    gens = generation_table(cal)
    gen_rows = "".join(
        f"<tr><td>{r.generation}</td><td>{r.tolerance:.4g}</td><td>{r.acceptance_rate:.3g}</td>"
        f"<td>{r.ess:.1f}</td><td>{r.runs:,}</td><td>{r.runs_total:,}</td></tr>"
        for r in gens.itertuples())
    fit = ""
    try:
        points = predictive_band(cal, levels=(0.5,))["observed"].notna().sum()
        inside = {level: band_coverage(cal, level) for level in (0.5, 0.95)}
        if points:
            fit = (f"<p>{points} observed points; {100 * inside[0.5]:.0f}% inside the 50% "
                   f"band, {100 * inside[0.95]:.0f}% inside the 95% band, from "
                   f"{len(cal.predictive['particle'])} predictive runs.</p>")
    except NotAvailableError:
        pass
    a = cal.attrs

    def figure(name):
        return _figures_html([(name, figures[name])]) if name in figures else ""

    notes_html = "" if not notes else "<h3>Not shown</h3><ul>" + "".join(
        f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>"
    return f"""<h2>Fit</h2>
{fit}<div class="plots">{figure('fit.png')}</div>
<h2>Posterior</h2>
<p class="meta">Weighted over the {len(cal.posterior['weights'])} particles of generation
{cal.posterior['generation']} (effective sample size {table['ess'].iloc[0]:.0f}); the interval is
the central {100 * level:g}% credible interval (weighted quantiles).</p>
<table>{head}{rows}</table>
<div class="plots">{figure('marginals.png')}{figure('pairs.png')}</div>
<h2>Generations</h2>
<p class="meta">Distance: {html.escape(str(a.get('distance', '?')))}. Stopped by
{html.escape(str(a.get('stop_reason', '?')))} after {int(a.get('generations', len(gens)))}
generation(s); {int(a.get('runs_used', gens['runs_total'].max())):,} runs used in all (without the
predictive runs).</p>
<table><tr><th>generation</th><th>tolerance</th><th>acceptance rate</th><th>ESS</th><th>runs</th>
<th>runs so far</th></tr>{gen_rows}</table>
<div class="plots">{figure('generations.png')}</div>
{notes_html}"""


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


def _page(title, meta, body):
    """Returns a report page: the title, a line of metadata (HTML) and the body (HTML)."""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title><style>{_CSS}</style></head>
<body>
<h1>{html.escape(title)}</h1>
<p class="meta">{meta}; report made
{datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}.</p>
{body}
</body></html>
"""


def write_calibration_report(path, out_dir, title=None):
    """Writes index.html and the PNGs of a calibration file (snsim calibrate) into out_dir: the
    fit (posterior predictive band over the observed series), the posterior table with credible
    intervals, marginals, pairs, the generations and the runs used; returns index.html."""
    from .calibration import open_calibration

    cal = open_calibration(path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    title = title or f"snsim calibration: {Path(path).name}"
    a = cal.attrs
    meta = (f"ABC-SMC calibration of {len(cal.parameters)} parameter(s) to "
            f"{html.escape(str(a.get('target', '?')))}: {int(a.get('generations', 0))} "
            f"generation(s), {int(a.get('runs_used', 0)):,} runs, stopped by "
            f"{html.escape(str(a.get('stop_reason', '?')))}; seed {a.get('seed', '?')}; "
            f"calibration format {a.get('format_version', '?')}")
    body = calibration_section(cal, out)
    body += (f"<details><summary>Scenario</summary><pre>{html.escape(cal.scenario)}</pre>"
             "</details>")
    index = out / "index.html"
    index.write_text(_page(title, meta, body), encoding="utf-8")
    return index


def write_report(paths, out_dir, title=None):
    """Writes index.html and the PNGs for the results at paths into out_dir; returns index.html.
    A calibration file (snsim calibrate) gets the calibration report (write_calibration_report)."""
    import matplotlib.pyplot as plt

    from .calibration import is_calibration_file

    listed = [paths] if isinstance(paths, (str, Path)) else list(paths)
    calibrations = [p for p in listed if is_calibration_file(p)]
    if calibrations:
        if len(listed) > 1:
            raise SelectionError(f"{calibrations[0]}: a calibration file is reported on its own, "
                                 "not together with other files")
        return write_calibration_report(listed[0], out_dir, title)
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
    figures_html = _figures_html(figures)
    skipped_html = "" if not skipped else "<h2>Not shown</h2><ul>" + "".join(
        f"<li>{html.escape(s)}</li>" for s in skipped) + "</ul>"
    brands = (f"{ds.sizes['brand']} brand(s) "
              f"({html.escape(', '.join(map(str, ds['brand'].values)))})"
              if ds.sizes["brand"] else "no brands (population-wide series only)")
    meta = (f"{kind} of {ds.sizes['run']} run(s), {ds.sizes['step']} steps, {brands}"
            f"; varying parameters: {html.escape(', '.join(varying) or 'none')}. snsim "
            f"{html.escape(ds.attrs['snsim_version'])}, results format "
            f"{ds.attrs['format_version']}")
    body = f"""<h2>At the last step</h2>
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
<details><summary>Scenario (of the first file)</summary><pre>{html.escape(ds.attrs['scenario'])}</pre></details>"""
    page = _page(title, meta, body)
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def main(argv=None, prog="snsim-report"):
    """Runs the report command; returns the exit code (0 success, 2 bad input)."""
    parser = argparse.ArgumentParser(
        prog=prog, description="Write plots and a one-page HTML summary (index.html) of snsim "
        "results: one run, a sweep, or several files taken together.")
    parser.add_argument("results", nargs="+", help="results file(s) written by snsim, or one "
                        "calibration file (snsim calibrate)")
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
