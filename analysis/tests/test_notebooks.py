"""Every notebook runs top to bottom, headless, on freshly simulated results and shows its plots."""
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ANALYSIS

NOTEBOOKS = ANALYSIS / "notebooks"


def execute(name, results, monkeypatch):
    monkeypatch.setenv("SNSIM_RESULTS", results)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    images = [o for cell in notebook.cells if cell.cell_type == "code"
              for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    errors = [o for cell in notebook.cells for o in cell.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors
    return images


def test_every_notebook_has_a_test():
    assert {p.name for p in NOTEBOOKS.glob("*.ipynb")} == {"quickstart.ipynb",
                                                           "strategy_comparison.ipynb"}


def test_quickstart_notebook(quickstart_h5, monkeypatch):
    images = execute("quickstart.ipynb", str(quickstart_h5), monkeypatch)
    assert len(images) == 3


def test_strategy_comparison_notebook(comparison_h5, monkeypatch):
    images = execute("strategy_comparison.ipynb", os.pathsep.join(map(str, comparison_h5)),
                     monkeypatch)
    assert len(images) == 4
