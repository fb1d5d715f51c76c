from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    fsm_portal_signoff = fields.Selection(
        related="company_id.fsm_portal_signoff", readonly=False
    )
    fsm_service_request_target = fields.Selection(
        related="company_id.fsm_service_request_target", readonly=False
    )
    fsm_arrival_window = fields.Float(
        related="company_id.fsm_arrival_window", readonly=False
    )
