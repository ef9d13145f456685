"""Reading a calibration file (`snsim calibrate`, format "snsim-calibration", analysis/FORMAT.md)
and summarising its posterior: weighted means, medians and credible intervals per parameter, the
generations of the ABC-SMC run, and the posterior predictive band over the observed series.

    cal = open_calibration("results/posterior.h5")
    posterior_frame(cal)              # one row per particle: parameters, weight, distance
    credible_intervals(cal, 0.95)     # per parameter: mean, median, sd, lower, upper, prior range
    generation_table(cal)             # per generation: tolerance, acceptance, ESS, runs
    predictive_band(cal)              # per observed series and step: median and 50%/95% bands

The plots are in plots.py (plot_posterior_marginals, plot_posterior_pairs, plot_predictive,
plot_generations).
"""
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import (DamagedResultsError, FormatVersionError, NotCalibrationError,
                     SelectionError)
from .results import _open_h5, _short, _text

__all__ = ["CALIBRATION_FORMAT", "CALIBRATION_FORMAT_VERSION", "Calibration", "open_calibration",
           "is_calibration_file", "posterior_frame", "weighted_quantile", "credible_intervals",
           "generation_table", "predictive_band", "band_coverage", "effective_sample_size"]

CALIBRATION_FORMAT = "snsim-calibration"
#: The newest calibration format version this package reads.
CALIBRATION_FORMAT_VERSION = 1
#: Bands of the posterior predictive plot and table (central intervals).
PREDICTIVE_LEVELS = (0.5, 0.95)


@dataclass
class Calibration:
    """What a calibration file holds, read into memory (the files are small: population x
    parameters per generation). Arrays are numpy; tables are pandas."""
    path: str
    attrs: dict                   # root attributes (strings decoded, numbers as Python numbers)
    parameters: list              # prior key paths, in the order of the particle columns
    priors: pd.DataFrame          # key, distribution, min, max (mean, sd for truncated_normal)
    observed: pd.DataFrame        # step, metric, brand, value
    summaries: pd.DataFrame       # name, metric, brand, statistic, step, observed, scale
    generations: list             # per generation: dict of particles, weights, distances,
    #                               summaries and its attributes
    posterior: dict               # the last generation's arrays + "generation"
    predictive: dict = field(default_factory=dict)  # particle, summaries, series, series_metric,
    #                                                 series_brand, step (empty when absent)

    @property
    def scenario(self):
        """Returns the calibrated scenario's YAML text."""
        return self.attrs.get("scenario_yaml", "")


def _decode(values):
    return [_text(v).rstrip("\x00") for v in np.asarray(values).ravel()]


