from contextlib import contextmanager
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

# A small PNG stroke that stands for a customer's signature.
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAGQAAAAeCAYAAADaW7vzAAAAS0lEQVR4nO3QMQEAIAzAsIF/z0MGHI"
    "1CPZ5tZgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAOCpAbEwAAGJYwq5AAAA"
    "AElFTkSuQmCC"
)


def call_kw(case, model, method, args, kwargs=None):
    """A JSON-RPC call as the web client makes it, in an HttpCase; returns the
    decoded reply (with "result" or "error")."""
    response = case.url_open(
        f"/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        },
    )
    case.assertEqual(response.status_code, 200)
    return response.json()


def make_technician(env, login, name=None, groups=""):
    """A technician user with an employee on the standard 40-hour week, in UTC."""
    groups = ",".join(filter(None, ["fsm_results.group_fsm_technician", groups]))
    user = new_test_user(env, login=login, name=name or login, groups=groups, tz="UTC")
    env["hr.employee"].create(
        {
            "name": user.name,
            "user_id": user.id,
            "resource_calendar_id": env.ref("resource.resource_calendar_std").id,
            "tz": "UTC",
        }
    )
    return user


def ensure_chart_of_accounts(env):
    """The company's chart of accounts and journals, loaded the way Odoo's own
    AccountTestInvoicingCommon does, when the database has none (no demo data)."""
    company = env.company
    if not env["account.journal"].search_count(
        [("company_id", "=", company.id), ("type", "=", "sale")], limit=1
    ):
        env["account.chart.template"].try_loading(
            company.chart_template or "generic_coa", company=company, install_demo=False
        )


# Jobs record timesheets in a project, and tests make invoices, quotations and stock
# moves: records of other apps, whose tables other installed modules may extend with
# required columns. Only the whole registry knows them all, so the tests run after
# every module is loaded, as they would in a company's database (with -u too).
@tagged("post_install", "-at_install")
class FsmCommon(TransactionCase):
    """Users, a customer, a service type and the standard statuses for FSM tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Job = cls.env["fsm.job"]
        ref = cls.env.ref
        cls.status_new = ref("fsm_results.status_new")
        cls.status_scheduled = ref("fsm_results.status_scheduled")
        cls.status_dispatched = ref("fsm_results.status_dispatched")
        cls.status_en_route = ref("fsm_results.status_en_route")
        cls.status_in_progress = ref("fsm_results.status_in_progress")
        cls.status_paused = ref("fsm_results.status_paused")
        cls.status_done = ref("fsm_results.status_done")
        cls.status_cancelled = ref("fsm_results.status_cancelled")
        cls.reason_parts = ref("fsm_results.pause_reason_parts")
        cls.reason_approval = ref("fsm_results.pause_reason_approval")
        cls.reason_other = ref("fsm_results.pause_reason_other")

        cls.dispatcher = new_test_user(
            cls.env,
            login="fsm_test_dispatcher",
            groups="fsm_results.group_fsm_dispatcher,sales_team.group_sale_salesman",
            tz="UTC",
        )
        cls.tech = make_technician(cls.env, "fsm_test_tech")
        cls.tech2 = make_technician(cls.env, "fsm_test_tech2")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lakeside Dental", "email": "office@lakeside.example.com"}
        )
        cls.location = cls.env["res.partner"].create(
            {
                "name": "Lakeside Dental, clinic",
                "type": "delivery",
                "parent_id": cls.customer.id,
                "street": "3 Lake Road",
            }
        )
        cls.service_product = cls.env["product.product"].create(
            {
                "name": "Chair repair (hour)",
                "type": "service",
                "default_code": "SVC-CHAIR",
                "list_price": 80.0,
            }
        )
        cls.service_type = cls.env["fsm.service.type"].create(
            {
                "name": "Chair repair",
                "product_id": cls.service_product.id,
                "billing_mode": "hourly",
                "rate": 80.0,
                "default_duration": 2.0,
                "step_template_ids": [
                    fields.Command.create({"name": "Unplug the chair", "sequence": 1}),
                    fields.Command.create({"name": "Replace the pump", "sequence": 2}),
                    fields.Command.create(
                        {"name": "Vacuum", "sequence": 3, "required": False}
                    ),
                ],
            }
        )
        cls.monday_9 = fields.Datetime.to_datetime("2030-01-07 09:00:00")

    @contextmanager
    def assertRefused(self, exception, message):
        """The call is refused with ``exception`` whose text matches ``message``;
        like a real request, whatever it did before failing is rolled back."""
        with self.assertRaises(exception) as refusal:
            yield refusal
        self.assertRegex(str(refusal.exception), message)

    def _backdate(self, records, fname, value):
        """Write a log column such as create_date, as if the records were older: the
        ORM sets those itself and ignores them in a write once the registry is ready."""
        records.flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE id IN %s",
                SQL.identifier(records._table),
                SQL.identifier(fname),
                value,
                tuple(records.ids),
            )
        )
        records.invalidate_recordset([fname])

    @classmethod
    def _job(cls, **values):
        return cls.Job.create(
            {
                "partner_id": cls.customer.id,
                "service_type_id": cls.service_type.id,
                **values,
            }
        )

    @classmethod
    def _jobs(cls, count, **values):
        return cls.Job.create(
            [
                {
                    "partner_id": cls.customer.id,
                    "service_type_id": cls.service_type.id,
                    **values,
                }
                for _i in range(count)
            ]
        )

    def _walk(self, jobs, *statuses):
        for status in statuses:
            jobs._move_to_status(status)

    def _to_in_progress(self, jobs):
        self._walk(
            jobs, self.status_dispatched, self.status_en_route, self.status_in_progress
        )

    def _shift_history(self, job, hours):
        """Move the job's history ``hours`` back in time, as if it happened earlier."""
        delta = timedelta(hours=hours)
        for log in job.status_log_ids:
            log.write(
                {
                    "date": log.date - delta,
                    "date_end": log.date_end and log.date_end - delta,
                }
            )
        for pause in job.pause_ids:
            pause.write(
                {
                    "date_start": pause.date_start - delta,
                    "date_end": pause.date_end and pause.date_end - delta,
                }
            )
