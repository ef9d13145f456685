"""Prints the --set overrides that put a claims scenario in a business-to-business market.

usage: /usr/bin/python3 scenarios/claims/b2b_setting.py SCENARIO.yaml
One override per line, for `snsim run|sweep SCENARIO --set ...` (run_all.sh --setting b2b):
  - processes: the scenario's own list with `sales_cycle` inserted before `funnel` (it reads the
    step's introduction and referral touches, which the funnel consumes) and so before
    `accounting`, which counts the deals won;
  - economics.order_value=0: the brands sell to businesses, so the consumer funnel's purchases
    pay nothing and all revenue is deals won (the `sales:` defaults: docs/parameters.md
    section 11). The funnel still runs: a prospect who reaches sales.lead_stage is an inbound lead.
Everything else (brands, budgets, strategies, town, seeds) stays the claim's own, so the two
settings differ only in how a brand earns its revenue.
"""
import re
import sys


def overrides(path):
    """Returns the list of key=value overrides for the scenario file at path."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    # The claims files list their processes in flow style, possibly over several lines; the
    # standard library has no YAML reader, and this is the one key needed.
    m = re.search(r"^processes:\s*\[([^\]]*)\]", text, flags=re.M)
    if m is None:
        sys.exit(f"b2b_setting: {path} has no 'processes: [...]' list")
    processes = [p.strip() for p in m.group(1).split(",") if p.strip()]
    if "sales_cycle" not in processes:
        where = next((k for k, p in enumerate(processes) if p in ("funnel", "accounting")),
                     len(processes))
        processes.insert(where, "sales_cycle")
    return ["processes=[" + ", ".join(processes) + "]", "economics.order_value=0"]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print("\n".join(overrides(sys.argv[1])))
