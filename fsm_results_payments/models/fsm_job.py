"""Payments of a job: what is due, what was paid, and the one checked place where any
payment on a job (online or not) is accepted or refused.

Every payment path ends in ``_fsm_check_payment``: the Pay Now wizard (cash, check,
saved payment method), the payment link and the client's Pay Now
(``payment.transaction`` creation), and Odoo's own invoice payment route for an
invoice made from a job. It locks the job and its invoices (a row update, so a
concurrent payment on them waits, then is retried on what was committed), and
refuses an amount that is not positive, not in the invoice's currency, or more
than is still due once the payments under way are counted.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_round, format_datetime

from odoo.addons.fsm_results.models.fsm_access import MAX_PRICE
from odoo.addons.fsm_results.models.fsm_job_billing import NOT_STARTED_KINDS
from odoo.addons.fsm_results.models.fsm_job_phone import _action

# Transactions whose money is on its way: counted as paid when checking a new one.
UNDER_WAY_STATES = ("pending", "authorized")


class FsmJob(models.Model):
    _inherit = "fsm.job"

    fsm_deposit_requested = fields.Monetary(
        string="Deposit Requested",
        help="What the client is asked to pay before the invoice: shown on the "
        "client's job page with a Pay Now button. A deposit is applied to the job's "
        "invoice when it is confirmed.",
    )
    fsm_payment_ids = fields.One2many(
        "account.payment", "fsm_job_id", string="Payments", readonly=True
    )
    fsm_transaction_ids = fields.One2many(
        "payment.transaction", "fsm_job_id", string="Online Payments", readonly=True
    )
    fsm_payment_count = fields.Integer(
        compute="_compute_fsm_payments", string="Payment Count"
    )
    fsm_deposit_paid = fields.Monetary(
        compute="_compute_fsm_payments", string="Deposits Received"
    )
    fsm_balance_due = fields.Monetary(
        compute="_compute_fsm_payments",
        string="To Pay",
        help="What is still due: on the job's confirmed invoices, or, before any, "
        "the deposit requested less the deposits received.",
    )
    fsm_payment_summary = fields.Html(
        compute="_compute_fsm_payment_summary", string="Payment History", sanitize=False
    )

    def _fsm_allowed_fields(self):
        allowed = super()._fsm_allowed_fields()
        if self.env.user.has_group("fsm_results.group_fsm_dispatcher"):
            allowed = allowed | {"fsm_deposit_requested"}
        return allowed

    @api.constrains("fsm_deposit_requested")
    def _check_fsm_deposit_requested(self):
        for job in self:
            if not 0 <= job.fsm_deposit_requested < MAX_PRICE:
                raise ValidationError(
                    self.env._(
                        "The deposit requested on %(job)s must be zero or more and "
                        "below %(max)s (it is %(amount)s).",
                        job=job.name,
                        max=job.currency_id.format(MAX_PRICE),
                        amount=job.currency_id.format(job.fsm_deposit_requested),
                    )
                )

    # -- what is due ----------------------------------------------------------------
    def _fsm_open_invoices(self):
        """The job's confirmed customer invoices with something left to pay."""
        self.ensure_one()
        return self.sudo().invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice"
            and m.state == "posted"
            and not m.currency_id.is_zero(m.amount_residual)
        )

    def _fsm_posted_invoices(self):
        self.ensure_one()
        return self.sudo().invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )

    def _fsm_live_payments(self):
        self.ensure_one()
        return self.sudo().fsm_payment_ids.filtered(
            lambda p: p.state not in ("draft", "canceled", "rejected")
            and p.payment_type == "inbound"
        )

    @api.depends(
        "fsm_payment_ids.state",
        "fsm_payment_ids.amount",
        "fsm_deposit_requested",
        "amount_due",
    )
    def _compute_fsm_payments(self):
        for job in self:
            payments = job._fsm_live_payments()
            job.fsm_payment_count = len(payments)
            if job._fsm_posted_invoices():
                job.fsm_deposit_paid = 0.0
                job.fsm_balance_due = sum(
                    job._fsm_open_invoices().mapped("amount_residual")
                )
            else:
                paid = sum(payments.mapped("amount"))
                job.fsm_deposit_paid = paid
                job.fsm_balance_due = max(job.fsm_deposit_requested - paid, 0.0)

    def _compute_fsm_payment_summary(self):
        for job in self:
            rows = job._fsm_payment_rows()
            if not rows:
                job.fsm_payment_summary = False
                continue
            body = Markup("").join(
                Markup(
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td class='text-end'>%s</td>"
                    "<td>%s</td></tr>"
                )
                % (
                    row["date"],
                    row["method"],
                    row["who"],
                    row["amount_label"],
                    row["state_label"],
                )
                for row in rows
            )
            job.fsm_payment_summary = (
                Markup(
                    "<table class='table table-sm o_fsm_payment_table'><thead><tr>"
                    "<th>%s</th><th>%s</th><th>%s</th><th class='text-end'>%s</th>"
                    "<th>%s</th></tr></thead><tbody>"
                )
                % (
                    self.env._("When"),
                    self.env._("Method"),
                    self.env._("Taken by"),
                    self.env._("Amount"),
                    self.env._("State"),
                )
                + body
                + Markup("</tbody></table>")
            )

    @api.model
    def _fsm_payment_state_labels(self):
        """A payment's state in the words of a technician or a client (Odoo's "In
        Process" is the accounting team's: the money is received, not yet matched
        with the bank statement)."""
        received = self.env._("Received")
        return {
            # account.payment
            "draft": self.env._("Draft"),
            "in_process": received,
            "paid": received,
            "canceled": self.env._("Cancelled"),
            "rejected": self.env._("Refused"),
            # payment.transaction, before it is a payment
            "pending": self.env._("On its way"),
            "authorized": self.env._("Authorized"),
            "done": received,
            "cancel": self.env._("Cancelled"),
            "error": self.env._("Failed"),
        }

    def _fsm_payment_rows(self):
        """Each payment of the job (method, amount, who, when, state), and each
        online payment that did not become one (under way, failed, cancelled),
        newest first: what the job form, the phone and the portal show."""
        self.ensure_one()
        job = self.sudo()
        payments = job.fsm_payment_ids.filtered(lambda p: p.payment_type == "inbound")
        states = self._fsm_payment_state_labels()
        rows = []
        for payment in payments:
            tx = payment.payment_transaction_id
            rows.append(
                {
                    "id": f"payment-{payment.id}",
                    "sort": payment.create_date,
                    "date": _local_time(self, payment.create_date),
                    "method": payment._fsm_method_label(),
                    "reference": payment.memo or "",
                    "who": (tx.create_uid if tx else payment.create_uid).name,
                    "amount": payment.amount,
                    "amount_label": payment.currency_id.format(payment.amount),
                    "state": payment.state,
                    "state_label": states.get(payment.state, payment.state),
                }
            )
        for tx in job.fsm_transaction_ids.filtered(
            lambda t: not t.payment_id and t.state != "draft"
        ):
            rows.append(
                {
                    "id": f"tx-{tx.id}",
                    "sort": tx.create_date,
                    "date": _local_time(self, tx.create_date),
                    "method": tx.payment_method_id.name or tx.provider_id.name,
                    "reference": tx.reference,
                    "who": tx.create_uid.name,
                    "amount": tx.amount,
                    "amount_label": tx.currency_id.format(tx.amount),
                    "state": tx.state,
                    "state_label": states.get(tx.state, tx.state),
                }
            )
        rows.sort(key=lambda row: row["sort"], reverse=True)
        for row in rows:
            del row["sort"]
        return rows

    # -- the one check ---------------------------------------------------------------
    def _fsm_lock(self, invoices=None):
        """Serialize payments on these jobs and invoices until the transaction ends.

        An UPDATE, not a SELECT ... FOR UPDATE: under Odoo's repeatable-read
        isolation a concurrent payment that locked the same row after this
        transaction's snapshot then fails with a serialization error and is retried
        (Odoo retries requests and crons) on what was committed, instead of reading
        a stale balance."""
        if self:
            self.env.cr.execute(
                SQL(
                    "UPDATE fsm_job SET write_date = write_date WHERE id IN %s",
                    tuple(sorted(self.ids)),
                )
            )
        if invoices:
            self.env.cr.execute(
                SQL(
                    "UPDATE account_move SET write_date = write_date WHERE id IN %s",
                    tuple(sorted(invoices.ids)),
                )
            )

    def _fsm_payment_target(self, invoice=None):
        """What a payment on this job pays: ``invoice`` (one of the job's confirmed
        invoices), the job's open invoices, or a deposit when none is confirmed."""
        self.ensure_one()
        if invoice:
            invoice = invoice.sudo()
            ours = invoice in self.sudo().invoice_ids
            if ours and invoice.move_type != "out_invoice":
                raise UserError(
                    self.env._(
                        "%(move)s is a credit note: it is money owed to the client, "
                        "not a bill to pay.",
                        move=invoice.display_name,
                    )
                )
            if not ours:
                raise UserError(
                    self.env._("This invoice is not one of %(job)s.", job=self.name)
                )
            if invoice.state != "posted":
                raise UserError(
                    self.env._(
                        "%(invoice)s is not confirmed: confirm it before taking its "
                        "payment, or take a deposit on the job.",
                        invoice=invoice.display_name,
                    )
                )
            return invoice
        if self._fsm_posted_invoices():
            return self._fsm_open_invoices()
        return self.env["account.move"]

    def _fsm_client_tokens(self):
        """The saved payment methods of the job's client (its company's), of the
        company's providers."""
        self.ensure_one()
        client = (self.invoice_partner_id or self.partner_id).commercial_partner_id
        return (
            self.env["payment.token"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", client.id),
                    ("provider_id.company_id", "=", self.company_id.id),
                    ("provider_id.state", "in", ("enabled", "test")),
                ]
            )
        )

    def _fsm_payment_currency(self, invoices):
        currency = invoices.currency_id
        if len(currency) > 1:
            raise UserError(
                self.env._(
                    "The invoices of %(job)s are in different currencies: pay each "
                    "invoice on its own.",
                    job=self.name,
                )
            )
        return currency or self.currency_id

    def _fsm_under_way(self, invoices, exclude=None):
        """Online payments of these invoices (or, without invoices, the job's
        deposits) whose money is on its way and not yet a payment."""
        self.ensure_one()
        Tx = self.env["payment.transaction"].sudo()
        if invoices:
            domain = [("invoice_ids", "in", invoices.ids)]
        else:
            domain = [("fsm_job_id", "=", self.id), ("invoice_ids", "=", False)]
        txs = Tx.search(
            [
                *domain,
                ("payment_id", "=", False),
                ("operation", "not in", ("refund", "validation")),
                ("state", "in", (*UNDER_WAY_STATES, "done", "draft")),
            ]
        )
        if exclude:
            txs -= exclude
        return txs

    def _fsm_payable(self, invoices, exclude=None, under_way=None):
        """(still due, under way) for a payment of these invoices or a deposit;
        ``under_way``: their online payments, when the caller searched them."""
        self.ensure_one()
        if under_way is None:
            under_way = self._fsm_under_way(invoices, exclude=exclude)
        under_way = under_way.filtered(lambda t: t.state != "draft")
        if invoices:
            due = sum(invoices.mapped("amount_residual"))
        else:
            limit = self.fsm_deposit_requested or self.amount_estimated
            due = max(limit - sum(self._fsm_live_payments().mapped("amount")), 0.0)
        return due, sum(under_way.mapped("amount"))

    def _fsm_check_payment(
        self, amount, currency=None, invoice=None, exclude=None, under_way=None
    ):
        """Lock, then refuse a payment of ``amount`` that is not positive, in another
        currency, or more than what is still due once the payments under way are
        counted. Returns the invoices it pays (none for a deposit).

        ``under_way``: the online payments of the invoices paid (``_fsm_under_way``
        less ``exclude``), when the caller already searched them in this database
        transaction: not searched again."""
        self.ensure_one()
        invoices = self._fsm_payment_target(invoice)
        self._fsm_lock(invoices)
        # What another payment committed before the lock: read again.
        invoices.invalidate_recordset()
        self.invalidate_recordset()
        expected = self._fsm_payment_currency(invoices)
        if currency and currency != expected:
            raise UserError(
                self.env._(
                    "A payment of %(job)s is in %(currency)s, not %(other)s.",
                    job=self.name,
                    currency=expected.name,
                    other=currency.name,
                )
            )
        amount = float_round(amount or 0.0, precision_rounding=expected.rounding)
        if float_compare(amount, 0.0, precision_rounding=expected.rounding) <= 0:
            raise UserError(self.env._("A payment must be more than zero."))
        if invoice and invoice.currency_id.is_zero(invoice.sudo().amount_residual):
            raise UserError(
                self.env._(
                    "%(invoice)s is already paid: nothing more is taken on it.",
                    invoice=invoice.display_name,
                )
            )
        if not invoices and self._fsm_posted_invoices():
            raise UserError(
                self.env._("The invoices of %(job)s are paid.", job=self.name)
            )
        due, under_way = self._fsm_payable(
            invoices, exclude=exclude, under_way=under_way
        )
        payable = due - under_way
        if float_compare(amount, payable, precision_rounding=expected.rounding) > 0:
            if not invoices and not (
                self.fsm_deposit_requested or self.amount_estimated
            ):
                raise UserError(
                    self.env._(
                        "%(job)s has no invoice and no deposit requested: set the "
                        "deposit to take on the job first.",
                        job=self.name,
                    )
                )
            if under_way:
                message = self.env._(
                    "%(amount)s is more than can still be paid: %(due)s is due and "
                    "%(under_way)s is already on its way in another payment.",
                    amount=expected.format(amount),
                    due=expected.format(due),
                    under_way=expected.format(under_way),
                )
            else:
                message = self.env._(
                    "%(amount)s is more than the %(due)s due: take at most what is "
                    "due.",
                    amount=expected.format(amount),
                    due=expected.format(due),
                )
            raise UserError(message)
        return invoices

    def _fsm_check_can_take_payment(self):
        """Someone taking a payment on a job: the FSM setting "Receive payments"
        and a job they may work on (an accountant: any job they may read)."""
        if self.env.su:
            return
        if self.env.user.has_group("account.group_account_invoice"):
            self.check_access("read")
            return
        self.env.user._fsm_check_setting("payment")
        self.check_access("write")

    # -- actions -----------------------------------------------------------------------
    def action_fsm_pay_now(self, invoice_id=False):
        """Pay Now: the payment dialog for the job or one of its invoices."""
        self.ensure_one()
        self._fsm_check_can_take_payment()
        invoice = self.env["account.move"].browse(invoice_id) if invoice_id else None
        self._fsm_payment_target(invoice)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Pay Now"),
            "res_model": "fsm.payment.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_job_id": self.id,
                "default_invoice_id": invoice_id or False,
            },
        }

    def action_fsm_view_payments(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Payments"),
            "res_model": "account.payment",
            "view_mode": "list,form",
            "domain": [("fsm_job_id", "=", self.id)],
            "context": {"create": False},
        }

    # -- deposits ---------------------------------------------------------------------
    def _fsm_apply_deposits(self, invoices):
        """Reconcile the job's unreconciled payments (its deposits) with its newly
        confirmed invoices; a deposit larger than them stays as the client's credit."""
        for job in self:
            payments = job._fsm_live_payments()
            if not payments:
                continue
            applied = []
            for invoice in invoices.filtered(lambda m, j=job: j in m.fsm_job_ids):
                open_lines = invoice.line_ids.filtered(
                    lambda line: line.display_type == "payment_term"
                    and not line.reconciled
                )
                deposit_lines = payments.move_id.line_ids.filtered(
                    lambda line, o=open_lines: line.account_id in o.account_id
                    and not line.reconciled
                    and line.balance < 0
                )
                if open_lines and deposit_lines:
                    (open_lines + deposit_lines).reconcile()
                    applied.append(invoice.name)
            if applied:
                job.message_post(
                    body=self.env._(
                        "Deposits %(payments)s applied to %(invoices)s.",
                        invoices=", ".join(applied),
                        payments=", ".join(payments.mapped("name")),
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _fsm_flag_for_finance(self, summary, note):
        """An activity for the accounting team on the job (the company's configured
        user, else the first billing user), and the same note in the chatter."""
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for job in self.sudo():
            user = job.company_id.fsm_payment_finance_user_id or job._fsm_finance_user()
            job.activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=note,
                user_id=user.id,
            )
            job.message_post(body=note, subtype_xmlid="mail.mt_note")

    def _fsm_finance_user(self):
        group = self.env.ref("account.group_account_manager", raise_if_not_found=False)
        users = (
            group.sudo().all_user_ids.filtered(
                lambda u: not u.share and self.company_id in u.company_ids
            )
            if group
            else self.env["res.users"]
        )
        return users.sorted("id")[:1] or self.env.ref("base.user_admin")

    def _move_to_status(self, status, pausing=False, resuming=False):
        result = super()._move_to_status(status, pausing=pausing, resuming=resuming)
        if status.kind == "cancelled":
            for job in self:
                deposits = job._fsm_live_payments().filtered(
                    lambda p: not p.is_reconciled
                )
                if deposits:
                    job._fsm_flag_for_finance(
                        self.env._("Refund the deposits of a cancelled job"),
                        self.env._(
                            "%(job)s is cancelled with deposits received: "
                            "%(payments)s. Refund them or apply them to another "
                            "invoice of the client.",
                            job=job.name,
                            payments=", ".join(
                                f"{p.name} ({p.currency_id.format(p.amount)})"
                                for p in deposits
                            ),
                        ),
                    )
        return result

    # -- the phone screen's billing slot (fsm_results/models/fsm_job_phone.py) -------
    def _fsm_billing_offered(self):
        # Billing also shows on a job not started when a deposit is asked or taken.
        self.ensure_one()
        return super()._fsm_billing_offered() or bool(
            self.status_kind != "cancelled"
            and (self.fsm_deposit_requested or self.sudo().fsm_payment_ids)
        )

    def _fsm_phone_billing_actions(self, may):
        actions = super()._fsm_phone_billing_actions(may)
        if self.status_kind in NOT_STARTED_KINDS:
            # before the work starts, the job takes a deposit, not an invoice
            actions = [a for a in actions if a["key"] != "generate_invoice"]
        if (
            may["payment"]
            and self.status_kind != "cancelled"
            and self.fsm_balance_due
            and self._fsm_pays_the_job_itself()
        ):
            actions.insert(
                0,
                _action(
                    self,
                    "pay_now",
                    self.env._("Take a Deposit")
                    if not self._fsm_posted_invoices()
                    else self.env._("Pay All Invoices"),
                    "action_fsm_pay_now",
                    "fa-credit-card",
                    primary=True,
                    open_result=True,
                ),
            )
        return actions

    def _fsm_pays_the_job_itself(self):
        """A Pay Now of the job, beside those of its invoices: a deposit before any
        invoice, or all its open invoices at once when there are several (with
        one, the invoice's own Pay Now is the same money)."""
        self.ensure_one()
        return not self._fsm_posted_invoices() or len(self._fsm_open_invoices()) > 1

    def _fsm_phone_invoice_actions(self, invoice, may):
        actions = super()._fsm_phone_invoice_actions(invoice, may)
        if (
            may["payment"]
            and invoice.state == "posted"
            and invoice.move_type == "out_invoice"
            and not invoice.currency_id.is_zero(invoice.amount_residual)
        ):
            actions.insert(
                0,
                _action(
                    self,
                    "pay_invoice",
                    self.env._("Pay Now"),
                    "action_fsm_pay_now",
                    "fa-credit-card",
                    primary=True,
                    args=[invoice.id],
                    open_result=True,
                ),
            )
        return actions

    def _fsm_phone_billing(self, may):
        billing = super()._fsm_phone_billing(may)
        if billing.get("offered"):
            billing["payments"] = self._fsm_payment_rows()
            billing["balance_due"] = self.fsm_balance_due
            billing["deposit_requested"] = self.fsm_deposit_requested
        return billing


def _local_time(record, moment):
    """A moment as the user reads it: in their time zone and language, short."""
    return format_datetime(record.env, moment, dt_format="short")
