"""Loading snsim results files (format version 1, see analysis/FORMAT.md) into xarray and pandas.

open_results() reads one or several files into one xarray.Dataset with dimensions run, step and
brand; every metric is a variable ([run, step, brand] per brand, [run, step] population-wide), and
each run's seed, replicate, status, wall time, source file and parameters are coordinates on run.
to_frame() turns it into a tidy pandas DataFrame.
"""
import os
import re
import shlex
from pathlib import Path

try:
    import h5py
except ImportError as e:  # not a pip dependency (pyproject.toml says why)
    raise ImportError("snsim_analysis needs h5py: on Debian `apt install python3-h5py`, elsewhere "
                      "`pip install 'snsim-analysis[h5py]'` (or pip install h5py)") from e
import numpy as np
import pandas as pd
import xarray as xr

from .errors import (DamagedResultsError, FormatVersionError, NotHDF5Error, NotSnsimResultsError,
                     ResultsFileNotFoundError, SelectionError, UnknownMetricError)

FORMAT_NAME = "snsim-results"
#: The newest format version this package reads.
FORMAT_VERSION = 1
#: The brand label of population-wide metrics in to_frame().
POPULATION = "(population)"
#: Run coordinates that are not parameters.
RUN_FIELDS = ("seed", "replicate", "status", "wall_time_s", "source", "index_in_file")
#: /table columns of a sampled sweep design (sobol, morris, latin_hypercube, random) that describe
#: where a run sits in its design; they become run coordinates, never parameters. Each sampled key
#: also has a `unit:<key>` column (its unit-cube coordinate). Missing values: -1 (ints), NaN.
DESIGN_COLUMNS = {"grid_point": np.int64, "design_sample": np.int64, "design_block": np.int64,
                  "design_moved": np.int64, "design_delta": np.float64}
UNIT_PREFIX = "unit:"
_AXES = ("step", "brand")


