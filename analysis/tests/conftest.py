"""Shared fixtures: hand-made results files in the format-1 layout, and fresh snsim runs.

write_results() builds a file exactly as snsim's ResultsWriter lays it out (see analysis/FORMAT.md),
with known values, so summaries can be checked against answers worked out by hand. The snsim
binary is $SNSIM_BINARY, else build/ci/sim/snsim (or build/release/sim/snsim) in this checkout.
"""
import os
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest

ANALYSIS = Path(__file__).resolve().parents[1]
REPO = ANALYSIS.parent
sys.path.insert(0, str(ANALYSIS))

os.environ.setdefault("MPLBACKEND", "Agg")

BRANDS = ["loud", "quiet"]


def write_results(path, runs, brands=BRANDS, steps=None, format_version=1, fmt="snsim-results",
                  command_line="snsim run hand-made.yaml", scenario="name: hand-made\n",
                  table=None, table_attrs=None):
    """Writes a results file. runs: list of dicts with seed, replicate (optional), params
    ({key: value text}), metrics ({name: array [steps, brands] or [steps]}), status (optional).
    table: a sweep's /table as {column: values} (index, seed, replicate, status and wall_time_s
    are filled in from the runs when absent), with table_attrs as its attributes (the design)."""
    with h5py.File(path, "w") as f:
        if table is not None:
            _write_table(f, runs, table, table_attrs or {})
        f.attrs["format"] = fmt
        f.attrs["format_version"] = np.int32(format_version)
        f.attrs["snsim_version"] = "0.1.0"
        f.attrs["scenario"] = scenario
        f.attrs["command_line"] = command_line
        f.attrs["created"] = "2026-01-01T00:00:00Z"
        top = f.create_group("runs")
        for i, run in enumerate(runs):
            first = next(iter(run["metrics"].values()))
            n_steps = np.asarray(first).shape[0] if steps is None else steps
            g = top.create_group(f"{i:06d}", track_order=True)
            g.attrs["index"] = np.uint64(i)
            g.attrs["seed"] = np.uint64(run.get("seed", i + 1))
            g.attrs["replicate"] = np.uint64(run.get("replicate", 0))
            g.attrs["status"] = run.get("status", "complete")
            g.attrs["wall_time_s"] = 0.01
            for key, value in run.get("params", {}).items():
                g.attrs[f"param:{key}"] = str(value)
            step = g.create_dataset("step", data=np.arange(n_steps, dtype=np.int32))
            step.make_scale("step")
            width = max(len(b.encode()) for b in brands) if brands else 1
            brand = g.create_dataset("brand", data=np.array([b.encode() for b in brands],
                                                            dtype=f"S{width}"))
            brand.attrs["_Encoding"] = "utf-8"
            brand.make_scale("brand")
            for name, values in run["metrics"].items():
                values = np.asarray(values, dtype=np.float64)
                d = g.create_dataset(name, data=values, chunks=True, compression="gzip",
                                     shuffle=True, fletcher32=True)
                d.attrs["units"] = "agents"
                d.attrs["long_name"] = f"hand-made {name}"
                d.dims[0].attach_scale(step)
                if values.ndim == 2:
                    d.dims[1].attach_scale(brand)
    return path


def _write_table(f, runs, table, attrs):
    group = f.create_group("table", track_order=True)
    columns = {"index": np.arange(len(runs), dtype=np.uint64),
               "seed": np.array([r.get("seed", i + 1) for i, r in enumerate(runs)], np.uint64),
               "replicate": np.array([r.get("replicate", 0) for r in runs], np.uint64),
               "status": [r.get("status", "complete") for r in runs],
               "wall_time_s": np.full(len(runs), 0.01)}
    columns.update(table)
    for name, values in columns.items():
        values = np.asarray(values)
        if values.dtype.kind in "UO":
            width = max(1, max(len(str(v).encode()) for v in values))
            d = group.create_dataset(name, data=np.array([str(v).encode() for v in values],
                                                         dtype=f"S{width}"))
            d.attrs["_Encoding"] = "utf-8"
        else:
            group.create_dataset(name, data=values)
    for name, value in attrs.items():
        if isinstance(value, (list, tuple)):
            value = "\n".join(value)
        group.attrs[name] = value


