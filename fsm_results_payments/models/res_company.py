from odoo import fields, models


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


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fsm_payment_finance_user_id = fields.Many2one(
        related="company_id.fsm_payment_finance_user_id", readonly=False
    )