def open_results(paths, params="auto"):
    """Returns every run of one or several results files as one xarray.Dataset.

    paths: a path or a list of paths; runs are concatenated in order and numbered 0..N-1 on `run`.
    params: "auto" takes each run's `param:<key>` attributes and, for a file made by `snsim run
    --set key=value` or `snsim sweep --set`, the --set overrides of its command line (seed and
    sweep.* excepted); "attributes" takes the attributes only. A sweep file's /table fills any
    swept key a run group lacks. Parameters become coordinates on run (numbers when every value
    parses); seeds are uint64. A sampled sweep design's /table columns (grid_point, design_sample,
    design_block, design_moved, design_delta, unit:<key>) become coordinates on run too, not
    parameters, and its /table attributes (design, design_parameters as a list, ...) ds.attrs.
    Raises a SnsimAnalysisError subclass for a missing, non-HDF5, foreign, newer or damaged file.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise SelectionError("open_results: no results files given")
    if params not in ("auto", "attributes"):
        raise SelectionError(f"open_results: params must be 'auto' or 'attributes', not {params!r}")
    runs, files = [], []
    for path in paths:
        file_info, file_runs = _read_file(path, params)
        files.append(file_info)
        runs.extend(file_runs)
    if not runs:
        raise SelectionError("no runs in " + ", ".join(str(p) for p in paths))
    return _assemble(runs, files)


def _open_h5(path, kind="results file", writer="snsim run"):
    """Returns the open h5py.File at path, or raises the error that says why it cannot be read
    (kind and writer name what was expected, e.g. "calibration file", "snsim calibrate")."""
    if not path.exists():
        raise ResultsFileNotFoundError(f"{path}: no such file")
    if path.is_dir():
        raise NotHDF5Error(f"{path}: is a folder, not a {kind}")
    if path.suffix == ".partial":
        raise DamagedResultsError(f"{path}: an incomplete {kind} (still being written, or "
                                  "left by a run that failed); use the file without .partial")
    try:
        is_hdf5 = h5py.is_hdf5(str(path))
    except OSError as error:
        raise NotHDF5Error(f"{path}: cannot be read ({error})") from None
    if not is_hdf5:
        raise NotHDF5Error(f"{path}: not an HDF5 file (an snsim {kind} is HDF5, written by "
                           f"`{writer}`)")
    try:
        return h5py.File(str(path), "r")
    except OSError as error:
        raise DamagedResultsError(f"{path}: damaged or truncated HDF5 file ({_short(error)})") \
            from None


def _short(error):
    text = " ".join(str(error).split())
    return text if len(text) < 200 else text[:197] + "..."


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return str(value)


def check_format(path, attrs):
    """Raises NotSnsimResultsError or FormatVersionError unless attrs describe a readable file."""
    if "format" not in attrs or _text(attrs["format"]) != FORMAT_NAME:
        found = f" (format = {_text(attrs['format'])!r})" if "format" in attrs else ""
        if "format" in attrs and _text(attrs["format"]) == "snsim-calibration":
            found += "; it is a calibration (snsim calibrate): use open_calibration"
        raise NotSnsimResultsError(f"{path}: an HDF5 file, but not snsim results: no root attribute "
                                   f"format = '{FORMAT_NAME}'{found}")
    if "format_version" not in attrs:
        raise NotSnsimResultsError(f"{path}: snsim results without a format_version attribute")
    try:
        version = int(np.asarray(attrs["format_version"]).item())
    except (TypeError, ValueError):
        raise FormatVersionError(f"{path}: format_version {attrs['format_version']!r} is not a "
                                 "whole number") from None
    if version > FORMAT_VERSION:
        raise FormatVersionError(
            f"{path}: results format version {version} is newer than this snsim_analysis reads "
            f"(version {FORMAT_VERSION} at most); update snsim_analysis from the snsim that wrote "
            f"the file (snsim {_text(attrs.get('snsim_version', '?'))})")
    if version < 1:
        raise FormatVersionError(f"{path}: results format version {version} is not valid (>= 1)")
    return version


def _read_file(path, params):
    f = _open_h5(path)
    try:
        with f:
            attrs = dict(f.attrs)
            version = check_format(path, attrs)
            info = {
                "path": str(path),
                "format_version": version,
                "snsim_version": _text(attrs.get("snsim_version", "")),
                "created": _text(attrs.get("created", "")),
                "command_line": _text(attrs.get("command_line", "")),
                "scenario": _text(attrs.get("scenario", "")),
            }
            overrides = command_line_overrides(info["command_line"]) if params == "auto" else {}
            if "runs" not in f or not isinstance(f["runs"], h5py.Group):
                raise NotSnsimResultsError(f"{path}: snsim results without a /runs group")
            runs = [_read_run(path, name, f["runs"][name], overrides) for name in sorted(f["runs"])]
            table = _read_table(path, f)
            info["sweep"] = table is not None
            info["design"] = _read_design_attributes(f) if table is not None else {}
            if table is not None:
                _fill_from_table(path, runs, table)
            for run in runs:
                run["scenario"] = info["scenario"]
            return info, runs
    except OSError as error:  # a checksum failure or a truncated dataset while reading
        raise DamagedResultsError(f"{path}: damaged results file ({_short(error)})") from None
    except (RuntimeError, ValueError) as error:
        raise DamagedResultsError(f"{path}: unreadable results file ({_short(error)})") from None


def command_line_overrides(command_line):
    """Returns {key path: value text} of the `--set key=value` options in an snsim command line."""
    try:
        words = shlex.split(command_line)
    except ValueError:
        words = command_line.split()
    found = {}
    for i, word in enumerate(words):
        if word == "--set" and i + 1 < len(words):
            setting = words[i + 1]
        elif word.startswith("--set="):
            setting = word[len("--set="):]
        else:
            continue
        key, sep, value = setting.partition("=")
        # seed is a run coordinate; sweep.* (replicates, grid, ...) shapes a sweep, not its runs
        if sep and key.strip() and key.strip() != "seed" and not key.strip().startswith("sweep."):
            found[key.strip()] = value.strip()
    return found


def _read_table(path, f):
    """Returns a sweep file's /table as {column: list of values} (None when there is none)."""
    if "table" not in f:
        return None
    group = f["table"]
    if not isinstance(group, h5py.Group) or "index" not in group:
        raise NotSnsimResultsError(f"{path}: /table has no 'index' column")
    table = {}
    for name, column in group.items():
        if not isinstance(column, h5py.Dataset) or column.ndim != 1:
            continue
        values = column[()]
        if values.dtype.kind in "SUO":
            table[name] = [_text(v).rstrip("\x00") for v in values]
        else:
            table[name] = values.tolist()
    return table