def write_design_results(path, design, outputs, brands=("a", "b"), steps=3, params=None,
                         per_brand=("score",), population=("total",)):
    """Writes a sweep results file laid out on a design table (tests/designs.py): one run per row,
    /table with the design columns and attributes, and metrics named per_brand (outputs[row] x
    (brand + 1) at the last step, rising linearly to it) and population (population-wide: outputs).
    params: {key: function of the row's unit coordinate} for the `param:` value (default: u)."""
    keys = list(design.attrs["design_parameters"])
    ramp_up = np.arange(1, steps + 1, dtype=float)[:, None] / steps
    runs = []
    for i, row in design.reset_index(drop=True).iterrows():
        value = float(outputs[i])
        per_brand_values = ramp_up * value * (np.arange(len(brands))[None, :] + 1)
        runs.append({"seed": 1000 + i, "replicate": int(row.get("replicate", 0)),
                     "params": {k: repr((params or {}).get(k, float)(row[f"unit:{k}"]))
                                for k in keys},
                     "metrics": {**{m: per_brand_values for m in per_brand},
                                 **{m: ramp_up[:, 0] * value for m in population}}})
    table = {c: design[c].to_numpy() for c in design.columns if c not in ("index", "replicate")}
    for k in keys:
        table[k] = [float(r["params"][k]) for r in runs]
    attrs = {k: (np.uint64(v) if isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                 else v) for k, v in design.attrs.items()}
    return write_results(path, runs, brands=list(brands), table=table, table_attrs=attrs,
                         command_line="snsim sweep hand-made.yaml -o out.h5",
                         scenario="name: hand-made\n")


def ramp(n_steps, slope, offset=0.0, brands=2):
    """Returns a [steps, brands] array: brand j at step t is offset + slope * t * (j + 1)."""
    t = np.arange(n_steps, dtype=float)[:, None]
    return offset + slope * t * (np.arange(brands)[None, :] + 1)


def snsim_binary():
    value = os.environ.get("SNSIM_BINARY")
    candidates = [Path(value)] if value else [REPO / "build/ci/sim/snsim",
                                              REPO / "build/release/sim/snsim",
                                              REPO / "build/dev/sim/snsim"]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    return None


def simulate(out, *settings, scenario="scenarios/quickstart.yaml", twins=()):
    """Runs `snsim run SCENARIO -o OUT --set S... --twin T...` and returns OUT."""
    binary = snsim_binary()
    if binary is None:
        pytest.fail("no snsim binary: set SNSIM_BINARY or build build/ci/sim/snsim",
                    pytrace=False)
    cmd = [str(binary), "run", str(REPO / scenario), "-o", str(out), "--overwrite", "--quiet"]
    for s in settings:
        cmd += ["--set", s]
    for t in twins:
        cmd += ["--twin", t]
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ,
                                                              "OMP_NUM_THREADS": "2"})
    return out


@pytest.fixture(scope="session")
def quickstart_h5(tmp_path_factory):
    """A fresh results file of scenarios/quickstart.yaml."""
    return simulate(tmp_path_factory.mktemp("quickstart") / "quickstart.h5")


@pytest.fixture(scope="session")
def comparison_h5(tmp_path_factory):
    """Eight runs: two budgets x two broadcast shares for brand 0, two seeds each, small town."""
    folder = tmp_path_factory.mktemp("comparison")
    paths = []
    for money in (50, 150):
        for share in (0.5, 1.0):
            for seed in (1, 2):
                paths.append(simulate(folder / f"m{money}_b{share}_s{seed}.h5",
                                      f"seed={seed}", "population.size=1500", "time.steps=40",
                                      f"brands[0].budget.money_per_step={money}",
                                      f"brands[0].strategy.broadcast={share}"))
    return paths


#: The grid of the tiny sweep below (scenarios/sweeps/budget_word_of_mouth.yaml): 3 x 2 points.
SWEEP_GRID = {"brands[0].budget.money_per_step": [10, 50, 250],
              "word_of_mouth.rate": [0.004, 0.0166]}
SWEEP_REPLICATES = 3


def sweep(out, *settings, scenario="scenarios/sweeps/budget_word_of_mouth.yaml"):
    """Runs `snsim sweep SCENARIO -o OUT --set ...` and returns OUT."""
    binary = snsim_binary()
    if binary is None:
        pytest.fail("no snsim binary: set SNSIM_BINARY or build build/ci/sim/snsim",
                    pytrace=False)
    cmd = [str(binary), "sweep", str(REPO / scenario), "-o", str(out), "--quiet", "--jobs", "2"]
    for s in settings:
        cmd += ["--set", s]
    done = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, f"{' '.join(cmd)}: {done.stderr}"
    return out


@pytest.fixture(scope="session")
def sweep_h5(tmp_path_factory):
    """A real sweep file: 3 budgets x 2 word-of-mouth rates x 3 replicates = 18 tiny runs."""
    return sweep(tmp_path_factory.mktemp("sweep") / "sweep.h5", "population.size=300",
                 "time.steps=15", f"sweep.replicates={SWEEP_REPLICATES}")
