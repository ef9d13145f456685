"""Every notebook runs top to bottom, headless, on freshly simulated results and shows its plots,
from a temporary working directory (paths come from the package, not the folder)."""
import h5py
import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ANALYSIS, snsim_binary

NOTEBOOKS = ANALYSIS / "notebooks"


def execute(name, results, monkeypatch, workdir):
    monkeypatch.setenv("SNSIM_RESULTS", results)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    # The package importable as if installed (the kernel starts outside analysis/notebooks).
    monkeypatch.setenv("PYTHONPATH", str(ANALYSIS))
    monkeypatch.delenv("SNSIM_SOURCE_DIR", raising=False)
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(workdir)}}).execute()
    assert not any(workdir.iterdir()), "the notebook wrote into its working directory"
    images = [o for cell in notebook.cells if cell.cell_type == "code"
              for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    errors = [o for cell in notebook.cells for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    return images


def test_every_notebook_has_a_test():
    assert {p.name for p in NOTEBOOKS.glob("*.ipynb")} == {"quickstart.ipynb",
                                                           "strategy_comparison.ipynb",
                                                           "calibration.ipynb"}


def test_quickstart_notebook(quickstart_h5, monkeypatch, tmp_path):
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    images = execute("quickstart.ipynb", str(quickstart_h5), monkeypatch, workdir)
    assert len(images) == 3


def test_strategy_comparison_notebook_runs_a_sweep(tmp_path, monkeypatch):
    """The notebook runs `snsim sweep` itself (3 budgets x 3 broadcast shares x 3 replicates)."""
    if snsim_binary() is None:
        pytest.fail("no snsim binary: set SNSIM_BINARY or build build/ci/sim/snsim", pytrace=False)
    monkeypatch.setenv("SNSIM_BINARY", str(snsim_binary().resolve()))
    out = tmp_path / "strategy_sweep.h5"
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    images = execute("strategy_comparison.ipynb", str(out), monkeypatch, workdir)
    assert len(images) == 4  # reach, ROI, heat map, funnel
    with h5py.File(out, "r") as f:
        assert len(f["runs"]) == 27 and "table" in f
    assert not (tmp_path / "strategy_sweep.h5.runs").exists()


def test_calibration_notebook_calibrates_the_real_case(tmp_path, monkeypatch):
    """The notebook runs `snsim calibrate` itself on the room air conditioner series, with fewer
    particles and generations than the scenario's (SNSIM_CALIBRATE_SET) to stay quick."""
    if snsim_binary() is None:
        pytest.fail("no snsim binary: set SNSIM_BINARY or build build/ci/sim/snsim", pytrace=False)
    monkeypatch.setenv("SNSIM_BINARY", str(snsim_binary().resolve()))
    monkeypatch.setenv("SNSIM_CALIBRATE_SET", "calibrate.population=30 "
                       "calibrate.stop.max_generations=3 calibrate.predictive=10")
    out = tmp_path / "room_air_conditioners.h5"
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    images = execute("calibration.ipynb", str(out), monkeypatch, workdir)
    assert len(images) == 4  # generations, fit, pairs, p and q
    with h5py.File(out, "r") as f:
        assert f.attrs["format"] == "snsim-calibration" and len(f["generations"]) == 3
    assert not (tmp_path / "room_air_conditioners.h5.calib").exists()
