"""Sensitivity indices of real snsim sweeps (scenarios/validation/sensitivity.yaml: a Sobol' design
over brand a's money per step, which alone sets its cost, platform.position_decay, which no process
of this pipeline reads, and word_of_mouth.rate), with common seeds as the scenario has them and with
independent seeds; and the report's "What drives this metric" section."""
import os
import subprocess

import pytest

import snsim_analysis as sa
from conftest import REPO, snsim_binary

SCENARIO = REPO / "scenarios/validation/sensitivity.yaml"
MONEY, UNREAD, WORD = ("brands[0].budget.money_per_step", "platform.position_decay",
                       "word_of_mouth.rate")
RUNS = 64 * (3 + 2) * 2        # N (k + 2) points x 2 replicates


def run_sweep(out, *settings):
    binary = snsim_binary()
    if binary is None:
        pytest.fail("no snsim binary: set SNSIM_BINARY or build build/ci/sim/snsim", pytrace=False)
    cmd = [str(binary), "sweep", str(SCENARIO), "-o", str(out), "--quiet", "--jobs", "2"]
    for s in settings:
        cmd += ["--set", s]
    done = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def common(tmp_path_factory):
    path = run_sweep(tmp_path_factory.mktemp("common") / "common.h5")
    return path, sa.open_results(path)


@pytest.fixture(scope="module")
def independent(tmp_path_factory):
    return sa.open_results(run_sweep(tmp_path_factory.mktemp("independent") / "independent.h5",
                                     "sweep.common_seeds=false", "sweep.sobol.base_samples=16"))


def total(frame):
    return frame[frame["index"] == "ST"].set_index("parameter")


def test_the_file_carries_its_design(common):
    _, ds = common
    assert ds.sizes["run"] == RUNS
    assert ds.attrs["design"] == "sobol" and ds.attrs["design_parameters"] == [MONEY, UNREAD, WORD]
    assert ds.attrs["design_base_samples"] == 64 and ds.attrs["design_replicates"] == 2
    assert sa.parameter_names(ds, varying_only=True) == [MONEY, UNREAD, WORD]


def test_with_common_seeds_an_unread_key_has_an_index_of_exactly_zero(common):
    _, ds = common
    for metric in ("cost", "customers", "revenue"):
        frame = sa.sensitivity(ds, metric, brand="a")
        assert frame.attrs["common_seeds"] and not frame.attrs["noise_subtracted"]
        st = total(frame)
        assert st.loc[UNREAD, "value"] == 0 and st.loc[UNREAD, "ci_high"] == 0, metric
    # money per step alone sets cost: ST is 1 (within its interval, and near it at N = 64 rows)
    st = total(sa.sensitivity(ds, "cost", brand="a"))
    assert st.loc[MONEY, "ci_low"] <= 1 <= st.loc[MONEY, "ci_high"]
    assert st.loc[MONEY, "value"] == pytest.approx(1, abs=0.2)
    assert st.loc[WORD, "value"] == pytest.approx(0, abs=1e-9)


def test_with_independent_seeds_the_noise_is_measured_and_subtracted(independent):
    cost = sa.sensitivity(independent, "cost", brand="a")
    st = total(cost)
    assert st.loc[UNREAD, "value"] == pytest.approx(0, abs=1e-6)
    assert st.loc[MONEY, "ci_low"] <= 1 <= st.loc[MONEY, "ci_high"]
    customers = sa.sensitivity(independent, "customers", brand="a")
    assert not customers.attrs["common_seeds"] and customers.attrs["noise_subtracted"]
    assert 0 < customers.attrs["seed_noise_share"] < 1
    # seed noise is all that differs between A and AB_unread: indistinguishable from 0
    st = total(customers)
    assert st.loc[UNREAD, "ci_low"] <= 0 <= st.loc[UNREAD, "ci_high"]


def test_report_says_what_drives_each_metric(common, tmp_path):
    path, _ = common
    index = sa.write_report(path, tmp_path / "report")
    page = index.read_text()
    assert "<h2>What drives this metric</h2>" in page
    assert "<h3>roi</h3>" in page and "<h3>customers</h3>" in page
    # awareness and reach saturate in this small town: listed with the reason, not plotted
    assert "at every point of the design; no sensitivity index is defined" in page
    figures = [n for n in os.listdir(tmp_path / "report") if n.startswith("drives_")]
    assert "drives_roi_0.png" in figures and "drives_customers_0.png" in figures
    for name in figures:
        assert f'src="{name}"' in page and (tmp_path / "report" / name).stat().st_size > 2000
    assert "heatmap.png" not in page                        # the design's points are not a grid
