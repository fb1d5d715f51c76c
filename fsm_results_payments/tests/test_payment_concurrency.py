import threading
import traceback
import uuid

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import UserError
from odoo.orm.environments import Transaction
from odoo.orm.registry import Registry
from odoo.tests import BaseCase, tagged
from odoo.tests.common import get_db_name
from odoo.tools import mute_logger

from odoo.addons.fsm_results.tests.common import (
    SIGNATURE,
    ensure_chart_of_accounts,
    make_technician,
)

from .common import require_payment_demo


@tagged("post_install", "-at_install")
class TestFsmPaymentConcurrency(BaseCase):
    """Two technicians' phones paying the same balance at the same moment, each in
    its own committed database transaction, as two requests to the server are."""

    def _cursor(self):
        """A cursor of its own, on the registry loaded in the main thread (a
        thread cannot wait for the registry while the tests hold it)."""
        cr = sql_db.db_connect(self.dbname).cursor()
        cr.transaction = Transaction(self.test_registry)
        return cr

    def setUp(self):
        super().setUp()
        self.dbname = get_db_name()
        self.test_registry = Registry(self.dbname)
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            require_payment_demo(env)
            ensure_chart_of_accounts(env)
            if not env["account.journal"].search_count(
                [("type", "=", "cash"), ("company_id", "=", env.company.id)], limit=1
            ):
                env["account.journal"].create(
                    {"name": "Cash", "type": "cash", "code": "CSH9"}
                )
            client = env["res.partner"].create(
                {"name": "Race Condition Ltd", "is_company": True}
            )
            product = env["product.product"].create(
                {
                    "name": "Race service",
                    "type": "service",
                    "list_price": 1000.0,
                    "taxes_id": [Command.clear()],
                }
            )
            service_type = env["fsm.service.type"].create(
                {
                    "name": "Race service",
                    "product_id": product.id,
                    "billing_mode": "flat",
                    "rate": 1000.0,
                }
            )
            techs = [
                make_technician(
                    env,
                    f"fsm_race_tech_{n}_{uuid.uuid4().hex[:8]}",
                    groups="fsm_results.group_fsm_payment",
                )
                for n in (1, 2)
            ]
            job = env["fsm.job"].create(
                {
                    "partner_id": client.id,
                    "service_type_id": service_type.id,
                    "user_id": techs[0].id,
                    "crew_ids": [Command.set([techs[1].id])],
                }
            )
            for xmlid in ("dispatched", "en_route", "in_progress"):
                job._move_to_status(env.ref(f"fsm_results.status_{xmlid}"))
            job.signature = SIGNATURE
            job.action_complete()
            job.action_generate_invoice()
            job.invoice_ids.action_post()
            self.ids = {
                "job": job.id,
                "invoice": job.invoice_ids.id,
                "client": client.id,
                "product": product.id,
                "service_type": service_type.id,
                "techs": [t.id for t in techs],
            }
            cr.commit()  # pylint: disable=invalid-commit
        self.addCleanup(self._clean)

    def _clean(self):
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            job = env["fsm.job"].browse(self.ids["job"])
            payments = job.fsm_payment_ids
            invoice = env["account.move"].browse(self.ids["invoice"])
            payments.action_draft()
            payments.move_id.with_context(force_delete=True).unlink()
            payments.unlink()
            invoice.button_draft()
            invoice.with_context(force_delete=True).unlink()
            job.status_log_ids.unlink()
            job.with_context(active_test=False).timesheet_ids.unlink()
            job.unlink()
            env["fsm.service.type"].browse(self.ids["service_type"]).unlink()
            env["product.product"].browse(self.ids["product"]).product_tmpl_id.unlink()
            # nothing of the test stays in the database (pytest-odoo runs it on
            # the demo database)
            users = env["res.users"].browse(self.ids["techs"])
            partners = users.partner_id | env["res.partner"].browse(self.ids["client"])
            env["hr.employee"].search([("user_id", "in", users.ids)]).unlink()
            # the payment dialogs Odoo keeps until its vacuum
            env["account.payment.register"].search(
                [("partner_id", "in", partners.ids)]
            ).unlink()
            users.unlink()
            partners.unlink()
            cr.commit()  # pylint: disable=invalid-commit

    @mute_logger("odoo.sql_db")
    def test_two_phones_pay_the_same_balance(self):
        barrier = threading.Barrier(2, timeout=15)
        results = {}

        def pay(uid):
            attempts = []

            def take_cash(env):
                job = env["fsm.job"].browse(self.ids["job"])
                wizard = (
                    env["fsm.payment.wizard"]
                    .with_context(default_job_id=job.id)
                    .create({"method": "cash", "amount": 1000.0})
                )
                if not attempts:
                    attempts.append(1)
                    # both phones have read the balance (1,000 due) before paying
                    barrier.wait()
                return wizard.action_confirm()

            cr = self._cursor()
            if cr:
                env = api.Environment(cr, uid, {})
                try:
                    # as Odoo serves a request: a serialization failure is rolled
                    # back and the request played again on what was committed
                    for _attempt in range(5):
                        try:
                            take_cash(env)
                            env.flush_all()
                            # the connection's own commit and rollback: the
                            # cursor's hooks wait for the registry the tests hold
                            cr._cnx.commit()
                            break
                        except SerializationFailure:
                            cr._cnx.rollback()
                            env.invalidate_all()
                    results[uid] = "paid"
                except UserError as refusal:
                    cr._cnx.rollback()
                    results[uid] = str(refusal)
                except Exception as error:  # noqa: BLE001
                    cr._cnx.rollback()
                    results[uid] = f"crashed: {error!r} {traceback.format_exc()}"
                finally:
                    cr._cnx.rollback()
                    cr._closed = True
                    cr._cnx.close()

        threads = [
            threading.Thread(target=pay, args=(uid,)) for uid in self.ids["techs"]
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(40)
        outcomes = sorted(results.values())
        self.assertEqual(len(outcomes), 2, results)
        self.assertIn("paid", outcomes)
        [refusal] = [o for o in outcomes if o != "paid"]
        self.assertRegex(refusal, "already paid|are paid|more than")
        with self._cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            job = env["fsm.job"].browse(self.ids["job"])
            self.assertEqual(len(job.fsm_payment_ids), 1)
            self.assertEqual(sum(job.fsm_payment_ids.mapped("amount")), 1000.0)
            self.assertEqual(
                env["account.move"].browse(self.ids["invoice"]).amount_residual, 0.0
            )
