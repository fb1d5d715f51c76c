from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    fsm_payment_finance_user_id = fields.Many2one(
        "res.users",
        string="Payment Follow-up",
        domain=[("share", "=", False)],
        help="Who gets the activity when money on a job needs the accounting team: "
        "a deposit of a cancelled job, a payment that came in for an invoice "
        "already paid. Empty: the first Accounting Administrator of the company.",
    )

    @api.model
    def _fsm_setup_demo_cash_journal(self):
        """The demo database's cash journal, for the technicians' cash payments:
        Odoo's demo company has a bank journal (checks) but no cash one."""
        company = self.env.company
        Journal = self.env["account.journal"]
        if not Journal.search_count(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        ) or Journal.search_count(
            [("type", "=", "cash"), ("company_id", "=", company.id)], limit=1
        ):
            return False  # no chart of accounts yet, or a cash journal already
        return Journal.create(
            {"name": self.env._("Cash"), "type": "cash", "company_id": company.id}
        )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fsm_payment_finance_user_id = fields.Many2one(
        related="company_id.fsm_payment_finance_user_id", readonly=False
    )
