"""The linters of the test command must be able to fail: prove it on a bad addon."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def _bad_addon(tmp_path):
    addon = tmp_path / "fsm_bad_addon"
    addon.mkdir()
    (addon / "__init__.py").write_text("from . import bad\n")
    (addon / "__manifest__.py").write_text(
        '{"name": "Bad", "version": "19.0.1.0.0", "license": "Other", '
        '"author": "Results Field Service"}\n'
    )
    (addon / "README.rst").write_text("Bad\n===\n")
    (addon / "bad.py").write_text(
        "from odoo import models\n\n\n"
        "class Bad(models.Model):\n"
        '    _name = "fsm.bad"\n'
        '    _description = "Bad"\n'
        '    _sql_constraints = [("x", "unique(id)", "x")]\n\n'
        "    def action(self):\n"
        '        print("debug")\n'
    )
    return addon


def test_pylint_odoo_reports_odoo_findings(tmp_path):
    addon = _bad_addon(tmp_path)
    result = subprocess.run(
        [
            BIN / "pylint",
            f"--rcfile={REPO / '.pylintrc'}",
            "--output-format=text",
            addon,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode != 0
    assert "license-allowed" in result.stdout
    assert "print-used" in result.stdout
    # OCA's manifest conventions: the addon does not say its development status
    assert "manifest-required-key" in result.stdout
    assert "development_status" in result.stdout


def test_ruff_reports_findings(tmp_path):
    addon = _bad_addon(tmp_path)
    (addon / "unused.py").write_text("import os\n")
    result = subprocess.run(
        [BIN / "ruff", "check", "--config", REPO / "ruff.toml", addon],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "F401" in result.stdout
