"""Sensitivity indices of a real snsim sweep (scenarios/validation/sensitivity.yaml): a parameter
that fully determines a metric gets a total index near 1, one that no process reads gets 0."""
import numpy as np
import pytest

from conftest import sweep

import snsim_analysis as sa

MONEY = "brands[0].budget.money_per_step"
UNREAD = "platform.position_decay"
WOM = "word_of_mouth.rate"


@pytest.fixture(scope="module")
def validation_h5(tmp_path_factory):
    return sweep(tmp_path_factory.mktemp("sensitivity") / "sensitivity.h5",
                 scenario="scenarios/validation/sensitivity.yaml")


def index(frame, parameter, name):
    row = frame[(frame["parameter"] == parameter) & (frame["index"] == name)]
    assert len(row) == 1, (parameter, name)
    return row.iloc[0]


def test_money_per_step_alone_decides_cost(validation_h5):
    # Brand a's cost is money_per_step x steps plus its hours' cost: a function of one parameter.
    frame = sa.sensitivity(validation_h5, "cost", brand="a")
    money = index(frame, MONEY, "ST")
    assert money["value"] == pytest.approx(1.0, abs=0.05)
    assert index(frame, MONEY, "S1")["value"] == pytest.approx(1.0, abs=0.1)
    for other in (UNREAD, WOM):
        assert index(frame, other, "ST")["value"] == pytest.approx(0.0, abs=1e-12)


def test_a_parameter_nothing_reads_gets_a_total_index_of_zero(validation_h5):
    # Common seeds: replicate r of every point is the same town, so swapping in a value of a
    # parameter no process reads changes no run at all.
    for metric in ("aware", "customers"):
        frame = sa.sensitivity(validation_h5, metric, brand="b")
        unread = index(frame, UNREAD, "ST")
        assert unread["value"] == pytest.approx(0.0, abs=1e-12)
        assert unread["ci_low"] <= 1e-12 and unread["ci_high"] <= 1e-12
        # ... while word of mouth, which spreads awareness, matters.
        assert index(frame, WOM, "ST")["ci_low"] > 0


def test_the_design_in_the_file_matches_the_listing(validation_h5):
    ds = sa.open_results(validation_h5)
    assert ds.attrs["design"] == "sobol"
    blocks = np.asarray(ds["design_block"])
    # N (k + 2) = 16 x 5 points, 2 replicates each, blocks 0..4 in order within each Sobol' row.
    assert ds.sizes["run"] == 160
    assert list(blocks[:10]) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]
