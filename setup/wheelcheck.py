"""Did Odoo take the addons from the wheels? Run with the wheels' folder on PYTHONPATH:

    python wheelcheck.py ODOO.CONF TARGET ADDON...

Odoo reads the configuration (database, addons path without this repository), sets
up its addons namespace as the server does, and must resolve each addon to
TARGET/odoo/addons/<addon>, where pip put it; the database must hold each addon
installed, at the version of the wheel's manifest.
"""

import sys
from pathlib import Path

from odoo.modules import module as odoo_module
from odoo.sql_db import db_connect
from odoo.tools import config


def main(conf, target, *addons):
    config.parse_config(["-c", conf])
    odoo_module.initialize_sys_path()
    expected_root = (Path(target) / "odoo" / "addons").resolve()
    problems = []
    with db_connect(config["db_name"][0]).cursor() as cr:
        for addon in addons:
            path = odoo_module.get_module_path(addon)
            if not path or Path(path).resolve().parent != expected_root:
                problems.append(
                    f"{addon}: Odoo found it at {path}, not in {expected_root}"
                )
                continue
            version = odoo_module.get_manifest(addon)["version"]
            cr.execute(
                "SELECT state, latest_version FROM ir_module_module WHERE name = %s",
                [addon],
            )
            state = cr.fetchone()
            if state != ("installed", version):
                problems.append(f"{addon}: in the database {state}, wheel {version}")
                continue
            print(f"{addon} {version}: installed from {path}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
