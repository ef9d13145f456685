"""Paths come from the environment or the package's place in the checkout, not the working folder."""
import pytest

import snsim_analysis as sa
from conftest import REPO


def test_paths_from_the_package_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("SNSIM_SOURCE_DIR", "SNSIM_RESULTS", "SNSIM_BINARY"):
        monkeypatch.delenv(name, raising=False)
    assert sa.checkout() == REPO.resolve()
    assert sa.results_path("quickstart.h5") == REPO.resolve() / "results" / "quickstart.h5"
    monkeypatch.setenv("SNSIM_RESULTS", str(tmp_path / "mine.h5"))
    assert sa.results_path("quickstart.h5") == tmp_path / "mine.h5"
    monkeypatch.setenv("SNSIM_BINARY", "build/ci/sim/snsim")  # relative: from the checkout
    assert sa.snsim_binary() == REPO.resolve() / "build/ci/sim/snsim"


def test_a_source_dir_that_is_not_a_checkout_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SNSIM_SOURCE_DIR", str(tmp_path))
    with pytest.raises(sa.NotAvailableError, match="not an snsim checkout"):
        sa.checkout()
