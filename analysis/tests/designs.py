"""Test functions with known sensitivity indices (Ishigami, Sobol' g-function), evaluated on the
unit-cube coordinates of snsim's own designs (test_sensitivity.design)."""
import numpy as np

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


def units(table, keys):
    """Returns the unit coordinates [rows, k] of a design table, in key order."""
    return np.column_stack([table[f"unit:{k}"].to_numpy(dtype=float) for k in keys])