def _read_design_attributes(f):
    """Returns the `design*` attributes of /table as {name: str, int or list of key paths}."""
    found = {}
    for name, value in f["table"].attrs.items():
        if not name.startswith("design"):
            continue
        if name == "design_parameters":
            text = _text(value)
            found[name] = [k for k in text.split("\n") if k]
        elif isinstance(value, (bytes, str)) or np.asarray(value).dtype.kind in "SUO":
            found[name] = _text(value)
        else:
            found[name] = int(np.asarray(value).item())
    return found


def is_design_column(name):
    """Returns True for a /table column that places a run in its design (not a parameter)."""
    return name in DESIGN_COLUMNS or name.startswith(UNIT_PREFIX)


def _number_text(value):
    """Returns a /table value as the text a `param:` attribute would hold (10.0 -> '10')."""
    if isinstance(value, float) and np.isfinite(value) and value == round(value) \
            and abs(value) < 2**53:
        return str(int(value))
    return _text(value) if not isinstance(value, float) else repr(value)


def _fill_from_table(path, runs, table):
    """Fills parameters a run group lacks from its /table row (the table is the sweep's record)."""
    rows = {int(index): i for i, index in enumerate(table["index"])}
    fixed = {"index", "seed", "replicate", "status", "wall_time_s"}
    for run in runs:
        row = rows.get(run["index_in_file"])
        if row is None:
            raise DamagedResultsError(f"{path}: run {run['index_in_file']} is not in /table")
        for key, values in table.items():
            if is_design_column(key):
                run["design"][key] = values[row]
            elif key not in fixed and key not in run["swept"]:  # a swept key beats a --set one
                run["params"][key] = _number_text(values[row])


def _is_step_scale(dataset, step):
    """Returns True when dataset's first axis is attached to the `step` scale, False when to
    another scale, None when to none. Compares object ids first: h5py's .name of a scale searches
    the file, which made opening a sweep of thousands of runs take minutes."""
    try:
        dims = dataset.dims[0]
        if len(dims) == 0:
            return None
        scale = dims[0]
        return scale.id == step.id or scale.name.rsplit("/", 1)[-1] == "step"
    except (IndexError, RuntimeError, KeyError):
        return None


def _read_run(path, name, group, overrides):
    where = f"{path}: /runs/{name}"
    if not isinstance(group, h5py.Group):
        raise NotSnsimResultsError(f"{where} is not a group")
    for axis in _AXES:
        if axis not in group:
            raise NotSnsimResultsError(f"{where} has no '{axis}' dataset")
    steps = np.asarray(group["step"][:], dtype=np.int64)
    brands = [_text(b).rstrip("\x00") for b in group["brand"][:]]
    a = group.attrs
    run = {
        "source": str(path),
        "scenario": "",
        "index_in_file": int(a["index"]) if "index" in a else int(name),
        "seed": int(a["seed"]) if "seed" in a else 0,
        "replicate": int(a["replicate"]) if "replicate" in a else 0,
        "status": _text(a.get("status", "unknown")),
        "wall_time_s": float(a.get("wall_time_s", np.nan)),
        "params": {},
        "design": {},
        "steps": steps,
        "brands": brands,
        "metrics": {},
        "extras": {},
    }
    for key, value in a.items():
        if key.startswith("param:"):
            run["params"][key[len("param:"):]] = _text(value)
    run["swept"] = set(run["params"])
    for key, value in overrides.items():  # a sweep's own keys first, then its command's --set
        run["params"].setdefault(key, value)

    step_scale = group["step"]

    def visit(rel, obj):
        if not isinstance(obj, h5py.Dataset) or rel in _AXES:
            return
        shape = obj.shape
        first = _is_step_scale(obj, step_scale) if len(shape) >= 1 else None
        is_series = first if first is not None else (
            len(shape) in (1, 2) and shape[0] == len(steps)
            and (len(shape) == 1 or shape[1] == len(brands)))
        if not is_series or len(shape) not in (1, 2):
            run["extras"][rel] = obj[()]  # a snapshot (for example cascade sizes)
            return
        run["metrics"][rel] = (np.asarray(obj[()], dtype=np.float64),
                               {"units": _text(obj.attrs.get("units", "")),
                                "long_name": _text(obj.attrs.get("long_name", rel))})

    group.visititems(visit)
    return run


