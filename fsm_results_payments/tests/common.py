from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.fsm_results.tests.common import (
    SIGNATURE,
    ensure_chart_of_accounts,
    make_technician,
)


def require_payment_demo(env):
    """These tests pay through Odoo's demo provider: setup/test installs
    payment_demo with the addons. Without it they fail, saying so."""
    module = env["ir.module.module"].search([("name", "=", "payment_demo")])
    assert module.state == "installed", (
        "payment_demo is not installed: install it with the addons "
        "(setup/test does: -i ...,payment_demo) to run the payment tests."
    )


def setup_payments(cls):
    """A job of 1,000 (no tax) done by a technician who may receive payments, its
    client (a company with a portal user), the demo provider with card and ACH."""
    env = cls.env
    require_payment_demo(env)
    ensure_chart_of_accounts(env)
    cls.company = env.company
    cls.currency = cls.company.currency_id
    cls.provider = env["payment.provider"]._fsm_setup_demo_provider()
    bank = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", cls.company.id)], limit=1
    )
    cls.provider.write({"journal_id": bank.id, "company_id": cls.company.id})
    if not env["account.journal"].search_count(
        [("type", "=", "cash"), ("company_id", "=", cls.company.id)], limit=1
    ):
        env["account.journal"].create(
            {
                "name": "Cash",
                "type": "cash",
                "code": "CSH1",
                "company_id": cls.company.id,
            }
        )
    methods = env["payment.method"].with_context(active_test=False)
    cls.card = methods.search([("code", "=", "card")], limit=1)
    cls.ach = methods.search([("code", "=", "ach_direct_debit")], limit=1)
    cls.client = env["res.partner"].create(
        {
            "name": "Bayview Clinic",
            "is_company": True,
            "email": "ap@bayview.example.com",
            "country_id": env.ref("base.us").id,
        }
    )
    cls.client_user = new_test_user(
        env, login="fsm_pay_client", name="Bea Bayview", groups="base.group_portal"
    )
    cls.client_user.partner_id.parent_id = cls.client
    cls.other_client = env["res.partner"].create(
        {"name": "Other Works", "is_company": True, "email": "ap@other.example.com"}
    )
    cls.other_user = new_test_user(
        env, login="fsm_pay_other", name="Otto Other", groups="base.group_portal"
    )
    cls.other_user.partner_id.parent_id = cls.other_client
    cls.tech = make_technician(
        env,
        "fsm_pay_tech",
        name="Pay Tech",
        groups="fsm_results.group_fsm_invoice,fsm_results.group_fsm_payment,"
        "fsm_results.group_fsm_email_invoice",
    )
    cls.tech_no_pay = make_technician(
        env,
        "fsm_pay_tech_nopay",
        name="No Pay Tech",
        groups="fsm_results.group_fsm_invoice",
    )
    cls.accountant = new_test_user(
        env,
        login="fsm_pay_accountant",
        groups="account.group_account_invoice,fsm_results.group_fsm_dispatcher",
    )
    product = env["product.product"].create(
        {
            "name": "Boiler service",
            "type": "service",
            "list_price": 1000.0,
            "taxes_id": [Command.clear()],
        }
    )
    cls.service_type = env["fsm.service.type"].create(
        {
            "name": "Boiler service",
            "product_id": product.id,
            "billing_mode": "flat",
            "rate": 1000.0,
            "step_template_ids": [Command.create({"name": "Service the boiler"})],
        }
    )
    cls.status_in_progress = env.ref("fsm_results.status_in_progress")
    cls.status_dispatched = env.ref("fsm_results.status_dispatched")
    cls.status_en_route = env.ref("fsm_results.status_en_route")
    cls.status_cancelled = env.ref("fsm_results.status_cancelled")


class PaymentHelpers:
    def _new_job(self, user=None, **values):
        return self.env["fsm.job"].create(
            {
                "partner_id": self.client.id,
                "service_type_id": self.service_type.id,
                "user_id": (user or self.tech).id,
                **values,
            }
        )

    def _done_job(self, user=None, **values):
        return self._finish(self._new_job(user=user, **values))

    def _finish(self, job):
        for status in (
            self.status_dispatched,
            self.status_en_route,
            self.status_in_progress,
        ):
            job._move_to_status(status)
        job.step_ids.write({"is_done": True})
        job.signature = SIGNATURE
        job.action_complete()
        return job

    def _invoiced_job(self, user=None, post=True, **values):
        job = self._done_job(user=user, **values)
        job.action_generate_invoice()
        invoice = job.invoice_ids
        if post:
            invoice.action_post()
        return job, invoice

    def _tx(self, job, amount, invoice=None, method=None, partner=None, **values):
        """A transaction as the Pay Now route creates it (sudo, the client's name)."""
        invoices = invoice if invoice is not None else job._fsm_open_invoices()
        return (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": (method or self.card).id,
                    "amount": amount,
                    "currency_id": (values.pop("currency", None) or self.currency).id,
                    "partner_id": (partner or self.client).id,
                    "operation": "online_direct",
                    "invoice_ids": [Command.set(invoices.ids)],
                    "fsm_job_id": job.id,
                    **values,
                }
            )
        )

    def _notify(self, tx, state="done"):
        """The demo provider's notification, then Odoo's post-processing."""
        self.env["payment.transaction"].sudo()._process(
            "demo",
            {
                "reference": tx.reference,
                "simulated_state": state,
                "payment_details": "4242",
            },
        )
        tx._post_process()
        return tx

    def _pay(self, job, amount, invoice=None, method=None):
        return self._notify(self._tx(job, amount, invoice=invoice, method=method))

    def _wizard(self, job, user=None, invoice=None, **values):
        wizard_model = self.env["fsm.payment.wizard"].with_user(user or self.tech)
        return wizard_model.with_context(
            default_job_id=job.id, default_invoice_id=invoice.id if invoice else False
        ).create(values)
