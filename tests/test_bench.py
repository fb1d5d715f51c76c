"""The benchmark and load commands answer --help without building anything, and
refuse an unknown argument in words."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent


def _run(*args):
    return subprocess.run(
        [*args], capture_output=True, text=True, cwd=REPO, check=False, timeout=120
    )


def test_bench_help():
    result = _run(REPO / "setup" / "bench", "--help")
    assert result.returncode == 0, result.stderr
    assert "./setup/bench --rebuild" in result.stdout
    assert "FSM_BENCH_PREFIX" in result.stdout


def test_bench_refuses_unknown_argument():
    result = _run(REPO / "setup" / "bench", "--frobnicate")
    assert result.returncode != 0
    assert "Unknown argument: --frobnicate" in result.stderr


def test_load_help():
    result = _run(REPO / "setup" / "load", "--help")
    assert result.returncode == 0, result.stderr
    assert "--workers=2" in result.stdout


def test_bench_py_help():
    result = _run(sys.executable, REPO / "setup" / "bench.py", "--help")
    assert result.returncode == 0, result.stderr
    assert "measure" in result.stdout