def _maybe_numeric(values):
    try:
        numbers = [float(v) if v is not None else np.nan for v in values]
    except ValueError:
        return np.array([v if v is not None else "" for v in values], dtype=object)
    numbers = np.array(numbers)
    if np.all(np.isnan(numbers) | (numbers == np.round(numbers))) and not np.any(np.isnan(numbers)):
        return numbers.astype(np.int64) if np.all(np.abs(numbers) < 2**62) else numbers
    return numbers


def _assemble(runs, files):
    steps = np.unique(np.concatenate([r["steps"] for r in runs]))
    brands = []
    for r in runs:
        brands.extend(b for b in r["brands"] if b not in brands)
    step_pos = {s: i for i, s in enumerate(steps)}
    brand_pos = {b: i for i, b in enumerate(brands)}
    names, meta = [], {}
    for r in runs:
        for m, (_, attrs) in r["metrics"].items():
            if m not in meta:
                names.append(m)
                meta[m] = attrs
    data_vars = {}
    for m in names:
        per_brand = any(values.ndim == 2 for r in runs
                        for mm, (values, _) in r["metrics"].items() if mm == m)
        shape = (len(runs), len(steps)) + ((len(brands),) if per_brand else ())
        array = np.full(shape, np.nan)
        for i, r in enumerate(runs):
            if m not in r["metrics"]:
                continue
            values = r["metrics"][m][0]
            rows = [step_pos[s] for s in r["steps"]]
            if per_brand:
                cols = [brand_pos[b] for b in r["brands"]]
                array[i][np.ix_(rows, cols)] = values.reshape(len(rows), len(cols))
            else:
                array[i, rows] = values
        dims = ("run", "step", "brand") if per_brand else ("run", "step")
        data_vars[m] = xr.Variable(dims, array, attrs=meta[m])
    param_keys = []
    for r in runs:
        param_keys.extend(k for k in r["params"] if k not in param_keys)
    # A run that did not set a parameter another run set used its scenario's value: look it up.
    for r in runs:
        for key in param_keys:
            if key not in r["params"]:
                value = scenario_value(r["scenario"], key)
                if value is not None:
                    r["params"][key] = value
    coords = {
        "run": np.arange(len(runs)),
        "step": steps,
        "brand": np.array(brands, dtype=object),
        # snsim seeds are 64-bit unsigned (a sweep's run seeds use the whole range)
        "seed": ("run", np.array([r["seed"] for r in runs], dtype=np.uint64)),
        "replicate": ("run", np.array([r["replicate"] for r in runs], dtype=np.int64)),
        "status": ("run", np.array([r["status"] for r in runs], dtype=object)),
        "wall_time_s": ("run", np.array([r["wall_time_s"] for r in runs])),
        "source": ("run", np.array([r["source"] for r in runs], dtype=object)),
        "index_in_file": ("run", np.array([r["index_in_file"] for r in runs], dtype=np.int64)),
    }
    for key in param_keys:
        if key in coords or key in data_vars:
            raise SelectionError(f"parameter '{key}' clashes with a coordinate or metric name")
        coords[key] = ("run", _maybe_numeric([r["params"].get(key) for r in runs]))
    design_keys = []
    for r in runs:
        design_keys.extend(k for k in r["design"] if k not in design_keys)
    for key in design_keys:  # a run from a file without the column gets -1 or NaN
        kind = DESIGN_COLUMNS.get(key, np.float64)
        missing = -1 if kind is np.int64 else np.nan
        coords[key] = ("run", np.array([r["design"].get(key, missing) for r in runs], dtype=kind))
    ds = xr.Dataset(data_vars, coords=coords)
    ds.attrs["format_version"] = max(f["format_version"] for f in files)
    ds.attrs["snsim_version"] = files[0]["snsim_version"]
    ds.attrs["scenario"] = files[0]["scenario"]
    ds.attrs["sources"] = [f["path"] for f in files]
    ds.attrs["parameters"] = param_keys
    # The sweep design (/table attributes design, design_parameters, ...), when every file agrees.
    designs = [f.get("design", {}) for f in files]
    if designs[0] and all(d == designs[0] for d in designs):
        ds.attrs.update(designs[0])
    elif any(designs):
        ds.attrs["design"] = "mixed"
    # In memory only (not netCDF-serialisable): per-file details and per-run snapshots.
    ds.attrs["files"] = files
    ds.attrs["snapshots"] = [r["extras"] for r in runs]
    return ds