def _attr(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    array = np.asarray(value)
    if array.dtype.kind in "SO" and array.ndim >= 1:
        return _decode(array)
    if array.ndim == 0:
        item = array.item()
        return item.decode("utf-8", "replace") if isinstance(item, bytes) else item
    return array.tolist()


def _check_calibration_format(path, attrs):
    if "format" not in attrs or _text(attrs["format"]) != CALIBRATION_FORMAT:
        found = f" (format = {_text(attrs['format'])!r})" if "format" in attrs else ""
        hint = "; it is snsim results: use open_results" \
            if "format" in attrs and _text(attrs["format"]) == "snsim-results" else ""
        raise NotCalibrationError(f"{path}: an HDF5 file, but not an snsim calibration: no root "
                                  f"attribute format = '{CALIBRATION_FORMAT}'{found}{hint}")
    try:
        version = int(np.asarray(attrs.get("format_version")).item())
    except (TypeError, ValueError):
        raise FormatVersionError(f"{path}: format_version {attrs.get('format_version')!r} is not "
                                 "a whole number") from None
    if version > CALIBRATION_FORMAT_VERSION:
        raise FormatVersionError(f"{path}: calibration format version {version} is newer than "
                                 f"this snsim_analysis reads (version {CALIBRATION_FORMAT_VERSION}"
                                 " at most); update snsim_analysis from the snsim that wrote it")
    if version < 1:
        raise FormatVersionError(f"{path}: calibration format version {version} is not valid")
    status = _text(attrs.get("status", "complete"))
    if status != "complete":
        raise DamagedResultsError(f"{path}: calibration status '{status}' (not complete)")
    return version


def is_calibration_file(path):
    """Returns True when path is an HDF5 file with format = "snsim-calibration" (False for anything
    else, including a missing or unreadable file)."""
    try:
        import h5py
        if not Path(path).is_file() or not h5py.is_hdf5(str(path)):
            return False
        with h5py.File(str(path), "r") as f:
            return "format" in f.attrs and _text(f.attrs["format"]) == CALIBRATION_FORMAT
    except OSError:
        return False


def _need(path, group, name):
    if name not in group:
        raise DamagedResultsError(f"{path}: calibration without {group.name.rstrip('/')}/{name}")
    return group[name]


def _read_arrays(path, group, n_parameters, n_summaries):
    """Returns one generation's (or /posterior's) arrays and attributes, shapes checked."""
    out = {name: np.asarray(_need(path, group, name)[()], dtype=np.float64)
           for name in ("particles", "weights", "distances", "summaries")}
    n = out["weights"].shape[0]
    out["particles"] = out["particles"].reshape(n, n_parameters) if out["particles"].size == \
        n * n_parameters else out["particles"]
    out["summaries"] = out["summaries"].reshape(n, n_summaries) if out["summaries"].size == \
        n * n_summaries else out["summaries"]
    if out["particles"].shape != (n, n_parameters) or out["distances"].shape != (n,) \
            or out["summaries"].shape != (n, n_summaries):
        raise DamagedResultsError(f"{path}: {group.name}: particles, weights, distances and "
                                  "summaries do not agree in shape")
    out.update({k: _attr(v) for k, v in group.attrs.items()})
    return out


def open_calibration(path):
    """Returns the Calibration in an snsim calibration file (POSTERIOR.h5 of `snsim calibrate`).

    Raises ResultsFileNotFoundError, NotHDF5Error, NotCalibrationError (an HDF5 file of another
    kind, e.g. snsim results), FormatVersionError or DamagedResultsError (truncated, incomplete,
    or missing a part of the layout)."""
    path = Path(path)
    f = _open_h5(path, kind="calibration file", writer="snsim calibrate")
    try:
        with f:
            attrs = {k: _attr(v) for k, v in f.attrs.items()}
            _check_calibration_format(path, f.attrs)
            parameters = attrs.get("parameters", [])
            parameters = [parameters] if isinstance(parameters, str) else list(parameters)
            priors = _read_priors(path, f, parameters)
            observed = _read_table(path, f, "observed", ("step", "metric", "brand", "value"))
            summaries = _read_table(path, f, "summaries", ("name", "metric", "brand", "statistic",
                                                           "step", "observed", "scale"))
            k, s = len(parameters), len(summaries)
            gens = _need(path, f, "generations")
            generations = []
            for name in sorted(gens, key=int):
                g = _read_arrays(path, gens[name], k, s)
                g["generation"] = int(name)
                generations.append(g)
            posterior = _read_arrays(path, _need(path, f, "posterior"), k, s)
            posterior["generation"] = int(posterior.get("generation", len(generations) - 1))
            predictive = _read_predictive(path, f)
    except OSError as error:
        raise DamagedResultsError(f"{path}: damaged calibration file ({_short(error)})") from None
    except (RuntimeError, ValueError, KeyError) as error:
        raise DamagedResultsError(f"{path}: unreadable calibration file ({_short(error)})") \
            from None
    if not generations:
        raise DamagedResultsError(f"{path}: calibration without any generation")
    return Calibration(str(path), attrs, parameters, priors, observed, summaries, generations,
                       posterior, predictive)


def _read_priors(path, f, parameters):
    group = _need(path, f, "priors")
    rows = []
    for name in sorted(group, key=int):
        a = {k: _attr(v) for k, v in group[name].attrs.items()}
        rows.append({"key": a.get("key", ""), "distribution": a.get("distribution", "uniform"),
                     "min": float(a.get("min", np.nan)), "max": float(a.get("max", np.nan)),
                     "mean": float(a.get("mean", np.nan)), "sd": float(a.get("sd", np.nan))})
    frame = pd.DataFrame(rows, columns=["key", "distribution", "min", "max", "mean", "sd"])
    if list(frame["key"]) != parameters:
        raise DamagedResultsError(f"{path}: /priors keys {list(frame['key'])} differ from the "
                                  f"parameters attribute {parameters}")
    return frame


def _read_table(path, f, name, columns):
    group = _need(path, f, name)
    data = {}
    for c in columns:
        values = np.asarray(_need(path, group, c)[()])
        data[c] = _decode(values) if values.dtype.kind in "SOU" else values.ravel()
    return pd.DataFrame(data, columns=list(columns))


def _read_predictive(path, f):
    if "predictive" not in f:
        return {}
    g = f["predictive"]
    out = {"particle": np.asarray(_need(path, g, "particle")[()], dtype=np.int64),
           "summaries": np.asarray(_need(path, g, "summaries")[()], dtype=np.float64),
           "series": np.asarray(_need(path, g, "series")[()], dtype=np.float64),
           "series_metric": _decode(_need(path, g, "series_metric")[()]),
           "series_brand": _decode(_need(path, g, "series_brand")[()]),
           "step": np.asarray(_need(path, g, "step")[()], dtype=np.int64)}
    m, q, t = len(out["particle"]), len(out["series_metric"]), len(out["step"])
    if out["series"].size == m * q * t:
        out["series"] = out["series"].reshape(m, q, t)
    else:
        raise DamagedResultsError(f"{path}: /predictive/series is not [{m}][{q}][{t}]")
    return out


def _as_calibration(cal):
    return cal if isinstance(cal, Calibration) else open_calibration(cal)


def _generation(cal, generation):
    """Returns the arrays of one generation (None: the posterior, the last one)."""
    if generation is None:
        return cal.posterior
    numbers = [g["generation"] for g in cal.generations]
    if generation < 0:
        generation = numbers[-1] + 1 + generation
    if generation not in numbers:
        raise SelectionError(f"no generation {generation} (generations 0..{numbers[-1]})")
    return cal.generations[numbers.index(generation)]


def posterior_frame(cal, generation=None):
    """Returns the weighted particles as a DataFrame: one row per particle with columns particle,
    generation, weight (summing to 1), distance, then one column per parameter (natural units).
    generation: None for the posterior (the last generation), else its number (-1: the last)."""
    cal = _as_calibration(cal)
    g = _generation(cal, generation)
    n = len(g["weights"])
    frame = pd.DataFrame({"particle": np.arange(n), "generation": g["generation"],
                          "weight": g["weights"], "distance": g["distances"]})
    for i, key in enumerate(cal.parameters):
        frame[key] = g["particles"][:, i]
    frame.attrs["parameters"] = list(cal.parameters)
    return frame


def effective_sample_size(weights):
    """Returns Kish's effective sample size (sum w)^2 / sum w^2 of a weighted sample (particles)."""
    w = np.asarray(weights, dtype=float)
    return float(w.sum() ** 2 / np.sum(w ** 2)) if np.sum(w ** 2) > 0 else 0.0


def weighted_quantile(values, weights, q):
    """Returns the q-quantiles of a weighted sample: the smallest value whose cumulative weight
    (values sorted, weights normalised to 1) reaches q (the inverse of the weighted empirical
    distribution function; equal weights give numpy's 'inverted_cdf'). q: a number or array in
    [0, 1]. A relative slack of 1e-12 absorbs rounding in the cumulative sum."""
    values = np.asarray(values, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if values.shape != weights.shape or values.ndim != 1 or values.size == 0:
        raise SelectionError("weighted_quantile: values and weights must be 1-d, same length, "
                             "not empty")
    if np.any(weights < 0) or not np.isfinite(weights).all() or weights.sum() <= 0:
        raise SelectionError("weighted_quantile: weights must be finite, >= 0, not all 0")
    order = np.argsort(values, kind="stable")
    v, cw = values[order], np.cumsum(weights[order]) / weights.sum()
    qs = np.atleast_1d(np.asarray(q, dtype=float))
    if np.any((qs < 0) | (qs > 1)):
        raise SelectionError(f"weighted_quantile: q must be in [0, 1], not {q}")
    index = np.searchsorted(cw, qs * (1 - 1e-12), side="left")
    result = v[np.minimum(index, len(v) - 1)]
    return result if np.ndim(q) else float(result[0])


def _check_level(level):
    if not 0 < level < 1:
        raise SelectionError(f"level must be between 0 and 1, not {level}")


def credible_intervals(cal, level=0.95, generation=None):
    """Returns one row per parameter: mean, sd, median (weighted), lower and upper (the central
    credible interval at `level`: the weighted (1-level)/2 and (1+level)/2 quantiles), level,
    the prior's distribution, min and max, and the posterior's effective sample size."""
    _check_level(level)
    cal = _as_calibration(cal)
    g = _generation(cal, generation)
    w = g["weights"] / g["weights"].sum()
    rows = []
    for i, key in enumerate(cal.parameters):
        x = g["particles"][:, i]
        mean = float(np.sum(w * x))
        lower, median, upper = weighted_quantile(x, w, [(1 - level) / 2, 0.5, (1 + level) / 2])
        prior = cal.priors.iloc[i]
        rows.append({"parameter": key, "mean": mean,
                     "sd": float(np.sqrt(np.sum(w * (x - mean) ** 2))), "median": median,
                     "lower": lower, "upper": upper, "level": level,
                     "prior": prior["distribution"], "prior_min": prior["min"],
                     "prior_max": prior["max"], "ess": effective_sample_size(w)})
    return pd.DataFrame(rows)


def generation_table(cal):
    """Returns one row per generation: generation, tolerance (epsilon its particles met),
    acceptance_rate, ess, runs (simulations it took), runs_total (so far), population."""
    cal = _as_calibration(cal)
    rows = []
    for g in cal.generations:
        rows.append({"generation": g["generation"], "tolerance": float(g.get("tolerance", np.nan)),
                     "acceptance_rate": float(g.get("acceptance_rate", np.nan)),
                     "ess": float(g.get("ess", effective_sample_size(g["weights"]))),
                     "runs": int(g.get("runs", 0)), "runs_total": int(g.get("runs_total", 0)),
                     "population": int(g.get("population", len(g["weights"]))),
                     "distance_median": float(np.median(g["distances"]))})
    return pd.DataFrame(rows)


def predictive_band(cal, levels=PREDICTIVE_LEVELS):
    """Returns the posterior predictive band of every simulated series: one row per metric, brand
    and step with median, and lower_<pct>/upper_<pct> for each central level (e.g. lower_95), over
    the predictive runs (draws from the posterior by weight, so equally weighted here), and the
    observed value at that step (NaN where none was observed). Raises NotAvailableError without
    /predictive."""
    from .errors import NotAvailableError

    cal = _as_calibration(cal)
    p = cal.predictive
    if not p or len(p["particle"]) == 0:
        raise NotAvailableError("no posterior predictive runs in this calibration "
                                "(calibrate: predictive: 0)")
    for level in levels:
        _check_level(level)
    rows = []
    observed = cal.observed
    for j, (metric, brand) in enumerate(zip(p["series_metric"], p["series_brand"])):
        values = p["series"][:, j, :]
        seen = observed[(observed["metric"] == metric) & (observed["brand"] == brand)]
        seen = dict(zip(seen["step"].astype(int), seen["value"].astype(float)))
        qs = [0.5] + [x for level in levels for x in ((1 - level) / 2, (1 + level) / 2)]
        table = np.nanquantile(values, qs, axis=0) if values.size else \
            np.full((len(qs), len(p["step"])), np.nan)
        for t, step in enumerate(p["step"]):
            row = {"metric": metric, "brand": brand, "step": int(step), "median": table[0, t]}
            for n, level in enumerate(levels):
                pct = f"{100 * level:g}"
                row[f"lower_{pct}"] = table[1 + 2 * n, t]
                row[f"upper_{pct}"] = table[2 + 2 * n, t]
            row["observed"] = seen.get(int(step), np.nan)
            rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["levels"] = tuple(levels)
    return frame


def band_coverage(cal, level=0.95):
    """Returns the share of the observed points (series steps) inside the central predictive band
    at level (NaN when nothing simulated was observed)."""
    band = predictive_band(cal, levels=(level,))
    pct = f"{100 * level:g}"
    seen = band.dropna(subset=["observed"])
    if seen.empty:
        return np.nan
    inside = (seen["observed"] >= seen[f"lower_{pct}"]) & (seen["observed"] <= seen[f"upper_{pct}"])
    return float(inside.mean())
