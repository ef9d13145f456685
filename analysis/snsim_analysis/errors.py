"""Exceptions raised by snsim_analysis: one class per kind of bad input, each with a one-line message.

Every error derives from SnsimAnalysisError, so `except SnsimAnalysisError` catches them all; none is
a KeyError, and none lets an h5py traceback escape.
"""


class SnsimAnalysisError(Exception):
    """Base class of every error snsim_analysis raises on bad input."""

    def __init__(self, message):
        # One line, always: callers print str(error) after a program name.
        super().__init__(" ".join(str(message).split("\n")))


class ResultsFileNotFoundError(SnsimAnalysisError):
    """The path names no file."""


class NotHDF5Error(SnsimAnalysisError):
    """The file is not HDF5 at all (for example a YAML scenario or a CSV)."""


class NotSnsimResultsError(SnsimAnalysisError):
    """The file is HDF5 but was not written by snsim (no format = "snsim-results" attribute)."""


class NotCalibrationError(SnsimAnalysisError):
    """The file is HDF5 but not a calibration written by `snsim calibrate` (no format =
    "snsim-calibration" attribute), for example a results file."""


class FormatVersionError(SnsimAnalysisError):
    """The file's format_version is newer than this package reads, or is not a valid version."""


class DamagedResultsError(SnsimAnalysisError):
    """The file is truncated, incomplete (.partial) or fails its checksums."""


class UnknownMetricError(SnsimAnalysisError):
    """A metric name that the results do not hold; the message suggests the closest names."""

    def __init__(self, name, available):
        import difflib

        self.name = name
        self.available = sorted(available)
        close = difflib.get_close_matches(name, self.available, n=3, cutoff=0.5)
        if close:
            hint = "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
        else:
            hint = "available: " + ", ".join(self.available) if self.available else "no metrics"
        super().__init__(f"unknown metric '{name}' ({hint})")


class SelectionError(SnsimAnalysisError):
    """A brand, parameter, step or strategy selection that matches nothing in the results."""


class NotAvailableError(SnsimAnalysisError):
    """The results lack what a plot needs (for example no visits_true/ metrics); reports skip it."""


class DesignError(SnsimAnalysisError):
    """A sensitivity method the sweep's design was not built for (Sobol indices from a grid, Morris
    from a Sobol' design), or a design with runs missing, incomplete or failed."""


class MetricValueError(SnsimAnalysisError):
    """Metric values that cannot give a sensitivity index: not finite, not one value per run, or
    the same in every run."""