_SCENARIO_CACHE = {}


def scenario_value(scenario_text, key_path):
    """Returns the value text at a key path (e.g. brands[0].budget.money_per_step) of a scenario's
    YAML text, or None when the path is absent or the text is not YAML."""
    if scenario_text not in _SCENARIO_CACHE:
        try:
            import yaml
            _SCENARIO_CACHE[scenario_text] = yaml.safe_load(scenario_text)
        except Exception:  # no PyYAML, or text that is not YAML: the value stays unknown
            _SCENARIO_CACHE[scenario_text] = None
    node = _SCENARIO_CACHE[scenario_text]
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key_path):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(node, list) or index >= len(node):
                return None
            node = node[index]
        else:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
    if isinstance(node, (dict, list)) or node is None:
        return None
    return str(node)


def metric_names(ds):
    """Returns the names of the metrics in ds (the data variables), in file order."""
    return [str(name) for name in ds.data_vars]


def get_metric(ds, name):
    """Returns metric `name` of ds as a DataArray; raises UnknownMetricError (with a suggestion)."""
    if name not in ds.data_vars:
        raise UnknownMetricError(name, metric_names(ds))
    return ds[name]


def parameter_names(ds, varying_only=False):
    """Returns the sweep parameters of ds (coordinates on run), optionally only those that vary."""
    keys = list(ds.attrs.get("parameters", []))
    if varying_only:
        keys = [k for k in keys if len(pd.unique(ds[k].values)) > 1]
    return keys


def to_frame(ds_or_paths, metrics=None):
    """Returns a tidy DataFrame: run, parameters..., seed, replicate, step, brand, metric, value.

    Population-wide metrics get brand = POPULATION. Steps missing from a run are dropped.
    """
    ds = ds_or_paths if isinstance(ds_or_paths, xr.Dataset) else open_results(ds_or_paths)
    if metrics is None:
        metrics = metric_names(ds)
    elif isinstance(metrics, str):
        metrics = [metrics]
    params = parameter_names(ds)
    frames = []
    for m in metrics:
        da = get_metric(ds, m)
        if "brand" not in da.dims:
            da = da.expand_dims(brand=[POPULATION], axis=-1)
        values = da.values
        run, step, brand = np.meshgrid(np.arange(values.shape[0]), np.arange(values.shape[1]),
                                       np.arange(values.shape[2]), indexing="ij")
        frame = pd.DataFrame({
            "run": ds["run"].values[run.ravel()],
            "step": ds["step"].values[step.ravel()],
            "brand": np.asarray(da["brand"].values, dtype=object)[brand.ravel()],
            "metric": m,
            "value": values.ravel(),
        })
        frames.append(frame)
    columns = ["run"] + params + ["seed", "replicate", "step", "brand", "metric", "value"]
    if not frames:
        return pd.DataFrame(columns=columns)
    frame = pd.concat(frames, ignore_index=True)
    frame = frame[~(frame["value"].isna() & _missing_step(ds, frame))]
    run_info = pd.DataFrame({k: ds[k].values for k in params + ["seed", "replicate"]})
    run_info["run"] = ds["run"].values
    frame = frame.merge(run_info, on="run", how="left")
    return frame[columns].reset_index(drop=True)


