"""The package installs offline into a user's venv (system site packages, no build isolation)."""
import os
import shutil
import subprocess
import sys

import pytest

from conftest import ANALYSIS


def test_offline_install_into_a_venv(tmp_path):
    source = tmp_path / "src"
    # Build from a copy, so the checkout gets no build/ or *.egg-info.
    shutil.copytree(ANALYSIS, source, ignore=shutil.ignore_patterns(
        "tests", "notebooks", "__pycache__", "build", "*.egg-info"))
    env = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(env)], check=True)
    offline = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
               "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
               "PYTHONPATH": ""}
    done = subprocess.run([str(env / "bin/python"), "-m", "pip", "install", "--no-index",
                           "--no-build-isolation", "--quiet", str(source)],
                          capture_output=True, text=True, env=offline, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    check = subprocess.run([str(env / "bin/python"), "-c",
                            "import snsim_analysis as sa; print(sa.__file__, sa.FORMAT_VERSION)"],
                           capture_output=True, text=True, env=offline, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert str(env) in check.stdout and check.stdout.split()[-1] == "1"
    report = subprocess.run([str(env / "bin/snsim-report"), "--help"], capture_output=True,
                            text=True, env=offline, cwd=tmp_path)
    assert report.returncode == 0 and "index.html" in report.stdout
