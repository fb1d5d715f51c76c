"""The README's demo logins, checked on a database installed with demo data:

    python democheck.py ODOO.CONF

Each login exists, its password is the login, and it has the role and the FSM
Settings the README gives it (and not the ones it says it lacks); and the demo work
the README names is there: Tom's job dispatched today, the client's company, a job
of the client ready to sign off and one asking a deposit.
"""

import sys
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import AccessDenied
from odoo.modules.registry import Registry
from odoo.tools import config

FSM = "fsm_results.group_fsm_"
SETTINGS = ["estimate", "invoice", "edit_price", "email_invoice", "payment"]
SETTINGS = [FSM + s for s in [*SETTINGS, "publish_notes"]]
TOM = [FSM + s for s in ("invoice", "email_invoice", "payment")]
NINA = [FSM + s for s in ("publish_notes", "estimate")]
# login: (groups it has, groups it has not)
LOGINS = {
    "admin": ([FSM + "manager"], []),
    "dispatcher": ([FSM + "dispatcher"], [FSM + "manager"]),
    "technician": (
        [FSM + "technician", *TOM],
        [FSM + "dispatcher"] + [g for g in SETTINGS if g not in TOM],
    ),
    "nina": (
        [FSM + "technician", *NINA],
        [FSM + "dispatcher"] + [g for g in SETTINGS if g not in NINA],
    ),
    "omar": ([FSM + "technician"], [FSM + "dispatcher", *SETTINGS]),
    "client": (["base.group_portal"], [FSM + "technician"]),
}


def demo_work(env):
    """What the README says the demo data holds, as problems (none when true)."""
    problems = []
    tom = env["res.users"].search([("login", "=", "technician")])
    client = env["res.users"].search([("login", "=", "client")])
    today = env["fsm.job"].search(
        [
            ("user_id", "=", tom.id),
            ("status_id", "=", env.ref("fsm_results.status_dispatched").id),
            ("scheduled_start", ">=", fields.Datetime.today()),
            ("scheduled_start", "<", fields.Datetime.today() + timedelta(days=1)),
        ]
    )
    if not today:
        problems.append("technician: no job dispatched to him today")
    company = client.partner_id.commercial_partner_id
    if company.name != "Harbor View Apartments":
        problems.append(f"client: of {company.name}, not Harbor View Apartments")
    jobs = env["fsm.job"].search([("partner_id", "child_of", company.id)])
    if not jobs.filtered(lambda job: not job._portal_sign_off_refusal()):
        problems.append("client: no job ready to sign off")
    if not jobs.filtered(lambda job: job.fsm_deposit_requested > 0):
        problems.append("client: no job asking a deposit")
    return problems


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
        problems += demo_work(env)
    for problem in problems:
        print(problem)
    if not problems:
        print(
            f"demo logins: {', '.join(LOGINS)}, and the demo work, as the README says"
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
