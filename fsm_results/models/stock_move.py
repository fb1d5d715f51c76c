from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    fsm_job_line_id = fields.Many2one(
        "fsm.job.line", string="Job Line", index="btree_not_null", copy=False
    )


class StockPicking(models.Model):
    _inherit = "stock.picking"

    fsm_job_id = fields.Many2one(
        "fsm.job", string="Field Service Job", index="btree_not_null", copy=False
    )
