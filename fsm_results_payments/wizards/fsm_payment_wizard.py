from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

from odoo.addons.fsm_results.models.fsm_access import check_finite_numbers

from ..controllers.main import pay_link_path


class FsmPaymentWizard(models.TransientModel):
    """Pay Now: a payment of a job (a deposit before its invoice) or of one of its
    invoices, by the method the client chooses, for the balance due or less."""

    _name = "fsm.payment.wizard"
    _inherit = ["fsm.job.wizard.mixin"]
    _description = "Field Service Pay Now"
    _fsm_job_field = "job_id"

    job_id = fields.Many2one("fsm.job", required=True, readonly=True)
    invoice_id = fields.Many2one("account.move", readonly=True)
    is_deposit = fields.Boolean(compute="_compute_due")
    currency_id = fields.Many2one("res.currency", compute="_compute_due")
    amount_due = fields.Monetary(compute="_compute_due", string="Left to Pay")
    amount = fields.Monetary(compute="_compute_amount", store=True, readonly=False)
    method = fields.Selection(
        selection="_selection_methods",
        required=True,
        default=lambda self: self._default_method(),
    )
    partner_id = fields.Many2one("res.partner", compute="_compute_due")
    # The client's saved methods, named without opening payment tokens to the
    # technician (who has no rights on them): offered for the dialog's job only.
    token_choice = fields.Selection(
        selection="_selection_tokens", string="Saved Method"
    )
    commercial_partner_id = fields.Many2one("res.partner", compute="_compute_due")
    client_consent = fields.Boolean(
        string="The client agrees to this charge",
        help="A saved payment method is charged only with the client's consent, now.",
    )
    check_number = fields.Char()
    email = fields.Char(
        string="Send the Link To", compute="_compute_email", store=True, readonly=False
    )

    @api.model
    def _fsm_method_labels(self):
        return {
            "online": self.env._("Card or ACH: the client pays on this device"),
            "link": self.env._("Card or ACH: email the client a payment link"),
            "token": self.env._("Saved payment method of the client"),
            "cash": self.env._("Cash"),
            "check": self.env._("Check"),
        }

    @api.model
    def _selection_methods(self):
        """The ways this job's payment can be taken: a payment provider for card and
        ACH, a saved method of the client, a cash journal, a bank journal for
        checks. Without a job in view, every way (the server checks each one)."""
        labels = self._fsm_method_labels()
        job = self._fsm_context_job()
        methods = self._fsm_available_methods(job) if job else list(labels)
        return [(method, labels[method]) for method in methods]

    @api.model
    def _default_method(self):
        methods = self._selection_methods()
        return methods[0][0] if methods else False

    @api.model
    def _fsm_context_job(self):
        job = (
            self.env["fsm.job"].browse(self.env.context.get("default_job_id")).exists()
        )
        return job if job and job.has_access("read") else job.browse()

    @api.model
    def _fsm_available_methods(self, job):
        job = job.sudo()
        company = job.company_id
        methods = []
        if (
            self.env["payment.provider"]
            .sudo()
            .search_count(
                [("state", "in", ("enabled", "test")), ("company_id", "=", company.id)],
                limit=1,
            )
        ):
            methods += ["online", "link"]
        if job._fsm_client_tokens():
            methods.append("token")
        journals = set(
            self.env["account.journal"]
            .sudo()
            .search([("type", "in", ("cash", "bank")), ("company_id", "=", company.id)])
            .mapped("type")
        )
        if "cash" in journals:
            methods.append("cash")
        if "bank" in journals:
            methods.append("check")
        return methods

    @api.model
    def _selection_tokens(self):
        job = (
            self.env["fsm.job"].browse(self.env.context.get("default_job_id")).exists()
        )
        if not job or not job.has_access("read"):
            return []
        return [
            (str(token.id), token.display_name)
            for token in job.sudo()._fsm_client_tokens()
        ]

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if values.get("job_id"):
            self.env["fsm.job"].browse(values["job_id"])._fsm_check_can_take_payment()
        return values

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_finite_numbers(self, vals)
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard.job_id._fsm_check_can_take_payment()
            if wizard.invoice_id:
                wizard.job_id.sudo()._fsm_payment_target(wizard.invoice_id)
        return wizards

    def write(self, vals):
        check_finite_numbers(self, vals)
        return super().write(vals)

    @api.depends("job_id", "invoice_id")
    def _compute_due(self):
        for wizard in self:
            job = wizard.job_id.sudo()
            invoices = (
                job._fsm_payment_target(wizard.invoice_id.sudo() or None)
                if job
                else job.env["account.move"]
            )
            due, under_way = job._fsm_payable(invoices) if job else (0.0, 0.0)
            wizard.is_deposit = not invoices
            wizard.currency_id = job._fsm_payment_currency(invoices) if job else False
            wizard.amount_due = max(due - under_way, 0.0)
            partner = (
                invoices[:1].partner_id or job.invoice_partner_id or job.partner_id
            )
            wizard.partner_id = partner
            wizard.commercial_partner_id = partner.commercial_partner_id

    @api.depends("amount_due")
    def _compute_amount(self):
        for wizard in self:
            wizard.amount = wizard.amount_due

    @api.depends("partner_id")
    def _compute_email(self):
        for wizard in self:
            wizard.email = wizard.partner_id.email

    # -- confirm -------------------------------------------------------------------
    def action_confirm(self):
        self.ensure_one()
        job = self.job_id
        job._fsm_check_can_take_payment()
        handlers = {
            "online": self._fsm_pay_online,
            "link": self._fsm_pay_link,
            "token": self._fsm_pay_token,
            "cash": self._fsm_pay_cash,
            "check": self._fsm_pay_check,
        }
        if self.method not in handlers:
            raise UserError(self.env._("Choose how the client pays."))
        return handlers[self.method](job.sudo())

    def _fsm_invoice(self):
        return self.invoice_id.sudo() or None

    def _fsm_pay_cash(self, job):
        return self._fsm_pay_manual(job, "cash")

    def _fsm_pay_check(self, job):
        if not (self.check_number or "").strip():
            raise UserError(self.env._("Enter the check number."))
        return self._fsm_pay_manual(job, "bank")

    def _fsm_pay_manual(self, job, journal_type):
        invoices = job._fsm_check_payment(
            self.amount, self.currency_id, self._fsm_invoice()
        )
        journal = (
            self.env["account.journal"]
            .sudo()
            .search(
                [
                    ("type", "=", journal_type),
                    ("company_id", "=", job.company_id.id),
                ],
                limit=1,
            )
        )
        if not journal:
            raise UserError(
                self.env._(
                    "The company has no %(kind)s journal: ask your accounting team.",
                    kind=self.env._("cash")
                    if journal_type == "cash"
                    else self.env._("bank"),
                )
            )
        if self.method == "check":
            memo = self.env._("Check %(number)s", number=self.check_number.strip())
        else:
            memo = self.env._("Cash")
        memo = f"{job.name} - {memo}"
        taken_as = {
            "fsm_manual_method": self.method,
            "fsm_check_number": self.method == "check" and self.check_number.strip(),
        }
        if invoices:
            register = (
                self.env["account.payment.register"]
                .sudo()
                .with_context(active_model="account.move", active_ids=invoices.ids)
                .create(
                    {
                        "amount": self.amount,
                        "journal_id": journal.id,
                        "communication": memo,
                        "group_payment": True,
                        "payment_difference_handling": "open",
                    }
                )
            )
            payments = register._create_payments()
            payments.sudo().write({"fsm_job_id": job.id, **taken_as})
        else:
            payments = (
                self.env["account.payment"]
                .sudo()
                .create(
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": self.partner_id.commercial_partner_id.id,
                        "amount": self.amount,
                        "currency_id": self.currency_id.id,
                        "journal_id": journal.id,
                        "memo": memo,
                        "fsm_job_id": job.id,
                        **taken_as,
                    }
                )
            )
            payments.action_post()
        job.message_post(
            body=self.env._(
                "%(method)s payment of %(amount)s received by %(user)s: %(payment)s.",
                method=self._fsm_method_labels()["cash"]
                if self.method == "cash"
                else memo,
                amount=self.currency_id.format(self.amount),
                user=self.env.user.name,
                payment=", ".join(payments.mapped("name")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}

    def _fsm_provider_for_link(self, job):
        providers = (
            self.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(
                job.company_id.id,
                self.partner_id.id,
                self.amount,
                currency_id=self.currency_id.id,
            )
        )
        if not providers:
            raise UserError(
                self.env._(
                    "No online payment provider is set up for card or ACH payments: "
                    "ask an administrator (Invoicing > Configuration > Payment "
                    "Providers)."
                )
            )

    def _fsm_link(self, job):
        # checked now (without waiting for the client) as it will be when they pay
        job._fsm_check_payment(self.amount, self.currency_id, self._fsm_invoice())
        self._fsm_provider_for_link(job)
        amount = self.currency_id.round(self.amount)
        return pay_link_path(
            self.env, job, self.invoice_id.sudo(), amount, self.currency_id
        )

    def _fsm_pay_online(self, job):
        path = self._fsm_link(job)
        job.message_post(
            body=self.env._(
                "%(user)s opened the payment page for %(amount)s.",
                user=self.env.user.name,
                amount=self.currency_id.format(self.amount),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_url", "url": path, "target": "self"}

    def _fsm_pay_link(self, job):
        if not self.env.user.has_group("account.group_account_invoice"):
            self.env.user._fsm_check_setting("email_invoice")
        email = (self.email or "").strip()
        if not email:
            raise UserError(self.env._("Enter the client's email address."))
        url = job.get_base_url() + self._fsm_link(job)
        template = self.env.ref("fsm_results_payments.mail_template_fsm_pay_link")
        template.sudo().with_context(
            fsm_pay_url=url,
            fsm_pay_amount=self.currency_id.format(self.amount),
        ).send_mail(
            job.id,
            force_send=False,
            email_values={"email_to": email, "recipient_ids": []},
        )
        job.message_post(
            body=self.env._(
                "%(user)s emailed a payment link for %(amount)s to %(email)s.",
                user=self.env.user.name,
                amount=self.currency_id.format(self.amount),
                email=email,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}

    def _fsm_pay_token(self, job):
        token = job._fsm_client_tokens().filtered(
            lambda t: str(t.id) == (self.token_choice or "")
        )
        if not token:
            raise UserError(self.env._("Choose the client's saved payment method."))
        if not self.client_consent:
            raise UserError(
                self.env._("Charge a saved payment method only once the client agrees.")
            )
        invoices = job._fsm_payment_target(self._fsm_invoice())
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": token.provider_id.id,
                    "payment_method_id": token.payment_method_id.id,
                    "token_id": token.id,
                    "amount": self.amount,
                    "currency_id": self.currency_id.id,
                    "partner_id": token.partner_id.id,
                    "operation": "online_token",
                    "invoice_ids": [Command.set(invoices.ids)],
                    "fsm_job_id": job.id,
                }
            )
        )
        tx._charge_with_token()
        if tx.state in ("done", "cancel", "error") and not tx.is_post_processed:
            tx._post_process()
        if tx.state in ("error", "cancel"):
            # said, not raised: the attempt stays on the job's chatter
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "danger",
                    "sticky": True,
                    "message": self.env._(
                        "The charge was declined: %(reason)s",
                        reason=tx.state_message or tx.state,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        return {"type": "ir.actions.act_window_close"}
