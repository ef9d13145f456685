"""Test functions with known sensitivity indices, and a Python stand-in for snsim's design tables.

The stand-in designs lay out the columns of `snsim sweep --list --csv` (analysis/FORMAT.md) so the
estimators can be checked apart from snsim, and so hand-made results files can carry a design.
"""
import numpy as np
import pandas as pd
from scipy.stats import qmc

ISHIGAMI_A, ISHIGAMI_B = 7.0, 0.1
#: The Sobol' g-function's coefficients in these tests: two important inputs, one weak, one inert.
G_A = np.array([0.0, 1.0, 4.5, 99.0])


def ishigami(u):
    """Returns the Ishigami function of unit coordinates u [n, 3] mapped to [-pi, pi]^3."""
    x = -np.pi + 2.0 * np.pi * np.asarray(u, dtype=float)
    return np.sin(x[:, 0]) + ISHIGAMI_A * np.sin(x[:, 1]) ** 2 + \
        ISHIGAMI_B * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a=ISHIGAMI_A, b=ISHIGAMI_B):
    """Returns the analytic (S1, ST) of the Ishigami function."""
    v1 = 0.5 * (1 + b * np.pi ** 4 / 5) ** 2
    v2 = a * a / 8
    v13 = b * b * np.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


def g_function(u, a=G_A):
    """Returns the Sobol' g-function prod (|4u - 2| + a_i) / (1 + a_i) of u [n, k] in [0, 1]^k."""
    u = np.asarray(u, dtype=float)
    return np.prod((np.abs(4 * u - 2) + a) / (1 + a), axis=1)


def g_indices(a=G_A):
    """Returns the analytic (S1, ST) of the g-function: V_i = 1 / (3 (1 + a_i)^2)."""
    vi = 1.0 / (3.0 * (1.0 + np.asarray(a, dtype=float)) ** 2)
    v = np.prod(1 + vi) - 1
    st = np.array([vi[i] * np.prod(np.delete(1 + vi, i)) for i in range(len(vi))]) / v
    return vi / v, st


def _frame(rows, keys, replicates):
    frame = pd.DataFrame(rows)
    frame = frame.loc[frame.index.repeat(replicates)].reset_index(drop=True)
    frame.insert(0, "replicate", np.tile(np.arange(replicates), len(rows)))
    frame.insert(0, "index", np.arange(len(frame)))
    return frame


def saltelli_design(keys, n, second_order=False, replicates=1, seed=1):
    """Returns a sobol design table (A, B, AB_i, then BA_i) over a scrambled Sobol' sequence."""
    k = len(keys)
    base = qmc.Sobol(2 * k, scramble=True, seed=seed).random(n)
    a, b = base[:, :k], base[:, k:]
    rows = []
    for j in range(n):
        blocks = [a[j], b[j]] + [np.where(np.arange(k) == i, b[j], a[j]) for i in range(k)]
        if second_order:
            blocks += [np.where(np.arange(k) == i, a[j], b[j]) for i in range(k)]
        for block, u in enumerate(blocks):
            rows.append({"grid_point": 0, "design_sample": j, "design_block": block,
                         "design_moved": -1, "design_delta": 0.0,
                         **{f"unit:{key}": u[i] for i, key in enumerate(keys)}})
    frame = _frame(rows, keys, replicates)
    frame.attrs = {"design": "sobol", "design_parameters": list(keys),
                   "design_base_samples": n, "design_second_order": int(second_order),
                   "design_replicates": replicates}
    return frame


def morris_design(keys, r, levels=4, replicates=1, seed=1):
    """Returns a morris design table: r trajectories of k + 1 points on a p-level grid."""
    k = len(keys)
    rng = np.random.default_rng(seed)
    delta = levels / (2.0 * (levels - 1))
    grid = np.arange(levels) / (levels - 1)
    rows = []
    for t in range(r):
        x = rng.choice(grid, size=k)
        order = rng.permutation(k)
        rows.append({"grid_point": 0, "design_sample": t, "design_block": 0, "design_moved": -1,
                     "design_delta": 0.0, **{f"unit:{key}": x[i] for i, key in enumerate(keys)}})
        for s, i in enumerate(order, start=1):
            step = delta if x[i] + delta <= 1 + 1e-12 else -delta
            x = x.copy()
            x[i] += step
            rows.append({"grid_point": 0, "design_sample": t, "design_block": s,
                         "design_moved": int(i), "design_delta": step,
                         **{f"unit:{key}": x[j] for j, key in enumerate(keys)}})
    frame = _frame(rows, keys, replicates)
    frame.attrs = {"design": "morris", "design_parameters": list(keys),
                   "design_trajectories": r, "design_levels": levels,
                   "design_replicates": replicates}
    return frame


def lhs_design(keys, n, replicates=1, seed=1):
    """Returns a latin_hypercube design table of n samples."""
    u = qmc.LatinHypercube(len(keys), seed=seed).random(n)
    rows = [{"grid_point": 0, "design_sample": j, "design_block": 0,
             **{f"unit:{key}": u[j, i] for i, key in enumerate(keys)}} for j in range(n)]
    frame = _frame(rows, keys, replicates)
    frame.attrs = {"design": "latin_hypercube", "design_parameters": list(keys),
                   "design_replicates": replicates}
    return frame


def units(table, keys):
    """Returns the unit coordinates [rows, k] of a design table, in key order."""
    return np.column_stack([table[f"unit:{k}"].to_numpy(dtype=float) for k in keys])
