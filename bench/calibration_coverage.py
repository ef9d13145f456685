#!/usr/bin/python3
"""Coverage of snsim calibrate's credible intervals (simulation-based calibration).

Usage: bench/calibration_coverage.py [--snsim build/release/sim/snsim] [--datasets 20]
           [--scenario scenarios/calibration/bass_least_squares.yaml] [--jobs 2]
           [--population 100] [--max-generations 6] [--every 5] [--seed 1] [--keep DIR]

For each of --datasets synthetic data sets: draw the true parameters from the scenario's own
priors (its `calibrate:` block), simulate the scenario at them with `snsim run` (a seed of its
own), keep its calibrated metrics every --every steps as the observed CSV, run `snsim calibrate`
on it, and check whether each parameter's true value lies inside the posterior's central 50%,
90% and 95% credible intervals (weighted quantiles). If the posterior is calibrated, each interval
covers the truth in that share of the data sets, up to binomial noise (with 20 data sets the 95%
interval's coverage has a standard error of about 5 points). ABC's posterior is the posterior
given that the distance is within the last tolerance, wider than the exact one, so its coverage
tends to lie above nominal. Also printed: the rank of the truth among the posterior's particles
(SBC ranks, uniform if calibrated), runs and wall time per calibration, and the total.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "analysis"))

LEVELS = (0.5, 0.9, 0.95)


def draw_from_prior(prior, rng):
    """Returns one draw of a calibrate prior (uniform, log_uniform or truncated_normal)."""
    kind = prior.get("distribution", "log_uniform" if prior.get("log") else "uniform")
    lo, hi = float(prior["min"]), float(prior["max"])
    if kind == "log_uniform":
        return float(np.exp(rng.uniform(np.log(lo), np.log(hi))))
    if kind == "truncated_normal":
        while True:
            x = rng.normal(float(prior["mean"]), float(prior["sd"]))
            if lo <= x <= hi:
                return float(x)
    return float(rng.uniform(lo, hi))


def run(cmd):
    done = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: {done.stderr.strip()}")
    return done


def observe(snsim, scenario, truth, seed, summaries, every, folder):
    """Simulates the scenario at truth and returns the path of its observed CSV."""
    import h5py

    out = folder / "truth.h5"
    cmd = [snsim, "run", str(scenario), "-o", str(out), "--overwrite", "--quiet",
           "--set", f"seed={seed}"]
    for key, value in truth.items():
        cmd += ["--set", f"{key}={value!r}"]
    run(cmd)
    rows = []
    with h5py.File(out, "r") as f:
        g = f["runs/000000"]
        brands = [b.decode() if isinstance(b, bytes) else str(b) for b in g["brand"][()]]
        steps = g["step"][()]
        for s in summaries:
            values = g[s["metric"]][()]
            if values.ndim == 2:
                values = values[:, brands.index(s["brand"])]
            for i in range(every - 1, len(steps), every):
                rows.append((int(steps[i]), s["metric"], s.get("brand", ""), float(values[i])))
    path = folder / "observed.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["step", "metric", "brand", "value"])
        writer.writerows(sorted(set(rows)))
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--snsim", default=str(HERE.parent / "build" / "release" / "sim" / "snsim"))
    ap.add_argument("--scenario", default=str(HERE.parent / "scenarios" / "calibration" /
                                              "bass_least_squares.yaml"))
    ap.add_argument("--datasets", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--population", type=int, help="particles (default: the scenario's)")
    ap.add_argument("--max-generations", type=int, help="default: the scenario's")
    ap.add_argument("--every", type=int, default=5, help="observe every k-th step")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="folder for the data sets and posteriors (default: temporary)")
    args = ap.parse_args()
    import yaml

    import snsim_analysis as sa

    block = yaml.safe_load(Path(args.scenario).read_text())["calibrate"]
    priors = block["priors"]
    keys = list(priors)
    settings = ["--set", "calibrate.predictive=0"]
    if args.population:
        settings += ["--set", f"calibrate.population={args.population}"]
    if args.max_generations:
        settings += ["--set", f"calibrate.stop.max_generations={args.max_generations}"]
    rng = np.random.default_rng(args.seed)
    top = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="coverage-"))
    top.mkdir(parents=True, exist_ok=True)
    covered = {(k, level): 0 for k in keys for level in LEVELS}
    ranks = {k: [] for k in keys}
    runs, walls, stops = [], [], []
    started = time.perf_counter()
    for i in range(args.datasets):
        folder = top / f"dataset_{i:03d}"
        folder.mkdir(exist_ok=True)
        truth = {k: draw_from_prior(priors[k], rng) for k in keys}
        observed = observe(args.snsim, args.scenario, truth, 1_000_000 + args.seed * 1000 + i,
                           block["summaries"], args.every, folder)
        posterior = folder / "posterior.h5"
        t0 = time.perf_counter()
        run([args.snsim, "calibrate", args.scenario, "--target", str(observed), "-o",
             str(posterior), "--jobs", str(args.jobs), "--quiet", *settings])
        walls.append(time.perf_counter() - t0)
        cal = sa.open_calibration(posterior)
        runs.append(int(cal.attrs["runs_used"]))
        stops.append(str(cal.attrs["stop_reason"]))
        x, w = cal.posterior["particles"], cal.posterior["weights"]
        line = []
        for j, k in enumerate(keys):
            ranks[k].append(float(np.sum(w[x[:, j] < truth[k]])))
            for level in LEVELS:
                lo, hi = sa.weighted_quantile(x[:, j], w, [(1 - level) / 2, (1 + level) / 2])
                covered[(k, level)] += int(lo <= truth[k] <= hi)
            line.append(f"{k}={truth[k]:.4g} (rank {ranks[k][-1]:.2f})")
        print(f"data set {i + 1}/{args.datasets}: {', '.join(line)}; {runs[-1]} runs, "
              f"{walls[-1]:.1f} s, stop {stops[-1]}", flush=True)
    total = time.perf_counter() - started
    n = args.datasets
    print(f"\ncoverage of the central credible intervals over {n} data sets "
          f"({args.scenario}):")
    print("| parameter | " + " | ".join(f"{100 * level:g}%" for level in LEVELS) + " |")
    print("|---|" + "---|" * len(LEVELS))
    for k in keys:
        cells = [f"{covered[(k, level)] / n:.2f} ({covered[(k, level)]}/{n})" for level in LEVELS]
        print(f"| {k} | " + " | ".join(cells) + " |")
    for k in keys:
        hist = np.histogram(ranks[k], bins=5, range=(0, 1))[0]
        print(f"SBC ranks of {k} in fifths: {hist.tolist()} (uniform if calibrated)")
    print(f"runs per calibration: mean {np.mean(runs):.0f}, min {min(runs)}, max {max(runs)}; "
          f"wall time per calibration: mean {np.mean(walls):.1f} s (--jobs {args.jobs}); "
          f"stop reasons: {dict(zip(*np.unique(stops, return_counts=True)))}; "
          f"total {total:.0f} s with the truth simulations")
    print(f"data sets and posteriors in {top}")


if __name__ == "__main__":
    main()
