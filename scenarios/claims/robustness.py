"""How robust each claim's verdict is: from a claim's Sobol' sensitivity sweep, prints

- the share of the assumption space in which the verdict holds, with a 95% interval;
- the Sobol' total (and first-order) indices of the verdict's margin: which assumptions decide it;
- the region where the verdict flips: the best one-parameter rule "holds when X > t" (or < t), and
  how many of the design's points it classifies correctly;
- the share of output variance that is seed noise (replicates of the same point).

usage: PYTHONPATH=analysis /usr/bin/python3 scenarios/claims/robustness.py CLAIM SENS.h5 [--markdown]
           [--setting b2b|market]
  CLAIM: 1 to 5; SENS.h5: what `snsim sweep scenarios/claims/sensitivity/<CLAIM>_*.yaml` wrote
  (with --setting b2b, `sensitivity/b2b/<CLAIM>_*.yaml`: the verdicts are read in deals where the
  consumer ones count customers, as run_all.sh's b2b figures are; with --setting market,
  `sensitivity/market/<CLAIM>_*.yaml`, read as the consumer verdicts: a market buyer is a customer).

Each verdict is the sign of a margin computed per run at the last step (or the day named), averaged
over the replicates of a design point: the verdict holds at a point when its margin is > 0. Every
point of a Saltelli design (A, B and the AB blocks) is a draw from the assumptions' distribution,
so the share uses all of them; its interval comes from a bootstrap over the Sobol' rows (each row's
points resampled together, as they share coordinates).
"""
import sys

import numpy as np

from snsim_analysis import open_results, sensitivity


def at(ds, metric, brand=None, step=-1):
    """Returns the metric's values per run at a step (index; -1 the last), for one brand."""
    values = ds[metric]
    if brand is not None:
        values = values.sel(brand=brand)
    elif "brand" in values.dims:  # a one-brand experiment (claim 3)
        values = values.isel(brand=0)
    return np.asarray(values.isel(step=step), dtype=float)


def ratio(ds, metric, brand, late, early):
    """Returns metric(late) / metric(early) per run (steps as indices), 0 where early is 0."""
    a, b = at(ds, metric, brand, late), at(ds, metric, brand, early)
    return np.divide(a, b, out=np.zeros_like(a), where=b > 0)


def captured(ds, channel):
    """Returns, per run, the share of a channel's true revenue that last-touch attribution
    measures: (ROI_measured + 1) / (ROI_true + 1), both over the channel's cost; 1 where neither
    has revenue, capped at 3 (a channel credited with three times what it caused)."""
    measured = at(ds, f"roi_measured/last_touch/{channel}") + 1
    true = at(ds, f"roi_true/{channel}") + 1
    share = np.divide(measured, true, out=np.full_like(true, 3.0), where=true > 1e-12)
    share[(true <= 1e-12) & (measured <= 1e-12)] = 1.0
    return np.clip(share, 0.0, 3.0)


# Per claim: (label, the verdict in words, margin function of the dataset: > 0 where it holds).
VERDICTS = {
    1: [("1a", "the broadcaster reaches more people and the networker builds more relationships",
         lambda ds: np.minimum(at(ds, "reach", "broadcaster") - at(ds, "reach", "networker"),
                               at(ds, "relationships", "networker")
                               - at(ds, "relationships", "broadcaster"))),
        ("1b", "networking's ROI beats broadcasting's",
         lambda ds: at(ds, "roi", "networker") - at(ds, "roi", "broadcaster")),
        ("1c", "networking pays for itself (the networker's ROI is above 0)",
         lambda ds: at(ds, "roi", "networker"))],
    2: [("2a", "answering replies (two-way) raises trust above ignoring them (one-way)",
         lambda ds: at(ds, "trust_mean", "answers") - at(ds, "trust_mean", "ignores")),
        ("2b", "answering replies wins more customers than ignoring them",
         lambda ds: at(ds, "customers", "answers") - at(ds, "customers", "ignores"))],
    3: [("3a", "networking's return is the more obvious: last-touch attribution measures a share "
               "of its true revenue nearer to all of it than of broadcasting's",
         lambda ds: np.abs(1 - captured(ds, "broadcast")) - np.abs(1 - captured(ds, "conversation"))),
        ("3b", "networking's ROI is the more obvious: last-touch ROI misses its true ROI by less "
               "than broadcasting's",
         lambda ds: np.abs(at(ds, "roi_measured/last_touch/broadcast")
                           - at(ds, "roi_true/broadcast"))
         - np.abs(at(ds, "roi_measured/last_touch/conversation")
                  - at(ds, "roi_true/conversation")))],
    4: [("4a", "building a following is a marathon: followers still grow by more than 10% from "
               "day 180 to day 365",
         lambda ds: ratio(ds, "followers", "follower_builder", -1, 179) - 1.1),
        ("4b", "the network grows exponentially: relationships grow by more than 50% from day 180 "
               "to day 365",
         lambda ds: ratio(ds, "relationships", "introducer", -1, 179) - 1.5)],
    5: [("5", "telling peers pays better than manipulating likes (ROI)",
         lambda ds: at(ds, "roi", "teller") - at(ds, "roi", "manipulator"))],
}

