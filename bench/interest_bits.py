#!/usr/bin/python3
"""What 16-bit interests change in a scenario's results, beside what the seed changes.

Usage: bench/interest_bits.py [--snsim build/release/sim/snsim] [--scenario bench/scale_100m.yaml]
           [--size 100000] [--steps 30] [--seeds 8] [--threads 2] [--keep DIR]

`population.interest_bits: 16` keeps each interest component as a multiple of 1/32767 instead of
a float (core/interests.hpp), so relevances move by at most 2 sqrt(k) x 1.5e-5 and a Bernoulli
draw near its threshold can go the other way: the run follows another path from there. Whether
that matters is a statistical question: for each seed, the scenario runs at 32 and at 16 bits;
for each brand metric at the last step the script prints the mean over seeds at 32 bits, the
seed-to-seed standard deviation, and the mean and standard deviation of the paired difference
(16 bits minus 32 bits, same seed). If the precision does not matter, the paired differences are
of the order of the seed-to-seed spread or smaller and their mean is within two standard errors
of zero (the z column: mean difference over its standard error).
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import h5py
import numpy as np

METRICS = ("reach", "aware", "engaged", "impressions", "likes", "shares", "followers",
           "relationships", "conversations", "referrals")


def final_metrics(path):
    """Returns {metric: per-brand values at the last step} of a run's results file."""
    with h5py.File(path, "r") as f:
        run = f["runs"][sorted(f["runs"].keys())[0]]
        return {m: np.asarray(run[m][-1], dtype=float) for m in METRICS if m in run}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snsim", default="build/release/sim/snsim")
    ap.add_argument("--scenario", default="bench/scale_100m.yaml")
    ap.add_argument("--size", type=int, default=100000)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--seeds", type=int, default=8)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--keep", help="directory to keep the results files in")
    a = ap.parse_args()
    out = Path(a.keep) if a.keep else Path(tempfile.mkdtemp(prefix="snsim-bits-"))
    out.mkdir(parents=True, exist_ok=True)
    runs = {32: [], 16: []}
    for seed in range(1, a.seeds + 1):
        for bits in (32, 16):
            path = out / f"seed{seed}_bits{bits}.h5"
            cmd = [a.snsim, "run", a.scenario, "--threads", str(a.threads), "--quiet",
                   "--set", f"population.size={a.size}", "--set", f"time.steps={a.steps}",
                   "--set", f"seed={seed}", "--set", f"population.interest_bits={bits}",
                   "-o", str(path), "--overwrite"]
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"interest_bits.py: {' '.join(cmd)} failed: {r.stderr.strip()}")
            runs[bits].append(final_metrics(path))
    print(f"# {a.scenario} at {a.size} people, {a.steps} steps, seeds 1..{a.seeds}: "
          "brand metrics at the last step")
    print(f"{'metric':14s} {'brand':>5s} {'mean (32)':>12s} {'sd seeds':>10s} "
          f"{'mean 16-32':>11s} {'sd 16-32':>10s} {'z':>6s}")
    worst = 0.0
    for m in METRICS:
        if m not in runs[32][0]:
            continue
        v32 = np.array([r[m] for r in runs[32]])
        v16 = np.array([r[m] for r in runs[16]])
        d = v16 - v32
        for b in range(v32.shape[1]):
            sd_seed = v32[:, b].std(ddof=1)
            sd_d = d[:, b].std(ddof=1)
            se = sd_d / np.sqrt(len(d))
            z = d[:, b].mean() / se if se > 0 else 0.0
            worst = max(worst, abs(z))
            print(f"{m:14s} {b:5d} {v32[:, b].mean():12.1f} {sd_seed:10.2f} "
                  f"{d[:, b].mean():11.2f} {sd_d:10.2f} {z:6.2f}")
    print(f"# largest |z| {worst:.2f} over the metrics and brands (about 2.5 expected by chance "
          "among this many)")
    if not a.keep:
        for p in out.iterdir():
            p.unlink()
        out.rmdir()


if __name__ == "__main__":
    main()
