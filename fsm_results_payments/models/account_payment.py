from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    fsm_job_id = fields.Many2one(
        "fsm.job", string="Field Service Job", index="btree_not_null", readonly=True
    )