def _missing_step(ds, frame):
    # A step is missing from a run when every metric of that run is NaN there (outer-joined files).
    present = np.zeros((ds.sizes["run"], ds.sizes["step"]), dtype=bool)
    for m in ds.data_vars:
        v = ds[m].values
        present |= ~np.isnan(v).all(axis=2) if v.ndim == 3 else ~np.isnan(v)
    run_pos = {r: i for i, r in enumerate(ds["run"].values)}
    step_pos = {s: i for i, s in enumerate(ds["step"].values)}
    rows = frame["run"].map(run_pos).to_numpy()
    cols = frame["step"].map(step_pos).to_numpy()
    return ~present[rows, cols]


#: Prefix of the per-brand cascade-size histogram metrics: `cascade_size_histogram/<lo>-<hi>` is
#: the number of the brand's posts whose cascade has lo to hi people so far (the social_media
#: process writes them, in power-of-two bins).
CASCADE_HISTOGRAM = "cascade_size_histogram/"


def cascade_size_histogram(ds, by=None):
    """Returns the cascade-size distribution of each strategy's posts at the last step.

    A DataFrame with one row per strategy (the parameters `by`, default those that vary, and the
    brand) and size bin: the parameters, brand, lower, upper (people per cascade, the bin's
    bounds, inclusive), posts (the mean over the strategy's runs of the brand's posts whose cascade
    has lower..upper people, at each run's last step), share (posts / the strategy's posts in all
    bins).
    Read from the `cascade_size_histogram/<lo>-<hi>` metrics; raises NotAvailableError when the
    results have none (the social_media process was not in the pipeline).
    """
    from .errors import NotAvailableError
    from .summary import final_value

    bins = []
    for name in metric_names(ds):
        if name.startswith(CASCADE_HISTOGRAM):
            lo, _, hi = name[len(CASCADE_HISTOGRAM):].partition("-")
            bins.append((int(lo), int(hi or lo), name))
    if not bins:
        raise NotAvailableError("no cascade_size_histogram/* metrics in these results (written "
                                "by the social_media process)")
    parts = []
    for lo, hi, name in sorted(bins):
        table = final_value(ds, name, summary=True, by=by)
        keys = [c for c in table.columns if c not in ("n", "mean", "sd", "lower", "upper")]
        part = table[keys].copy()
        part["lower"], part["upper"], part["posts"] = lo, hi, table["mean"].to_numpy()
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    keys = [c for c in frame.columns if c not in ("lower", "upper", "posts")]
    totals = frame.groupby(keys, dropna=False)["posts"].transform("sum")
    frame["share"] = np.where(totals > 0, frame["posts"] / totals.where(totals > 0, 1.0), np.nan)
    return frame


def cascade_sizes(ds, run=None):
    """Returns the cascade sizes recorded in a snapshot (1-D array), or None when none exists.

    Looks for a snapshot dataset whose name ends in 'cascade_sizes' in the given run (default: all
    runs, concatenated). snsim 0.1 writes no such snapshot: it records cascade sizes as
    histograms over time, read by cascade_size_histogram().
    """
    snaps = ds.attrs.get("snapshots", [])
    chosen = snaps if run is None else [snaps[int(run)]]
    found = [np.ravel(np.asarray(v, dtype=float)) for extras in chosen
             for name, v in extras.items() if name.rsplit("/", 1)[-1] == "cascade_sizes"]
    if not found:
        return None
    return np.concatenate(found)


def run_mask(ds, selection, unknown):
    """Returns a boolean array over runs: the runs whose coordinates equal every value of
    selection ({coordinate: value}; numbers compared with np.isclose, others as text).
    Raises SelectionError(unknown(key)) for a key that is not a per-run coordinate."""
    mask = np.ones(ds.sizes["run"], dtype=bool)
    for key, value in selection.items():
        if key not in ds.coords or ds[key].dims != ("run",):
            raise SelectionError(unknown(key))
        column = ds[key].values
        if column.dtype.kind in "fiu":
            try:
                mask &= np.isclose(column.astype(float), float(value))
            except (TypeError, ValueError):
                mask &= False
        else:
            mask &= column == str(value)
    return mask
