from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Copied on credit notes, so a reversal frees what it reverses.
    fsm_job_id = fields.Many2one(
        "fsm.job", string="Field Service Job", index="btree_not_null", copy=True
    )
    fsm_job_line_id = fields.Many2one(
        "fsm.job.line", string="Job Line", index="btree_not_null", copy=True
    )
    fsm_is_service_line = fields.Boolean(
        string="Job Base Service",
        copy=True,
        help="The job's billable service line (hours or flat rate).",
    )
