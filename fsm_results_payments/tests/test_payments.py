import logging

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PaymentHelpers, setup_payments

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestFsmPayments(PaymentHelpers, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        setup_payments(cls)

    # -- paying until paid ----------------------------------------------------------
    def test_full_payment(self):
        job, invoice = self._invoiced_job()
        self.assertEqual(job.fsm_balance_due, 1000.0)
        tx = self._pay(job, 1000.0)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.payment_id.fsm_job_id, job)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(job.fsm_balance_due, 0.0)
        self.assertEqual(job.fsm_payment_ids, tx.payment_id)
        [row] = job._fsm_payment_rows()
        self.assertEqual((row["amount"], row["method"]), (1000.0, self.card.name))
        self.assertEqual(tx.payment_id.invoice_ids, invoice)
        self.assertEqual(invoice.matched_payment_ids, tx.payment_id)
        bodies = " ".join(job.message_ids.mapped("body"))
        self.assertIn("Payment attempt", bodies)
        # one line on the job for the outcome; Odoo's two lines on the invoice
        self.assertEqual(bodies.count("has been confirmed"), 1)
        self.assertNotIn("has been posted", bodies)
        invoice_bodies = " ".join(invoice.message_ids.mapped("body"))
        self.assertIn("has been confirmed", invoice_bodies)
        self.assertIn("has been posted", invoice_bodies)

    def test_three_partial_payments_until_paid(self):
        job, invoice = self._invoiced_job()
        for amount in (300.0, 300.0, 400.0):
            self._pay(job, amount)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(len(job.fsm_payment_ids), 3)
        with self.assertRaisesRegex(UserError, "already paid|are paid"):
            self._tx(job, 1.0, invoice=invoice)

    def test_split_card_ach_and_cash(self):
        job, invoice = self._invoiced_job()
        self._pay(job, 250.0, method=self.card)
        self._pay(job, 250.0, method=self.ach)
        self.assertEqual(job.fsm_balance_due, 500.0)
        wizard = self._wizard(job, invoice=invoice, method="cash")
        self.assertEqual(wizard.amount, 500.0)
        wizard.action_confirm()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        methods = {row["method"] for row in job._fsm_payment_rows()}
        self.assertIn(self.card.name, methods)
        self.assertIn(self.ach.name, methods)
        self.assertIn("Cash", methods)
        self.assertEqual(len(job.fsm_payment_ids), 3)
        cash = job.fsm_payment_ids.filtered(lambda p: p.journal_id.type == "cash")
        self.assertEqual((cash.amount, cash.create_uid), (500.0, self.tech))

    def test_check_needs_its_number(self):
        job, invoice = self._invoiced_job()
        wizard = self._wizard(job, method="check", check_number=" ", amount=100.0)
        with self.assertRaisesRegex(UserError, "check number"):
            wizard.action_confirm()
        wizard.check_number = "004512"
        wizard.action_confirm()
        self.assertIn("Check 004512", job.fsm_payment_ids.memo)
        self.assertEqual(
            [row["method"] for row in job._fsm_payment_rows()], ["Check 004512"]
        )
        self.assertEqual(invoice.amount_residual, 900.0)

    # -- deposits -------------------------------------------------------------------
    def test_deposit_then_invoice_applied(self):
        job = self._new_job(fsm_deposit_requested=200.0)
        self.assertEqual(job.fsm_balance_due, 200.0)
        self._wizard(job, method="cash").action_confirm()
        self.assertEqual(job.fsm_deposit_paid, 200.0)
        self.assertEqual(job.fsm_balance_due, 0.0)
        with self.assertRaisesRegex(UserError, "more than the"):
            self._wizard(job, method="cash", amount=1.0).action_confirm()
        self._finish(job)
        job.action_generate_invoice()
        invoice = job.invoice_ids
        invoice.action_post()
        self.assertEqual(invoice.amount_residual, 800.0)
        self.assertEqual(job.fsm_balance_due, 800.0)
        self.assertIn("applied to", job.message_ids[0].body + job.message_ids[1].body)

    def test_online_deposit_then_invoice(self):
        job = self._new_job(fsm_deposit_requested=300.0)
        tx = self._pay(job, 300.0, invoice=self.env["account.move"])
        self.assertEqual(tx.payment_id.fsm_job_id, job)
        self.assertEqual(job.fsm_deposit_paid, 300.0)
        self._finish(job)
        job.action_generate_invoice()
        job.invoice_ids.action_post()
        self.assertEqual(job.invoice_ids.amount_residual, 700.0)

    def test_deposit_larger_than_invoice_leaves_a_credit(self):
        job = self._new_job(fsm_deposit_requested=1200.0)
        self._wizard(job, method="cash").action_confirm()
        deposit = job.fsm_payment_ids
        self._finish(job)
        job.action_generate_invoice()
        invoice = job.invoice_ids
        invoice.action_post()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        credit = deposit.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertAlmostEqual(credit.amount_residual, -200.0)
        self.assertFalse(deposit.is_reconciled)

    def test_cancelled_job_flags_its_deposits(self):
        job = self._new_job(fsm_deposit_requested=150.0)
        self._wizard(job, method="cash").action_confirm()
        job._move_to_status(self.status_cancelled)
        activity = job.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("Refund", activity.summary)
        # no finance user set: the first accounting manager of the company
        self.assertFalse(job.company_id.fsm_payment_finance_user_id)
        self.assertTrue(activity.user_id.has_group("account.group_account_manager"))
        self.assertIn("cancelled with deposits", job.message_ids[0].body)

    def test_cancelled_job_flags_the_finance_user_set_in_settings(self):
        finance = new_test_user(
            self.env, "fsm_finance_desk", groups="account.group_account_invoice"
        )
        self.env.company.fsm_payment_finance_user_id = finance
        job = self._new_job(fsm_deposit_requested=150.0)
        self._wizard(job, method="cash").action_confirm()
        job._move_to_status(self.status_cancelled)
        self.assertEqual(job.activity_ids.user_id, finance)

    def test_a_deposit_needs_an_amount_to_ask(self):
        self.service_type.rate = 0.0
        job = self._new_job()
        job.service_type_id = self.service_type
        with self.assertRaisesRegex(UserError, "no deposit requested"):
            self._wizard(job, method="cash", amount=10.0).action_confirm()

    # -- states ---------------------------------------------------------------------
    def test_pending_then_done(self):
        job, invoice = self._invoiced_job()
        tx = self._tx(job, 600.0)
        self._notify(tx, "pending")
        self.assertEqual(tx.state, "pending")
        self.assertEqual(invoice.amount_residual, 1000.0)
        # what is on its way counts: 500 more would overpay once it arrives
        with self.assertRaisesRegex(UserError, "already on its way"):
            self._tx(job, 500.0)
        with self.assertRaisesRegex(UserError, "already on its way"):
            self._wizard(job, method="cash", amount=500.0).action_confirm()
        self._notify(tx, "done")
        self.assertEqual(invoice.amount_residual, 400.0)

    def test_failed_or_cancelled_leaves_the_balance(self):
        job, invoice = self._invoiced_job()
        for state in ("cancel", "error"):
            tx = self._tx(job, 1000.0)
            self._notify(tx, state)
            self.assertFalse(tx.payment_id)
            self.assertEqual(invoice.amount_residual, 1000.0)
            self.assertEqual(job.fsm_balance_due, 1000.0)
        states = {row["state"] for row in job._fsm_payment_rows()}
        self.assertEqual(states, {"cancel", "error"})
        self._pay(job, 1000.0)
        self.assertEqual(invoice.amount_residual, 0.0)

    def test_replayed_notification_makes_one_payment(self):
        job, invoice = self._invoiced_job()
        tx = self._pay(job, 1000.0)
        payment = tx.payment_id
        with mute_logger("odoo.addons.payment.models.payment_transaction"):
            self._notify(tx, "done")
            self._notify(tx, "done")
        self.assertEqual(tx.payment_id, payment)
        self.assertEqual(len(job.fsm_payment_ids), 1)
        self.assertEqual(invoice.amount_residual, 0.0)

    # -- refusals -------------------------------------------------------------------
    def test_amounts_refused(self):
        job, _invoice = self._invoiced_job()
        for amount, message in (
            (1500.0, "more than the"),
            (0.0, "more than zero"),
            (-100.0, "more than zero"),
        ):
            with self.assertRaisesRegex(UserError, message):
                self._tx(job, amount)
            with self.assertRaisesRegex(UserError, message):
                self._wizard(job, method="cash", amount=amount).action_confirm()
        self.assertFalse(job.fsm_transaction_ids)
        self.assertFalse(job.fsm_payment_ids)

    def test_amounts_that_are_not_numbers_refused_in_words(self):
        job, _invoice = self._invoiced_job()
        # (Odoo's assertRaises: rolled back as a refused request is)
        for amount in ("nan", "inf", "abc"):
            with self.subTest(amount=amount):
                with self.assertRaises(ValidationError) as refusal:
                    self._wizard(job, method="cash", amount=amount)
                self.assertRegex(str(refusal.exception), "must be a number")
        self.assertFalse(job.fsm_payment_ids)
        # what the office asks as a deposit is an amount too
        deposit_job = self._new_job()
        for amount in (-100.0, 1e18):
            with self.subTest(deposit=amount):
                with self.assertRaises(ValidationError) as refusal:
                    deposit_job.with_user(self.accountant).write(
                        {"fsm_deposit_requested": amount}
                    )
                self.assertRegex(str(refusal.exception), "zero or more")
        deposit_job.invalidate_recordset()
        self.assertEqual(deposit_job.fsm_deposit_requested, 0.0)

    def test_only_the_ways_the_company_has_are_taken(self):
        job, invoice = self._invoiced_job()
        wizard = self._wizard(job, invoice=invoice, method="cash", amount=10.0)
        for method in ("bogus", "manual"):
            with self.subTest(method=method):
                wizard.sudo().env.cr.execute(
                    "UPDATE fsm_payment_wizard SET method = %s WHERE id = %s",
                    [method, wizard.id],
                )
                wizard.invalidate_recordset()
                with self.assertRaises(UserError) as refusal:
                    wizard.action_confirm()
                self.assertIn("Choose how the client pays", str(refusal.exception))
        self.assertFalse(job.fsm_payment_ids)
        # a credit note of the job is not a bill the client pays
        job.fsm_payment_ids.unlink()
        refund = invoice._reverse_moves()
        refund.action_post()
        with self.assertRaises(UserError) as refusal:
            job.with_user(self.tech).action_fsm_pay_now(refund.id)
        self.assertIn("is a credit note", str(refusal.exception))

    def test_creating_a_transaction_without_rights_tells_nothing(self):
        """The guard reads jobs and balances as superuser: someone with no right to
        create transactions learns neither a job's reference nor its balance."""
        job, invoice = self._invoiced_job()
        values = {
            "provider_id": self.provider.id,
            "payment_method_id": self.card.id,
            "amount": 5000.0,
            "currency_id": self.currency.id,
            "partner_id": self.other_client.id,
            "operation": "online_direct",
            "invoice_ids": [Command.set(invoice.ids)],
            "fsm_job_id": job.id,
        }
        for user in (self.other_user, self.tech_no_pay, self.tech):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError) as refusal:
                    self.env["payment.transaction"].with_user(user).create(values)
                text = str(refusal.exception)
                self.assertNotIn(job.name, text)
                self.assertNotIn("1,000", text)
        self.assertFalse(job.fsm_transaction_ids)

    def test_other_currency_refused(self):
        job, _invoice = self._invoiced_job()
        other = self.env.ref("base.EUR" if self.currency.name != "EUR" else "base.USD")
        other.active = True
        with self.assertRaisesRegex(UserError, "is in"):
            self._tx(job, 100.0, currency=other)

    def test_another_clients_name_or_token_refused(self):
        job, _invoice = self._invoiced_job()
        with self.assertRaisesRegex(UserError, "Only the client"):
            self._tx(job, 100.0, partner=self.other_client)
        token = self.env["payment.token"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.card.id,
                "partner_id": self.other_client.id,
                "provider_ref": "other",
                "payment_details": "1111",
            }
        )
        with self.assertRaisesRegex(UserError, "not the client's"):
            self._tx(job, 100.0, token_id=token.id, operation="online_token")

    def test_second_tab_cancels_the_first_draft(self):
        job, invoice = self._invoiced_job()
        first = self._tx(job, 1000.0)
        second = self._tx(job, 1000.0)
        self.assertEqual(first.state, "cancel")
        self.assertEqual(second.state, "draft")
        self.assertNotEqual(first.reference, second.reference)
        self._notify(second, "done")
        self.assertEqual(invoice.amount_residual, 0.0)
        # the first tab's money still comes: received, never applied twice, flagged
        self._notify(first, "done")
        self.assertEqual(first.state, "done")
        self.assertFalse(first.payment_id.is_reconciled)
        self.assertIn("Refund", job.activity_ids.summary)

    def test_saved_method_charged_with_consent(self):
        job, invoice = self._invoiced_job()
        token = self.env["payment.token"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.card.id,
                "partner_id": self.client.id,
                "provider_ref": "client",
                "payment_details": "4242",
                "demo_simulated_state": "done",
            }
        )
        self.assertEqual(
            [
                key
                for key, _label in self.env["fsm.payment.wizard"]
                .with_user(self.tech)
                .with_context(default_job_id=job.id)
                ._selection_tokens()
            ],
            [str(token.id)],
        )
        wizard = self._wizard(
            job, method="token", token_choice=str(token.id), amount=400.0
        )
        with self.assertRaisesRegex(UserError, "agrees"):
            wizard.action_confirm()
        wizard.client_consent = True
        wizard.action_confirm()
        self.assertEqual(invoice.amount_residual, 600.0)
        # a declined charge is said, and stays on the job's chatter
        token.demo_simulated_state = "error"
        wizard = self._wizard(
            job,
            method="token",
            token_choice=str(token.id),
            amount=100.0,
            client_consent=True,
        )
        action = wizard.action_confirm()
        self.assertEqual(action["params"]["type"], "danger")
        self.assertEqual(invoice.amount_residual, 600.0)
        self.assertIn("encountered an error", job.message_ids[0].body)

    def test_payment_link_emailed(self):
        job, _invoice = self._invoiced_job()
        wizard = self._wizard(job, method="link", amount=250.0)
        wizard.action_confirm()
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("email_to", "=", self.client.email)], limit=1)
        )
        self.assertIn(f"/fsm/pay/{job.id}/0?amount=250.0", mail.body_html)
        self.assertIn("emailed a payment link", job.message_ids[0].body)

    # -- permissions ----------------------------------------------------------------
    def test_no_permission_refused_in_the_model(self):
        job, invoice = self._invoiced_job(user=self.tech_no_pay)
        with self.assertRaisesRegex(AccessError, "Receive payments"):
            self._wizard(job, user=self.tech_no_pay, method="cash")
        with self.assertRaisesRegex(AccessError, "Receive payments"):
            job.with_user(self.tech_no_pay).action_fsm_pay_now()
        # another technician's job, even with the setting
        with self.assertRaises(AccessError):
            self._wizard(job, user=self.tech, method="cash")
        # an accountant keeps Odoo's rights: Pay Now and Odoo's own register payment
        self._wizard(
            job, user=self.accountant, method="cash", amount=100.0
        ).action_confirm()
        register = (
            self.env["account.payment.register"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": 1000.0})
        )
        register._create_payments()
        self.assertTrue(
            invoice.currency_id.compare_amounts(invoice.amount_residual, 0) <= 0
        )

    def _count(self, func):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        func()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def _plain_invoice(self):
        """An invoice of 1,000 like a job's, not made from a job."""
        plain = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.client.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Boiler service",
                            "quantity": 1,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        plain.action_post()
        return plain

    def _register(self, invoice):
        return (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": 1000.0})
            ._create_payments()
        )

    def test_query_count_of_processing_a_pay_now(self):
        """Processing one Pay Now (transaction done to reconciled payment), Odoo's
        own online payment of an invoice not from a job, and Odoo's Register
        Payment, measured here on invoices of 1,000 paid into the same bank
        journal. Each path runs once unmeasured first, so that none is measured
        on caches another one warmed."""
        paths = {}
        for name in ("pay_now", "odoo_online", "register"):
            paths[name] = []
            for _i in range(2):
                if name == "register":
                    invoice = self._invoiced_job()[1]
                    paths[name].append((invoice, lambda i=invoice: self._register(i)))
                    continue
                if name == "pay_now":
                    job, invoice = self._invoiced_job()
                    tx = self._tx(job, 1000.0)
                else:
                    invoice = self._plain_invoice()
                    tx = self._tx(
                        self.env["fsm.job"], 1000.0, invoice=invoice, fsm_job_id=False
                    )
                paths[name].append((invoice, lambda t=tx: self._notify(t, "done")))
        for runs in paths.values():  # throwaway runs: caches warm for every path
            self._count(runs[0][1])
        counts = {name: self._count(runs[1][1]) for name, runs in paths.items()}
        for runs in paths.values():
            for invoice, _run in runs:
                self.assertEqual(invoice.amount_residual, 0.0)
        _logger.info(
            "QUERY COUNT: Pay Now processing %(pay_now)s, Odoo's own online payment "
            "%(odoo_online)s, Odoo's Register Payment %(register)s",
            counts,
        )
        # A job's payment costs no more than Odoo's Register Payment of the same
        # invoice (measured: 149 and 152; Odoo's own online payment 180).
        self.assertLessEqual(counts["pay_now"], counts["register"])

    def test_phone_read_with_more_payments_costs_the_same(self):
        """The job screen reads a job's payments in a fixed number of queries."""
        job_one, _invoice_one = self._invoiced_job()
        job_five, _invoice_five = self._invoiced_job()
        self._wizard(job_one, method="cash", amount=100.0).action_confirm()
        for _i in range(5):
            self._wizard(job_five, method="cash", amount=100.0).action_confirm()
        self._pay(job_five, 50.0)
        counts = []
        job_one.with_user(self.tech).fsm_phone_read()  # Odoo's caches warm
        for job in (job_one, job_five):
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            data = job.with_user(self.tech).fsm_phone_read()
            counts.append(self.cr.sql_log_count - start)
            self.assertTrue(data["billing"]["payments"])
        self.assertEqual(
            len(job_five.with_user(self.tech).fsm_phone_read()["billing"]["payments"]),
            6,
        )
        self.assertEqual(counts[0], counts[1], counts)

    def test_invoice_refusals_in_words(self):
        job, invoice = self._invoiced_job(post=False)
        with self.assertRaisesRegex(UserError, "not confirmed"):
            job.action_fsm_pay_now(invoice.id)
        _other_job, other_invoice = self._invoiced_job()
        with self.assertRaisesRegex(UserError, "not one of"):
            job.action_fsm_pay_now(other_invoice.id)
        with self.assertRaisesRegex(UserError, "not one of|on its own"):
            self.env["payment.transaction"].sudo().create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.card.id,
                    "amount": 10.0,
                    "currency_id": self.currency.id,
                    "partner_id": self.client.id,
                    "invoice_ids": [Command.set(other_invoice.ids)],
                    "fsm_job_id": job.id,
                }
            )
