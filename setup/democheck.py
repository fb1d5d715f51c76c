"""The README's demo logins, checked on a database installed with demo data:

    python democheck.py ODOO.CONF

Each login exists, its password is the login, and it has the role and the FSM
Settings the README gives it (and not the ones it says it lacks).
"""

import sys

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessDenied
from odoo.modules.registry import Registry
from odoo.tools import config

FSM = "fsm_results.group_fsm_"
# login: (groups it has, groups it has not)
LOGINS = {
    "admin": ([FSM + "manager"], []),
    "dispatcher": ([FSM + "dispatcher"], [FSM + "manager"]),
    "technician": (
        [FSM + "technician", FSM + "invoice", FSM + "email_invoice", FSM + "payment"],
        [FSM + "dispatcher"],
    ),
    "nina": ([FSM + "technician"], [FSM + "dispatcher", FSM + "invoice"]),
    "omar": ([FSM + "technician"], [FSM + "dispatcher", FSM + "invoice"]),
    "client": (["base.group_portal"], [FSM + "technician"]),
}


def main(conf):
    config.parse_config(["-c", conf])
    problems = []
    with Registry(config["db_name"][0]).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for login, (has, lacks) in LOGINS.items():
            user = env["res.users"].search([("login", "=", login)])
            if not user:
                problems.append(f"{login}: no such user")
                continue
            try:
                user.with_user(user)._check_credentials(
                    {"login": login, "password": login, "type": "password"},
                    {"interactive": False},
                )
            except AccessDenied:
                problems.append(f"{login}: the password is not the login")
            problems += [f"{login}: lacks {g}" for g in has if not user.has_group(g)]
            problems += [f"{login}: has {g}" for g in lacks if user.has_group(g)]
    for problem in problems:
        print(problem)
    if not problems:
        print(f"demo logins: {', '.join(LOGINS)} as the README says")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
