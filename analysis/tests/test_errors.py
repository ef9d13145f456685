"""Bad input: each gets an exception of snsim_analysis's own, with a one-line message."""
import subprocess
import sys

import h5py
import pytest

import snsim_analysis as sa
from conftest import ANALYSIS, ramp, write_results


def raises_one_line(kind, call, *args, match=None):
    with pytest.raises(kind) as info:
        call(*args)
    message = str(info.value)
    assert "\n" not in message and message, message
    assert not isinstance(info.value, KeyError)
    assert isinstance(info.value, sa.SnsimAnalysisError)
    if match:
        assert match in message, message
    return message


def test_missing_file(tmp_path):
    raises_one_line(sa.ResultsFileNotFoundError, sa.open_results, tmp_path / "none.h5",
                    match="no such file")


def test_not_hdf5(tmp_path):
    path = tmp_path / "scenario.h5"
    path.write_text("name: not hdf5\n")
    raises_one_line(sa.NotHDF5Error, sa.open_results, path, match="not an HDF5 file")


def test_hdf5_but_not_snsim(tmp_path):
    path = tmp_path / "other.h5"
    with h5py.File(path, "w") as f:
        f["x"] = [1, 2, 3]
    raises_one_line(sa.NotSnsimResultsError, sa.open_results, path, match="not snsim results")
    path2 = write_results(tmp_path / "other2.h5", [{"metrics": {"reach": ramp(3, 1)}}],
                          fmt="netcdf-thing")
    raises_one_line(sa.NotSnsimResultsError, sa.open_results, path2, match="netcdf-thing")


def test_newer_format_version(tmp_path):
    path = write_results(tmp_path / "new.h5", [{"metrics": {"reach": ramp(3, 1)}}],
                         format_version=2)
    message = raises_one_line(sa.FormatVersionError, sa.open_results, path, match="version 2")
    assert "newer" in message and "version 1 at most" in message


def test_truncated_file(quickstart_h5, tmp_path):
    data = quickstart_h5.read_bytes()
    for cut in (len(data) // 2, 3000):
        path = tmp_path / f"cut{cut}.h5"
        path.write_bytes(data[:cut])
        raises_one_line(sa.DamagedResultsError, sa.open_results, path)


def test_partial_file(tmp_path):
    path = write_results(tmp_path / "r.h5.partial", [{"metrics": {"reach": ramp(3, 1)}}])
    raises_one_line(sa.DamagedResultsError, sa.open_results, path, match="incomplete")


def test_unknown_metric_suggests_the_closest(quickstart_h5):
    ds = sa.open_results(quickstart_h5)
    message = raises_one_line(sa.UnknownMetricError, sa.get_metric, ds, "reech",
                              match="did you mean 'reach'")
    assert "reech" in message
    raises_one_line(sa.UnknownMetricError, sa.summarise, ds, "custmers", match="'customers'")
    raises_one_line(sa.UnknownMetricError, sa.plot_curves, ds, "roii", match="'roi'")
    raises_one_line(sa.UnknownMetricError, sa.to_frame, ds, "zzz", match="available:")


def test_bad_selections(quickstart_h5):
    ds = sa.open_results(quickstart_h5)
    raises_one_line(sa.SelectionError, sa.compare_strategies, ds, "reach", "broadcaster", "nobody",
                    match="no brand 'nobody'")
    raises_one_line(sa.SelectionError, sa.summarise, ds, "reach", "budget",
                    match="not a parameter")


def test_report_command_bad_input_exits_2_with_one_line(tmp_path):
    path = tmp_path / "bad.h5"
    path.write_text("nope")
    done = subprocess.run([sys.executable, "-m", "snsim_analysis", "report", str(path), "-o",
                           str(tmp_path / "out")], cwd=ANALYSIS, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "not an HDF5 file" in done.stderr, done.stderr
