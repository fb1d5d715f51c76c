"""Online payments of a job and of invoices made from jobs, guarded where they are
created, whatever the route that creates them (this addon's Pay Now and payment
link, Odoo's ``/invoice/transaction/<id>``, ``/invoice/transaction/overdue``, a
payment link, a token charged from the back office)."""

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    fsm_job_id = fields.Many2one(
        "fsm.job", string="Field Service Job", index="btree_not_null", readonly=True
    )

    # -- creation: the server-side guard ---------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # Odoo's access rights first: the guard reads jobs and balances as superuser,
        # and its refusals would tell them to someone with no right to pay at all.
        if not self.env.su:
            self.check_access("create")
        for vals in vals_list:
            self._fsm_guard_values(vals)
        txs = super().create(vals_list)
        for tx in txs.filtered("fsm_job_id"):
            tx.fsm_job_id._message_log(
                body=self.env._(
                    "Payment attempt %(ref)s of %(amount)s by %(partner)s "
                    "(%(method)s).",
                    ref=tx.reference,
                    amount=tx.currency_id.format(tx.amount),
                    partner=tx.partner_id.name,
                    method=tx.payment_method_id.name or tx.provider_id.name,
                )
            )
        return txs

    def _fsm_accounting_operation(self, vals):
        """A token charged by the accounting team from Odoo's own payment form:
        Odoo's normal rights (overpayment included) stay theirs."""
        user = self.env.user
        return (
            vals.get("operation") == "offline"
            and not user.share
            and user.has_group("account.group_account_invoice")
        )

    @api.model
    def _fsm_guard_values(self, vals):  # noqa: PLR0912
        if vals.get("source_transaction_id") or vals.get("operation") in (
            "refund",
            "validation",
        ):
            return
        invoice_ids = []
        if vals.get("invoice_ids"):
            invoice_ids = self._fields["invoice_ids"].convert_to_cache(
                vals["invoice_ids"], self
            )
        invoices = self.env["account.move"].sudo().browse(invoice_ids).exists()
        job_invoices = invoices._fsm_job_invoices()
        job = self.env["fsm.job"].sudo().browse(vals.get("fsm_job_id")).exists()
        if not job and not job_invoices:
            return  # not a job's payment: Odoo's rules only
        if self._fsm_accounting_operation(vals):
            return
        if invoices - job_invoices or len(job_invoices.fsm_job_ids) > 1:
            raise UserError(
                self.env._(
                    "An invoice of a field service job is paid on its own: pay it "
                    "from its page or from the job."
                )
            )
        job = job or job_invoices.fsm_job_ids
        if job_invoices and job not in job_invoices.fsm_job_ids:
            raise UserError(
                self.env._("This invoice is not one of %(job)s.", job=job.name)
            )
        partner = self.env["res.partner"].sudo().browse(vals.get("partner_id")).exists()
        client = job_invoices[:1].partner_id or job.invoice_partner_id or job.partner_id
        if not partner or partner.commercial_partner_id != client.commercial_partner_id:
            raise UserError(
                self.env._(
                    "Only the client of %(job)s pays it: this payment is not made "
                    "in their name.",
                    job=job.name,
                )
            )
        token = self.env["payment.token"].sudo().browse(vals.get("token_id")).exists()
        if (
            token
            and token.partner_id.commercial_partner_id != client.commercial_partner_id
        ):
            raise UserError(
                self.env._("This saved payment method is not the client's.")
            )
        currency = self.env["res.currency"].browse(vals.get("currency_id")).exists()
        target = job_invoices if len(job_invoices) == 1 else None
        if job_invoices and len(job_invoices) > 1:
            target = None
            open_invoices = job._fsm_open_invoices()
            if job_invoices != open_invoices:
                raise UserError(
                    self.env._(
                        "Pay one invoice of %(job)s, or all its open invoices at once.",
                        job=job.name,
                    )
                )
        # "A second tab or device": the drafts nobody paid yet give way to this one.
        found = job._fsm_under_way(job_invoices)
        drafts = found.filtered(lambda t: t.state == "draft")
        paid = job._fsm_check_payment(
            vals.get("amount"),
            currency=currency,
            invoice=target,
            exclude=drafts,
            # what is paid is these invoices: their payments under way are found
            under_way=found - drafts if job_invoices else None,
        )
        if not job_invoices and paid:
            raise UserError(
                self.env._(
                    "%(job)s has a confirmed invoice: pay the invoice, not a deposit.",
                    job=job.name,
                )
            )
        for draft in drafts:
            draft._set_canceled(
                state_message=self.env._(
                    "Replaced by a newer payment of the same invoice."
                )
            )
        vals["fsm_job_id"] = job.id
        # References stay unique under the lock; a collision is said in words.
        if vals.get("reference") and self.sudo().search_count(
            [("reference", "=", vals["reference"])], limit=1
        ):
            vals["reference"] = self._compute_reference(
                self.env["payment.provider"]
                .sudo()
                .browse(vals.get("provider_id"))
                .code,
                prefix=vals["reference"],
            )

    # -- the chatter ---------------------------------------------------------------
    def _log_message_on_linked_documents(self, message):
        """A job's payment: Odoo's lines on its invoices, logged as the notes they
        are (no one is notified of them) without the cost of posting a message;
        on the job, one line per outcome (initiated, confirmed, failed...), not the
        second line Odoo adds once the payment is posted."""
        self.ensure_one()
        if not self.fsm_job_id or self.sale_order_ids or self.source_transaction_id:
            result = super()._log_message_on_linked_documents(message)
        else:
            result = None
            if self.env.uid == SUPERUSER_ID or self.env.context.get(
                "payment_backend_action"
            ):
                author = self.env.user.partner_id
            else:
                author = self.partner_id
            for invoice in self._get_invoices_to_notify():
                invoice._message_log(body=message, author_id=author.id)
        if self.fsm_job_id and not self.env.context.get("fsm_payment_posting"):
            self.fsm_job_id.sudo()._message_log(body=message)
        return result

    def _post_process(self):
        # The line Odoo logs once the payment is posted stays off the job's chatter:
        # the job already has the transaction's outcome.
        return super(
            PaymentTransaction, self.with_context(fsm_payment_posting=True)
        )._post_process()

    # -- money that arrives --------------------------------------------------------
    def _set_done(self, *, state_message=None, extra_allowed_states=()):
        # A job's payment given way to a newer one may still bring money (the
        # client paid on the first tab): it is received, then checked below.
        fsm = self.filtered("fsm_job_id")
        if fsm:
            extra_allowed_states = (*extra_allowed_states, "cancel")
        return super()._set_done(
            state_message=state_message, extra_allowed_states=extra_allowed_states
        )

    def _set_authorized(self, *, state_message=None, extra_allowed_states=()):
        if self.filtered("fsm_job_id"):
            extra_allowed_states = (*extra_allowed_states, "cancel")
        return super()._set_authorized(
            state_message=state_message, extra_allowed_states=extra_allowed_states
        )

    def _create_payment(self, **extra_create_values):
        """A job's payment: linked to the job, reconciled with what is due under
        the lock; money beyond what is due (the invoice was paid meanwhile) stays
        unreconciled on the client and is flagged to finance for a refund."""
        self.ensure_one()
        if not self.fsm_job_id:
            return super()._create_payment(**extra_create_values)
        job = self.fsm_job_id.sudo()
        invoices = self.invoice_ids.filtered(lambda m: m.state == "posted")
        # No lock needed here: reconciling writes the invoice's lines, so a payment
        # processed at the same time on the same invoice fails to serialize and is
        # retried on the committed residual.
        due = sum(invoices.mapped("amount_residual"))
        # The invoices are linked to the payment once it is posted and reconciled,
        # as Odoo's Register Payment does: linked before, posting the payment
        # recomputes the invoices' payment state for nothing.
        linked = extra_create_values.pop("invoice_ids", self.invoice_ids)
        # the job's payment, checked when the transaction was created: put on the
        # job whoever processes it (a notification, an accountant's capture)
        payment = super(PaymentTransaction, self.sudo())._create_payment(
            fsm_job_id=job.id, invoice_ids=[], **extra_create_values
        )
        if linked:
            payment.invoice_ids = linked
        if invoices and self.currency_id.compare_amounts(self.amount, due) > 0:
            extra = self.amount - due
            job._fsm_flag_for_finance(
                self.env._("Refund a payment received for a paid invoice"),
                self.env._(
                    "%(payment)s of %(amount)s came in for %(invoices)s when only "
                    "%(due)s was due: %(extra)s stays as the client's credit. Refund "
                    "it or apply it to another invoice.",
                    payment=payment.name,
                    amount=self.currency_id.format(self.amount),
                    invoices=", ".join(invoices.mapped("name")),
                    due=self.currency_id.format(max(due, 0.0)),
                    extra=self.currency_id.format(extra),
                ),
            )
        elif not invoices:
            # A deposit: applied now if the job's invoice was confirmed meanwhile.
            posted = job._fsm_posted_invoices()
            if posted:
                job._fsm_apply_deposits(posted)
        return payment
