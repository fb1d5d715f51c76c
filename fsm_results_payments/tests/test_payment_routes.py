from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.fsm_results.tests.common import call_kw
from odoo.addons.payment import utils as payment_utils

from ..controllers.main import pay_link_path, pay_link_token
from .common import PaymentHelpers, setup_payments


@tagged("post_install", "-at_install")
class TestFsmPaymentRoutes(PaymentHelpers, HttpCase):
    """Every payment route, as a browser calls it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_payments(cls)

    def _jsonrpc(self, url, **params):
        response = self.url_open(
            url, json={"jsonrpc": "2.0", "method": "call", "params": params}
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _form_params(self, amount, **params):
        return {
            "provider_id": self.provider.id,
            "payment_method_id": self.card.id,
            "token_id": None,
            "amount": amount,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/my/invoices",
            "is_validation": False,
            **params,
        }

    def _odoo_invoice_route(self, invoice, amount):
        """Odoo's own Pay Now of the invoice page: /invoice/transaction/<id>."""
        return self._jsonrpc(
            f"/invoice/transaction/{invoice.id}",
            access_token=invoice._portal_ensure_token(),
            **self._form_params(amount),
        )

    def _refused(self, reply, message):
        self.assertIn("error", reply, reply)
        self.assertRegex(reply["error"]["data"]["message"], message)

    # -- Odoo's own invoice route, on a job's invoice -------------------------------
    @mute_logger("odoo.http")
    def test_odoo_invoice_route_refuses_what_it_accepted(self):
        job, invoice = self._invoiced_job()
        self.authenticate(self.client_user.login, self.client_user.login)
        self._refused(self._odoo_invoice_route(invoice, 1500.0), "more than the")
        self._refused(self._odoo_invoice_route(invoice, 0.0), "more than zero")
        self._refused(self._odoo_invoice_route(invoice, -100.0), "more than zero")
        self.assertFalse(invoice.transaction_ids)
        # a partial payment within what is due still goes through Odoo's route
        reply = self._odoo_invoice_route(invoice, 400.0)
        self.assertIn("result", reply, reply)
        tx = invoice.transaction_ids
        self.assertEqual((tx.amount, tx.fsm_job_id), (400.0, job))
        # with 400 on its way (pending), 700 more would overpay
        self._notify(tx, "pending")
        self._refused(self._odoo_invoice_route(invoice, 700.0), "already on its way")
        self._notify(tx, "done")
        self._pay(job, 600.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        # a second payment of a paid invoice
        self._refused(self._odoo_invoice_route(invoice, 1000.0), "already paid")

    @mute_logger("odoo.http")
    def test_odoo_invoice_route_refuses_a_logged_out_payer(self):
        _job, invoice = self._invoiced_job()
        self._refused(self._odoo_invoice_route(invoice, 1.0), "Log in to pay")
        self.assertFalse(invoice.transaction_ids)

    @mute_logger("odoo.http")
    def test_payment_link_of_another_invoice_refused(self):
        job_a, invoice_a = self._invoiced_job()
        _job_b, invoice_b = self._invoiced_job()
        # a partner-signed /payment/pay link (partner, amount, currency) used with
        # another invoice of the same client
        token = payment_utils.generate_access_token(
            invoice_a.partner_id.id, 1000.0, self.currency.id, env=self.env
        )
        response = self.url_open(
            f"/payment/pay?amount=1000.0&partner_id={invoice_a.partner_id.id}"
            f"&currency_id={self.currency.id}&invoice_id={invoice_b.id}"
            f"&access_token={token}"
        )
        self.assertNotEqual(response.status_code, 200)
        self.assertIn("This link does not pay this invoice", response.text)
        # our signed link names the invoice: one made for A does not pay B
        path = pay_link_path(self.env, job_a, invoice_a, 1000.0, self.currency)
        forged = path.replace(f"/{invoice_a.id}?", f"/{invoice_b.id}?")
        self.assertEqual(self.url_open(forged).status_code, 404)
        self.assertEqual(self.url_open(path).status_code, 200)

    @mute_logger("odoo.http")
    def test_another_client_cannot_pay(self):
        job, invoice = self._invoiced_job()
        self.authenticate(self.other_user.login, self.other_user.login)
        # not their job: nothing to see, nothing to pay
        response = self.url_open(
            f"/my/jobs/{job.id}/pay",
            data={"amount": "100", "csrf_token": self._get_csrf()},
        )
        self.assertEqual(response.status_code, 404)
        # the invoice's own link, in another client's session: not in their name
        self._refused(self._odoo_invoice_route(invoice, 100.0), "Only the client")
        self.assertFalse(invoice.transaction_ids)

    def _get_csrf(self):
        return http.Request.csrf_token(self)

    # -- our Pay Now page and transaction route -------------------------------------
    @mute_logger("odoo.http")
    def test_signed_pay_page_and_tampered_amount(self):
        job, invoice = self._invoiced_job()
        path = pay_link_path(self.env, job, invoice, 400.0, self.currency)
        page = self.url_open(path)
        self.assertEqual(page.status_code, 200)
        self.assertIn(invoice.name, page.text)
        # the amount changed in the address
        self.assertEqual(self.url_open(path.replace("400.0", "40.0")).status_code, 404)
        token = pay_link_token(self.env, job, invoice, 400.0, self.currency)
        url = f"/fsm/pay/{job.id}/{invoice.id}/transaction"
        # the amount changed in the request
        reply = self._jsonrpc(url, **self._form_params(40.0, access_token=token))
        self.assertIn("error", reply)
        self.assertFalse(invoice.transaction_ids)
        # the technician's phone, handed to the client: the payment is the client's
        self.authenticate(self.tech.login, self.tech.login)
        reply = self._jsonrpc(url, **self._form_params(400.0, access_token=token))
        self.assertIn("result", reply, reply)
        tx = invoice.transaction_ids
        self.assertEqual(tx.partner_id, invoice.partner_id)
        self.assertEqual((tx.amount, tx.fsm_job_id), (400.0, job))
        self._notify(tx, "done")
        self.assertEqual(invoice.amount_residual, 600.0)
        # the same link again: 400 is still within what is left, not beyond
        token_900 = pay_link_token(self.env, job, invoice, 900.0, self.currency)
        reply = self._jsonrpc(url, **self._form_params(900.0, access_token=token_900))
        self._refused(reply, "more than the")

    def test_client_pays_part_from_the_job_page(self):
        job, invoice = self._invoiced_job()
        self.authenticate(self.client_user.login, self.client_user.login)
        page = self.url_open(f"/my/jobs/{job.id}")
        self.assertIn("o_fsm_invoice_pay_form", page.text)
        response = self.url_open(
            f"/my/jobs/{job.id}/pay",
            data={
                "amount": "250",
                "invoice_id": invoice.id,
                "csrf_token": self._get_csrf(),
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            f"/fsm/pay/{job.id}/{invoice.id}?amount=250.0", response.headers["Location"]
        )
        response = self.url_open(
            f"/my/jobs/{job.id}/pay",
            data={
                "amount": "1250",
                "invoice_id": invoice.id,
                "csrf_token": self._get_csrf(),
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        page = self.url_open(f"/my/jobs/{job.id}")
        self.assertIn("is more than the", page.text)
        self.assertNotIn("is more than the", self.url_open(f"/my/jobs/{job.id}").text)

    @mute_logger("odoo.http")
    def test_client_pays_a_deposit_only_when_asked_and_an_amount(self):
        job = self._new_job()
        self._finish(job)  # done, no invoice yet, no deposit asked
        self.authenticate(self.client_user.login, self.client_user.login)
        for amount in ("25", "nan", "inf"):
            with self.subTest(amount=amount):
                response = self.url_open(
                    f"/my/jobs/{job.id}/pay",
                    data={"amount": amount, "csrf_token": self._get_csrf()},
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("nothing to pay on this job yet", response.text)
        self.assertFalse(job.fsm_transaction_ids)
        # the office asks for a deposit: then a number within it, nothing else
        job.fsm_deposit_requested = 100.0
        for amount in ("nan", "inf", "abc"):
            with self.subTest(deposit_amount=amount):
                response = self.url_open(
                    f"/my/jobs/{job.id}/pay",
                    data={"amount": amount, "csrf_token": self._get_csrf()},
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("Enter an amount to pay", response.text)
        response = self.url_open(
            f"/my/jobs/{job.id}/pay",
            data={"amount": "40", "csrf_token": self._get_csrf()},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/fsm/pay/{job.id}/0?amount=40.0", response.headers["Location"])
        # Odoo's invoice route, on a job's invoice, with an amount that is no number
        _job, invoice = self._invoiced_job()
        self._refused(self._odoo_invoice_route(invoice, "abc"), "Enter an amount")
        self.assertFalse(invoice.transaction_ids)

    # -- no "Receive payments": refused on every path -------------------------------
    @mute_logger("odoo.http")
    def test_no_permission_refused_on_every_path(self):
        job, invoice = self._invoiced_job(user=self.tech_no_pay)
        self.authenticate(self.tech_no_pay.login, self.tech_no_pay.login)
        reply = call_kw(self, "fsm.job", "action_fsm_pay_now", [[job.id]])
        self.assertRegex(reply["error"]["data"]["message"], "Receive payments")
        reply = call_kw(
            self,
            "fsm.payment.wizard",
            "create",
            [[{"job_id": job.id, "method": "cash", "amount": 10.0}]],
        )
        self.assertRegex(reply["error"]["data"]["message"], "Receive payments")
        # Odoo's own routes: not in the client's name
        self._refused(self._odoo_invoice_route(invoice, 10.0), "Only the client")
        # the client's job page route is the client's
        response = self.url_open(
            f"/my/jobs/{job.id}/pay",
            data={"amount": "10", "csrf_token": self._get_csrf()},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(job.fsm_payment_ids)
        self.assertFalse(invoice.transaction_ids)
        # the phone screen offers no Pay Now either
        self.assertNotIn(
            "pay_now",
            [
                a["key"]
                for a in job.with_user(self.tech_no_pay).fsm_phone_read()["billing"][
                    "actions"
                ]
            ],
        )