# The business-to-business setting (sensitivity/b2b/): revenue and ROI are deals won, so the
# verdicts on ROI read the same; a verdict counting customers counts deals won instead.
VERDICTS_B2B = dict(VERDICTS)
VERDICTS_B2B[2] = [VERDICTS[2][0],
                   ("2b", "answering replies wins more deals than ignoring them",
                    lambda ds: at(ds, "deals_won", "answers") - at(ds, "deals_won", "ignores"))]

BOOTSTRAP = 2000
#: Above this lower bound of the seed-noise share, indices of the margin are not reported.
NOISE_DOMINATES = 0.5


def point_margins(ds, margin):
    """Returns (margin per design point averaged over replicates, unit coordinates per point,
    Sobol' row per point, parameter names)."""
    y = np.asarray(margin(ds), dtype=float)
    if y.shape != (ds.sizes["run"],) or not np.all(np.isfinite(y)):
        raise SystemExit("the margin is not one finite number per run")
    params = list(ds.attrs.get("design_parameters", []))
    if not params:
        params = sorted(str(c)[5:] for c in ds.coords if str(c).startswith("unit:"))
    replicates = int(ds["replicate"].max()) + 1
    points = y.size // replicates
    y = y.reshape(points, replicates).mean(axis=1)
    units = np.column_stack([np.asarray(ds[f"unit:{p}"])[::replicates] for p in params])
    rows = np.asarray(ds["design_sample"])[::replicates]
    return y, units, rows, params


def share_holding(y, rows, rng):
    """Returns (share of points with y > 0, 2.5% and 97.5% bootstrap quantiles over rows)."""
    ids = np.unique(rows)
    holds = (y > 0).astype(float)
    per_row = np.array([holds[rows == r].sum() for r in ids])
    count = np.array([(rows == r).sum() for r in ids])
    draws = rng.integers(0, ids.size, size=(BOOTSTRAP, ids.size))
    boot = per_row[draws].sum(axis=1) / count[draws].sum(axis=1)
    return holds.mean(), np.quantile(boot, 0.025), np.quantile(boot, 0.975)


def best_rule(y, units, params, ds):
    """Returns (parameter, direction '>' or '<', threshold value text, accuracy): the one-parameter
    threshold rule that best separates the points where the verdict holds from the others."""
    holds = y > 0
    best = None
    for i, p in enumerate(params):
        order = np.argsort(units[:, i])
        u, h = units[order, i], holds[order]
        # Rule "holds when u > t" for t between consecutive points: accuracy = holds above the
        # cut plus fails below it.
        above = np.concatenate([[h.sum()], h.sum() - np.cumsum(h)])
        below_fail = np.concatenate([[0], np.cumsum(~h)])
        for direction, correct in ((">", above + below_fail),
                                   ("<", (h.size - above - below_fail))):
            c = int(np.argmax(correct))
            accuracy = correct[c] / h.size
            if best is None or accuracy > best[3] + 1e-12:
                cut = c  # the rule splits between sorted points c-1 and c
                lo = u[cut - 1] if cut > 0 else 0.0
                hi = u[cut] if cut < u.size else 1.0
                best = (p, direction, 0.5 * (lo + hi), accuracy, i)
    p, direction, unit, accuracy, i = best
    # The threshold in the parameter's own units, interpolated between the runs on either side
    # (the map from u to the value is monotone); a choice names the value at that u.
    u_all = np.asarray(ds[f"unit:{p}"])
    text = f"u = {unit:.3f}"
    if p in ds.coords:
        values = np.asarray(ds[p])
        order = np.argsort(u_all)
        if np.issubdtype(values.dtype, np.number):
            text = f"{np.interp(unit, u_all[order], values[order].astype(float)):.3g}"
        else:
            text = str(values[order][min(np.searchsorted(u_all[order], unit), u_all.size - 1)])
    return p, direction, text, accuracy


