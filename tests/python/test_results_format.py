"""Checks an snsim results file with h5py and xarray alone, as a user without snsim would read it.

The file is named by the environment variable SNSIM_RESULTS, for example one written by
    SNSIM_RESULTS=/tmp/sample.h5 build/tests/snsim_tests "[fixture]"
    SNSIM_RESULTS=/tmp/sample.h5 /usr/bin/python3 -m pytest tests/python
The layout is documented at the top of include/snsim/io/results_writer.hpp.
"""
import os

import h5py
import numpy as np
import pytest
import xarray as xr

AXES = ("step", "brand")


@pytest.fixture(scope="module")
def path():
    value = os.environ.get("SNSIM_RESULTS")
    if not value:
        pytest.fail("SNSIM_RESULTS is not set: it must name the results file to check "
                    "(write one with: SNSIM_RESULTS=/tmp/sample.h5 snsim_tests \"[fixture]\")",
                    pytrace=False)
    if not os.path.isfile(value):
        pytest.fail(f"SNSIM_RESULTS={value} is not a file", pytrace=False)
    return value


@pytest.fixture(scope="module")
def h5(path):
    with h5py.File(path, "r") as f:
        yield f


def run_groups(f):
    assert "runs" in f, "no /runs group"
    assert len(f["runs"]) > 0, "no runs in /runs"
    return [(name, f["runs"][name]) for name in f["runs"]]


def metrics(run):
    """Returns {relative name: dataset} of every metric in a run group, nested ones included."""
    found = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset) and name not in AXES:
            found[name] = obj

    run.visititems(visit)
    return found


def all_datasets(f):
    found = []
    f.visititems(lambda name, obj: found.append(obj) if isinstance(obj, h5py.Dataset) else None)
    return found


def test_root_attributes(h5):
    attrs = h5.attrs
    assert attrs["format"] == "snsim-results"
    assert int(attrs["format_version"]) == 1
    for name in ("snsim_version", "scenario", "command_line", "created"):
        assert isinstance(attrs[name], str), f"root attribute {name} is not a string"
    assert attrs["scenario"].strip(), "the scenario YAML text is empty"
    assert attrs["created"].endswith("Z"), "created is not ISO-8601 UTC"


def test_run_groups_and_attributes(h5):
    for name, run in run_groups(h5):
        assert len(name) >= 6 and name.isdigit(), f"run group name {name}"
        assert int(run.attrs["index"]) == int(name)
        for key in ("seed", "replicate", "wall_time_s"):
            assert key in run.attrs, f"run {name} has no {key}"
        assert run.attrs["status"] == "complete"
        for key, value in run.attrs.items():
            if key.startswith("param:"):
                assert isinstance(value, str)


def test_axes_are_dimension_scales(h5):
    for name, run in run_groups(h5):
        step, brand = run["step"], run["brand"]
        assert h5py.h5ds.is_scale(step.id) and h5py.h5ds.is_scale(brand.id)
        assert step.attrs["NAME"] == b"step" and brand.attrs["NAME"] == b"brand"
        assert step.dtype == np.int32
        np.testing.assert_array_equal(step[:], np.arange(step.shape[0]))
        assert h5py.check_string_dtype(brand.dtype).encoding == "utf-8"
        assert len(set(brand.asstr()[:])) == brand.shape[0], "brand names repeat"


def test_metric_shapes_scales_and_units(h5):
    for name, run in run_groups(h5):
        steps, brands = run["step"].shape[0], run["brand"].shape[0]
        found = metrics(run)
        assert found, f"run {name} has no metrics"
        for metric, ds in found.items():
            where = f"runs/{name}/{metric}"
            assert ds.dtype == np.float64, where
            assert ds.shape in ((steps, brands), (steps,)), f"{where} shape {ds.shape}"
            assert ds.dims[0][0] == run["step"], f"{where}: step scale not attached"
            if ds.ndim == 2:
                assert ds.dims[1][0] == run["brand"], f"{where}: brand scale not attached"
            assert isinstance(ds.attrs["units"], str), f"{where} has no units"
            assert isinstance(ds.attrs["long_name"], str), f"{where} has no long_name"


def test_every_dataset_is_checksummed_and_compressed(h5):
    for ds in all_datasets(h5):
        assert ds.fletcher32, f"{ds.name} has no Fletcher32 checksum"
        assert ds.compression == "gzip", f"{ds.name} is not compressed"
        assert ds.shuffle, f"{ds.name} is not shuffled"
        assert ds.chunks is not None and ds.chunks[0] <= 1024


def test_xarray_reads_runs_with_coordinates(path, h5):
    for name, run in run_groups(h5):
        with xr.open_dataset(path, group=f"runs/{name}", engine="h5netcdf") as ds:
            assert set(ds.dims) == set(AXES)
            np.testing.assert_array_equal(ds["step"].values, run["step"][:])
            assert list(ds["brand"].values) == list(run["brand"].asstr()[:])
            for metric, h5ds in metrics(run).items():
                if "/" in metric:
                    continue  # nested metrics: next test
                assert ds[metric].dims == AXES[:h5ds.ndim]
                np.testing.assert_array_equal(ds[metric].values, h5ds[:])
                assert ds[metric].attrs["units"] == h5ds.attrs["units"]


def test_xarray_reads_nested_metrics(path, h5):
    for name, run in run_groups(h5):
        for metric, h5ds in metrics(run).items():
            if "/" not in metric:
                continue
            group, leaf = metric.rsplit("/", 1)
            with xr.open_dataset(path, group=f"runs/{name}/{group}", engine="h5netcdf") as ds:
                assert ds[leaf].dims == AXES[:h5ds.ndim]
                np.testing.assert_array_equal(ds[leaf].values, h5ds[:])
