"""What an integrator gets: wheels built by whool, manifests that follow OCA's
conventions, and README.rst files made from the readme/ fragments."""

import ast
import email
import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import docutils.core
import docutils.utils

REPO = Path(__file__).parent.parent
ADDONS = ["fsm_results", "fsm_results_portal", "fsm_results_payments"]
SPEC = importlib.util.spec_from_file_location("readme", REPO / "setup" / "readme.py")
readme = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(readme)


def manifest(addon):
    return ast.literal_eval((REPO / addon / "__manifest__.py").read_text())


def test_wheels_are_named_versioned_and_linked_like_oca_addons(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
        + ["--no-build-isolation", "--wheel-dir", str(tmp_path)]
        + [str(REPO / addon) for addon in ADDONS],
        check=True,
    )
    for addon in ADDONS:
        (wheel,) = tmp_path.glob(f"odoo_addon_{addon}-*.whl")
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            meta = email.message_from_bytes(
                archive.read(next(n for n in names if n.endswith("/METADATA")))
            )
        info = manifest(addon)
        assert meta["Name"] == f"odoo-addon-{addon}"
        # the manifest's version, then whool's count of commits since it changed
        assert meta["Version"].startswith(info["version"] + ".")
        ours = {d for d in info["depends"] if d.startswith("fsm_results")}
        assert set(meta.get_all("Requires-Dist")) == {
            "odoo==19.0.*",
            *(f"odoo-addon-{d}==19.0.*" for d in ours),
        }
        assert f"odoo/addons/{addon}/__manifest__.py" in names
        assert f"odoo/addons/{addon}/i18n/es.po" in names
        assert f"odoo/addons/{addon}/pyproject.toml" not in names


def test_manifests_follow_oca_conventions():
    licenses = set()
    for addon in ADDONS:
        info = manifest(addon)
        assert info["version"].startswith("19.0.") and info["version"].count(".") == 4
        assert info["development_status"] in {
            "Alpha",
            "Beta",
            "Production/Stable",
            "Mature",
        }
        # Until the repository has a public address, no website rather than a dead one.
        assert "website" not in info, addon
        assert info["author"] == "Results Field Service"
        licenses.add(info["license"])
    assert licenses == {"LGPL-3"}, "one license for the three addons"


def test_readme_rst_is_made_from_the_fragments_and_reads_cleanly():
    for addon in ADDONS:
        path = REPO / addon / "README.rst"
        assert path.read_text() == readme.readme(
            REPO / addon
        ), f"{path} is out of date: run python setup/readme.py {addon}"
        docutils.core.publish_doctree(
            path.read_text(),
            settings_overrides={"report_level": 2, "halt_level": 2},
        )


def test_broken_markup_in_a_fragment_would_be_caught():
    rst = readme.markdown_to_rst("- a list\n  wrongly\n    indented\nparagraph", 1)
    try:
        docutils.core.publish_doctree(
            rst, settings_overrides={"report_level": 5, "halt_level": 2}
        )
    except docutils.utils.SystemMessage:
        return
    raise AssertionError("docutils accepted broken markup")


def test_markdown_inline_markup_becomes_rst():
    assert readme.inline(
        "Use `./setup/test` and [OCA](https://odoo-community.org)"
    ) == ("Use ``./setup/test`` and `OCA <https://odoo-community.org>`__")
    assert readme.markdown_to_rst("## Roles\n\n- **Technician**: own jobs", 1) == (
        "Roles\n~~~~~\n\n- **Technician**: own jobs\n"
    )
