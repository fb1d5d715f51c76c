from odoo import fields, models


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    fsm_job_id = fields.Many2one(
        "fsm.job", string="Field Service Job", index="btree_not_null"
    )
