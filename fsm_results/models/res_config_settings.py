from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fsm_unscheduled_delay = fields.Integer(
        related="company_id.fsm_unscheduled_delay", readonly=False
    )
    fsm_uninvoiced_delay = fields.Integer(
        related="company_id.fsm_uninvoiced_delay", readonly=False
    )
    fsm_project_id = fields.Many2one(
        related="company_id.fsm_project_id", readonly=False
    )
    fsm_progress_billing = fields.Boolean(
        related="company_id.fsm_progress_billing", readonly=False
    )
