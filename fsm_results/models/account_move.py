from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from .fsm_access import field_labels
from .mail_composer import composer_action

# What someone without Odoo's billing rights may change on a draft invoice made from
# their job (FSM setting "Generate invoices"), and on its product lines. Prices and
# taxes also need "Edit unit prices". Anything else is the accounting team's.
FSM_MOVE_FIELDS = frozenset({"invoice_line_ids", "narration", "ref"})
FSM_MOVE_LINE_FIELDS = frozenset({"name", "quantity", "sequence"})
FSM_PRICE_FIELDS = frozenset({"price_unit", "discount", "tax_ids"})


class AccountMove(models.Model):
    _inherit = "account.move"

    fsm_job_ids = fields.Many2many(
        "fsm.job", compute="_compute_fsm_job_ids", string="Field Service Jobs"
    )

    fsm_may_edit_price = fields.Boolean(compute="_compute_fsm_may_edit_price")

    @api.depends_context("uid")
    def _compute_fsm_may_edit_price(self):
        allowed = not self._fsm_billing_limited() or self.env.user._fsm_has_setting(
            "edit_price"
        )
        for move in self:
            move.fsm_may_edit_price = allowed

    @api.depends("line_ids.fsm_job_id")
    def _compute_fsm_job_ids(self):
        for move in self:
            move.fsm_job_ids = move.line_ids.fsm_job_id

    # -- who may do what on an invoice made from a job (see fsm_access.py) -----------
    @api.model
    def _fsm_billing_limited(self):
        """True for a user acting without Odoo's own billing rights: what they do
        on job invoices goes through the FSM Settings and the checks below."""
        return not self.env.su and not self.env.user.has_group(
            "account.group_account_invoice"
        )

    def _fsm_job_invoices(self):
        """The customer invoices and credit notes among these moves that were made
        from jobs."""
        job_move_ids = {
            line["move_id"][0]
            for line in self.env["account.move.line"]
            .sudo()
            .search_read(
                [("move_id", "in", self.ids), ("fsm_job_id", "!=", False)],
                ["move_id"],
            )
        }
        return self.filtered(
            lambda move: move.id in job_move_ids
            and move.move_type in ("out_invoice", "out_refund")
        )

    def _fsm_check_limited_access(self, setting):
        """For a user without Odoo's billing rights: the FSM ``setting`` and these
        being invoices of jobs they may see."""
        self.env.user._fsm_check_setting(setting)
        self.check_access("read")
        others = self - self._fsm_job_invoices()
        if others:
            raise AccessError(
                self.env._(
                    "%(move)s was not made from a field service job: ask your "
                    "accounting team.",
                    move=others[0].display_name,
                )
            )

    def write(self, vals):
        if not self._fsm_billing_limited() or not self._fsm_job_invoices():
            return super().write(vals)
        self._fsm_check_limited_access("invoice")
        self._fsm_check_limited_values(vals)
        # The checked path: Odoo's own write, past the accounting access rights.
        return super(AccountMove, self.sudo()).write(vals)

    def _fsm_check_limited_values(self, vals):
        posted = self.filtered(lambda move: move.state != "draft")
        if posted:
            raise UserError(
                self.env._(
                    "%(move)s is confirmed: it can no longer be changed from the job. "
                    "Ask your accounting team for a credit note.",
                    move=posted[0].display_name,
                )
            )
        refused = set(vals) - FSM_MOVE_FIELDS
        if refused:
            raise AccessError(
                self.env._(
                    "From a job you may change the lines, notes and reference of a "
                    "draft invoice, not %(fields)s: ask your accounting team.",
                    fields=field_labels(self, refused),
                )
            )
        allowed = FSM_MOVE_LINE_FIELDS
        if self.env.user._fsm_has_setting("edit_price"):
            allowed = allowed | FSM_PRICE_FIELDS
        lines = self.invoice_line_ids
        for command in vals.get("invoice_line_ids", ()):
            kind = command[0]
            if kind in (Command.UPDATE, Command.DELETE, Command.UNLINK, Command.LINK):
                if command[1] not in lines.ids:
                    raise AccessError(self.env._("That line is not on this invoice."))
            if kind == Command.UPDATE:
                line_refused = set(command[2]) - allowed
                if line_refused & FSM_PRICE_FIELDS:
                    raise AccessError(
                        self.env._(
                            "You are not allowed to change unit prices, discounts or "
                            "taxes. Ask an administrator to switch on 'Edit unit "
                            "prices' in your FSM Settings."
                        )
                    )
                if line_refused:
                    raise AccessError(
                        self.env._(
                            "From a job you may change the description and quantity "
                            "of an invoice line: for anything else, change the job's "
                            "products or ask your accounting team."
                        )
                    )
            elif kind in (Command.CREATE, Command.CLEAR, Command.SET):
                raise AccessError(
                    self.env._(
                        "Add products to the job (Was Used), not to its invoice: the "
                        "invoice then follows what was used on site."
                    )
                )

    def action_post(self):
        if not self._fsm_billing_limited() or not self._fsm_job_invoices():
            return super().action_post()
        self._fsm_check_limited_access("invoice")
        not_draft = self.filtered(lambda move: move.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "%(move)s is not a draft: there is nothing to confirm.",
                    move=not_draft[0].display_name,
                )
            )
        return super(AccountMove, self.sudo()).action_post()

    def _message_post_after_hook(self, new_message, message_values):
        moves = self
        if self._fsm_billing_limited() and self._fsm_job_invoices():
            # Filing posted files on the invoice and importing e-invoice data from
            # them is the accounting team's: a technician's email or note on an
            # invoice of their job keeps its attachments on the message only.
            moves = self.with_context(disable_attachment_import=True)
        return super(AccountMove, moves)._message_post_after_hook(
            new_message, message_values
        )

    # -- the job's Invoices list offers these per invoice: Open/Edit, View, Email ------
    def action_fsm_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self._fsm_form_view_id(), "form")],
        }

    @api.model
    def _fsm_form_view_id(self):
        """Odoo's invoice form for the accounting team; the job's invoice review
        (lines, totals, Confirm, Email, View) for everyone else."""
        if self._fsm_billing_limited():
            return self.env.ref("fsm_results.account_move_view_form_fsm").id
        return False

    def action_fsm_view(self):
        """View: the invoice on screen as the client sees it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self.get_portal_url(),
            "target": "new",
        }

    def action_fsm_email(self):
        """Email: Odoo's composer with a chosen template, fields merged and the
        invoice PDF attached, editable before sending (FSM setting gated)."""
        self.ensure_one()
        if self._fsm_billing_limited():
            self._fsm_check_limited_access("email_invoice")
        if self.state != "posted":
            raise UserError(
                self.env._(
                    "Confirm invoice %(invoice)s before emailing it.",
                    invoice=self.display_name,
                )
            )
        return composer_action(
            self,
            "fsm_results.mail_template_fsm_invoice",
            self.env._("Email Invoice"),
            default_email_layout_xmlid=(
                "mail.mail_notification_layout_with_responsible_signature"
            ),
        )
