"""Where things are: the snsim checkout, its results folder and the snsim binary.

Found from the environment or from where this package lives, never from the working directory,
so that the notebooks and scripts run from any folder.
"""
import os
import shutil
from pathlib import Path

from .errors import NotAvailableError

__all__ = ["checkout", "results_path", "snsim_binary"]


def _is_checkout(path):
    return (path / "scenarios").is_dir() and (path / "analysis").is_dir()


def checkout():
    """Returns the snsim checkout: $SNSIM_SOURCE_DIR if set, else the one this package is in
    (analysis/snsim_analysis). Raises NotAvailableError for an installed copy without
    $SNSIM_SOURCE_DIR."""
    value = os.environ.get("SNSIM_SOURCE_DIR")
    if value:
        if not _is_checkout(Path(value)):
            raise NotAvailableError(f"SNSIM_SOURCE_DIR={value} is not an snsim checkout "
                                    "(no scenarios/ and analysis/ in it)")
        return Path(value).resolve()
    here = Path(__file__).resolve().parents[2]
    if _is_checkout(here):
        return here
    raise NotAvailableError("snsim_analysis is installed outside an snsim checkout: set "
                            "SNSIM_SOURCE_DIR to your checkout")


def results_path(name):
    """Returns $SNSIM_RESULTS if set, else the checkout's results/<name>."""
    value = os.environ.get("SNSIM_RESULTS")
    return Path(value) if value else checkout() / "results" / name


def snsim_binary():
    """Returns the snsim command: $SNSIM_BINARY (a relative path is taken from the checkout),
    else the checkout's build/release or build/ci build, else `snsim` on the PATH."""
    value = os.environ.get("SNSIM_BINARY")
    if value:
        path = Path(value)
        return path if path.is_absolute() else checkout() / path
    try:
        top = checkout()
    except NotAvailableError:
        top = None
    if top is not None:
        for build in ("build/release/sim/snsim", "build/ci/sim/snsim"):
            if (top / build).is_file():
                return top / build
    found = shutil.which("snsim")
    if found:
        return Path(found)
    raise NotAvailableError("no snsim binary: set SNSIM_BINARY, or build snsim (README.md)")
