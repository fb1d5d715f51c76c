from odoo import api, fields, models
from odoo.exceptions import UserError

from .mail_composer import composer_action


class AccountMove(models.Model):
    _inherit = "account.move"

    fsm_job_ids = fields.Many2many(
        "fsm.job", compute="_compute_fsm_job_ids", string="Field Service Jobs"
    )

    @api.depends("line_ids.fsm_job_id")
    def _compute_fsm_job_ids(self):
        for move in self:
            move.fsm_job_ids = move.line_ids.fsm_job_id

    # The job's Invoices list offers these per invoice: Open/Edit, View, Email.
    def action_fsm_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

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
        self.env.user._fsm_check_setting("email_invoice")
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
            mark_invoice_as_sent=True,
        )