def main(argv):
    markdown = "--markdown" in argv
    argv = [a for a in argv if a != "--markdown"]
    verdicts = VERDICTS
    if "--setting" in argv:
        k = argv.index("--setting")
        if argv[k + 1:k + 2] not in (["b2b"], ["consumer"], ["market"]):
            print(__doc__, file=sys.stderr)
            return 2
        verdicts = VERDICTS_B2B if argv[k + 1] == "b2b" else VERDICTS
        argv = argv[:k] + argv[k + 2:]
    if len(argv) != 2 or not argv[0].isdigit() or int(argv[0]) not in verdicts:
        print(__doc__, file=sys.stderr)
        return 2
    claim = int(argv[0])
    ds = open_results(argv[1])
    rng = np.random.default_rng(20261205)
    runs, replicates = ds.sizes["run"], int(ds["replicate"].max()) + 1
    seconds = float(np.asarray(ds["wall_time_s"]).sum()) if "wall_time_s" in ds.coords else np.nan
    sweep = (f"{runs} runs ({runs // replicates} points of a Sobol' design over "
             f"{len(ds.attrs.get('design_parameters', []))} assumptions x {replicates} replicates; "
             f"the runs' own wall times add up to {seconds / 60:.1f} min)")
    print(f"Sweep: {sweep}." if markdown else f"sweep: {sweep}")
    if markdown:
        print()
    for label, words, margin in verdicts[claim]:
        y, units, rows, params = point_margins(ds, margin)
        share, lo, hi = share_holding(y, rows, rng)
        indices = sensitivity(ds, metric=margin, method="sobol")
        total = indices[indices["index"] == "ST"].sort_values("value", ascending=False)
        first = indices[indices["index"] == "S1"].set_index("parameter")
        noise = indices[indices["parameter"] == "(seed noise)"]
        p, direction, threshold, accuracy = best_rule(y, units, params, ds)
        if share in (0.0, 1.0):
            flip = ("it does not flip anywhere in these ranges (it "
                    + ("holds" if share == 1.0 else "fails") + " at every point; the margin runs "
                    f"from {y.min():.3g} to {y.max():.3g})")
        else:
            flip = (f"it holds when `{p}` {direction} {threshold} (this rule is right at "
                    f"{100 * accuracy:.0f}% of the points; the margin runs from {y.min():.3g} to "
                    f"{y.max():.3g})")
        noisy = len(noise) and noise.iloc[0]["ci_low"] > NOISE_DOMINATES
        if noisy and share in (0.0, 1.0):
            flip = ("it " + ("holds" if share == 1.0 else "fails") + " at every point, and what "
                    "variation its margin has is seed noise: none of these assumptions moves it "
                    "measurably, so no index is reported")
        elif noisy:
            flip = ("seed noise dominates the margin, so neither the indices nor a flip rule mean "
                    "anything here: no assumption in these ranges moves it measurably more than "
                    "chance does, and the share above is chance's")
        if markdown:
            print(f"**Verdict {label}: {words}.** Holds in **{100 * share:.0f}%** of the "
                  f"assumption space (95% interval {100 * lo:.0f}% to {100 * hi:.0f}%, "
                  f"{y.size} points).")
            if noisy:
                n = noise.iloc[0]
                print(f"Seed noise: {100 * n['value']:.0f}% of the margin's variance "
                      f"({100 * n['ci_low']:.0f}% to {100 * n['ci_high']:.0f}%): {flip}.")
                print()
                continue
            drivers = ", ".join(
                f"`{r.parameter}` ST {r.value:.2f} ({r.ci_low:.2f} to {r.ci_high:.2f}; "
                f"S1 {first.loc[r.parameter, 'value']:.2f})" for r in total.head(3).itertuples())
            print(f"Largest total indices: {drivers}.")
            print(f"Where it flips: {flip}.")
            if len(noise):
                n = noise.iloc[0]
                print(f"Seed noise: {100 * n['value']:.0f}% of the margin's variance "
                      f"({100 * n['ci_low']:.0f}% to {100 * n['ci_high']:.0f}%).")
            print()
            continue
        print(f"== verdict {label}: {words}")
        print(f"holds in {100 * share:.1f}% of the assumption space (95% interval "
              f"{100 * lo:.1f}% to {100 * hi:.1f}%; {y.size} points, replicates averaged)")
        for r in total.itertuples():
            print(f"  ST {r.parameter:40s} {r.value:6.3f}  ({r.ci_low:6.3f} to {r.ci_high:6.3f})"
                  f"   S1 {first.loc[r.parameter, 'value']:6.3f}")
        if len(noise):
            n = noise.iloc[0]
            print(f"  seed noise: {100 * n['value']:.1f}% of the margin's variance "
                  f"({100 * n['ci_low']:.1f}% to {100 * n['ci_high']:.1f}%)")
        print(f"flips: {flip.replace('`', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
