"""Prints the --set overrides that put a claims scenario in one of the claims' markets.

usage: /usr/bin/python3 scenarios/claims/setting.py SETTING SCENARIO.yaml
One override per line, for `snsim run|sweep SCENARIO --set ...` (run_all.sh --setting SETTING).
Everything not listed (brands, budgets, strategies, town, seeds) stays the claim's own, so the
settings differ only in how a brand earns its revenue.

consumer: a consumer market (docs/model.md step 7b). `market` joins the pipeline right after
  `funnel` (it reads the funnel's stages and turns its per-visit purchases off) and before
  `accounting`. People have category purchase occasions and choose at each one among the brands
  they know, or none: brands take purchases from each other and from the rest of the category.
  Prices are the brands' order value (`brands[].price` defaults to `economics.order_value`,
  100 USD); the choice coefficients keep their defaults (docs/parameters.md section 10). Two keys
  are set, both assumptions (docs/parameters.md section 10, "The claims' consumer market"):
  - market.category_rate=0.01: a 100 USD category bought about every 100 days (3.65 occasions a
    person a year) rather than the default's every ten days;
  - market.no_purchase_weight=20: buying nothing or another brand of the category (the outside
    option) weighs 20; chosen so that a brand's customer buys it again within a year with chance
    about 0.27 in a two-brand claim (0.33 with one brand), near the repeat-customer rate of 28%
    a year (21-36%, E59), the same rate that sets `funnel.repurchase_per_step`
    (market_calibration.py prints the check).
b2b: a business-to-business market (docs/model.md step 7c). `sales_cycle` joins the pipeline
  before `funnel` (it reads the step's introduction and referral touches, which the funnel
  consumes) and so before `accounting`, which counts the deals won; economics.order_value=0: the
  brands sell to businesses, so consumer purchases pay nothing and all revenue is deals won (the
  `sales:` defaults: docs/parameters.md section 11). The funnel still runs: a prospect who reaches
  sales.lead_stage is an inbound lead.
funnel: no override: the scenario as written, each visit a purchase with
  `funnel.purchase_per_visit` (the claims' setting before the market existed).
"""
import re
import sys

# The consumer market's keys (see the docstring for why these values).
CONSUMER_MARKET = ["market.category_rate=0.01", "market.no_purchase_weight=20"]
SETTINGS = ("consumer", "b2b", "funnel")


def processes_of(path):
    """Returns the scenario file's `processes:` list."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # The claims files list their processes in flow style, possibly over several lines; the
    # standard library has no YAML reader, and this is the one key needed.
    m = re.search(r"^processes:\s*\[([^\]]*)\]", text, flags=re.M)
    if m is None:
        sys.exit(f"setting.py: {path} has no 'processes: [...]' list")
    return [p.strip() for p in m.group(1).split(",") if p.strip()]


def overrides(setting, path):
    """Returns the list of key=value overrides for the scenario file at path in a setting."""
    if setting == "funnel":
        return []
    processes = processes_of(path)
    if setting == "consumer" and "market" not in processes:
        where = processes.index("funnel") + 1 if "funnel" in processes else len(processes)
        processes.insert(where, "market")
    if setting == "b2b" and "sales_cycle" not in processes:
        where = next((k for k, p in enumerate(processes) if p in ("funnel", "accounting")),
                     len(processes))
        processes.insert(where, "sales_cycle")
    own = CONSUMER_MARKET if setting == "consumer" else ["economics.order_value=0"]
    return ["processes=[" + ", ".join(processes) + "]"] + own


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SETTINGS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print("\n".join(overrides(sys.argv[1], sys.argv[2])))
