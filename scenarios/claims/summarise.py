"""Prints the figures scenarios/claims/README.md quotes, from a claims sweep's results.

usage: PYTHONPATH=analysis /usr/bin/python3 scenarios/claims/summarise.py CLAIM RESULTS.h5...
         [--setting consumer|b2b|funnel]
  CLAIM: 1 to 5 (the scenario's number), or 3t for claim 3's twin runs; RESULTS.h5: what
  `snsim sweep` or `snsim run` wrote (several files are pooled as replicates); --setting: the
  market the runs were made in (run_all.sh --setting, scenarios/claims/setting.py): consumer (the
  default) adds the market's buyers, b2b reports the sales cycle's deals instead of consumer
  purchases, funnel the claim's own figures.
Each figure is the mean over replicates with its 95% t interval, per brand (and per sweep point).
"""
import sys

from snsim_analysis import final_value, open_results, summarise, time_to_reach

# Per claim: (metric, step or None for the last step, label).
FIGURES = {
    1: [("reach", None, "reach (people)"), ("relationships", None, "relationships"),
        ("aware", None, "aware"), ("customers", None, "customers"),
        ("advocates", None, "advocates"), ("cost", None, "cost USD"), ("roi", None, "ROI")],
    2: [("replies_answered", None, "replies answered (last step)"), ("trust_mean", None, "trust"),
        ("followers", None, "followers"), ("customers", None, "customers"),
        ("advocates", None, "advocates"), ("roi", None, "ROI")],
    3: [("roi", None, "ROI"), ("roi_true/broadcast", None, "true ROI broadcast"),
        ("roi_true/conversation", None, "true ROI conversation"),
        ("roi_measured/last_touch/broadcast", None, "last-touch ROI broadcast"),
        ("roi_measured/last_touch/conversation", None, "last-touch ROI conversation"),
        ("roi_measured/linear/conversation", None, "linear ROI conversation"),
        ("attribution_error/last_touch", None, "attribution error (last touch)")],
    4: [("followers", 29, "followers day 30"), ("followers", 179, "followers day 180"),
        ("followers", None, "followers day 365"), ("relationships", 29, "relationships day 30"),
        ("relationships", 179, "relationships day 180"),
        ("relationships", None, "relationships day 365"), ("customers", None, "customers")],
    5: [("impressions", 29, "impressions day 30"), ("followers", 29, "followers day 30"),
        ("detections", None, "detections"), ("trust_mean", None, "trust"),
        ("negative_referrals", None, "negative referrals (last step)"),
        ("customers", None, "customers"), ("advocates", None, "advocates"),
        ("roi", None, "ROI")],
    # Claim 3's twins (snsim run --twin): the run minus its twin without one channel.
    "3t": [("incremental/conversions", None, "incremental conversions (last step)"),
           ("incremental/revenue", None, "incremental revenue USD"),
           ("incremental/cost", None, "incremental cost USD"),
           ("incremental/roi", None, "incremental ROI"),
           ("roi_measured/last_touch/conversation", None, "last-touch ROI conversation"),
           ("roi_measured/last_touch/broadcast", None, "last-touch ROI broadcast")],
}


# In the consumer market (setting.py consumer) purchases are the market's choices; each carries
# the cause of the buyer's last funnel move (docs/model.md step 9, "Attribution"), so the
# per-channel figures stay, and each claim also reports the market's buyers, before its ROI.
ATTRIBUTED = ("roi_true/", "roi_measured/", "attribution_error/")
MARKET = [("penetration", None, "penetration (share of people)"),
          ("purchase_frequency", None, "purchases per buyer"),
          ("revenue", None, "revenue USD")]
# In the business-to-business setting (setting.py b2b) purchases pay nothing: the consumer
# funnel's sales figures and the per-channel ROI of purchases are dropped, and each claim reports
# the sales cycle instead, then the ROI (whose revenue is the deals won).
CONSUMER_ONLY = ("customers", "advocates", "roi", "incremental/conversions") + ATTRIBUTED
B2B = [("leads_created", None, "leads created"), ("leads_from_ties", None, "leads from ties"),
       ("opportunities", None, "open opportunities"), ("deals_won", None, "deals won"),
       ("cycle_length_mean", None, "cycle lead to won (steps)"),
       ("deal_revenue", None, "deal revenue USD"), ("roi", None, "ROI")]


def figures_of(key, setting):
    """Returns the (metric, step, label) rows to print for a claim in a setting."""
    if setting == "funnel":
        return FIGURES[key]
    if setting == "consumer":
        own = FIGURES[key]
        if key == "3t":
            return own
        roi = [f for f in own if f[0] == "roi"]
        return [f for f in own if f[0] != "roi"] + MARKET + roi
    own = [f for f in FIGURES[key] if not f[0].startswith(CONSUMER_ONLY)]
    return own if key == "3t" else own + B2B


def figure(ds, metric, step):
    """Returns rows (point, brand, mean, lower, upper) of a metric at a step (None: the last)."""
    table = final_value(ds, metric) if step is None else summarise(ds, metric)
    if step is not None:
        table = table[table["step"] == step]
    keys = [c for c in table.columns if c not in ("brand", "step", "n", "mean", "sd", "lower",
                                                  "upper")]
    for _, row in table.iterrows():
        point = ", ".join(f"{k}={row[k]}" for k in keys)
        yield point, row["brand"], row["mean"], row["lower"], row["upper"], int(row["n"])


def main(argv):
    setting = "consumer"
    if "--setting" in argv:
        k = argv.index("--setting")
        setting = argv[k + 1] if k + 1 < len(argv) else ""
        argv = argv[:k] + argv[k + 2:]
    claim = argv[0] if argv else ""
    key = int(claim) if claim.isdigit() else claim
    if len(argv) < 2 or key not in FIGURES or setting not in ("consumer", "b2b", "funnel"):
        print(__doc__, file=sys.stderr)
        return 2
    ds = open_results(argv[1:])
    for metric, step, label in figures_of(key, setting):
        for point, brand, mean, lower, upper, n in figure(ds, metric, step):
            if key == "3t" and point != "twin=":
                continue  # the twins' own rows: only the run minus its twin is reported
            where = f" [{point}]" if point else ""
            print(f"{label:38s} {brand:18s}{where} {mean:12.4g}  (95% CI {lower:.4g} to "
                  f"{upper:.4g}, n={n})")
    if key == 4:
        for metric in ("followers", "relationships"):
            for level in (250, 1000):
                t = time_to_reach(ds, metric, level)
                for _, row in t.iterrows():
                    print(f"first day with {metric} >= {level}: {row['brand']:18s} "
                          f"{row['mean'] + 1:8.4g} ({int(row['reached'])} of {int(row['runs'])} runs reached it)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
